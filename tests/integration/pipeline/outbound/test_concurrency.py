"""Real processes sending at once on one database (SQLite file or PostgreSQL): every interchange gets its own
numbers, in sequence, with no gap, and every file reaches the outbox once."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from edigate.pipeline import Context
from edigate.store import EnvelopeLevel
from edigate.x12 import validate

from . import workers
from .helpers import example_records, outbox_files

PROCESSES = 4
ROUNDS = 5


@pytest.mark.slow
def test_four_processes_sending_at_once_get_unique_sequential_numbers(ctx: Context, home: Path) -> None:
    spawn = multiprocessing.get_context("spawn")  # fresh interpreters: no engine or socket inherited
    with spawn.Manager() as manager:
        barrier = manager.Barrier(PROCESSES)
        with spawn.Pool(PROCESSES) as pool:
            results = pool.starmap(workers.send_many, [(str(home), ROUNDS, barrier)] * PROCESSES)
    sends = [send for chunk in results for send in chunk]
    total = PROCESSES * ROUNDS
    assert sorted(int(isa) for isa, *_ in sends) == list(range(1, total + 1)), "ISA13 duplicated or skipped"
    assert sorted(int(gs) for _, groups, *_ in sends for gs in groups) == list(range(1, 2 * total + 1))
    assert sorted(int(st) for _, _, sets, _ in sends for st in sets) == list(range(1, 2 * total + 1))
    for _, groups, sets, _ in sends:  # one send's numbers are one block: the lock is held for the whole send
        assert int(groups[1]) == int(groups[0]) + 1 and int(sets[1]) == int(sets[0]) + 1
    for chunk in results:
        assert [isa for isa, *_ in chunk] == sorted(isa for isa, *_ in chunk), "each process sees numbers rise"
    assert sum(1 for chunk in results if chunk) == PROCESSES
    files = outbox_files(home, "acme")
    assert sorted(f.name for f in files) == sorted(name for *_, name in sends)
    assert [ctx.store.last_control_number("acme", level) for level in EnvelopeLevel] == [total, 2 * total, 2 * total]
    for path in files:
        assert not validate(path.read_bytes()).has_errors, path.name


@pytest.mark.slow
def test_processes_taking_the_same_pending_file_send_it_once(ctx: Context, home: Path) -> None:
    path = home / "outbox" / "acme" / "pending" / "invoice.json"
    path.write_text(example_records("810")[0].model_dump_json())
    spawn = multiprocessing.get_context("spawn")
    with spawn.Manager() as manager:
        barrier = manager.Barrier(3)
        with spawn.Pool(3) as pool:
            taken = pool.starmap(workers.take_same_pending, [(str(home), str(path), barrier)] * 3)
    assert len({document for document in taken if document is not None}) == 1, taken
    assert not path.exists() and len(outbox_files(home, "acme")) == 1
    assert ctx.store.last_control_number("acme", EnvelopeLevel.ISA) == 1
