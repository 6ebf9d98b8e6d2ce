"""Pull: fetch a partner's files from their SFTP server into inbox/<partner>/, each exactly once and whole.

A remote file is taken only when complete (its size and mtime unchanged since the previous listing, or older than
`min_age_seconds`), downloaded under a hidden `.edigate-pull-NAME.part` (which intake ignores), checked against
the listed size and against a second stat (a file rewritten meanwhile is left for the next poll), fsynced and
renamed into place. Only then is the remote file deleted or moved; with "leave" it is remembered by name, size
and mtime. A download cut off leaves the remote file where it was and no partial file in the inbox, so the next
poll gets it whole.
"""

from __future__ import annotations

import logging
import os
import posixpath
import stat
import threading
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

import paramiko

from ...atomic_files import fsync_folder
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
from .state import PartnerState, Stamp, load_state, save_state

log = logging.getLogger("edigate.transports.sftp_client")

BATCH = 64
BLOCK = 32 * 1024
WINDOW = 8 * 1024 * 1024
"""Bytes asked for at once (as 32 KiB reads in flight together) while downloading."""
PULL_TEMP_PREFIX = ".edigate-pull-"


def clean_leftovers(inbox: Path) -> None:
    """Remove the temp files of a pull that was killed: called under the pull lock, so none is in progress."""
    for path in inbox.glob(f"{PULL_TEMP_PREFIX}*.part"):
        path.unlink(missing_ok=True)


def remote_files(sftp: paramiko.SFTPClient, channel: SftpChannel) -> dict[str, Stamp]:
    """The regular files of the remote folder whose names match the channel's patterns: name -> (size, mtime)."""
    found = {}
    try:
        entries = sftp.listdir_attr(channel.remote_path)
    except OSError as exc:
        raise SftpError(f"cannot list {channel.remote_path}: {exc.strerror or exc}") from None
    for entry in entries:
        name = entry.filename
        if entry.st_mode is None or not stat.S_ISREG(entry.st_mode) or is_temporary_name(name):
            continue
        if any(fnmatchcase(name, pattern) for pattern in channel.patterns):
            found[name] = (int(entry.st_size or 0), int(entry.st_mtime or 0))
    return found


def is_complete(stamp: Stamp, previous: Stamp | None, now_ts: float, min_age: float) -> bool:
    """Unchanged since the previous listing, or not modified for `min_age` seconds: no one is writing it."""
    return previous == stamp or now_ts - stamp[1] >= min_age


def download(
    sftp: paramiko.SFTPClient, remote: str, stamp: Stamp, inbox: Path, stopping: threading.Event = NEVER
) -> Path:
    """Copy one remote file into the inbox atomically; SftpError when it is short or changed meanwhile."""
    final = free_name(inbox, posixpath.basename(remote))
    temp = inbox / f"{PULL_TEMP_PREFIX}{final.name}.part"
    try:
        copied = _copy(sftp, remote, temp, stamp[0], stopping)
        if copied != stamp[0]:
            raise SftpError(f"{remote}: got {copied} bytes of {stamp[0]}; left for the next poll")
        after = sftp.stat(remote)
        if (after.st_size, after.st_mtime) != stamp:
            raise SftpError(f"{remote}: changed while it was fetched; left for the next poll")
        os.replace(temp, final)  # the folder is fsynced once per batch, before the remote file is removed
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return final


def _copy(sftp: paramiko.SFTPClient, remote: str, temp: Path, size: int, stopping: threading.Event) -> int:
    """Read the listed size in windows: each window's reads are all sent at once (fast over a long link), and
    paramiko's read-ahead thread has finished sending before the next window, so a stop or a cut connection never
    leaves that thread writing to a closed transport. Memory stays one window, whatever the file size."""
    copied = 0
    with sftp.open(remote, "rb") as source, temp.open("wb") as target:
        while copied < size:
            if stopping.is_set():
                raise Stopped(STOPPED)
            end = min(copied + WINDOW, size)
            window = [(offset, min(BLOCK, end - offset)) for offset in range(copied, end, BLOCK)]
            for block in source.readv(window):
                target.write(block)
                copied += len(block)
            if copied < end:
                break  # shorter than listed: reported by the caller
        target.flush()
        os.fsync(target.fileno())
    return copied


def finish_remote(sftp: paramiko.SFTPClient, channel: SftpChannel, name: str) -> None:
    """Delete or archive a fetched remote file (after_fetch); "leave" does nothing here."""
    remote = posixpath.join(channel.remote_path, name)
    if channel.after_fetch == "delete":
        sftp.remove(remote)
    elif channel.after_fetch == "move":
        target = posixpath.join(channel.archive_path or "", name)
        try:
            sftp.posix_rename(remote, target)
        except OSError:
            sftp.rename(remote, target)  # a server without the posix-rename extension


def _reason(name: str, exc: BaseException) -> str:
    return f"{name}: {exc.strerror if isinstance(exc, OSError) and exc.strerror else exc}"


def _download_batch(session: Session, ctx: _Pull, names: list[str]) -> list[str]:
    """Download some files; the names now safely in the inbox. Stops early when the connection is gone."""
    channel, done = ctx.channel, []
    for name in names:
        stamp = ctx.state.listing[name]
        try:
            if ctx.stopping.is_set():
                raise Stopped(STOPPED)
            path = download(session.sftp, posixpath.join(channel.remote_path, name), stamp, ctx.inbox, ctx.stopping)
        except Stopped:
            ctx.result.skipped = STOPPED
            break
        except TRANSFER_ERRORS as exc:
            ctx.result.problems.append(f"partner {ctx.profile.id}: {_reason(name, exc)}")
            if not session.transport.is_active():
                break
            continue
        ctx.state.fetched[name] = stamp
        ctx.result.files.append(path.name)
        done.append(name)
        log.info("fetched %s (%d bytes) into %s", name, stamp[0], path, extra={"partner": ctx.profile.id})
    return done


def _finish_batch(session: Session, ctx: _Pull, names: list[str]) -> None:
    """Delete/move fetched remote files (not for "leave"); one that fails stays remembered, retried next poll."""
    if ctx.channel.after_fetch == "leave":
        return
    for name in names:
        if not session.transport.is_active():
            return
        try:
            finish_remote(session.sftp, ctx.channel, name)
        except TRANSFER_ERRORS as exc:
            ctx.result.problems.append(f"partner {ctx.profile.id}: {ctx.channel.after_fetch} {_reason(name, exc)}")
            continue
        del ctx.state.fetched[name]


@dataclass(slots=True)
class _Pull:
    config: Config
    profile: Profile
    channel: SftpChannel
    state: PartnerState
    result: RunResult
    inbox: Path
    stopping: threading.Event


def _ready(ctx: _Pull, previous: dict[str, Stamp], now_ts: float) -> tuple[list[str], list[str]]:
    """(files to fetch, files fetched before whose remote clean-up is still to do); growing ones are `waiting`."""
    to_fetch, to_finish = [], []
    for name, stamp in sorted(ctx.state.listing.items()):
        if ctx.state.fetched.get(name) == stamp:
            to_finish.append(name)
        elif is_complete(stamp, previous.get(name), now_ts, ctx.channel.min_age_seconds):
            to_fetch.append(name)
        else:
            ctx.result.waiting.append(name)
    return to_fetch, to_finish


def _poll_session(session: Session, ctx: _Pull) -> None:
    """Fetch in batches: files fsynced one by one, the folder and the state once per batch (a crash before the
    state is saved fetches that batch again, which the store reports as duplicates), then the remote clean-up."""
    ctx.inbox.mkdir(parents=True, exist_ok=True)
    clean_leftovers(ctx.inbox)
    previous, now_ts = ctx.state.listing, utc_now().timestamp()
    ctx.state.listing = remote_files(session.sftp, ctx.channel)
    ctx.state.fetched = {n: s for n, s in ctx.state.fetched.items() if n in ctx.state.listing}  # gone: forget
    to_fetch, to_finish = _ready(ctx, previous, now_ts)
    _finish_batch(session, ctx, to_finish)
    for start in range(0, len(to_fetch), BATCH):
        done = _download_batch(session, ctx, to_fetch[start : start + BATCH])
        if done:
            fsync_folder(ctx.inbox)
            save_state(ctx.config, ctx.profile.id, ctx.state, "pull")  # a crash now must not fetch them again
        _finish_batch(session, ctx, done)
        if ctx.result.skipped or not session.transport.is_active():
            return


def poll(
    profile: Profile,
    config: Config,
    secrets: SecretStore | None = None,
    force: bool = True,
    wait_seconds: float = 0.0,
    clock: Clock = utc_now,
    stopping: threading.Event = NEVER,
) -> RunResult:
    """One pull now: every complete matching remote file into inbox/<partner>/. Failures are in the result.

    `secrets` None opens the working folder's secret store; `force` False (the scheduled job) honours the backoff
    of an earlier failure; `wait_seconds` is how long to wait for another pull of this partner (Busy after that);
    `stopping` set abandons the download in progress (the remote file stays for the next poll).
    """
    now = clock()
    progress = load_state(config, profile.id).pull
    if not force and not progress.due(now):
        return RunResult(profile.id, "pull", skipped=f"after a failure, next try at {progress.next_try_at}")

    def work(session: Session, state: PartnerState, result: RunResult) -> None:
        channel: SftpChannel = profile.inbound  # type: ignore[assignment]
        _poll_session(session, _Pull(config, profile, channel, state, result, config.inbox(profile.id), stopping))

    return transfer_run(config, profile, "pull", work, secrets, wait_seconds, now)
