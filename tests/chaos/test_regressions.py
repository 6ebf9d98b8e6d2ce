"""Regression tests for what the chaos runs found, each on its smallest real cause (no daemon, no sleeps):

1. A file moved into the spool whose row could not be committed (SQLite locked past the busy timeout) stayed in
   the spool unrecorded until the next restart: the watcher had nothing left to retry. It now goes back to the
   inbox and is taken on the watcher's next try.
2. Deliveries a failed step had claimed (PostgreSQL connections killed mid-commit) waited for their five-minute
   lease; they are now given back at once, and a retry already scheduled keeps its time.
3. Intake copying across file systems onto a full disk left a half-copied file under its spool name, which the
   next start would have recorded as a (truncated) document; the copy now goes to a hidden temp name first.
4. The SQLite URL takes `busy_timeout=SECONDS`, so the lock wait can be set (and the lock test can outlast it).
6. kill -9 between a rejection's commit and the removal of the spool link left the spool copy with no row; the
   next start recorded it as a second document (a duplicate of the first). Such a leftover (its bytes kept in
   quarantine under the same name) is now removed instead. Found by the 2,000-file kill run, twice.
5. A file whose name is not UTF-8 failed its intake forever (no driver encodes Python's surrogates); its name is
   now recorded with U+FFFD in place of the bad bytes.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from edigate.config import load_config
from edigate.pipeline import Gateway
from edigate.pipeline.spool import move_into_spool
from edigate.store import Store, StoreError

from ..integration.pipeline.home import drop, example, make_home
from .faults import tmpfs


def test_a_file_whose_row_cannot_be_committed_goes_back_to_the_inbox(tmp_path: Path) -> None:
    db = tmp_path / "locked.db"
    home = make_home(tmp_path, database_url=f"sqlite:///{db}?busy_timeout=0.2")
    path = drop(home, "po.edi", example("850-purchase-order.edi"))
    with Gateway.open(load_config(home, environ={})) as gateway:
        locker = sqlite3.connect(db, isolation_level=None)
        locker.execute("BEGIN EXCLUSIVE")
        with pytest.raises(OperationalError, match="locked"):
            gateway.take_file(path, "acme")
        locker.execute("ROLLBACK")
        locker.close()
        assert path.read_bytes() == example("850-purchase-order.edi"), "the file is back where the watcher looks"
        assert not [p for p in (home / "spool").rglob("*") if p.is_file()]
        received = gateway.take_file(path, "acme")  # the watcher's retry
        assert received.document.file_name == "po.edi" and not received.is_duplicate
        assert gateway.recover_spool() == 0


def test_deliveries_of_a_failed_step_are_due_at_once_and_a_scheduled_retry_keeps_its_time(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'd.db'}") as store:
        store.upgrade()
        document = store.record_received(
            partner="acme", file_name="a.edi", spool_path="/spool/a.edi", sha256="0" * 64
        ).document
        first, second = (store.add_delivery(document_id=document.id, connector="erp", record_id=r) for r in "ab")
        store.claim_due_deliveries(worker_id="host:1", lease=timedelta(minutes=5))
        retry_at = store.clock() + timedelta(minutes=1)
        store.record_delivery_attempt(first.id, ok=False, status=503, retry_at=retry_at)
        assert store.claim_due_deliveries(worker_id="host:2") == []
        assert store.release_deliveries("host:other", document_id=document.id) == 0
        assert store.release_deliveries("host:1", document_id=document.id) == 1
        (due,) = store.claim_due_deliveries(worker_id="host:2")
        assert due.id == second.id
        assert store.release_deliveries("host:2", delivery_ids=[first.id, second.id]) == 1
        kept = {d.id: d for d in store.deliveries_for(document.id)}[first.id]
        assert kept.next_attempt_at is not None and kept.next_attempt_at.replace(tzinfo=None) == retry_at.replace(
            tzinfo=None
        )


@pytest.mark.parametrize("value", ["-1", "soon", "99999"])
def test_a_bad_sqlite_busy_timeout_is_refused_with_the_reason(tmp_path: Path, value: str) -> None:
    with pytest.raises(StoreError, match="busy_timeout"):
        Store.open(f"sqlite:///{tmp_path / 'x.db'}?busy_timeout={value}")


def test_a_copy_into_a_full_spool_leaves_the_file_whole_in_the_inbox_and_nothing_in_the_spool(tmp_path: Path) -> None:
    source = tmp_path / "inbox" / "big.edi"
    source.parent.mkdir()
    source.write_bytes(b"ISA" + b"x" * 300_000)
    with tmpfs(tmp_path / "spool", "128k") as spool:
        target = spool / "acme" / "in" / "2026-03-02" / "0123456789ab-big.edi"
        with pytest.raises(OSError) as raised:
            move_into_spool(source, target)
        assert raised.value.errno == errno.ENOSPC
        assert [p for p in spool.rglob("*") if p.is_file()] == []
    assert source.read_bytes() == b"ISA" + b"x" * 300_000


def test_a_file_name_that_is_not_utf8_is_recorded_with_replacement_characters(tmp_path: Path) -> None:
    home = make_home(tmp_path)
    path = drop(home, os.fsdecode(b"po-\xff\xfe.edi"), example("850-purchase-order.edi"))
    with Gateway.open(load_config(home, environ={})) as gateway:
        received = gateway.take_file(path, "acme")
        assert received.document.file_name == "po-\ufffd\ufffd.edi"
        document = gateway.process_next()
    assert document is not None and document.state == "delivered", document


def test_a_spool_copy_left_by_a_kill_after_a_rejection_is_not_recorded_again(tmp_path: Path) -> None:
    home = make_home(tmp_path)
    path = drop(home, "bad.edi", example("850-with-errors.edi"))
    with Gateway.open(load_config(home, environ={})) as gateway:
        spooled = Path(gateway.take_file(path, "acme").document.spool_path)
        rejected = gateway.process_next()
        assert rejected is not None and rejected.state == "rejected", rejected
        kept = Path(rejected.spool_path)
        assert kept.is_relative_to(home / "quarantine") and not spooled.exists()
        os.link(kept, spooled)  # the state a kill -9 leaves between the commit and the unlink
        replay_leftover = spooled.with_name("0123456789ab-bad.edi")
        os.link(kept, replay_leftover)  # a replay killed between its link back and its commit
        assert gateway.recover_spool() == 0
        assert not spooled.exists() and not replay_leftover.exists()
        assert kept.read_bytes() == example("850-with-errors.edi")
        assert gateway.store.state_counts().get("rejected") == 1
        assert sum(gateway.store.state_counts().values()) == 1
