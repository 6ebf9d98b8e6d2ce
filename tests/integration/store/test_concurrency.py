"""Several real processes on one database: control numbers stay unique and gapless, and no document is claimed
twice. These are the properties that let two daemons share a PostgreSQL database (or several workers a SQLite
file)."""

from __future__ import annotations

import multiprocessing
import signal
from collections import Counter
from datetime import UTC, datetime

from edigate.store import DocumentState, Store

from ..fake_clock import FakeClock
from . import workers
from .helpers import receive

PROCESSES = 4
ALLOCATIONS = 500
DOCUMENTS = 200


def _run(function, argument_lists: list[tuple]) -> list[list[int]]:
    context = multiprocessing.get_context("spawn")  # fresh interpreters: no engine or socket inherited
    with context.Pool(len(argument_lists)) as pool:
        return pool.starmap(function, argument_lists)


def test_processes_allocating_together_get_unique_gapless_numbers(store: Store, database_url: str) -> None:
    store.allocate("acme", "GS")  # the counter row exists before the race; the rest is about the row lock
    results = _run(workers.allocate_many, [(database_url, "acme", "GS", ALLOCATIONS)] * PROCESSES)
    numbers = [n for chunk in results for n in chunk]
    assert len(numbers) == PROCESSES * ALLOCATIONS
    assert sorted(numbers) == list(range(2, PROCESSES * ALLOCATIONS + 2)), "duplicates or gaps"
    assert all(chunk == sorted(chunk) for chunk in results), "each process sees its numbers increase"
    assert store.last_control_number("acme", "GS") == PROCESSES * ALLOCATIONS + 1


def test_processes_racing_on_a_new_counter_still_start_at_one(store: Store, database_url: str) -> None:
    results = _run(workers.allocate_many, [(database_url, "fresh", "ISA", 50)] * PROCESSES)
    assert sorted(n for chunk in results for n in chunk) == list(range(1, PROCESSES * 50 + 1))


def test_two_workers_never_claim_the_same_document(store: Store, database_url: str) -> None:
    ids = [receive(store, f"doc {i}".encode()).document.id for i in range(DOCUMENTS)]
    results = _run(workers.work_documents, [(database_url, f"worker-{i}") for i in range(PROCESSES)])
    claims = Counter(n for claimed, _ in results for n in claimed)
    moves = Counter(n for _, moved in results for n in moved)
    assert max(claims.values()) == 1, "a document was claimed by two workers"
    assert sorted(moves) == sorted(ids) and max(moves.values()) == 1, "every document moved exactly once"
    assert store.count(state=DocumentState.PARSED) == DOCUMENTS
    assert sum(1 for claimed, _ in results if claimed) >= 2, "the work was actually shared between processes"


def test_processes_recording_the_same_files_make_one_original_each(store: Store, database_url: str) -> None:
    contents = [f"file {i}".encode() for i in range(50)]
    results = _run(workers.record_same_files, [(database_url, contents, f"intake-{i}") for i in range(PROCESSES)])
    rows = [row for chunk in results for row in chunk]
    originals = {document_id for document_id, duplicate_of in rows if duplicate_of is None}
    assert len(originals) == len(contents), "exactly one original per content, whoever won the race"
    assert {duplicate_of for _, duplicate_of in rows if duplicate_of is not None} <= originals
    for position in range(len(contents)):  # every process agrees which row is the original of each file
        assert len({duplicate_of or document_id for document_id, duplicate_of in (c[position] for c in results)}) == 1
    assert store.count(state=DocumentState.RECEIVED) == len(contents)
    assert store.count(state=DocumentState.REJECTED) == len(contents) * (PROCESSES - 1)


def test_kill_9_mid_transaction_loses_nothing_and_blocks_no_one(
    store: Store, database_url: str, clock: FakeClock
) -> None:
    """A daemon killed while holding the counter lock: its numbers are not lost, its claim expires, nobody hangs."""
    document_id = receive(store, b"in flight").document.id
    store.allocate("acme", "ISA")
    child = multiprocessing.get_context("spawn").Process(
        target=workers.die_holding_a_claim_and_a_counter, args=(database_url,)
    )
    child.start()
    child.join(timeout=30)
    assert child.exitcode == -signal.SIGKILL
    assert store.allocate("acme", "ISA", count=2) == [2, 3], "the killed allocation left no gap and no lock"
    assert store.document(document_id).claimed_by == "doomed", "the claim committed before the kill"
    clock.now = datetime.now(UTC)  # the child used the real clock: its one-second lease is still running
    assert store.claim_next(DocumentState.RECEIVED, "survivor") is None
    clock.advance(seconds=2)
    taken = store.claim_next(DocumentState.RECEIVED, "survivor")
    assert taken is not None and taken.id == document_id


def test_two_daemons_never_send_the_same_delivery(store: Store, database_url: str) -> None:
    document_id = receive(store, b"many records").document.id
    ids = [store.add_delivery(document_id=document_id, connector="erp", record_id=f"r{i}").id for i in range(200)]
    results = _run(workers.deliver_due, [(database_url,)] * PROCESSES)
    sent = Counter(n for chunk in results for n in chunk)
    assert sorted(sent) == sorted(ids) and max(sent.values()) == 1, "each delivery sent exactly once"
    assert {d.state for d in store.deliveries_for(document_id)} == {"delivered"}
