"""What the daemon schedules (a poll per SFTP-inbound partner, a push check per SFTP-outbound one) and what
`edigate status` shows of them: the last success, the last error and the next try, per partner and direction.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from apscheduler.schedulers.base import BaseScheduler

from ...config import Config
from ...partners import Partners, Profile, SftpChannel, load_profiles
from .common import NEVER, RunResult
from .pull import poll
from .push import outbox_folder, pending_files, push_pending
from .state import Busy, DirectionState, load_state

log = logging.getLogger("edigate.transports.sftp_client")

PUSH_CHECK_SECONDS = 5
"""How often the outbox of an SFTP-outbound partner is looked at; it connects only when files wait."""

Job = tuple[Callable[[], None], float, str]


@dataclass(frozen=True, slots=True)
class TransferStatus:
    """One partner's pull or push as `edigate status` shows it."""

    partner: str
    direction: str
    address: str
    last_ok_at: str | None
    last_error: str | None
    last_error_at: str | None
    failures: int
    next_try_at: str | None
    transferred: int
    waiting: int

    @property
    def healthy(self) -> bool:
        return self.failures == 0

    def line(self) -> str:
        head = f"{self.partner} {self.direction} {self.address}: "
        if self.failures:
            tail = (
                f"FAILING x{self.failures} since {self.last_error_at}: {self.last_error}; next try {self.next_try_at}"
            )
        else:
            tail = f"ok, last at {self.last_ok_at or 'never'}, {self.transferred} file(s) in all"
        return head + tail + (f"; {self.waiting} file(s) waiting" if self.waiting else "")


def _status(config: Config, profile: Profile, direction: str, progress: DirectionState) -> TransferStatus:
    channel = profile.inbound if direction == "pull" else profile.outbound
    waiting = len(pending_files(outbox_folder(config, profile))) if direction == "push" else 0
    return TransferStatus(
        profile.id, direction, channel.address() if isinstance(channel, SftpChannel) else channel.kind,
        progress.last_ok_at, progress.last_error, progress.last_error_at, progress.failures, progress.next_try_at,
        progress.transferred, waiting,
    )  # fmt: skip


def transfer_status(config: Config, partners: Partners | None = None) -> list[TransferStatus]:
    """Every SFTP pull and push of the partners (loaded from the working folder when not given)."""
    found = []
    for profile in partners if partners is not None else load_profiles(config.partners_dir):
        state = load_state(config, profile.id)
        for direction, channel in (("pull", profile.inbound), ("push", profile.outbound)):
            if isinstance(channel, SftpChannel):
                found.append(_status(config, profile, direction, getattr(state, direction)))
    return found


def _guarded(run: Callable[[], RunResult], partner: str, direction: str) -> Callable[[], None]:
    """A job that never raises: a busy partner is skipped, anything unexpected is logged with the partner."""

    def job() -> None:
        try:
            run()
        except Busy:
            log.debug("sftp %s of %s skipped: another transfer is running", direction, partner)
        except Exception:
            log.exception("sftp %s of %s failed unexpectedly", direction, partner, extra={"partner": partner})

    return job


def jobs(config: Config, partners: Partners, stopping: threading.Event = NEVER) -> list[Job]:
    """(callable, interval seconds, job id) for APScheduler: poll every poll_seconds, push check every few seconds.

    `stopping` is the daemon's stop signal: a transfer in progress is abandoned when it is set, so a stop never
    waits for a large file (what is abandoned is retried whole by the next run).
    """
    found: list[Job] = []
    for profile in partners:
        if not profile.enabled:
            continue
        if isinstance(profile.inbound, SftpChannel):
            run = _bind_poll(profile, config, stopping)
            found.append(
                (_guarded(run, profile.id, "pull"), float(profile.inbound.poll_seconds), f"sftp-pull:{profile.id}")
            )
        if isinstance(profile.outbound, SftpChannel):
            run = _bind_push(profile, config, stopping)
            found.append((_guarded(run, profile.id, "push"), float(PUSH_CHECK_SECONDS), f"sftp-push:{profile.id}"))
    return found


def _bind_poll(profile: Profile, config: Config, stopping: threading.Event) -> Callable[[], RunResult]:
    return lambda: poll(profile, config, force=False, stopping=stopping)


def _bind_push(profile: Profile, config: Config, stopping: threading.Event) -> Callable[[], RunResult]:
    return lambda: push_pending(profile, config, force=False, stopping=stopping)


JOB_PREFIX = "sftp-"


def register_jobs(
    scheduler: BaseScheduler, config: Config, partners: Partners, stopping: threading.Event = NEVER
) -> int:
    """Put the SFTP jobs on an APScheduler scheduler, replacing earlier ones: at daemon start and on SIGHUP.

    Polls first run at once (a restarted daemon should not wait a whole poll_seconds); the count is returned.
    """
    for job in scheduler.get_jobs():
        if job.id.startswith(JOB_PREFIX):
            scheduler.remove_job(job.id)
    found = jobs(config, partners, stopping)
    now = datetime.now(UTC)
    for func, seconds, job_id in found:
        scheduler.add_job(func, "interval", seconds=seconds, id=job_id, name=job_id, next_run_time=now)
    return len(found)
