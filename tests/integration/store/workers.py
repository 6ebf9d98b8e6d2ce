"""Code run in child processes by the concurrency tests (a module of its own so 'spawn' can import it)."""

from __future__ import annotations

import hashlib
import os
import signal
from datetime import timedelta

from edigate.store import DocumentState, StaleTransition, Store


def allocate_many(url: str, partner: str, level: str, rounds: int) -> list[int]:
    """Allocate one number per transaction, ``rounds`` times, as a daemon sending documents would."""
    with Store.open(url) as store:
        return [n for _ in range(rounds) for n in store.allocate(partner, level)]


def work_documents(url: str, worker_id: str) -> tuple[list[int], list[int]]:
    """Claim and move documents until none is left: the ids this worker claimed, and those it moved to parsed."""
    claimed, moved = [], []
    with Store.open(url) as store:
        while (document := store.claim_next(DocumentState.RECEIVED, worker_id)) is not None:
            claimed.append(document.id)
            try:
                store.transition(document.id, DocumentState.RECEIVED, DocumentState.PARSED, worker_id=worker_id)
            except StaleTransition:
                continue  # another worker moved it: the test sees the claim without the move
            moved.append(document.id)
    return claimed, moved


def record_same_files(url: str, contents: list[bytes], worker_id: str) -> list[tuple[int, int | None]]:
    """Record every content once, as each of several intake processes given the same files would."""
    with Store.open(url) as store:
        results = []
        for content in contents:
            digest = hashlib.sha256(content).hexdigest()
            received = store.record_received(
                partner="acme", file_name=f"{worker_id}.edi", spool_path=f"/spool/{worker_id}", sha256=digest
            )
            results.append((received.document.id, received.duplicate_of))
        return results


def die_holding_a_claim_and_a_counter(url: str) -> None:
    """Claim a document, then get killed (SIGKILL) in the middle of an allocation that never commits."""
    store = Store.open(url)
    store.claim_next(DocumentState.RECEIVED, "doomed", lease=timedelta(seconds=1))
    with store.write() as session:
        store.allocate_in(session, "acme", "ISA", 5)
        os.kill(os.getpid(), signal.SIGKILL)


def deliver_due(url: str) -> list[int]:
    """Take due deliveries in small batches and mark them delivered: the ids this process sent."""
    sent = []
    with Store.open(url) as store:
        while batch := store.claim_due_deliveries(limit=5):
            for delivery in batch:
                store.record_delivery_attempt(delivery.id, ok=True, status=200)
                sent.append(delivery.id)
    return sent
