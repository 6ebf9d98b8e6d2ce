"""Logs as one JSON object per line on stderr, which journald, Docker and log shippers take as they are.

    {"ts": "2026-11-24T17:02:03.120Z", "level": "INFO", "logger": "edigate.pipeline", "msg": "received po.edi",
     "document_id": 12, "partner": "acme", "file": "po.edi"}

`document_id`, `partner`, `file` and the other CONTEXT_FIELDS (an SFTP client's `address`, ...) appear when the
call gives them with `extra=`; an exception's traceback goes into `exc` as one string, so one event stays one
line however many lines the traceback has.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import IO, Any

#: The `extra=` keys copied into each line when present.
CONTEXT_FIELDS = ("document_id", "partner", "file", "delivery_id", "record_id", "worker", "address")


class JsonFormatter(logging.Formatter):
    """One log record as one JSON line (no newline inside: messages' own newlines are escaped by JSON)."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for name in CONTEXT_FIELDS:
            value = record.__dict__.get(name)
            if value is not None:
                line[name] = value
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exc"] = record.exc_text
        return json.dumps(line, default=str, ensure_ascii=False)


def configure_logging(level: int | str = logging.INFO, stream: IO[str] | None = None) -> logging.Handler:
    """Route every logger to one JSON handler on `stream` (stderr); the handler, so a caller can remove it."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h.formatter, JsonFormatter)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # Third-party chatter at INFO (a line per HTTP request, per scheduler run) would drown the gateway's own.
    for noisy in ("apscheduler", "httpx", "httpcore", "watchdog", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return handler
