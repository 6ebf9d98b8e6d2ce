"""SQLite: WAL so readers never block the writer, a busy timeout so writers queue instead of failing, foreign keys
on, and every write transaction opened with ``BEGIN IMMEDIATE``.

``BEGIN IMMEDIATE`` takes the database's single write lock at the start of the transaction. Two processes can
therefore never both read a counter or a claimable row and then both write: the second waits (busy timeout) and
reads after the first commits. Read-only work uses a plain deferred ``BEGIN`` and is never blocked in WAL mode.

``synchronous=FULL`` by default: a commit is on disk before the call returns, so even a power cut cannot undo a
state move or a control number handed out. Transactions the gateway makes good by itself after a power cut
(recording a file already fsynced in the spool, claims, delivery attempts: see backends.RECOVERABLE) commit with
NORMAL instead, switched per connection before their BEGIN; the next durable commit syncs their WAL frames too.
``?synchronous=normal`` on the URL makes every commit so (still safe against kill -9, which the daemon must
survive; an OS crash may then undo the last commits of any kind, control numbers included).
``?busy_timeout=SECONDS`` changes how long a writer waits for the lock (30 s by default) before it fails and retries
later (the chaos tests hold the lock past it; an operator may want a shorter wait and louder errors).
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Row, bindparam, create_engine, event, update
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from ..errors import StoreError
from ..models import ControlCounter, Document
from . import RECOVERABLE
from .claimable import FIRST_CLAIMABLE, claim_parameters
from .write_queue import WriteQueue

_DOCUMENTS = Document.__table__
#: The claim as one statement, by whether a direction is asked for: it picks, marks and returns the row.
_CLAIM = {
    directed: update(_DOCUMENTS)
    .where(_DOCUMENTS.c.id == FIRST_CLAIMABLE[directed].scalar_subquery(), _DOCUMENTS.c.state == bindparam("in_state"))
    .values(claimed_by=bindparam("worker_id"), claimed_until=bindparam("until", type_=_DOCUMENTS.c.claimed_until.type))
    .returning(*_DOCUMENTS.c)
    for directed in (False, True)
}
BUSY_TIMEOUT_SECONDS = 30
SYNCHRONOUS = ("FULL", "NORMAL", "EXTRA")
#: Execution option a write transaction sets so the begin hook issues BEGIN IMMEDIATE.
IMMEDIATE = "edigate_sqlite_immediate"
#: Where a pooled connection notes its current synchronous level (a recoverable transaction lowers it).
_SYNCHRONOUS_NOW = "edigate_synchronous"


class SQLiteBackend:
    name = "sqlite"

    def __init__(self) -> None:
        self.write_queue: WriteQueue | None = None

    def write_turn(self) -> AbstractContextManager[None]:
        return nullcontext() if self.write_queue is None else self.write_queue.turn()

    def create_engine(self, url: str, *, echo: bool = False) -> Engine:
        parsed = make_url(url)
        if parsed.database and parsed.database != ":memory:" and not parsed.database.startswith("file:"):
            self.write_queue = WriteQueue(Path(parsed.database))
        synchronous = parsed.query.get("synchronous", "FULL")
        if not isinstance(synchronous, str) or synchronous.upper() not in SYNCHRONOUS:
            raise StoreError(f"synchronous={synchronous!r} in the SQLite URL: use one of {', '.join(SYNCHRONOUS)}")
        busy = _busy_timeout(parsed.query.get("busy_timeout"))
        parsed = parsed.difference_update_query(["synchronous", "busy_timeout"])
        engine = create_engine(parsed, echo=echo, connect_args={"timeout": busy})
        event.listen(engine, "connect", partial(_on_connect, synchronous=synchronous.upper(), busy=busy))
        event.listen(engine, "begin", partial(_on_begin, synchronous=synchronous.upper()))
        return engine

    def claim_document(
        self, session: Session, state: str, worker_id: str, now: datetime, until: datetime, direction: str | None = None
    ) -> Row[Any] | None:
        # Compare-and-set: the update re-checks the claimable condition on the row it picked, and the write lock
        # held since BEGIN IMMEDIATE means no other process is between our select and our update.
        parameters = claim_parameters(state, now, direction) | {"worker_id": worker_id, "until": until}
        return session.execute(_CLAIM[direction is not None], parameters).first()

    def lock_counter(self, session: Session, partner: str, level: str, now: datetime) -> int:
        # The write lock is already ours (BEGIN IMMEDIATE); creating the row if missing is all that is left.
        create = insert(ControlCounter).values(partner=partner, level=level, last_value=0, updated_at=now)
        session.execute(create.on_conflict_do_nothing())
        return session.get_one(ControlCounter, (partner, level), populate_existing=True).last_value


def _busy_timeout(value: Any) -> float:
    """Seconds a writer waits for the lock: the URL's busy_timeout, else BUSY_TIMEOUT_SECONDS."""
    if value is None:
        return BUSY_TIMEOUT_SECONDS
    try:
        seconds = float(value) if isinstance(value, str) else -1.0
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 3600:
        raise StoreError(f"busy_timeout={value!r} in the SQLite URL: use seconds from 0 to 3600")
    return seconds


def _on_connect(dbapi_connection: Any, record: Any, *, synchronous: str, busy: float) -> None:
    # Take transaction control away from the sqlite3 module, so the begin hook decides how each one starts.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in (
        "journal_mode=WAL",
        f"synchronous={synchronous}",
        "foreign_keys=ON",
        f"busy_timeout={int(busy * 1000)}",
    ):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()
    record.info[_SYNCHRONOUS_NOW] = synchronous


def _on_begin(connection: Any, *, synchronous: str) -> None:
    options = connection.get_execution_options()
    # A recoverable transaction commits without syncing the WAL (the configured level comes back for the next
    # durable one); set per connection before BEGIN, and only when it changes.
    wanted = "NORMAL" if options.get(RECOVERABLE) and synchronous != "NORMAL" else synchronous
    if connection.info.get(_SYNCHRONOUS_NOW) != wanted:
        connection.exec_driver_sql(f"PRAGMA synchronous={wanted}")
        connection.info[_SYNCHRONOUS_NOW] = wanted
    connection.exec_driver_sql("BEGIN IMMEDIATE" if options.get(IMMEDIATE, False) else "BEGIN")
