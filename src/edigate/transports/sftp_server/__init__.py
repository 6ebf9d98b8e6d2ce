"""edigate's own SFTP server for trading partners who connect to us (paramiko, virtual users).

A partner logs in with its partner id and a key (or password) from its profile's `[sftp]` table and sees
`/inbox` (uploads become files in inbox/<partner>/ only once complete) and `/outbox` (its 997s and outbound
documents, read-only; a complete download moves the file to outbox/<partner>/sent/). Nothing else.
"""

from __future__ import annotations

from .auth import LoginThrottle
from .host_keys import ensure_host_keys, fingerprint_line, load_host_keys
from .server import SftpServer, SftpStartError, start_if_enabled

__all__ = [
    "LoginThrottle",
    "SftpServer",
    "SftpStartError",
    "ensure_host_keys",
    "fingerprint_line",
    "load_host_keys",
    "start_if_enabled",
]
