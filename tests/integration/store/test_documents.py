"""Recording files, duplicate detection, and every move of the document state machine (legal, illegal, stale)."""

from __future__ import annotations

import itertools

import pytest

from edigate.store import (
    TRANSITIONS,
    DocumentNotFound,
    DocumentState,
    IllegalTransition,
    StaleTransition,
    Store,
)

from ..fake_clock import FakeClock
from .helpers import receive

LEGAL = [(source, target) for source, targets in TRANSITIONS.items() for target in sorted(targets)]
UNIQUE = itertools.count()
ILLEGAL = [(s, t) for s in DocumentState for t in DocumentState if t not in TRANSITIONS[s]]


def test_a_received_file_is_one_row_in_received(store: Store, clock: FakeClock) -> None:
    received = receive(store, b"one", size_bytes=3)
    document = store.document(received.document.id)
    assert not received.is_duplicate
    assert document.state == DocumentState.RECEIVED
    assert (document.partner, document.direction, document.format, document.size_bytes) == ("acme", "in", "x12", 3)
    assert document.received_at == clock.now
    assert document.received_at.tzinfo is not None


def test_same_content_from_same_partner_is_a_reported_duplicate_not_reprocessed(store: Store) -> None:
    first = receive(store, b"same bytes")
    second = receive(store, b"same bytes", file_name="again.edi")
    assert second.is_duplicate and second.duplicate_of == first.document.id
    assert second.document.state == DocumentState.REJECTED
    assert f"duplicate of document {first.document.id}" in (second.document.error or "")
    third = receive(store, b"same bytes", file_name="third.edi")
    assert third.duplicate_of == first.document.id, "every later copy points at the original"
    assert store.claim_next(DocumentState.RECEIVED, "w1").id == first.document.id
    assert store.claim_next(DocumentState.RECEIVED, "w1") is None, "duplicates are never offered for work"


def test_a_duplicate_cannot_be_replayed_but_its_original_can(store: Store) -> None:
    first = receive(store, b"same bytes")
    second = receive(store, b"same bytes")
    with pytest.raises(IllegalTransition, match=f"replay {first.document.id} instead"):
        store.transition(second.document.id, DocumentState.REJECTED, DocumentState.RECEIVED)
    assert store.document(second.document.id).state == DocumentState.REJECTED
    store.transition(first.document.id, DocumentState.RECEIVED, DocumentState.REJECTED, error="bad ISA")
    assert store.transition(first.document.id, DocumentState.REJECTED, DocumentState.RECEIVED).state == "received"


def test_same_content_from_another_partner_or_direction_is_not_a_duplicate(store: Store) -> None:
    first = receive(store, b"shared")
    other_partner = receive(store, b"shared", partner="globex")
    outbound = receive(store, b"shared", direction="out")
    different = receive(store, b"different")
    assert not any(r.is_duplicate for r in (other_partner, outbound, different))
    assert len({first.document.id, other_partner.document.id, outbound.document.id, different.document.id}) == 4


def _bring_to(store: Store, state: DocumentState) -> int:
    """A fresh document put into ``state`` by legal moves."""
    path = {
        DocumentState.RECEIVED: [],
        DocumentState.PARSED: [DocumentState.PARSED],
        DocumentState.VALIDATED: [DocumentState.PARSED, DocumentState.VALIDATED],
        DocumentState.MAPPED: [DocumentState.PARSED, DocumentState.VALIDATED, DocumentState.MAPPED],
        DocumentState.REJECTED: [DocumentState.REJECTED],
    }
    path[DocumentState.DELIVERED] = [*path[DocumentState.MAPPED], DocumentState.DELIVERED]
    path[DocumentState.FAILED] = [*path[DocumentState.MAPPED], DocumentState.FAILED]
    document_id = receive(store, f"doc-{next(UNIQUE)}".encode()).document.id
    current = DocumentState.RECEIVED
    for step in path[state]:
        store.transition(document_id, current, step)
        current = step
    return document_id


@pytest.mark.parametrize(("source", "target"), LEGAL, ids=[f"{s}->{t}" for s, t in LEGAL])
def test_every_legal_move(store: Store, clock: FakeClock, source: DocumentState, target: DocumentState) -> None:
    document_id = _bring_to(store, source)
    clock.advance(seconds=5)
    moved = store.transition(document_id, source, target, error="why" if target == DocumentState.REJECTED else None)
    assert moved.state == target
    assert moved.updated_at == clock.now
    assert store.document(document_id).state == target


def test_every_illegal_move_is_refused_without_touching_the_row(store: Store) -> None:
    assert len(ILLEGAL) == 49 - len(LEGAL)
    for source, target in ILLEGAL:
        document_id = _bring_to(store, source)
        with pytest.raises(IllegalTransition, match=f"{source} -> {target}"):
            store.transition(document_id, source, target)
        assert store.document(document_id).state == source


def test_a_stale_move_is_refused_and_the_winner_stands(store: Store) -> None:
    document_id = receive(store).document.id
    store.transition(document_id, DocumentState.RECEIVED, DocumentState.PARSED)
    with pytest.raises(StaleTransition, match="is parsed, not received"):
        store.transition(document_id, DocumentState.RECEIVED, DocumentState.REJECTED, error="late loser")
    document = store.document(document_id)
    assert (document.state, document.error) == (DocumentState.PARSED, None)


def test_a_move_may_set_the_error_and_spool_path_but_not_store_columns(store: Store) -> None:
    document_id = receive(store).document.id
    moved = store.transition(
        document_id, DocumentState.RECEIVED, DocumentState.REJECTED, error="ISA missing", spool_path="/q/x"
    )
    assert (moved.error, moved.spool_path) == ("ISA missing", "/q/x")
    with pytest.raises(TypeError, match="cannot change"):
        store.transition(document_id, DocumentState.REJECTED, DocumentState.RECEIVED, duplicate_of=1)
    assert store.document(document_id).state == DocumentState.REJECTED


def test_moving_an_unknown_document_says_so(store: Store) -> None:
    with pytest.raises(DocumentNotFound):
        store.transition(999_999, DocumentState.RECEIVED, DocumentState.PARSED)


def test_claims_hand_each_document_to_one_worker_in_arrival_order(store: Store) -> None:
    first, second = receive(store, b"1").document.id, receive(store, b"2").document.id
    a = store.claim_next(DocumentState.RECEIVED, "worker-a")
    b = store.claim_next(DocumentState.RECEIVED, "worker-b")
    assert (a.id, a.claimed_by, b.id, b.claimed_by) == (first, "worker-a", second, "worker-b")
    assert store.claim_next(DocumentState.RECEIVED, "worker-c") is None


def test_another_workers_claim_blocks_a_move_until_its_lease_runs_out(store: Store, clock: FakeClock) -> None:
    document_id = receive(store).document.id
    store.claim_next(DocumentState.RECEIVED, "worker-a")
    with pytest.raises(StaleTransition, match="claimed by worker-a"):
        store.transition(document_id, DocumentState.RECEIVED, DocumentState.PARSED, worker_id="worker-b")
    with pytest.raises(StaleTransition):
        store.transition(document_id, DocumentState.RECEIVED, DocumentState.PARSED)
    clock.advance(minutes=6)  # worker-a died; its five-minute lease has passed
    taken = store.claim_next(DocumentState.RECEIVED, "worker-b")
    assert taken is not None and taken.claimed_by == "worker-b"
    with pytest.raises(StaleTransition):
        store.transition(document_id, DocumentState.RECEIVED, DocumentState.PARSED, worker_id="worker-a")


def test_a_worker_keeps_its_claim_through_steps_and_loses_it_on_leaving(store: Store) -> None:
    document_id = receive(store).document.id
    store.claim_next(DocumentState.RECEIVED, "w")
    parsed = store.transition(document_id, DocumentState.RECEIVED, DocumentState.PARSED, worker_id="w")
    assert parsed.claimed_by == "w"
    assert store.claim_next(DocumentState.PARSED, "other") is None
    rejected = store.transition(document_id, DocumentState.PARSED, DocumentState.REJECTED, worker_id="w", error="x")
    assert (rejected.claimed_by, rejected.claimed_until) == (None, None)


def test_release_frees_a_claim_early_only_for_its_holder(store: Store) -> None:
    document_id = receive(store).document.id
    store.claim_next(DocumentState.RECEIVED, "w")
    assert not store.release(document_id, "someone-else")
    assert store.release(document_id, "w")
    assert store.claim_next(DocumentState.RECEIVED, "next").id == document_id


def test_a_renewed_claim_outlives_its_first_lease_and_a_lapsed_one_cannot_be_renewed(
    store: Store, clock: FakeClock
) -> None:
    document_id = receive(store).document.id
    store.claim_next(DocumentState.RECEIVED, "slow")
    clock.advance(minutes=4)
    assert store.renew_claim(document_id, "slow")
    clock.advance(minutes=4)  # eight minutes in: without the renewal the five-minute lease would have passed
    assert store.claim_next(DocumentState.RECEIVED, "other") is None
    assert not store.renew_claim(document_id, "other")
    clock.advance(minutes=2)
    assert not store.renew_claim(document_id, "slow"), "lapsed: someone may hold it now"
    assert store.claim_next(DocumentState.RECEIVED, "other").id == document_id


def test_state_counts_list_every_state(store: Store) -> None:
    assert set(store.state_counts().values()) == {0}
    receive(store, b"a")
    receive(store, b"a")
    moved = receive(store, b"b").document.id
    store.transition(moved, DocumentState.RECEIVED, DocumentState.PARSED)
    counts = store.state_counts()
    assert (counts["received"], counts["rejected"], counts["parsed"], counts["delivered"]) == (1, 1, 1, 0)
    assert set(counts) == {state.value for state in DocumentState}
