"""`edigate send`: ERP records (as `edigate translate` prints them) become X12 in the partner's outbox with
control numbers and an expected 997; a file that cannot be sent is reported, uses no number, exits 1."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from edigate.cli import main
from edigate.x12.document import validate

from ..pipeline.home import EXAMPLES
from .conftest import edigate


def _records(tmp_path: Path, name: str = "856.json") -> Path:
    """The example 856 as records, the way an operator would make them."""
    translated = CliRunner().invoke(main, ["translate", str(EXAMPLES / "856-ship-notice.edi")])
    assert translated.exit_code == 0, translated.output
    path = tmp_path / name
    path.write_text(translated.stdout)
    return path


def test_send_writes_valid_x12_to_the_outbox_and_expects_its_997(home: Path, tmp_path: Path) -> None:
    records = _records(tmp_path)
    result = edigate(home, "send", str(records), "--partner", "acme")
    assert result.exit_code == 0, result.output
    (written,) = (home / "outbox" / "acme").glob("*.x12")
    assert str(written) in result.stdout and "ISA13" in result.stdout and "GS06" in result.stdout
    assert not [i for i in validate(written.read_bytes()).all_issues() if i.is_error]
    (ack,) = json.loads(edigate(home, "acks", "list", "--status", "pending", "--json").stdout)
    assert ack["partner"] == "acme" and ack["functional_id"] == "SH"
    sent = json.loads(edigate(home, "messages", "list", "--direction", "out", "--json").stdout)
    assert [d["sets"] for d in sent] == [["856"]]


def test_many_files_get_a_progress_bar_and_unique_numbers(home: Path, tmp_path: Path) -> None:
    files = [str(_records(tmp_path, f"{i}.json")) for i in range(6)]
    result = edigate(home, "send", *files, "--partner", "acme", "--json")
    assert result.exit_code == 0, result.output
    sent = json.loads(result.stdout)
    assert len({s["sent"]["interchange_control_number"] for s in sent}) == 6
    assert len(list((home / "outbox" / "acme").glob("*.x12"))) == 6
    assert "sending" in result.stderr


def test_bad_records_are_reported_and_nothing_is_sent(home: Path, tmp_path: Path) -> None:
    good = _records(tmp_path)
    invalid = tmp_path / "invalid.json"
    invalid.write_text('{"record_type": "ship_notice"}')
    not_json = tmp_path / "not.json"
    not_json.write_text("{nope")
    unsendable = tmp_path / "po.json"
    translated = CliRunner().invoke(main, ["translate", str(EXAMPLES / "850-purchase-order.edi")])
    unsendable.write_text(translated.stdout)
    result = edigate(home, "send", str(invalid), str(not_json), str(unsendable), str(good), "--partner", "acme")
    assert result.exit_code == 1
    assert f"{invalid}: not sent: record 1 is not a valid record" in result.stderr
    assert f"{not_json}: not sent: not JSON" in result.stderr
    assert f"{unsendable}: not sent" in result.stderr
    assert len(list((home / "outbox" / "acme").glob("*.x12"))) == 1
    assert str(good) in result.stdout


def test_an_unknown_partner_or_missing_file_is_refused(home: Path, tmp_path: Path) -> None:
    records = _records(tmp_path)
    unknown = edigate(home, "send", str(records), "--partner", "nobody")
    assert unknown.exit_code == 2 and "nobody" in unknown.stderr
    missing = edigate(home, "send", str(tmp_path / "gone.json"), "--partner", "acme")
    assert missing.exit_code == 1 and "cannot read it" in missing.stderr
    assert edigate(home, "send", str(records)).exit_code == 2
