"""JSON files the ERP drops into outbox/<partner>/pending/: sent and removed, or moved to pending/rejected/ with
the reason beside them; a file whose send committed but which was not yet removed is never sent twice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from edigate.cli import main
from edigate.pipeline import Context, UnknownPartner, outbound
from edigate.pipeline.outbound import OutboundRefused, take_pending
from edigate.store import EnvelopeLevel

from .helpers import EXAMPLE_FILES, EXAMPLES, example_records, outbox_files


def _pending(home: Path, name: str, data: bytes | str, partner: str = "acme") -> Path:
    path = home / "outbox" / partner / "pending" / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def _translated(set_id: str) -> str:
    """What `edigate translate` prints for a shipped example: what an ERP integration would hand back."""
    outcome = CliRunner().invoke(main, ["translate", str(EXAMPLES / EXAMPLE_FILES[set_id])])
    assert outcome.exit_code == 0, outcome.stderr
    return outcome.stdout


def _bodies(path: Path) -> list[str]:
    """The segments of each set, ST and SE excluded: what the records made, whatever the control numbers."""
    lines = path.read_text().split("~\n")
    return [line for line in lines if line[:3] not in ("ISA", "GS|", "ST|", "SE|", "GE|", "IEA", "")]


def test_a_translated_file_is_sent_exactly_as_the_records_say_and_removed(ctx: Context, home: Path) -> None:
    path = _pending(home, "invoice.json", _translated("810"))
    result = take_pending(ctx, path, "acme")
    assert not path.exists() and outbox_files(home, "acme") == [result.path]
    direct = outbound.send_records(ctx, "acme", example_records("810"), source="test")
    assert _bodies(result.path) == _bodies(direct.path)  # Decimal amounts kept digit for digit
    assert not (path.parent / "rejected").exists()


def test_one_record_or_an_array_of_several(ctx: Context, home: Path) -> None:
    [invoice] = json.loads(_translated("810"))
    [notice] = json.loads(_translated("856"))
    one = take_pending(ctx, _pending(home, "one" * 70 + ".json", json.dumps(invoice)), "acme")  # a long name
    both = take_pending(ctx, _pending(home, "both.json", json.dumps([invoice, notice])), "acme")
    assert len(one.set_control_numbers) == 1 and len(both.set_control_numbers) == 2
    assert [p.name for p in outbox_files(home, "acme")] == ["810-000000001.x12", "810-856-000000002.x12"]


BAD_FILES = {
    "not-json" + "-long-name" * 24: (b"ISA*00*...", "not JSON"),
    "not-utf8": (b"\xff\xfe\xfa{", "not JSON"),
    "deep": (b"[" * 100_000 + b"]" * 100_000, "not JSON"),
    "empty-array": (b"[]", "no records"),
    "number": (b"[1]", "record 1 is a JSON int"),
    "unknown-type": (b'{"record_type": "spaceship"}', "record 1 is not a valid record"),
    "missing-fields": (b'{"record_type": "invoice"}', "record 1 is not a valid record"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_is_moved_aside_with_its_reason_and_spends_no_number(ctx: Context, home: Path, case: str) -> None:
    data, reason = BAD_FILES[case]
    path = _pending(home, f"{case}.json", data)
    with pytest.raises(OutboundRefused, match=reason):
        take_pending(ctx, path, "acme")
    kept = path.parent / "rejected" / path.name[:200]
    assert not path.exists() and kept.read_bytes() == data
    text = kept.with_name(kept.name + ".reason.txt").read_text()
    assert text.startswith(f"{path.name}: not sent to acme: ") and reason in text
    assert ctx.store.last_control_number("acme", EnvelopeLevel.ISA) == 0 and outbox_files(home, "acme") == []


def test_records_the_partner_does_not_take_are_rejected_and_a_second_reject_keeps_both(
    ctx: Context, home: Path
) -> None:
    orders = _translated("850")
    for _ in range(2):
        path = _pending(home, "orders.json", orders, partner="quiet")
        with pytest.raises(OutboundRefused, match="does not receive from us"):
            take_pending(ctx, path, "quiet")
    rejected = sorted(p.name for p in (path.parent / "rejected").iterdir())
    assert len(rejected) == 4 and "orders.json" in rejected and "orders.json.reason.txt" in rejected


def test_a_file_for_an_unknown_partner_is_rejected(ctx: Context, home: Path) -> None:
    (home / "outbox" / "ghost" / "pending").mkdir(parents=True)
    path = _pending(home, "x.json", _translated("810"), partner="ghost")
    with pytest.raises(UnknownPartner):
        take_pending(ctx, path, "ghost")
    assert (path.parent / "rejected" / "x.json.reason.txt").read_text().count("no partner profile 'ghost'") == 1


def test_a_file_sent_but_not_removed_before_a_stop_is_not_sent_twice(
    ctx: Context, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _pending(home, "invoice.json", _translated("810"))

    def stop(_path: Path) -> None:
        raise KeyboardInterrupt  # the process stops between the send's commit and the file's removal

    monkeypatch.setattr(outbound, "remove_durably", stop)
    with pytest.raises(KeyboardInterrupt):
        take_pending(ctx, path, "acme")
    monkeypatch.undo()
    assert path.exists() and len(outbox_files(home, "acme")) == 1
    again = take_pending(ctx, path, "acme")
    assert not path.exists() and [p.name for p in outbox_files(home, "acme")] == [again.path.name]
    assert again.interchange_control_number == "000000001" and again.set_control_numbers == ("0001",)
    assert ctx.store.last_control_number("acme", EnvelopeLevel.ISA) == 1
    assert len(ctx.store.search(direction="out")) == 1
