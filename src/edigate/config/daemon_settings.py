"""The `[api]` and `[daemon]` sections of `edigate.toml`: how `edigate run` listens and how hard it works.

Each field can be overridden by `EDIGATE_<SECTION>_<FIELD>` (`EDIGATE_API_LISTEN=127.0.0.1:0`,
`EDIGATE_DAEMON_WORKERS=4`), so a systemd drop-in or a container can change them without editing the file.
`EDIGATE_API_TOKEN` is not a field: it is the API token itself, read by the daemon, never stored here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

DEFAULT_LISTEN = "127.0.0.1:8470"


def split_listen(listen: str) -> tuple[str, int]:
    """`host:port` (or `[v6]:port`) as a pair; ValueError saying what is wrong."""
    host, sep, port = listen.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise ValueError(f"{listen!r} is not HOST:PORT (for example 127.0.0.1:8470; port 0 picks a free one)")
    if not 0 <= int(port) <= 65535:
        raise ValueError(f"port {port} is out of range 0-65535")
    return host.strip("[]"), int(port)


class ApiSettings(BaseModel):
    """The daemon's local HTTP endpoint (/healthz, /metrics, the outbound API)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: Loopback by default: the API takes business documents, so exposing it is an explicit choice.
    listen: str = DEFAULT_LISTEN
    #: The bearer token's file, relative to the working folder; created (0600, random) when missing.
    token_file: str = "api.token"

    @field_validator("listen")
    @classmethod
    def _listen(cls, value: str) -> str:
        split_listen(value)
        return value


class DaemonSettings(BaseModel):
    """How `edigate run` works: worker threads, safety-net rescans, retention, delivery retry cadence."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    workers: int = Field(2, ge=1, le=64)
    #: Run the workers as processes (every core for parsing, validating and mapping) instead of threads.
    worker_processes: bool = False
    #: How often the inboxes are rescanned in case a file arrived without an event (NFS, a missed event).
    rescan_seconds: float = Field(10.0, gt=0)
    #: Delivered documents' kept bytes older than this are removed; 0 keeps everything forever.
    retention_days: int = Field(0, ge=0)
    #: How often due delivery retries are looked for.
    delivery_interval_seconds: float = Field(1.0, gt=0)


def section_env_overrides(
    environ: Mapping[str, str], prefix: str, sections: Mapping[str, type[BaseModel]]
) -> dict[str, dict[str, str]]:
    """EDIGATE_<SECTION>_<FIELD> for the fields of each section; unknown names are left alone (EDIGATE_API_TOKEN)."""
    overrides: dict[str, dict[str, str]] = {}
    for section, model in sections.items():
        values = {
            name: value
            for name in model.model_fields
            if (value := environ.get(f"{prefix}{section.upper()}_{name.upper()}")) is not None
        }
        if values:
            overrides[section] = values
    return overrides


def merge_sections(
    file_data: Mapping[str, Any], env: Mapping[str, Any], merged: dict[str, Any], sections: Mapping[str, Any]
) -> None:
    """Layer the environment's section fields over the file's, field by field (not section by section)."""
    for section in sections:
        if section in env:
            base = file_data.get(section, {})
            merged[section] = {**(base if isinstance(base, dict) else {}), **env[section]}
