"""Push: every file in outbox/<partner>/ uploaded to the partner's SFTP server, then moved to outbox/<partner>/sent/.

Each file is written under `NAME.part` and renamed to its final name once the server confirms the full size, so
the partner never picks up half a file; partners that forbid renames get `temp_upload = "none"` (their own
convention then decides what a partial file means). The local file moves to sent/ only after the rename, so a
push cut off at any point leaves it in the outbox for the next try. A failure is kept with its next try
(exponential backoff with jitter), which the scheduled job honours and `edigate status` shows.
"""

from __future__ import annotations

import contextlib
import logging
import os
import posixpath
import threading
from collections.abc import Callable
from pathlib import Path

import paramiko

from ...atomic_files import fsync_folder, is_temp_file
from ...config import Config
from ...partners import Profile, SecretStore, SftpChannel
from .common import (
    NEVER,
    STOPPED,
    TRANSFER_ERRORS,
    Clock,
    RunResult,
    free_name,
    is_temporary_name,
    transfer_run,
    utc_now,
)
from .connection import Session, SftpError, Stopped
from .state import PartnerState, load_state

log = logging.getLogger("edigate.transports.sftp_client")

SENT = "sent"


def outbox_folder(config: Config, profile: Profile) -> Path:
    return config.outbox(profile.id)


def pending_files(folder: Path) -> list[Path]:
    """The complete files waiting in the outbox (not subfolders such as pending/ and sent/, not temp names)."""
    if not folder.is_dir():
        return []
    found = [
        path
        for path in folder.iterdir()
        if path.is_file() and not path.is_symlink() and not is_temporary_name(path.name) and not is_temp_file(path)
    ]
    return sorted(found, key=lambda path: (path.stat().st_mtime, path.name))


def upload(sftp: paramiko.SFTPClient, channel: SftpChannel, path: Path, stopping: threading.Event = NEVER) -> str:
    """Put one file on the server under its final name (via NAME.part unless `temp_upload = "none"`)."""
    final = posixpath.join(channel.upload_folder, path.name)
    temp = final + ".part" if channel.temp_upload == "suffix" else final
    size = path.stat().st_size
    try:
        with path.open("rb") as source:
            attrs = sftp.putfo(source, temp, file_size=size, callback=_stop_check(stopping), confirm=True)
        if attrs.st_size != size:
            raise SftpError(f"{temp}: the server has {attrs.st_size} bytes of {size}")
        if temp != final:
            _rename(sftp, temp, final)
    except OSError as exc:
        _discard(sftp, temp, final)
        raise SftpError(f"upload to {temp}: {exc.strerror or exc}") from exc
    except BaseException:
        _discard(sftp, temp, final)
        raise
    return final


def _stop_check(stopping: threading.Event) -> Callable[[int, int], None]:
    """putfo's progress callback: raising from it abandons the upload (its temp file is then discarded)."""

    def check(_done: int, _total: int) -> None:
        if stopping.is_set():
            raise Stopped(STOPPED)

    return check


def _discard(sftp: paramiko.SFTPClient, temp: str, final: str) -> None:
    """Best effort: the connection may be gone; the next upload overwrites the temp file anyway."""
    if temp != final:
        with contextlib.suppress(*TRANSFER_ERRORS):
            sftp.remove(temp)


def _rename(sftp: paramiko.SFTPClient, temp: str, final: str) -> None:
    """posix-rename replaces a file of the same name (our own upload whose local move was cut off)."""
    try:
        sftp.posix_rename(temp, final)
    except OSError:
        sftp.rename(temp, final)


def move_to_sent(path: Path) -> Path:
    sent = path.parent / SENT
    sent.mkdir(exist_ok=True)
    target = free_name(sent, path.name)
    os.replace(path, target)
    fsync_folder(sent)
    fsync_folder(path.parent)
    return target


def _push_session(
    session: Session, profile: Profile, files: list[Path], result: RunResult, stopping: threading.Event
) -> None:
    channel: SftpChannel = profile.outbound  # type: ignore[assignment]
    for path in files:
        try:
            if stopping.is_set():
                raise Stopped(STOPPED)
            remote = upload(session.sftp, channel, path, stopping)
            move_to_sent(path)
        except Stopped:
            result.skipped = STOPPED
            return
        except TRANSFER_ERRORS as exc:
            if not path.exists():
                continue  # taken meanwhile (another process pushed it)
            result.problems.append(f"partner {profile.id}: {path.name}: {exc or type(exc).__name__}")
            if not session.transport.is_active():
                return
            continue
        result.files.append(path.name)
        log.info("pushed %s to %s", path.name, remote, extra={"partner": profile.id})


def push_pending(
    profile: Profile,
    config: Config,
    secrets: SecretStore | None = None,
    force: bool = True,
    wait_seconds: float = 0.0,
    clock: Clock = utc_now,
    stopping: threading.Event = NEVER,
) -> RunResult:
    """One push now of everything waiting in outbox/<partner>/. No files, no connection.

    `force` False (the scheduled job) honours the backoff of an earlier failure: the result is `skipped` then.
    `stopping` set abandons the upload in progress (the file stays in the outbox, nothing under its final name).
    """
    now = clock()
    files = pending_files(outbox_folder(config, profile))
    result = RunResult(profile.id, "push")
    if not files:
        return result
    progress = load_state(config, profile.id).push
    if not force and not progress.due(now):
        result.skipped = f"after a failure, next try at {progress.next_try_at}"
        result.waiting = [path.name for path in files]
        return result

    def work(session: Session, state: PartnerState, result: RunResult) -> None:
        _push_session(session, profile, files, result, stopping)

    return transfer_run(config, profile, "push", work, secrets, wait_seconds, now)
