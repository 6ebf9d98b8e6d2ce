"""`edigate partner test`: each step of reaching a partner's server tried in turn, each reported as it went.

An administrator onboarding a partner needs to know which step fails (the port, the host key, the login, a
folder), not just that "SFTP failed"; so every step is a line, and the steps after a failed one are not tried.
"""

from __future__ import annotations

from dataclasses import dataclass

import paramiko

from ...partners import Profile, SecretError, SecretStore, SftpChannel
from .common import TRANSFER_ERRORS
from .connection import SftpError, authenticate, check_host_key, credentials, open_sftp, open_transport
from .pull import remote_files


@dataclass(frozen=True, slots=True)
class Check:
    ok: bool
    what: str

    def line(self) -> str:
        return f"  {'ok  ' if self.ok else 'FAIL'}  {self.what}"


def _folders(direction: str, channel: SftpChannel) -> list[str]:
    if direction == "outbound":
        return [channel.upload_folder]
    return [channel.remote_path] + (
        [channel.archive_path] if channel.after_fetch == "move" and channel.archive_path else []
    )


def _list(sftp: paramiko.SFTPClient, direction: str, channel: SftpChannel) -> list[Check]:
    checks = []
    for folder in _folders(direction, channel):
        try:
            names = sftp.listdir(folder)
        except TRANSFER_ERRORS as exc:
            checks.append(Check(False, f"list {folder}: {getattr(exc, 'strerror', None) or exc}"))
            continue
        matching = (
            f", {len(remote_files(sftp, channel))} to fetch"
            if folder == channel.remote_path and direction == "inbound"
            else ""
        )
        checks.append(Check(True, f"list {folder}: {len(names)} entr{'y' if len(names) == 1 else 'ies'}{matching}"))
    return checks


def probe(profile: Profile, direction: str, channel: SftpChannel, secrets: SecretStore | None) -> list[Check]:
    """Connect, check the host key, log in, list the folders: one Check per step, stopping at the first failure."""
    checks = []
    try:
        transport = open_transport(profile.id, channel)
    except SftpError as exc:
        return [Check(False, str(exc))]
    try:
        checks.append(Check(True, f"connected to {channel.host}:{channel.port}"))
        seen, key_type = check_host_key(profile.id, channel, transport)
        checks.append(Check(True, f"host key {key_type} {seen} is the pinned one"))
        method = authenticate(profile.id, channel, transport, credentials(profile.id, channel, secrets))
        checks.append(Check(True, f"logged in as {channel.username} ({method})"))
        sftp = open_sftp(profile.id, channel, transport)
        checks.extend(_list(sftp, direction, channel))
        sftp.close()
    except (SftpError, SecretError) as exc:
        checks.append(Check(False, str(exc)))
    finally:
        transport.close()
    return checks
