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


class ConnectorPool:
    """Open connectors kept for reuse (an HTTP connector holds a connection pool and a cached OAuth2 token).

    Keyed by partner, connector name and the connector's settings, so a profile reloaded with new settings gets a
    new connector while an unchanged one keeps its connections.
    """

    def __init__(self, *, home: Path, secrets: SecretStore | None) -> None:
        self._home = home
        self._secrets = secrets
        self._open: dict[tuple[str, str, str], RecordConnector] = {}

    def get(self, profile: Profile, record_type: str) -> RecordConnector:
        name, config = profile.connector_for(record_type)
        key = (profile.id, name, config.model_dump_json())
        if key not in self._open:
            self._open[key] = open_connector(profile, record_type, home=self._home, secrets=self._secrets)
        return self._open[key]

    def close(self) -> None:
        for connector in self._open.values():
            connector.close()
        self._open.clear()
