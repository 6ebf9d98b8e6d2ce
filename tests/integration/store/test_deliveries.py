"""Deliveries: one per record and connector, claimed when due, retried on schedule, failed when retries run out."""

from __future__ import annotations

from datetime import timedelta

from edigate.store import DeliveryState, Store, deliveries

from ..fake_clock import FakeClock
from .helpers import receive


def _delivery(store: Store, record_id: str = "acme:850:000000101:11:0001", connector: str = "erp"):
    document_id = receive(store, record_id.encode()).document.id
    return store.add_delivery(document_id=document_id, connector=connector, record_id=record_id)


def test_a_new_delivery_is_due_at_once_with_the_record_id_as_idempotency_key(store: Store, clock: FakeClock) -> None:
    delivery = _delivery(store)
    assert (delivery.state, delivery.attempts, delivery.next_attempt_at) == ("pending", 0, clock.now)
    assert delivery.idempotency_key == delivery.record_id
    assert store.deliveries_for(delivery.document_id) == [delivery]


def test_adding_the_same_record_twice_returns_the_first_delivery(store: Store) -> None:
    first = _delivery(store)
    again = store.add_delivery(document_id=first.document_id, connector="erp", record_id=first.record_id)
    other_connector = store.add_delivery(document_id=first.document_id, connector="wms", record_id=first.record_id)
    assert again.id == first.id
    assert other_connector.id != first.id
    assert len(store.deliveries_for(first.document_id)) == 2


def test_claiming_due_deliveries_hides_them_from_other_workers_for_the_lease(store: Store, clock: FakeClock) -> None:
    first, second = _delivery(store, "r1"), _delivery(store, "r2")
    taken = store.claim_due_deliveries(limit=1, lease=timedelta(minutes=2))
    assert [d.id for d in taken] == [first.id]
    assert [d.id for d in store.claim_due_deliveries(lease=timedelta(minutes=2))] == [second.id]
    assert store.claim_due_deliveries() == []
    clock.advance(minutes=3)  # both workers died without recording an attempt
    assert sorted(d.id for d in store.claim_due_deliveries()) == [first.id, second.id]


def test_a_failed_attempt_is_retried_at_its_time_then_succeeds(store: Store, clock: FakeClock) -> None:
    delivery = _delivery(store)
    store.claim_due_deliveries()
    retry_at = clock.now + timedelta(seconds=30)
    after = store.record_delivery_attempt(delivery.id, ok=False, status=503, response="busy", retry_at=retry_at)
    assert (after.state, after.attempts, after.last_status, after.next_attempt_at) == ("pending", 1, 503, retry_at)
    clock.advance(seconds=29)
    assert store.claim_due_deliveries() == []
    clock.advance(seconds=1)
    assert [d.id for d in store.claim_due_deliveries()] == [delivery.id]
    done = store.record_delivery_attempt(delivery.id, ok=True, status=201, response='{"id": 7}')
    assert (done.state, done.attempts, done.next_attempt_at, done.last_response) == ("delivered", 2, None, '{"id": 7}')


def test_no_retry_time_means_failed_and_a_long_response_is_cut(store: Store, clock: FakeClock) -> None:
    delivery = _delivery(store)
    failed = store.record_delivery_attempt(delivery.id, ok=False, status=400, response="x" * 10_000)
    assert (failed.state, failed.next_attempt_at) == (DeliveryState.FAILED, None)
    assert len(failed.last_response or "") == 4000
    clock.advance(days=1)
    assert store.claim_due_deliveries() == [], "failed deliveries are not retried on their own"
    with store.write() as session:
        assert deliveries.retry_failed(session, clock.now, delivery.document_id) == 1
    assert [d.id for d in store.claim_due_deliveries()] == [delivery.id]
