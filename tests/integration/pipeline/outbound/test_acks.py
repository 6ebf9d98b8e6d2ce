"""The partner's 997s (and TA1s) against the groups we sent: accepted, partly accepted, rejected with the reasons
kept, answers to nothing recorded and reported, and overdue once the due time passes (a hand-moved clock)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from edigate.pipeline import Context
from edigate.pipeline.ack_reconciliation import check_overdue_acks, reconcile_acks
from edigate.pipeline.outbound import send_records
from edigate.store import AckStatus
from edigate.store.acks import STATUS_BY_CODE
from edigate.store.models import AckReceived
from edigate.x12 import parse, validate
from edigate.x12.acks import AckNumbers, AckPolicy, build_acks
from edigate.x12.delimiters import Delimiters
from edigate.x12.writer import InterchangeHeader, write_interchange

from ...fake_clock import FakeClock
from .helpers import example_records, functional_ack


def _reconcile(ctx: Context, data: bytes):
    return reconcile_acks(ctx, "acme", None, parse(data).interchanges)


def _statuses(ctx: Context) -> dict[tuple[str, str], str]:
    waiting = [ack for status in AckStatus for ack in ctx.store.acks(status, "acme")]
    return {(ack.functional_id, ack.group_control_number): ack.status for ack in waiting}


def _details(ctx: Context, ack_received_id: int | None) -> dict:
    with ctx.store.db.read() as session:
        row = session.get(AckReceived, ack_received_id)
        assert row is not None
        return row.details or {}


def test_the_997_the_partners_translator_builds_for_our_file_accepts_it(ctx: Context) -> None:
    sent = send_records(ctx, "acme", [*example_records("810"), *example_records("856")], source="test")
    theirs = validate(sent.path.read_bytes(), keep_segments=True)
    policy = AckPolicy(kind="997", level="set", ta1="never")
    [ack] = build_acks(theirs.interchanges, ctx.clock(), AckNumbers(40, 40), policy).acks
    outcomes = _reconcile(ctx, ack.text.encode())
    assert [(o.kind, o.functional_id, o.control_number, o.code, o.matched) for o in outcomes] == [
        ("997", "IN", "1", "A", True),
        ("997", "SH", "2", "A", True),
    ]
    assert _statuses(ctx) == {("IN", "1"): AckStatus.ACCEPTED, ("SH", "2"): AckStatus.ACCEPTED}
    assert all(o.settled[0].interchange_control_number == "1" for o in outcomes)


def test_partly_accepted_and_rejected_groups_settle_with_their_reasons(ctx: Context) -> None:
    send_records(ctx, "acme", example_records("810") * 3, source="test")  # IN 1: sets 1-3
    send_records(ctx, "acme", example_records("856"), source="test")  # SH 2
    send_records(ctx, "acme", example_records("214"), source="test")  # QM 3
    notes = {1: [["AK3", "IT1", "3", "", "8"], ["AK4", "2", "358", "1", "-5"]]}
    data = functional_ack(
        [
            ("IN", "1", "P", [("810", "0001", "A"), ("810", "0002", "R"), ("810", "0003", "E")]),
            ("SH", "0002", "R", [("856", "0004", "R")]),
            ("QM", "3", "E", [("214", "0005", "E")]),
        ],
        extra_segments=notes,
    )
    outcomes = _reconcile(ctx, data)
    assert all(o.matched for o in outcomes)
    assert _statuses(ctx) == {
        ("IN", "1"): AckStatus.ACCEPTED_WITH_ERRORS,
        ("SH", "2"): AckStatus.REJECTED,  # AK102 "0002" answers our GS06 2
        ("QM", "3"): AckStatus.ACCEPTED_WITH_ERRORS,
    }
    partial = _details(ctx, outcomes[0].settled[0].ack_received_id)
    assert [(s["control_number"], s["status"]) for s in partial["sets"]] == [("0002", "R"), ("0003", "E")]
    [note] = partial["sets"][0]["segments"]
    assert (note["segment_id"], note["position"], note["code"]) == ("IT1", 3, "8")
    assert note["elements"][0]["bad_value"] == "-5" and partial["sets"][0]["codes"] == ["5"]
    assert partial["status"] == "P" and partial["accepted"] == 2


def test_an_ack_for_nothing_we_sent_is_recorded_and_reported(ctx: Context, caplog: pytest.LogCaptureFixture) -> None:
    send_records(ctx, "acme", example_records("810"), source="test")
    with caplog.at_level(logging.WARNING, "edigate.pipeline.acks"):
        [outcome] = _reconcile(ctx, functional_ack([("IN", "99", "A", [("810", "0099", "A")])]))
    assert outcome.recorded and not outcome.answers_ours and not outcome.matched
    assert "which no sent group waits for" in caplog.text
    assert _statuses(ctx) == {("IN", "1"): AckStatus.PENDING}
    with ctx.store.db.read() as session:
        assert session.query(AckReceived).filter_by(group_control_number="99").count() == 1


def test_an_unreadable_ack_settles_nothing(ctx: Context) -> None:
    send_records(ctx, "acme", example_records("810"), source="test")
    data = functional_ack([("IN", "1", "A", [])]).replace(b"AK1*IN*1~", b"AK1*IN*1X~")
    [outcome] = _reconcile(ctx, data)
    assert not outcome.recorded and "not a group control number" in outcome.description
    assert _statuses(ctx) == {("IN", "1"): AckStatus.PENDING}


def test_a_ta1_rejecting_our_interchange_rejects_its_groups_and_others_are_noted(ctx: Context) -> None:
    first = send_records(ctx, "acme", [*example_records("810"), *example_records("856")], source="test")
    send_records(ctx, "acme", example_records("810"), source="test")

    def ta1(number: str, code: str) -> bytes:
        header = InterchangeHeader(("ZZ", "ACMERETAIL"), ("01", "EDIGATEDEMO"), 900, ctx.clock(), "00401", "T")
        leading = [["TA1", number, "260302", "0900", code, "006" if code == "R" else "000"]]
        return write_interchange(header, [], Delimiters(), leading).encode()

    [rejected] = _reconcile(ctx, ta1(first.interchange_control_number, "R"))
    assert rejected.kind == "TA1" and rejected.answers_ours and len(rejected.settled) == 2
    [accepted] = _reconcile(ctx, ta1("000000002", "A"))
    assert accepted.answers_ours and not accepted.settled
    [stranger] = _reconcile(ctx, ta1("000000555", "A"))
    assert not stranger.answers_ours
    assert _statuses(ctx) == {
        ("IN", "1"): AckStatus.REJECTED,
        ("SH", "2"): AckStatus.REJECTED,
        ("IN", "3"): AckStatus.PENDING,
    }


def test_groups_go_overdue_after_their_due_time_and_a_late_997_still_settles_them(
    ctx: Context, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    send_records(ctx, "acme", example_records("810"), source="test")
    send_records(ctx, "zenith", example_records("850"), source="test")  # due in 24 hours too (the default)
    clock.advance(hours=23, minutes=59)
    assert check_overdue_acks(ctx) == []
    clock.advance(minutes=2)
    with caplog.at_level(logging.WARNING, "edigate.pipeline.acks"):
        overdue = check_overdue_acks(ctx)
        again = check_overdue_acks(ctx)
    assert sorted((a.partner, a.functional_id) for a in overdue) == [("acme", "IN"), ("zenith", "PO")]
    assert [a.id for a in again] == [a.id for a in overdue]
    assert caplog.text.count("no acknowledgment from") == 2  # each newly overdue group logged once
    [outcome] = _reconcile(ctx, functional_ack([("IN", "1", "A", [("810", "0001", "A")])]))
    assert outcome.matched and _statuses(ctx) == {("IN", "1"): AckStatus.ACCEPTED}
    assert [a.partner for a in check_overdue_acks(ctx)] == ["zenith"]


def test_reconciliation_runs_on_a_file_as_received(ctx: Context, home: Path) -> None:
    """The inbound step hands the trees of the whole received file: several interchanges, 997s among others."""
    send_records(ctx, "acme", example_records("810"), source="test")
    data = functional_ack([("IN", "1", "E", [("810", "0001", "E")])]) + functional_ack([])
    outcomes = _reconcile(ctx, data)
    assert [o.code for o in outcomes] == ["E"] and _statuses(ctx) == {("IN", "1"): AckStatus.ACCEPTED_WITH_ERRORS}


def test_a_document_reconciled_again_records_nothing_twice(ctx: Context) -> None:
    sent = send_records(ctx, "acme", example_records("810"), source="test")
    received = ctx.store.record_received(partner="acme", file_name="997.edi", spool_path="/spool/997", sha256="a" * 64)
    document_id = received.document.id
    ta1 = functional_ack([("IN", "1", "A", [("810", "0001", "A")])]).replace(
        b"GS*", f"TA1*{sent.interchange_control_number}*260302*0900*A*000~GS*".encode(), 1
    )
    interchanges = parse(ta1).interchanges
    first = reconcile_acks(ctx, "acme", document_id, interchanges)
    again = reconcile_acks(ctx, "acme", document_id, interchanges)  # a replay of the same 997
    assert [(o.kind, o.matched, o.repeated) for o in first] == [("TA1", False, False), ("997", True, False)]
    assert [(o.kind, o.repeated) for o in again] == [("TA1", True), ("997", True)]
    assert again[1].settled == first[1].settled and again[0].answers_ours
    with ctx.store.db.read() as session:
        assert session.query(AckReceived).filter_by(document_id=document_id).count() == 2


def test_mangled_acks_never_raise_and_never_settle_the_wrong_group(ctx: Context) -> None:
    """Bad input never crashes: 300 seeded mutations of a good 997 (bytes dropped, doubled, replaced)."""
    import random

    send_records(ctx, "acme", example_records("810"), source="test")
    good = functional_ack([("IN", "1", "R", [("810", "0001", "R")])])
    chaos = random.Random(4)
    for _ in range(300):
        data = bytearray(good)
        for _ in range(chaos.randint(1, 4)):
            at = chaos.randrange(len(data))
            action = chaos.choice(("drop", "double", "replace"))
            if action == "drop":
                del data[at]
            elif action == "double":
                data.insert(at, data[at])
            else:
                data[at] = chaos.choice(b"*~:^0123456789AERP \xff\n")
        for outcome in _reconcile(ctx, bytes(data)):
            assert all(s.group_control_number == "1" for s in outcome.settled)
            assert not outcome.recorded or (outcome.code in STATUS_BY_CODE and outcome.functional_id.isalnum())
    with ctx.store.db.read() as session:
        assert session.query(AckReceived).count() >= 1  # some mutations left a readable verdict
