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
from fnmatch import fnmatchcase
from pathlib import Path

import paramiko

from ...atomic_files import fsync_folder
from ...config import Config
from ...partners import Profile, SecretStore, SftpChannel
from .common import TRANSFER_ERRORS, Clock, RunResult, free_name, is_temporary_name, transfer_run, utc_now
from .connection import Session, SftpError
from .state import PartnerState, Stamp, load_state, save_state

log = logging.getLogger("edigate.transports.sftp_client")

CHUNK = 256 * 1024
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


def download(sftp: paramiko.SFTPClient, remote: str, stamp: Stamp, inbox: Path) -> Path:
    """Copy one remote file into the inbox atomically; SftpError when it is short or changed meanwhile."""
    final = free_name(inbox, posixpath.basename(remote))
    temp = inbox / f"{PULL_TEMP_PREFIX}{final.name}.part"
    try:
        copied = _copy(sftp, remote, temp, stamp[0])
        if copied != stamp[0]:
            raise SftpError(f"{remote}: got {copied} bytes of {stamp[0]}; left for the next poll")
        after = sftp.stat(remote)
        if (after.st_size, after.st_mtime) != stamp:
            raise SftpError(f"{remote}: changed while it was fetched; left for the next poll")
        os.replace(temp, final)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_folder(inbox)
    return final


def _copy(sftp: paramiko.SFTPClient, remote: str, temp: Path, size: int) -> int:
    copied = 0
    with sftp.open(remote, "rb") as source, temp.open("wb") as target:
        source.prefetch(size)
        while chunk := source.read(CHUNK):
            target.write(chunk)
            copied += len(chunk)
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


def _fetch_one(session: Session, config: Config, profile: Profile, state: PartnerState, name: str) -> Path | None:
    """Fetch one complete file, remember it, then clean it up remotely. None when it had already been fetched."""
    channel: SftpChannel = profile.inbound  # type: ignore[assignment]
    stamp = state.listing[name]
    path = None
    if state.fetched.get(name) != stamp:
        inbox = config.inbox(profile.id)
        inbox.mkdir(parents=True, exist_ok=True)
        path = download(session.sftp, posixpath.join(channel.remote_path, name), stamp, inbox)
        state.fetched[name] = stamp
        save_state(config, profile.id, state, "pull")  # a crash now must not fetch it again
        log.info("fetched %s (%d bytes) into %s", name, stamp[0], path, extra={"partner": profile.id})
    if channel.after_fetch != "leave":
        finish_remote(session.sftp, channel, name)
        del state.fetched[name]
    return path


def _poll_session(session: Session, config: Config, profile: Profile, state: PartnerState, result: RunResult) -> None:
    channel: SftpChannel = profile.inbound  # type: ignore[assignment]
    clean_leftovers(config.inbox(profile.id))
    previous, now_ts = state.listing, utc_now().timestamp()
    state.listing = remote_files(session.sftp, channel)
    state.fetched = {n: s for n, s in state.fetched.items() if n in state.listing}  # gone remotely: forget
    for name, stamp in sorted(state.listing.items()):
        if state.fetched.get(name) != stamp and not is_complete(
            stamp, previous.get(name), now_ts, channel.min_age_seconds
        ):
            result.waiting.append(name)
            continue
        try:
            path = _fetch_one(session, config, profile, state, name)
        except TRANSFER_ERRORS as exc:
            result.problems.append(
                f"partner {profile.id}: {name}: {exc.strerror if isinstance(exc, OSError) and exc.strerror else exc}"
            )
            if not session.transport.is_active():
                return
            continue
        if path is not None:
            result.files.append(path.name)


def poll(
    profile: Profile,
    config: Config,
    secrets: SecretStore | None = None,
    force: bool = True,
    wait_seconds: float = 0.0,
    clock: Clock = utc_now,
) -> RunResult:
    """One pull now: every complete matching remote file into inbox/<partner>/. Failures are in the result.

    `secrets` None opens the working folder's secret store; `force` False (the scheduled job) honours the backoff
    of an earlier failure; `wait_seconds` is how long to wait for another pull of this partner (Busy after that).
    """
    now = clock()
    progress = load_state(config, profile.id).pull
    if not force and not progress.due(now):
        return RunResult(profile.id, "pull", skipped=f"after a failure, next try at {progress.next_try_at}")

    def work(session: Session, state: PartnerState, result: RunResult) -> None:
        _poll_session(session, config, profile, state, result)

    return transfer_run(config, profile, "pull", work, secrets, wait_seconds, now)
