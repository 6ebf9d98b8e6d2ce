"""send_records on a real store (SQLite and PostgreSQL) and real folders: each set reaches the partner's outbox as
valid X12 in the partner's envelope, numbered by the store; refusals leave nothing behind."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from edigate.cli import main
from edigate.pipeline import Context
from edigate.pipeline.outbound import OutboundInvalid, OutboundRefused, send_records
from edigate.pipeline.outbound_files import spool_file
from edigate.store import AckStatus, Direction, DocumentState, EnvelopeLevel
from edigate.x12 import parse

from .helpers import SETS, example_records, outbox_files


def _envelope(path: Path):
    [interchange] = parse(path.read_bytes()).interchanges
    return interchange


@pytest.mark.parametrize("set_id", SETS)
def test_each_set_reaches_the_outbox_valid_in_the_partners_envelope(ctx: Context, home: Path, set_id: str) -> None:
    records = example_records(set_id)
    result = send_records(ctx, "acme", records, source="test")
    assert outbox_files(home, "acme") == [result.path]
    assert result.path.name == f"{set_id}-000000001.x12"
    outcome = CliRunner().invoke(main, ["validate", str(result.path)])
    assert outcome.exit_code == 0, outcome.output
    assert " error " not in outcome.output
    text = result.path.read_text()
    assert text.startswith("ISA|") and "^~\n" in text[:110]  # partner's element and component separators
    interchange = _envelope(result.path)
    isa = interchange.header.elements
    assert (isa[5].strip(), isa[6].strip(), isa[7].strip(), isa[8].strip()) == ("01", "EDIGATEDEMO", "ZZ", "ACMERETAIL")
    assert (isa[12], isa[13], isa[15]) == ("00401", "000000001", "T")
    [group] = interchange.groups
    gs = group.header.elements
    assert (gs[2], gs[3], gs[6], gs[8]) == ("EDIGATEAPP", "ACMEAPP", "1", "004010")
    assert [tx.set_id for tx in group.sets] == [set_id]
    assert result.set_control_numbers == ("0001",) and result.record_ids == tuple(r.record_id for r in records)
    document = ctx.store.document(result.document_id)
    assert (document.direction, document.state, document.claimed_by) == (Direction.OUT, DocumentState.DELIVERED, None)
    assert Path(document.spool_path).read_bytes() == result.path.read_bytes()


def test_several_records_make_one_interchange_grouped_by_functional_id(ctx: Context, home: Path) -> None:
    records = [*example_records("810"), *example_records("856"), *example_records("810")]
    result = send_records(ctx, "acme", records, source="test")
    assert result.path.name == "810-856-000000001.x12"
    groups = _envelope(result.path).groups
    assert [(g.header.elements[1], [tx.control_number for tx in g.sets]) for g in groups] == [
        ("IN", ["0001", "0003"]),
        ("SH", ["0002"]),
    ]
    assert result.group_control_numbers == ("1", "2")
    waiting = ctx.store.acks(AckStatus.PENDING, "acme")
    assert [(a.functional_id, a.group_control_number, a.set_control_numbers) for a in waiting] == [
        ("IN", "1", ["1", "3"]),
        ("SH", "2", ["2"]),
    ]
    assert all(a.due_at == ctx.clock() + timedelta(hours=24) for a in waiting)
    invoice = records[0].invoice_number  # type: ignore[attr-defined]
    assert [d.id for d in ctx.store.search(business_key=invoice, direction="out")] == [result.document_id]


def test_numbers_follow_on_per_partner_and_an_sftp_partner_gets_its_own_envelope(ctx: Context, home: Path) -> None:
    first = send_records(ctx, "acme", example_records("850"), source="test")
    second = send_records(ctx, "acme", example_records("850"), source="test")
    other = send_records(ctx, "zenith", example_records("850"), source="test")
    assert (first.interchange_control_number, second.interchange_control_number) == ("000000001", "000000002")
    assert second.set_control_numbers == ("0002",) and other.interchange_control_number == "000000001"
    assert other.path.parent == home / "outbox" / "zenith"  # the push job takes it from there
    isa = _envelope(other.path).header.elements
    assert (isa[7], isa[8].strip(), isa[11], isa[12], isa[15]) == ("12", "5551234567", "^", "00501", "P")
    assert _envelope(other.path).groups[0].header.elements[8] == "005010"


def test_st02_wraps_from_9999_to_1_inside_one_interchange(ctx: Context, home: Path) -> None:
    ctx.store.set_last_control_number("acme", EnvelopeLevel.ST, 9998, actor="test")
    records = example_records("810") * 3
    result = send_records(ctx, "acme", records, source="test")
    assert result.set_control_numbers == ("9999", "0001", "0002")
    [group] = _envelope(result.path).groups
    assert [tx.control_number for tx in group.sets] == ["9999", "0001", "0002"]
    assert CliRunner().invoke(main, ["validate", str(result.path)]).exit_code == 0


def test_no_ack_is_expected_for_a_997_we_send_nor_from_a_partner_that_sends_none(ctx: Context) -> None:
    from edigate.records import FunctionalAck

    ack = FunctionalAck.model_validate(
        {
            "record_type": "functional_ack",
            "functional_id": "PO",
            "group_control_number": "12",
            "group_status": "A",
            "sets_included": 1,
            "sets_received": 1,
            "sets_accepted": 1,
        }
    )
    sent = send_records(ctx, "acme", [ack], source="test")
    assert sent.path.name == "997-000000001.x12"
    send_records(ctx, "quiet", example_records("810"), source="test")
    assert ctx.store.acks(AckStatus.PENDING) == []


def _counters(ctx: Context, partner: str) -> list[int]:
    return [ctx.store.last_control_number(partner, level) for level in EnvelopeLevel]


def _nothing_left(ctx: Context, home: Path, partner: str) -> None:
    assert _counters(ctx, partner) == [0, 0, 0]
    assert outbox_files(home, partner) == [] and not list(ctx.spool_dir.rglob("*.x12"))
    assert ctx.store.search(direction="out") == []


def test_a_set_the_partner_does_not_take_is_refused_before_any_number_is_spent(ctx: Context, home: Path) -> None:
    with pytest.raises(OutboundRefused, match=r"X12 850, which partner quiet does not receive.*lists: 810"):
        send_records(ctx, "quiet", example_records("850"), source="test")
    with pytest.raises(OutboundRefused, match="no \\[x12\\] table"):
        send_records(ctx, "plain", example_records("810"), source="test")
    with pytest.raises(OutboundRefused, match="no records"):
        send_records(ctx, "acme", [], source="test")
    with pytest.raises(OutboundRefused, match="at most 9999"):
        send_records(ctx, "acme", example_records("810") * 10_000, source="test")
    _nothing_left(ctx, home, "quiet")
    _nothing_left(ctx, home, "acme")


def test_invalid_x12_is_refused_with_its_issues_and_consumes_no_number(ctx: Context, home: Path) -> None:
    from edigate.mapping import translate_x12

    from .helpers import EXAMPLES

    [tender] = translate_x12((EXAMPLES / "204-load-tender.edi").read_bytes()).records
    unpaid = tender.model_copy(update={"payment_method": None})  # B206 is mandatory: nothing may stand in for it
    with pytest.raises(OutboundInvalid) as refused:
        send_records(ctx, "acme", [unpaid], source="test")
    assert any("B206" in issue.message for issue in refused.value.issues)
    assert "204-000000001.x12" in str(refused.value)
    _nothing_left(ctx, home, "acme")
    assert send_records(ctx, "acme", example_records("810"), source="test").interchange_control_number == "000000001"


def test_a_value_holding_a_delimiter_is_refused_not_altered(ctx: Context, home: Path) -> None:
    [invoice] = example_records("810")
    bad = invoice.model_copy(update={"invoice_number": "INV|1"})
    with pytest.raises(OutboundRefused, match=r"the value .INV\|1. holds the delimiter"):
        send_records(ctx, "acme", [bad], source="test")
    _nothing_left(ctx, home, "acme")


def test_spool_file_of_a_failed_send_is_removed(ctx: Context, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from edigate.pipeline import outbound

    def fail(step: str) -> None:
        if step == "spooled":
            assert spool_file(ctx, "acme", "810-000000001.x12", ctx.clock()).is_file()
            raise RuntimeError("disk trouble")

    monkeypatch.setattr(outbound, "checkpoint", fail)
    with pytest.raises(RuntimeError):
        send_records(ctx, "acme", example_records("810"), source="test")
    _nothing_left(ctx, home, "acme")


def test_a_partners_map_variant_shapes_what_it_gets(ctx: Context) -> None:
    from edigate.mapping import partner_maps_dir, translate_x12

    from .helpers import EXAMPLES

    data = (EXAMPLES / "850-purchase-order.edi").read_bytes()
    [order] = translate_x12(data, partner_maps=partner_maps_dir("acme-retail"), partner="acme-retail").records
    assert any(party.role == "vendor" for party in order.parties)  # type: ignore[attr-defined]
    theirs = send_records(ctx, "acme-retail", [order], source="test").path.read_text()
    assert "REF*IA*VEND-7781~" in theirs and "N1*VN" not in theirs
    # The base map writes the vendor as N1*VN; its id has no qualifier in the record, so N103 is the map's
    # default (ZZ, mutually defined) and the N1 keeps R0203/P0304 (it was N1*VN***VEND-7781, refused).
    other = send_records(ctx, "zenith", [order], source="test").path
    assert "N1*VN**ZZ*VEND-7781~" in other.read_text()
    assert CliRunner().invoke(main, ["validate", str(other)]).exit_code == 0
