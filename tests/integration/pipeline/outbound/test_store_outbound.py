"""The store's outbound functions on SQLite and PostgreSQL: an outbound row is born mapped and held by its sender;
only a lapsed lease or a dead holder lets another worker take it; a TA1 finds the interchange we sent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from edigate.store import Direction, DocumentState, InterchangeEntry, Store
from edigate.store import envelopes as store_envelopes
from edigate.store import outbound as store_outbound

from ...fake_clock import FakeClock

LEASE = timedelta(minutes=2)


@pytest.fixture
def store(database_url: str, clock: FakeClock) -> Iterator[Store]:
    opened = Store.open(database_url, clock=clock)
    opened.upgrade()
    yield opened
    opened.close()


def _record(store: Store, name: str, worker: str = "sender:1") -> int:
    with store.write() as session:
        document = store_outbound.record_outbound(
            session,
            store.clock(),
            partner="acme",
            file_name=name,
            spool_path=f"/spool/acme/out/{name}",
            sha256=name.ljust(64, "0"),
            size_bytes=10,
            worker_id=worker,
            lease=LEASE,
        )
        entry = InterchangeEntry(name[-13:-4], "ZZ", "US", "ZZ", "THEM")
        store_envelopes.record_envelopes(session, document.id, "acme", [entry])
        return document.id


def _claim(store: Store, document_id: int, worker: str, dead: tuple[str, ...] = ()) -> bool:
    with store.write() as session:
        return store_outbound.claim_unfinished(session, store.clock(), document_id, worker, LEASE, dead)


def test_an_outbound_row_is_born_mapped_and_held_by_its_sender(store: Store) -> None:
    document = store.document(_record(store, "810-000000001.x12"))
    assert (document.direction, document.state, document.claimed_by) == (
        Direction.OUT,
        DocumentState.MAPPED,
        "sender:1",
    )
    assert document.claimed_until == store.clock() + LEASE
    with store.db.read() as session:
        assert [d.id for d in store_outbound.unfinished(session)] == [document.id]


def test_only_a_lapsed_lease_or_a_dead_holder_frees_it(store: Store, clock: FakeClock) -> None:
    document_id = _record(store, "810-000000001.x12")
    assert not _claim(store, document_id, "resumer:2")
    assert _claim(store, document_id, "resumer:2", dead=("sender:1",))
    assert not _claim(store, document_id, "resumer:3", dead=("sender:1",))  # now resumer:2 holds it
    clock.advance(minutes=3)
    assert _claim(store, document_id, "resumer:3")
    store.transition(document_id, DocumentState.MAPPED, DocumentState.DELIVERED, worker_id="resumer:3")
    clock.advance(minutes=10)
    assert not _claim(store, document_id, "resumer:4")  # delivered: nothing left to finish
    with store.db.read() as session:
        assert store_outbound.unfinished(session) == []


def test_a_ta1_finds_the_interchange_we_sent_not_one_they_sent(store: Store) -> None:
    ours = _record(store, "810-000000007.x12")
    received = store.record_received(partner="acme", file_name="in.edi", spool_path="/spool/in", sha256="f" * 64)
    store.record_envelopes(received.document.id, "acme", [InterchangeEntry("000000008", "ZZ", "THEM", "ZZ", "US")])
    with store.db.read() as session:
        assert store_outbound.sent_interchange(session, "acme", "7") == ours
        assert store_outbound.sent_interchange(session, "acme", "000000008") is None
        assert store_outbound.sent_interchange(session, "other", "000000007") is None
