"""Control numbers: in order from 1, per partner and level, wrapping at the level's maximum, no gap on rollback."""

from __future__ import annotations

import pytest

from edigate.store import EnvelopeLevel, Store, acks

from ..fake_clock import FakeClock


class Aborted(Exception):
    pass


def test_numbers_start_at_one_and_follow_on(store: Store) -> None:
    assert store.last_control_number("acme", "ISA") == 0
    assert store.allocate("acme", "ISA") == [1]
    assert store.allocate("acme", EnvelopeLevel.ISA, count=3) == [2, 3, 4]
    assert store.last_control_number("acme", "ISA") == 4


def test_each_partner_and_level_has_its_own_counter(store: Store) -> None:
    store.allocate("acme", "ISA", count=5)
    assert store.allocate("acme", "GS") == [1]
    assert store.allocate("acme", "ST") == [1]
    assert store.allocate("globex", "ISA") == [1]
    assert store.allocate("acme", "ISA") == [6]


def test_a_rolled_back_allocation_leaves_no_gap(store: Store) -> None:
    store.allocate("acme", "GS")
    with pytest.raises(Aborted), store.write() as session:
        assert store.allocate_in(session, "acme", "GS", 2) == [2, 3]
        raise Aborted("the outbound file could not be written")
    assert store.allocate("acme", "GS", count=2) == [2, 3], "the aborted numbers are handed out again"


def test_numbers_and_other_rows_commit_together(store: Store) -> None:
    with store.write() as session:
        (number,) = store.allocate_in(session, "acme", "GS")
        acks.expect(
            session,
            store.clock(),
            partner="acme",
            interchange_control_number="1",
            functional_id="PO",
            group_control_number=str(number),
            set_control_numbers=["0001"],
            due_at=store.clock(),
        )
    assert [a.group_control_number for a in store.acks("pending")] == ["1"]


def test_st_numbers_wrap_after_9999_and_isa_after_999999999(store: Store) -> None:
    store.set_last_control_number("acme", "ST", 9998, actor="ops")
    assert store.allocate("acme", "ST", count=3) == [9999, 1, 2]
    store.set_last_control_number("acme", "ISA", 999_999_999, actor="ops")
    assert store.allocate("acme", "ISA") == [1]


def test_the_maximum_is_configurable(database_url: str, clock: FakeClock) -> None:
    with Store.open(database_url, clock=clock, maxima={EnvelopeLevel.ST: 3}) as store:
        store.upgrade()
        assert store.allocate("acme", "ST", count=2) == [1, 2]
        assert store.allocate("acme", "ST", count=3) == [3, 1, 2]
        assert store.allocate("acme", "GS", count=4) == [1, 2, 3, 4], "other levels keep the default"
        with pytest.raises(ValueError, match="cannot allocate 4"):
            store.allocate("acme", "ST", count=4)  # one allocation never repeats a number within itself
        with pytest.raises(ValueError, match="out of range"):
            store.set_last_control_number("acme", "ST", 4, actor="ops")


@pytest.mark.parametrize("count", [0, -1])
def test_a_count_below_one_is_refused(store: Store, count: int) -> None:
    with pytest.raises(ValueError, match="cannot allocate"):
        store.allocate("acme", "GS", count=count)
    assert store.last_control_number("acme", "GS") == 0


def test_setting_a_counter_is_audited_and_range_checked(store: Store) -> None:
    store.set_last_control_number("acme", "GS", 41, actor="alice")
    assert store.allocate("acme", "GS") == [42]
    (entry,) = store.audit_entries(action="set-control-number")
    assert (entry.actor, entry.target, entry.details) == ("alice", "partner:acme", {"level": "GS", "value": 41})
    with pytest.raises(ValueError, match="out of range"):
        store.set_last_control_number("acme", "ST", 10_000, actor="alice")
    with pytest.raises(ValueError):
        store.allocate("acme", "XX")
