"""The `edigate.toml` model: defaults < file < `EDIGATE_*` environment, each bad value reported with its source."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .daemon_settings import ApiSettings, DaemonSettings, merge_sections, section_env_overrides
from .sftp_settings import SftpSettings

CONFIG_FILE = "edigate.toml"
ENV_PREFIX = "EDIGATE_"
_DATABASE_SCHEMES = ("sqlite://", "postgresql://", "postgresql+psycopg://", "postgres://")
#: The [sections] whose fields the environment sets one by one: EDIGATE_<SECTION>_<FIELD>.
SECTIONS: dict[str, type[BaseModel]] = {"api": ApiSettings, "daemon": DaemonSettings, "sftp": SftpSettings}


class ConfigError(Exception):
    """Configuration that cannot be used; `problems` holds every reason, each naming its file or variable."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class Identity(BaseModel):
    """Our own X12 identity: ISA05/06 (ISA07/08 on what partners send us) and our GS application code."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    qualifier: str = Field("ZZ", pattern=r"^[A-Z0-9]{2}$")
    id: str = Field("EDIGATE", min_length=1, max_length=15, pattern=r"^[^*~:^\s][^*~:^]*$")
    application_code: str = Field("EDIGATE", min_length=2, max_length=15, pattern=r"^[^*~:^\s][^*~:^]*$")


class _ConfigFile(BaseModel):
    """What `edigate.toml` may hold; paths are relative to the working folder unless absolute."""

    model_config = ConfigDict(extra="forbid")

    identity: Identity = Identity()
    data_dir: str = "."
    database_url: str | None = None
    secret_key_file: str = "secret.key"
    secrets_file: str = "secrets.toml"
    partners_dir: str = "partners"
    maps_dir: str = "maps"
    inbox_dir: str = "inbox"
    outbox_dir: str = "outbox"
    api: ApiSettings = ApiSettings()
    daemon: DaemonSettings = DaemonSettings()
    sftp: SftpSettings = SftpSettings()


@dataclass(frozen=True, slots=True)
class Config:
    """The effective configuration with every path made absolute against the working folder."""

    home: Path
    identity: Identity
    data_dir: Path
    database_url: str
    secret_key_file: Path
    secrets_file: Path
    partners_dir: Path
    maps_dir: Path
    inbox_dir: Path
    outbox_dir: Path
    api: ApiSettings = field(default_factory=ApiSettings)
    daemon: DaemonSettings = field(default_factory=DaemonSettings)
    sftp: SftpSettings = field(default_factory=SftpSettings)

    def inbox(self, partner: str) -> Path:
        return self.inbox_dir / partner

    def outbox(self, partner: str) -> Path:
        return self.outbox_dir / partner


def _env_overrides(environ: Mapping[str, str]) -> dict[str, Any]:
    """EDIGATE_<FIELD> for top-level fields, EDIGATE_IDENTITY_<FIELD> for the identity."""
    overrides: dict[str, Any] = {}
    for name in _ConfigFile.model_fields:
        if (
            name != "identity"
            and name not in SECTIONS
            and (value := environ.get(ENV_PREFIX + name.upper())) is not None
        ):
            overrides[name] = value
    identity = {
        name: value
        for name in Identity.model_fields
        if (value := environ.get(f"{ENV_PREFIX}IDENTITY_{name.upper()}")) is not None
    }
    if identity:
        overrides["identity"] = identity
    overrides.update(section_env_overrides(environ, ENV_PREFIX, SECTIONS))
    return overrides


def _read_file(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError([f"{path}: {exc}"]) from None


def _describe(exc: ValidationError, source: str) -> list[str]:
    return [f"{source}: {'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()]


def _validated(data: dict[str, Any], source: str) -> _ConfigFile:
    try:
        return _ConfigFile.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, source)) from None


def _merge(file_data: dict[str, Any], env: dict[str, Any]) -> dict[str, Any]:
    merged = {**file_data, **{k: v for k, v in env.items() if k != "identity"}}
    merge_sections(file_data, env, merged, SECTIONS)
    if "identity" in env:
        base = file_data.get("identity", {})
        merged["identity"] = {**(base if isinstance(base, dict) else {}), **env["identity"]}
    return merged


def _check_database_url(url: str, source: str) -> None:
    if not url.startswith(_DATABASE_SCHEMES):
        raise ConfigError([f"{source}: database_url: {url!r} is neither sqlite:///PATH nor postgresql://..."])


def load_config(home: Path, environ: Mapping[str, str] | None = None) -> Config:
    """The configuration of a working folder; ConfigError naming the file or variable of each bad value.

    The file and the environment are validated separately first so that an error says which one is wrong.
    """
    env = os.environ if environ is None else environ
    path = home / CONFIG_FILE
    file_data = _read_file(path)
    _validated(file_data, str(path))
    env_data = _env_overrides(env)
    _validated(env_data, "environment (EDIGATE_*)")
    raw = _validated(_merge(file_data, env_data), f"{path} + environment")
    data_dir = (home / raw.data_dir).absolute()
    database_url = raw.database_url or f"sqlite:///{data_dir / 'edigate.db'}"
    _check_database_url(database_url, "EDIGATE_DATABASE_URL" if "database_url" in env_data else str(path))
    return Config(
        home=home,
        identity=raw.identity,
        data_dir=data_dir,
        database_url=database_url,
        secret_key_file=(home / raw.secret_key_file).absolute(),
        secrets_file=(home / raw.secrets_file).absolute(),
        partners_dir=(home / raw.partners_dir).absolute(),
        maps_dir=(home / raw.maps_dir).absolute(),
        inbox_dir=(home / raw.inbox_dir).absolute(),
        outbox_dir=(home / raw.outbox_dir).absolute(),
        api=raw.api,
        daemon=raw.daemon,
        sftp=raw.sftp,
    )
