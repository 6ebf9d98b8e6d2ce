"""An open database: the engine, its backend, and the two kinds of transaction the store uses.

``write()`` is for anything that changes rows (on SQLite it takes the write lock up front, see backends/sqlite.py);
``read()`` is for queries. Both commit or roll back as one unit, so a failure leaves no half-made change behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from .backends import RECOVERABLE, Backend, backend_for
from .backends.sqlite import IMMEDIATE


class Database:
    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.backend: Backend = backend_for(url)
        self.engine: Engine = self.backend.create_engine(url, echo=echo)
        writer = self.engine.execution_options(**{IMMEDIATE: True})
        self._writer = sessionmaker(bind=writer, expire_on_commit=False)
        recoverable = writer.execution_options(**{RECOVERABLE: True})
        self._recoverable_writer = sessionmaker(bind=recoverable, expire_on_commit=False)
        self._reader = sessionmaker(bind=self.engine, expire_on_commit=False)

    @contextmanager
    def write(self, *, recoverable: bool = False) -> Iterator[Session]:
        """One read-write transaction, committed on success and rolled back on any exception.

        ``recoverable``: a transaction whose loss in an OS crash or power cut the gateway makes good by itself
        (see backends.RECOVERABLE); its commit does not wait for the disk. A process crash loses nothing either way.
        """
        with self.backend.write_turn(), (self._recoverable_writer if recoverable else self._writer).begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """One read-only transaction (rolled back at the end, there being nothing to keep)."""
        with self._reader() as session:
            yield session

    def close(self) -> None:
        """Return every pooled connection; the object is unusable afterwards."""
        self.engine.dispose()
