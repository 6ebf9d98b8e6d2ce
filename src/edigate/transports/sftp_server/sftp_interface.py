"""The SFTP requests of a partner, answered from its virtual root (`/inbox`, `/outbox`) and nothing else.

Writes are allowed only as new files in /inbox, reads only of files in /outbox; everything that would change
our folders another way (remove, rename, mkdir, symlink, setstat) is refused. Every refusal is logged with the
partner, the address and the path the client sent, so a probing partner is visible.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
import time
from pathlib import Path
from typing import Any

import paramiko
from paramiko.sftp import CMD_CLOSE, SFTP_NO_SUCH_FILE, SFTP_OK, SFTP_OP_UNSUPPORTED, SFTP_PERMISSION_DENIED

from ..local import is_temporary_name
from .handles import DownloadHandle, UploadHandle, _attributes
from .paths import FOLDERS, INBOX, PathRefused, VirtualPath, check_file_name, confined, parse
from .session import Session

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC


class GatewaySftpServer(paramiko.SFTPServer):
    """paramiko's SFTP server, except that a failed close (the upload could not be stored) is reported as failed.

    paramiko answers every CLOSE with OK; a client must hear when its file was not kept (disk full), or it
    would delete its copy believing we have it.
    """

    def _process(self, t: int, request_number: int, msg: paramiko.Message) -> None:
        if t == CMD_CLOSE:
            handle = msg.get_binary()
            if handle in self.file_table:
                result = self.file_table.pop(handle).close()
                self._send_status(request_number, result if isinstance(result, int) else SFTP_OK)
                return
            msg.rewind()
            msg.get_int()  # the request number, read again so paramiko finds the handle where it expects it
        super()._process(t, request_number, msg)


class PartnerSftp(paramiko.SFTPServerInterface):
    """One partner's file system; built by paramiko per session with the authenticated server object."""

    def __init__(self, server: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(server, *args, **kwargs)
        session = getattr(server, "session", None)
        if not isinstance(session, Session):  # cannot happen after authentication; refuse everything if it does
            raise PermissionError("SFTP session without a logged-in partner")
        self.session: Session = session

    def session_started(self) -> None:
        self.session.event(logging.DEBUG, "sftp session started")

    def session_ended(self) -> None:
        """Called by paramiko before it closes the handles left open: those are interrupted transfers."""
        self.session.ended.set()

    # -- paths ---------------------------------------------------------------------------------------------------

    def _refuse(self, path: str, reason: str, code: int = SFTP_PERMISSION_DENIED) -> int:
        self.session.event(logging.WARNING, "refused %r: %s", path, reason, file=path)
        return code

    def _parse(self, path: str) -> VirtualPath | int:
        try:
            return parse(path)
        except PathRefused as exc:
            return self._refuse(path, exc.reason)

    def _folder_of(self, vpath: VirtualPath) -> os.PathLike[str]:
        return self.session.inbox if vpath.folder == INBOX else self.session.outbox

    def canonicalize(self, path: str) -> str:
        vpath = self._parse(path)
        if isinstance(vpath, int):
            raise PermissionError(path)  # paramiko answers a failed REALPATH with SFTP_FAILURE
        return vpath.text

    # -- reading the tree ----------------------------------------------------------------------------------------

    def _folder_attributes(self, name: str) -> paramiko.SFTPAttributes:
        attr = paramiko.SFTPAttributes()
        attr.filename, attr.st_size, attr.st_uid, attr.st_gid = name, 0, 0, 0
        attr.st_mode = stat.S_IFDIR | (0o555 if name == "outbox" else 0o755)
        attr.st_mtime = attr.st_atime = int(time.time())
        return attr

    def _file_attributes(self, vpath: VirtualPath) -> paramiko.SFTPAttributes | int:
        assert vpath.name is not None
        if is_temporary_name(Path(vpath.name)):
            return SFTP_NO_SUCH_FILE  # our uploads in progress and other writers' temp files are not theirs to see
        try:
            path = confined(self._folder_of(vpath), vpath.name)  # type: ignore[arg-type]
            st = os.lstat(path)
        except PathRefused as exc:
            return self._refuse(vpath.text, exc.reason)
        except OSError:
            return SFTP_NO_SUCH_FILE
        return _attributes(st, vpath.name) if stat.S_ISREG(st.st_mode) else SFTP_NO_SUCH_FILE

    def stat(self, path: str) -> paramiko.SFTPAttributes | int:
        vpath = self._parse(path)
        if isinstance(vpath, int):
            return vpath
        if vpath.is_dir:
            return self._folder_attributes(vpath.folder or "")
        return self._file_attributes(vpath)

    lstat = stat

    def list_folder(self, path: str) -> list[paramiko.SFTPAttributes] | int:
        vpath = self._parse(path)
        if isinstance(vpath, int):
            return vpath
        if not vpath.is_dir:
            return SFTP_NO_SUCH_FILE
        if vpath.folder is None:
            return [self._folder_attributes(name) for name in FOLDERS]
        return self._files(vpath)

    def _files(self, vpath: VirtualPath) -> list[paramiko.SFTPAttributes]:
        """The complete regular files of a folder: no temp names, no sent/ or pending/, no symlinks."""
        found = []
        try:
            entries = list(os.scandir(self._folder_of(vpath)))
        except FileNotFoundError:
            return []
        for entry in entries:
            if is_temporary_name(Path(entry.name)) or not entry.is_file(follow_symlinks=False):
                continue
            try:
                found.append(_attributes(entry.stat(follow_symlinks=False), entry.name))
            except OSError:
                continue  # gone between listing and stat (intake took it)
        return sorted(found, key=lambda attr: attr.filename)

    # -- files ---------------------------------------------------------------------------------------------------

    def open(self, path: str, flags: int, attr: paramiko.SFTPAttributes) -> paramiko.SFTPHandle | int:
        vpath = self._parse(path)
        if isinstance(vpath, int):
            return vpath
        try:
            name = check_file_name(vpath, path)
            if vpath.folder == INBOX:
                return self._upload(path, name, flags)
            return self._download(path, name, flags)
        except PathRefused as exc:
            return self._refuse(path, exc.reason)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return self._refuse(path, "a symlink (not followed)")
            if exc.errno in (errno.ENOENT, errno.EISDIR):
                return SFTP_NO_SUCH_FILE
            self.session.event(logging.ERROR, "cannot open %s: %s", path, exc, file=path)
            return paramiko.SFTPServer.convert_errno(exc.errno)

    def _upload(self, path: str, name: str, flags: int) -> paramiko.SFTPHandle | int:
        if not flags & (os.O_WRONLY | os.O_RDWR):
            return self._refuse(path, "/inbox is write-only (uploads)")
        self.session.inbox.mkdir(parents=True, exist_ok=True)
        self.session.event(logging.DEBUG, "upload of %s started", name, file=name)
        return UploadHandle(self.session, name)

    def _download(self, path: str, name: str, flags: int) -> paramiko.SFTPHandle | int:
        if flags & _WRITE_FLAGS:
            return self._refuse(path, "/outbox is read-only (downloads)")
        return DownloadHandle(self.session, confined(self.session.outbox, name))

    # -- everything else changes our folders behind intake's back: refused -----------------------------------

    def remove(self, path: str) -> int:
        return self._refuse(path, "remove is not allowed")

    def rename(self, oldpath: str, newpath: str) -> int:
        return self._refuse(f"{oldpath} -> {newpath}", "rename is not allowed")

    def posix_rename(self, oldpath: str, newpath: str) -> int:
        return self.rename(oldpath, newpath)

    def mkdir(self, path: str, attr: paramiko.SFTPAttributes) -> int:
        return self._refuse(path, "mkdir is not allowed")

    def rmdir(self, path: str) -> int:
        return self._refuse(path, "rmdir is not allowed")

    def symlink(self, target_path: str, path: str) -> int:
        return self._refuse(f"{path} -> {target_path}", "symlinks are not allowed")

    def readlink(self, path: str) -> int:
        return SFTP_OP_UNSUPPORTED

    def chattr(self, path: str, attr: paramiko.SFTPAttributes) -> int:
        return SFTP_PERMISSION_DENIED
