"""The file-drop connector: one file per record in a folder, the embedded default (`<home>/erp/`).

It needs no ERP at all, so a fresh install delivers somewhere visible. A record's file name comes from its stable
`record_id`, so delivering the same record again rewrites the same file instead of adding a second one: the
folder is idempotent the way the HTTP connector's Idempotency-Key asks an ERP to be.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..atomic_files import clean_temp_files, write_file_atomic
from ..mapping import csv as csv_mapping
from ..partners import FileDropConnector, RetryPolicy
from ..records import BusinessRecord
from .backoff import backoff_delay
from .outcome import DeliveryOutcome, delivered, failed, retry

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
FILE_RETRY = RetryPolicy()
"""A full disk or a lost mount may clear, so write errors are retried with the default policy."""


def file_name(record: BusinessRecord, extension: str) -> str:
    """'<record_type>-<hex id>.<ext>': from record_id '<type>:<hex>', with nothing a file system would refuse."""
    stem = _UNSAFE.sub("-", record.record_id.replace(":", "-", 1))
    return f"{stem}.{extension}"


def record_bytes(record: BusinessRecord, fmt: str) -> bytes:
    """JSON (indented, for people reading the folder) or CSV in the record type's edigate layout."""
    if fmt == "csv":
        return csv_mapping.render([record])
    # pydantic's own serializer writes the same JSON as json.dumps(model_dump(mode="json"), indent=2), ~10x faster
    return record.model_dump_json(indent=2).encode("utf-8") + b"\n"


class FileDrop:
    """Writes each record atomically into `folder` (made on first use; stale temporary files cleaned on open)."""

    def __init__(
        self,
        folder: Path,
        fmt: str = "json",
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        rand: Callable[[], float] = random.random,
    ) -> None:
        self.folder = folder
        self.format = fmt
        self._clock = clock
        self._rand = rand
        clean_temp_files(folder)

    @classmethod
    def from_config(cls, config: FileDropConnector, home: Path) -> FileDrop:
        """The folder is relative to the working folder unless absolute (`erp` -> `<home>/erp`)."""
        return cls(home / config.path, config.format)

    def path_for(self, record: BusinessRecord) -> Path:
        return self.folder / file_name(record, self.format)

    def deliver(self, record: BusinessRecord, *, attempt: int) -> DeliveryOutcome:
        try:
            data = record_bytes(record, self.format)
        except ValueError as exc:  # no CSV layout for this record type: configuration, not chance
            return failed(response=f"cannot render {record.record_type} as {self.format}: {exc}")
        target = self.path_for(record)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_file_atomic(target, data)
        except OSError as exc:
            return self._transient(attempt, f"cannot write {target}: {exc.strerror or exc}")
        return delivered(response=str(target))

    def _transient(self, attempt: int, reason: str) -> DeliveryOutcome:
        if attempt >= FILE_RETRY.max_attempts:
            return failed(response=f"gave up after {attempt} attempts: {reason}")
        delay = backoff_delay(FILE_RETRY, attempt, self._rand)
        return retry(self._clock() + timedelta(seconds=delay), response=reason)

    def close(self) -> None:
        """Nothing held open between deliveries."""
