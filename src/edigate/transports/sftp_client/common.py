"""What pull and push share: the session around a run, its state and lock, and failures turned into backoff."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import paramiko

from ...config import Config
from ...connectors.backoff import backoff_delay
from ...partners import Profile, RetryPolicy, SecretError, SecretStore, SftpChannel, open_secret_store
from .connection import Session, SftpError, credentials, open_session, where
from .state import DirectionState, PartnerState, load_state, partner_lock, save_state

log = logging.getLogger("edigate.transports.sftp_client")

TRANSFER_ERRORS = (SftpError, SecretError, OSError, EOFError, paramiko.SSHException, socket.timeout)
TEMP_SUFFIXES = (".part", ".tmp", ".filepart", ".partial", ".temp", ".download")
Clock = Callable[[], datetime]
NEVER = threading.Event()
"""The stop signal of a run nobody stops (a command); the daemon passes its own stopping event."""
STOPPED = "stopped: the daemon is shutting down"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class RunResult:
    """What one pull or push did: the files moved, and every problem (empty when all went well)."""

    partner: str
    direction: str
    files: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def is_temporary_name(name: str) -> bool:
    """A hidden or in-progress name by convention: never fetched, never pushed."""
    return name.startswith(".") or name.lower().endswith(TEMP_SUFFIXES)


def channel_of(profile: Profile, direction: str) -> SftpChannel:
    channel = profile.inbound if direction == "pull" else profile.outbound
    if not isinstance(channel, SftpChannel):
        side = "inbound" if direction == "pull" else "outbound"
        raise SftpError(f"partner {profile.id}: its {side} channel is {channel.kind}, not sftp")
    return channel


def free_name(folder: Path, name: str) -> Path:
    """`folder/name`, or `stem-N.ext` when a file of that name is still there (never overwrite one not taken)."""
    candidate, stem, suffix, n = folder / name, Path(name).stem, Path(name).suffix, 1
    while candidate.exists():
        candidate, n = folder / f"{stem}-{n}{suffix}", n + 1
    return candidate


def next_try(channel: SftpChannel, failures: int, now: datetime) -> datetime:
    policy = RetryPolicy(
        initial_delay_seconds=channel.retry.initial_delay_seconds, max_delay_seconds=channel.retry.max_delay_seconds
    )
    return now + timedelta(seconds=backoff_delay(policy, failures))


Work = Callable[[Session, PartnerState, RunResult], None]


def transfer_run(
    config: Config, profile: Profile, direction: str, work: Work, secrets: SecretStore | None, wait_seconds: float,
    now: datetime,
) -> RunResult:  # fmt: skip
    """Lock, load state, connect, `work`; then record success or the error with its next try, and save.

    A transfer error ends the run as a recorded failure (logged, kept for `edigate status`), not an exception:
    the scheduler calls this every few seconds and must never die of a partner's outage.
    """
    channel = channel_of(profile, direction)
    result = RunResult(profile.id, direction)
    with partner_lock(config, profile.id, direction, wait_seconds):
        state = load_state(config, profile.id)
        try:
            store = secrets if secrets is not None else open_secret_store(config)
            with open_session(profile.id, channel, credentials(profile.id, channel, store)) as session:
                work(session, state, result)
        except TRANSFER_ERRORS as exc:
            message = str(exc) or type(exc).__name__
            result.problems.append(
                message if message.startswith("partner ") else f"{where(profile.id, channel)}: {message}"
            )
        _record(getattr(state, direction), channel, result, now)
        save_state(config, profile.id, state, direction)
    return result


def _record(progress: DirectionState, channel: SftpChannel, result: RunResult, now: datetime) -> None:
    if not result.problems:
        progress.succeeded(now, len(result.files))
        return
    progress.failed(now, result.problems[-1], next_try(channel, progress.failures + 1, now))
    extra = {"partner": result.partner, "direction": result.direction}
    log.warning(
        "sftp %s failed: %s (next try %s)", result.direction, result.problems[-1], progress.next_try_at, extra=extra
    )
