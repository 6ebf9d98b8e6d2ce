"""One module per database backend behind one small interface.

Everything the store does in plain SQLAlchemy lives outside this package; only what differs between SQLite and
PostgreSQL comes here: how an engine is made safe for several processes, how a worker claims one document, and
how a counter row is locked for allocation.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Engine, Row
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from ..errors import StoreError

RECOVERABLE = "edigate_recoverable"
"""Execution option of a write transaction the gateway recovers by itself if an OS crash or power cut undoes it,
so its commit need not wait for the disk: recording an inbound file already fsynced in the spool (the start-up
spool scan records it again), taking or giving back a claim (a lease runs out), recording a delivery attempt
(retried under the same idempotency key). Everything else, above all whatever hands out control numbers, is
committed durably. SQLite runs such a commit with synchronous=NORMAL (the WAL is synced by the next durable
commit or checkpoint), PostgreSQL with synchronous_commit off; both keep the database consistent, and a process
crash (kill -9) loses nothing in either mode, since the commit is in the database's log before it returns."""


class Backend(Protocol):
    name: str

    def create_engine(self, url: str, *, echo: bool = False) -> Engine:
        """An engine configured for concurrent use by several processes."""
        ...

    def write_turn(self) -> AbstractContextManager[None]:
        """Entered around every write transaction: where our own writers queue for the database, if anywhere."""
        ...

    def claim_document(
        self, session: Session, state: str, worker_id: str, now: datetime, until: datetime, direction: str | None = None
    ) -> Row[Any] | None:
        """Mark one claimable document in ``state`` as ours until ``until``; its row as it is now (every column of
        documents), or None when none is free."""
        ...

    def lock_counter(self, session: Session, partner: str, level: str, now: datetime) -> int:
        """Create the counter row if missing, lock it for this transaction, and return its last value."""
        ...


def backend_for(url: str) -> Backend:
    """The backend for a database URL (``sqlite:///...`` or ``postgresql+psycopg://...``)."""
    dialect = make_url(url).get_backend_name()
    if dialect == "sqlite":
        from .sqlite import SQLiteBackend

        return SQLiteBackend()
    if dialect == "postgresql":
        from .postgresql import PostgreSQLBackend

        return PostgreSQLBackend()
    raise StoreError(f"unsupported database {dialect!r} in {url!r}: use sqlite:///PATH or postgresql+psycopg://...")
