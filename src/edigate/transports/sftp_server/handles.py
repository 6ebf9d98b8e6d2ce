"""Open files of an SFTP session: an upload into the inbox, a download from the outbox.

An upload is written to a hidden `.part` name (intake skips it) and becomes visible under its real name only
when the client closes it: fsync, then a rename to the final name (never replacing a file: a name already
there gets `~1`, `~2`...). If the connection drops first, paramiko closes the handle
after `Session.ended` is set, and the temp file is deleted instead: intake never sees half a file.

A download counts as complete only when every byte of the file was served (reads may arrive out of order) and
the client closed it; only then is the file moved to `sent/` (or deleted) as the profile says.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import threading
from pathlib import Path

import paramiko
from paramiko.sftp import SFTP_FAILURE, SFTP_OK

from .session import SENT, Session, move_unique, temp_name

_OPEN_FLAGS = os.O_CLOEXEC | os.O_NOFOLLOW


def _attributes(st: os.stat_result, name: str) -> paramiko.SFTPAttributes:
    attr = paramiko.SFTPAttributes.from_stat(st, name)
    attr.st_uid = attr.st_gid = 0  # the partner has no business knowing our uids
    return attr


class UploadHandle(paramiko.SFTPHandle):
    """A file being uploaded to /inbox/NAME, kept under a temp name until a complete close."""

    def __init__(self, session: Session, name: str) -> None:
        super().__init__()
        self.session, self.name = session, name
        self.temp = session.inbox / temp_name(name)
        self.fd = os.open(self.temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _OPEN_FLAGS, 0o640)
        self.size = 0
        self.pieces: list[tuple[int, int]] = []
        self._closed = threading.Lock()
        session.opened(self)

    def write(self, offset: int, data: bytes) -> int:
        try:
            os.pwrite(self.fd, data, offset)
        except OSError as exc:
            self.session.event(logging.ERROR, "upload of %s: write failed: %s", self.name, exc, file=self.name)
            return paramiko.SFTPServer.convert_errno(exc.errno)
        self.size = max(self.size, offset + len(data))
        self.pieces.append((offset, len(data)))
        return SFTP_OK

    def stat(self) -> paramiko.SFTPAttributes:
        return _attributes(os.fstat(self.fd), self.name)

    def chattr(self, attr: paramiko.SFTPAttributes) -> int:
        return SFTP_OK  # times and modes of an upload are ours to decide; accepted and ignored (put -p works)

    def close(self) -> int:
        if not self._closed.acquire(blocking=False):
            return SFTP_OK
        try:
            if self.session.ended.is_set():
                self._discard("connection ended before the file was closed")
                return SFTP_FAILURE
            if _covered(self.pieces) < self.size:  # a hole: a resumed upload (reput) or a client that skipped bytes
                self._discard("not written from its first byte to its last (resuming an upload is not supported)")
                return SFTP_FAILURE
            return self._publish()
        finally:
            self.session.closed(self)

    def _publish(self) -> int:
        try:
            os.fsync(self.fd)
            os.close(self.fd)
            final = move_unique(self.temp, self.session.inbox, self.name)
        except OSError as exc:
            self._discard(f"cannot store it: {exc}")
            return paramiko.SFTPServer.convert_errno(exc.errno)
        renamed = f" (stored as {final.name}: the name was taken)" if final.name != self.name else ""
        self.session.event(logging.INFO, "uploaded %s, %d bytes%s", self.name, self.size, renamed, file=final.name)
        return SFTP_OK

    def _discard(self, reason: str) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)
        self.temp.unlink(missing_ok=True)
        self.session.event(logging.WARNING, "upload of %s discarded: %s", self.name, reason, file=self.name)


def _covered(pieces: list[tuple[int, int]]) -> int:
    """How far from byte 0 the served pieces reach without a gap."""
    reach = 0
    for offset, length in sorted(pieces):
        if offset > reach:
            break
        reach = max(reach, offset + length)
    return reach


class DownloadHandle(paramiko.SFTPHandle):
    """A file of /outbox being read; moved to sent/ (or deleted) after a complete read and close."""

    def __init__(self, session: Session, path: Path) -> None:
        super().__init__()
        self.session, self.path = session, path
        self.fd = os.open(path, os.O_RDONLY | _OPEN_FLAGS)
        self.st = os.fstat(self.fd)
        if not stat.S_ISREG(self.st.st_mode):
            os.close(self.fd)
            raise IsADirectoryError(f"{path.name} is not a regular file")
        self.pieces: list[tuple[int, int]] = []
        self._closed = threading.Lock()
        session.opened(self)

    def read(self, offset: int, length: int) -> bytes | int:
        try:
            data = os.pread(self.fd, length, offset)
        except OSError as exc:
            return paramiko.SFTPServer.convert_errno(exc.errno)
        if data:
            self.pieces.append((offset, len(data)))
        return data

    def stat(self) -> paramiko.SFTPAttributes:
        return _attributes(os.fstat(self.fd), self.path.name)

    def close(self) -> int:
        if not self._closed.acquire(blocking=False):
            return SFTP_OK
        try:
            os.close(self.fd)
            served = _covered(self.pieces)
            if served < self.st.st_size or self.session.ended.is_set():
                self.session.event(logging.INFO, "download of %s incomplete (%d of %d bytes): left in place",
                                   self.path.name, served, self.st.st_size, file=self.path.name)  # fmt: skip
                return SFTP_OK
            self.session.event(logging.INFO, "downloaded %s, %d bytes", self.path.name, served, file=self.path.name)
            self._after_download()
            return SFTP_OK
        finally:
            self.session.closed(self)

    def _after_download(self) -> None:
        """Move to sent/ (or delete) the file just read, unless it was replaced or taken meanwhile."""
        name, session = self.path.name, self.session
        try:
            current = os.lstat(self.path)
            if (current.st_ino, current.st_dev) != (self.st.st_ino, self.st.st_dev):
                return
            if session.after_download == "delete":
                self.path.unlink()
                session.event(logging.INFO, "deleted %s after download", name, file=name)
                return
            sent = session.outbox / SENT
            sent.mkdir(exist_ok=True)
            target = move_unique(self.path, sent, name)
            session.event(logging.INFO, "moved %s to %s/%s after download", name, SENT, target.name, file=name)
        except FileNotFoundError:
            pass  # another session of the same partner fetched and moved it first
        except OSError as exc:
            session.event(logging.ERROR, "cannot move %s after download: %s", name, exc, file=name)
