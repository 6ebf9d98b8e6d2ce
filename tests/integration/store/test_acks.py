"""Expected acknowledgments: settled by the 997 that answers them, overdue when it does not come in time."""

from __future__ import annotations

from datetime import timedelta

import pytest

from edigate.store import AckStatus, Store

from ..fake_clock import FakeClock


def _expect(store: Store, clock: FakeClock, gs06: str = "000000017", partner: str = "acme", hours: int = 24):
    return store.expect_ack(
        partner=partner,
        interchange_control_number="000000903",
        functional_id="PO",
        group_control_number=gs06,
        set_control_numbers=["0001", "0002"],
        due_at=clock.now + timedelta(hours=hours),
    )


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("A", AckStatus.ACCEPTED),
        ("E", AckStatus.ACCEPTED_WITH_ERRORS),
        ("P", AckStatus.ACCEPTED_WITH_ERRORS),
        ("R", AckStatus.REJECTED),
        ("X", AckStatus.REJECTED),
    ],
)
def test_a_997_settles_the_group_it_answers(store: Store, clock: FakeClock, code: str, status: AckStatus) -> None:
    expected = _expect(store, clock)
    assert expected.status == AckStatus.PENDING
    assert expected.set_control_numbers == ["1", "2"]
    clock.advance(hours=1)
    settled = store.receive_ack(
        partner="acme", ack_type="997", functional_id="PO", group_control_number="17", code=code
    )
    assert settled is not None and settled.id == expected.id
    assert (settled.status, settled.resolved_at) == (status, clock.now)
    assert settled.ack_received_id is not None
    assert store.acks(AckStatus.PENDING) == []


def test_a_997_for_another_partner_or_group_settles_nothing(store: Store, clock: FakeClock) -> None:
    _expect(store, clock)
    for partner, functional_id, gs06 in (("globex", "PO", "17"), ("acme", "IN", "17"), ("acme", "PO", "18")):
        answer = dict(partner=partner, ack_type="997", functional_id=functional_id, group_control_number=gs06)
        assert store.receive_ack(**answer, code="A") is None
    assert len(store.acks(AckStatus.PENDING)) == 1


def test_late_acks_become_overdue_and_can_still_be_settled(store: Store, clock: FakeClock) -> None:
    late = _expect(store, clock, gs06="1", hours=1)
    on_time = _expect(store, clock, gs06="2", hours=48)
    _expect(store, clock, gs06="3", hours=1, partner="globex")
    assert store.acks_overdue() == []
    clock.advance(hours=2)
    assert [a.id for a in store.acks_overdue(partner="acme")] == [late.id]
    assert len(store.acks_overdue()) == 2
    assert [a.id for a in store.acks(AckStatus.PENDING)] == [on_time.id]
    settled = store.receive_ack(partner="acme", ack_type="997", functional_id="PO", group_control_number="1", code="A")
    assert settled is not None and settled.status == AckStatus.ACCEPTED
    assert [a.partner for a in store.acks_overdue()] == ["globex"]
