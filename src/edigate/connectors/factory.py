"""Open the connector a partner profile names for a record type."""

from __future__ import annotations

from pathlib import Path

from ..partners import FileDropConnector, Profile, SecretStore
from .file_drop import FileDrop
from .http_json import HttpJsonConnector
from .outcome import RecordConnector


def open_connector(profile: Profile, record_type: str, *, home: Path, secrets: SecretStore | None) -> RecordConnector:
    """The connector for `record_type` (the built-in file drop when none is named). Raises SecretError when a
    named secret is unset or undecryptable: the message names the secret, never a value."""
    _, config = profile.connector_for(record_type)
    if isinstance(config, FileDropConnector):
        return FileDrop.from_config(config, home)
    if secrets is None:
        raise ValueError(f"partner {profile.id!r}: an HTTP connector needs the secret store")
    return HttpJsonConnector(config, secret=lambda name: secrets.get(profile.id, name))
