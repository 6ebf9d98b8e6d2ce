"""Where a partner's files come from and go to: a local folder now, SFTP next (typed here, run elsewhere)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

SECRET_NAME = r"^[a-z0-9][a-z0-9_.-]{0,63}$"


class FolderChannel(BaseModel):
    """A local folder; `path` is relative to the working folder. Empty means inbox/<id> or outbox/<id>."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["folder"] = "folder"
    path: str = ""


class SftpChannel(BaseModel):
    """A remote SFTP server we poll (inbound) or push to (outbound). Not run yet: `validate` says so."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["sftp"]
    host: str = Field(min_length=1)
    port: int = Field(22, ge=1, le=65535)
    username: str = Field(min_length=1)
    remote_path: str = "."
    password_secret: str | None = Field(None, pattern=SECRET_NAME)
    private_key_secret: str | None = Field(None, pattern=SECRET_NAME)
    host_key_fingerprint: str | None = None
    poll_seconds: int = Field(60, ge=1)


Channel = Annotated[FolderChannel | SftpChannel, Field(discriminator="kind")]
