"""What the operator commands (status, messages, acks, replay, send, db) share: opening the working folder's
store or gateway with one-line refusals, JSON of store rows, and tables that fit a 120-column terminal."""

from __future__ import annotations

import dataclasses
import getpass
import json
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..config import Config, ConfigError, load_config
from .errors import EXIT_USAGE

if TYPE_CHECKING:
    from ..pipeline import Gateway
    from ..store import Store

WIDTH = 120


def fail(reason: str, code: int = EXIT_USAGE) -> None:
    """One line on stderr and the exit code: the way every operator command refuses."""
    click.echo(f"edigate: {reason}", err=True)
    sys.exit(code)


def config_of(ctx: click.Context) -> Config:
    """The configuration of the --home folder, or exit 2 naming every bad value."""
    try:
        return load_config(ctx.obj["home"])
    except ConfigError as exc:
        fail(f"bad configuration: {exc}")
        raise  # unreachable: fail exits


def safe_url(url: str) -> str:
    """The database URL without its password, for output that ends up in logs and tickets."""
    scheme, sep, rest = url.partition("://")
    if "@" not in rest:
        return url
    credentials, _, location = rest.rpartition("@")
    return f"{scheme}{sep}{credentials.split(':', 1)[0]}@{location}"


@contextmanager
def open_store(ctx: click.Context, *, current: bool = True) -> Iterator[Store]:
    """The store of the --home folder; with `current` an old schema is refused with `edigate db upgrade`."""
    from sqlalchemy.exc import DBAPIError

    from ..store import Store, StoreError

    config = config_of(ctx)
    try:
        store = Store.open(config.database_url)
    except Exception as exc:  # a malformed URL or a missing driver
        fail(f"cannot open the database {safe_url(config.database_url)}: {exc}")
        raise
    try:
        if current:
            store.require_current_schema()
        yield store
    except StoreError as exc:
        fail(str(exc))
    except DBAPIError as exc:  # unreachable server, refused login, missing database
        reason = one_line(str(exc.orig) if exc.orig is not None else str(exc), 300)
        fail(f"database {safe_url(config.database_url)}: {reason}")
    finally:
        store.close()


class _OneLine(logging.Formatter):
    """Pipeline warnings in a terminal: one line each, no traceback (the daemon's JSON log keeps those)."""

    def format(self, record: logging.LogRecord) -> str:
        return f"edigate: {record.levelname.lower()}: {record.getMessage()}"


def quiet_logging() -> None:
    """Show the pipeline's warnings and errors on stderr as single lines, unless logging is already set up."""
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_OneLine())
        root.addHandler(handler)
        root.setLevel(logging.WARNING)


@contextmanager
def open_gateway(ctx: click.Context) -> Iterator[Gateway]:
    """The pipeline over the --home folder (refusing an old schema), closed afterwards."""
    from ..pipeline import Gateway
    from ..store import StoreError

    quiet_logging()
    config = config_of(ctx)
    try:
        gateway = Gateway.open(config, worker_id=f"cli:{os.getpid()}")
    except StoreError as exc:
        fail(str(exc))
        raise
    try:
        yield gateway
    finally:
        gateway.close()


def os_user() -> str:
    """Who runs the command, for the audit log (replay is an admin action)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return f"uid:{os.getuid()}"


def plain(value: Any) -> Any:
    """Store rows and results as JSON-ready values: dataclasses to dicts, datetimes in ISO 8601, paths as text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path | Decimal):
        return str(value)
    return value


def echo_json(value: Any) -> None:
    click.echo(json.dumps(plain(value), indent=2, ensure_ascii=False))


def when(moment: datetime | None) -> str:
    """A timestamp in UTC, to the second, for tables."""
    if moment is None:
        return "-"
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def one_line(text: str | None, width: int) -> str:
    """The first line of `text`, cut to `width` with an ellipsis: a long error never breaks a table."""
    first = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return first if len(first) <= width else first[: max(width - 1, 0)] + "…"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], *, flexible: int = -1) -> list[str]:
    """Rows as aligned columns no wider than WIDTH: the `flexible` column (default the last) is cut to fit."""
    texts = [[str(cell) for cell in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in texts)]) for i, h in enumerate(headers)]
    flex = flexible % len(headers)
    fixed = sum(w for i, w in enumerate(widths) if i != flex) + 2 * (len(headers) - 1)
    widths[flex] = max(min(widths[flex], WIDTH - fixed), len(headers[flex]))
    lines = []
    for cells in [list(headers), *texts]:
        cut = [one_line(c, widths[i]) if i == flex else c for i, c in enumerate(cells)]
        lines.append("  ".join(c.ljust(widths[i]) for i, c in enumerate(cut)).rstrip()[:WIDTH])
    return lines


def echo_table(headers: Sequence[str], rows: Sequence[Sequence[object]], *, flexible: int = -1) -> None:
    for line in table(headers, rows, flexible=flexible):
        click.echo(line)
