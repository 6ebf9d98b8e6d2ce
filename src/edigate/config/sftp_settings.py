"""The `[sftp]` section of `edigate.toml`: our own SFTP server for partners who connect to us.

Off by default: a listening SSH port is an explicit choice. Loopback by default, so turning it on for a test does
not expose it; a real deployment sets `listen = "0.0.0.0:2222"` (or 22 behind a firewall rule).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .daemon_settings import split_listen

DEFAULT_SFTP_LISTEN = "127.0.0.1:2222"


class SftpSettings(BaseModel):
    """Where our SFTP server listens, its host keys, and how hard it pushes back on password guessing."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = False
    listen: str = DEFAULT_SFTP_LISTEN
    #: Host keys, relative to the working folder; `edigate init` creates them (mode 0600) when missing.
    host_ed25519_key: str = "sftp/host_ed25519_key"
    host_rsa_key: str = "sftp/host_rsa_key"
    #: Failed logins from one address within `failure_window_seconds` before it is refused for `block_seconds`.
    max_failures: int = Field(5, ge=1)
    failure_window_seconds: float = Field(60.0, gt=0)
    block_seconds: float = Field(300.0, ge=0)
    #: Concurrent sessions; a connection beyond it is closed at once (a partner's runaway script cannot starve us).
    max_connections: int = Field(64, ge=1)

    @field_validator("listen")
    @classmethod
    def _listen(cls, value: str) -> str:
        split_listen(value)
        return value

    def host_key_paths(self, home: Path) -> tuple[Path, Path]:
        """(Ed25519, RSA) key files, absolute against the working folder."""
        return (home / self.host_ed25519_key).absolute(), (home / self.host_rsa_key).absolute()
