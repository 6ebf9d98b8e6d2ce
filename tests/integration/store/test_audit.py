"""The audit log keeps admin actions with who, what, when; newest first, narrowed by field."""

from __future__ import annotations

from edigate.store import Store

from ..fake_clock import FakeClock


def test_entries_are_kept_and_found_newest_first(store: Store, clock: FakeClock) -> None:
    first = store.audit("alice", "replay", "document:7", {"reason": "ERP was down"})
    start = clock.advance(minutes=1)
    store.audit("bob", "partner-edit", "partner:acme")
    store.audit("alice", "replay", "document:8")
    assert [e.target for e in store.audit_entries()] == ["document:8", "partner:acme", "document:7"]
    assert [e.target for e in store.audit_entries(actor="alice")] == ["document:8", "document:7"]
    assert [e.actor for e in store.audit_entries(since=start)] == ["alice", "bob"]
    assert [e.id for e in store.audit_entries(target="document:7")] == [first.id]
    assert first.details == {"reason": "ERP was down"} and first.at.tzinfo is not None
    assert len(store.audit_entries(limit=2)) == 2
