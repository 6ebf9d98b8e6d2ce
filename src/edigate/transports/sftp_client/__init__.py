"""Remote SFTP pull and push: partners whose server we use instead of ours.

    result = poll(profile, config)            # their files -> inbox/<partner>/, each once and whole
    result = push_pending(profile, config)    # outbox/<partner>/* -> their server, then outbox/<partner>/sent/
    for func, seconds, job_id in jobs(config, partners): scheduler.add_job(func, "interval", seconds=seconds, id=job_id)
    for status in transfer_status(config): print(status.line())

Host keys are pinned in the profile (`host_key_fingerprint`); `server_host_key` is what `trust-host` records.
"""

from .common import RunResult
from .connection import (
    Credentials,
    HostKeyError,
    Session,
    SftpError,
    credentials,
    fingerprint,
    open_session,
    server_host_key,
)
from .probe import Check, probe
from .pull import poll
from .push import pending_files, push_pending
from .schedule import PUSH_CHECK_SECONDS, TransferStatus, jobs, register_jobs, transfer_status
from .state import Busy, load_state

__all__ = [
    "PUSH_CHECK_SECONDS",
    "Busy",
    "Check",
    "Credentials",
    "HostKeyError",
    "RunResult",
    "Session",
    "SftpError",
    "TransferStatus",
    "credentials",
    "fingerprint",
    "jobs",
    "load_state",
    "open_session",
    "pending_files",
    "poll",
    "probe",
    "push_pending",
    "register_jobs",
    "server_host_key",
    "transfer_status",
]
