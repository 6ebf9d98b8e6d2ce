"""What the transfers of one partner remember between runs: a small JSON file per partner, written atomically.

It holds, per direction, the last success, the last error and when to try again (what `edigate status` shows), the
remote files already fetched (for `after_fetch = "leave"`, and for a delete/move that failed after the file was
safely in the inbox, so the next poll finishes the clean-up instead of fetching it twice), and the previous
listing (a file whose size and mtime did not change since is complete). A lock file keeps two processes (the
daemon and `edigate partner poll`, or two daemons) from running the same partner's pull (or push) at once.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ...atomic_files import write_text_atomic
from ...config import Config

log = logging.getLogger("edigate.transports.sftp_client")

STATE_FOLDER = "sftp-client"
Stamp = tuple[int, int]
"""(size, mtime) of a remote file: with its name, what identifies one version of it."""


@dataclass(slots=True)
class DirectionState:
    """One direction (pull or push) of one partner: how it went last and when it is tried again."""

    last_ok_at: str | None = None
    last_error: str | None = None
    last_error_at: str | None = None
    failures: int = 0
    next_try_at: str | None = None
    transferred: int = 0

    def succeeded(self, now: datetime, count: int) -> None:
        self.last_ok_at, self.failures, self.next_try_at = now.isoformat(), 0, None
        self.transferred += count

    def failed(self, now: datetime, error: str, next_try: datetime | None) -> None:
        self.last_error, self.last_error_at = error, now.isoformat()
        self.failures += 1
        self.next_try_at = next_try.isoformat() if next_try else None

    def due(self, now: datetime) -> bool:
        return self.next_try_at is None or datetime.fromisoformat(self.next_try_at) <= now


@dataclass(slots=True)
class PartnerState:
    pull: DirectionState = field(default_factory=DirectionState)
    push: DirectionState = field(default_factory=DirectionState)
    fetched: dict[str, Stamp] = field(default_factory=dict)
    listing: dict[str, Stamp] = field(default_factory=dict)


def state_folder(config: Config) -> Path:
    return config.data_dir / STATE_FOLDER


def state_path(config: Config, partner: str, direction: str) -> Path:
    """One file per direction: a long pull and the push beside it never write the same file."""
    return state_folder(config) / f"{partner}.{direction}.json"


def _stamps(raw: Any) -> dict[str, Stamp]:
    if not isinstance(raw, dict):
        return {}
    return {str(k): (int(v[0]), int(v[1])) for k, v in raw.items() if isinstance(v, list) and len(v) == 2}


def _direction(raw: Any) -> DirectionState:
    if not isinstance(raw, dict):
        return DirectionState()
    known = DirectionState.__dataclass_fields__
    return DirectionState(**{k: v for k, v in raw.items() if k in known})


def _read(path: Path, partner: str) -> dict[str, Any]:
    """A state file's data; missing or unreadable is a fresh start (logged), never a crash."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("unreadable transfer state %s, starting afresh: %s", path, exc, extra={"partner": partner})
        return {}


def load_state(config: Config, partner: str) -> PartnerState:
    """The partner's state, both directions."""
    pull = _read(state_path(config, partner, "pull"), partner)
    push = _read(state_path(config, partner, "push"), partner)
    try:
        return PartnerState(
            _direction(pull.get("progress")), _direction(push.get("progress")), _stamps(pull.get("fetched")),
            _stamps(pull.get("listing")),
        )  # fmt: skip
    except (TypeError, ValueError, IndexError):
        log.warning("unreadable transfer state of %s, starting afresh", partner, extra={"partner": partner})
        return PartnerState()


def save_state(config: Config, partner: str, state: PartnerState, direction: str) -> None:
    """Write one direction's part (the pull's also holds the fetched files and the last listing)."""
    data: dict[str, Any] = {"progress": asdict(getattr(state, direction))}
    if direction == "pull":
        data.update(fetched=state.fetched, listing=state.listing)
    write_text_atomic(state_path(config, partner, direction), json.dumps(data, separators=(",", ":")) + "\n")


class Busy(Exception):
    """Another process is transferring this partner's files right now."""


@contextmanager
def partner_lock(config: Config, partner: str, direction: str, wait_seconds: float = 0.0) -> Iterator[None]:
    """Hold the lock of the partner's pull or push (flock, released if the process dies); Busy if not had in time."""
    folder = state_folder(config)
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / f"{partner}.{direction}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise Busy(f"partner {partner}: another {direction} is running") from None
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)
