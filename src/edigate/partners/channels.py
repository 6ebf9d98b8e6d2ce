"""Where a partner's files come from and go to: a local folder, or a remote SFTP server (typed here, run elsewhere)."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

SECRET_NAME = r"^[a-z0-9][a-z0-9_.-]{0,63}$"
FINGERPRINT = r"^SHA256:[A-Za-z0-9+/]{43}=?$"


class FolderChannel(BaseModel):
    """A local folder; `path` is relative to the working folder. Empty means inbox/<id> or outbox/<id>."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["folder"] = "folder"
    path: str = ""


class TransferRetry(BaseModel):
    """How soon a failed transfer is tried again: exponential backoff with jitter, forever (files wait, never drop)."""

    model_config = ConfigDict(extra="forbid")

    initial_delay_seconds: float = Field(5.0, gt=0)
    max_delay_seconds: float = Field(900.0, gt=0)


class SftpChannel(BaseModel):
    """A remote SFTP server we poll (inbound) or push to (outbound), run by edigate.transports.sftp_client.

    The host key is pinned (`host_key_fingerprint`, OpenSSH's SHA256:... form, recorded by `edigate partner
    trust-host`): without it no connection is made, so a man in the middle never receives a password or a file.
    """

    model_config = ConfigDict(extra="forbid")

    kind: Literal["sftp"]
    host: str = Field(min_length=1)
    port: int = Field(22, ge=1, le=65535)
    username: str = Field(min_length=1)
    remote_path: str = "."
    password_secret: str | None = Field(None, pattern=SECRET_NAME)
    private_key_secret: str | None = Field(None, pattern=SECRET_NAME)
    host_key_fingerprint: str | None = Field(None, pattern=FINGERPRINT)
    poll_seconds: int = Field(60, ge=1)
    patterns: list[str] = Field(["*"], min_length=1)
    after_fetch: Literal["delete", "move", "leave"] = "delete"
    archive_path: str | None = None
    upload_path: str | None = None
    temp_upload: Literal["suffix", "none"] = "suffix"
    min_age_seconds: float = Field(10.0, ge=0)
    connect_timeout_seconds: float = Field(15.0, gt=0)
    retry: TransferRetry = TransferRetry()

    @model_validator(mode="after")
    def _complete(self) -> Self:
        if self.after_fetch == "move" and not self.archive_path:
            raise ValueError('after_fetch = "move" needs archive_path (the remote folder fetched files go to)')
        return self

    @property
    def upload_folder(self) -> str:
        """Where pushed files go: `upload_path`, else `remote_path`."""
        return self.upload_path or self.remote_path

    def address(self) -> str:
        return f"sftp://{self.username}@{self.host}:{self.port}"


Channel = Annotated[FolderChannel | SftpChannel, Field(discriminator="kind")]
