"""Fixtures for the remote-SFTP tests: one real sshd per session, and a working folder with an SFTP partner."""

from __future__ import annotations

import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from edigate.config import Config, load_config
from edigate.partners import Profile, SecretStore, load_profile, new_key, open_secret_store
from edigate.partners.secrets import KEY_ENV

from .sshd_server import Sshd, missing_reason, start_sshd

PARTNER = "carrier"


@pytest.fixture(scope="session")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sshd]:
    reason = missing_reason()
    if reason:
        pytest.skip(reason)
    server = start_sshd(tmp_path_factory.mktemp("sshd"))
    yield server
    server.stop()


@dataclass
class PasswordUser:
    name: str
    password: str
    home: Path


@pytest.fixture(scope="session")
def password_user(sshd: Sshd) -> Iterator[PasswordUser]:
    """A throwaway system account with a password (sshd without PAM checks /etc/shadow); removed afterwards."""
    if shutil.which("useradd") is None or shutil.which("chpasswd") is None:
        pytest.skip("useradd/chpasswd missing: password authentication against sshd cannot be set up")
    name, password = f"edisftp{secrets.token_hex(3)}", secrets.token_urlsafe(12)
    home = Path(tempfile.mkdtemp(prefix="edigate-sftp-user-"))  # pytest's tmp is 0700: the user could not enter
    subprocess.run(["useradd", "-M", "-N", "-d", str(home), "-s", "/usr/sbin/nologin", name], check=True)
    try:
        subprocess.run(["chpasswd"], input=f"{name}:{password}", text=True, check=True)
        shutil.chown(home, user=name)
        home.chmod(0o755)
        yield PasswordUser(name, password, home)
    finally:
        subprocess.run(["userdel", name], check=False)
        shutil.rmtree(home, ignore_errors=True)


@dataclass
class Home:
    """A working folder with one SFTP partner; `configure` rewrites its channels for a test."""

    config: Config
    secrets: SecretStore
    remote: Path
    sshd: Sshd

    def profile_path(self) -> Path:
        return self.config.partners_dir / f"{PARTNER}.toml"

    def profile(self) -> Profile:
        return load_profile(self.profile_path())

    def write_profile(self, inbound: str = "", outbound: str = "") -> None:
        text = f'name = "A carrier with its own server"\n\n{inbound}\n{outbound}\n'
        self.profile_path().write_text(text)

    def channel(self, folder: str = "in", pin: bool = True, auth: str = "key", **extra: object) -> str:
        """An inline sftp table (TOML) on this sshd, pinned and key-authenticated unless told otherwise."""
        fields = {"kind": "sftp", "host": "127.0.0.1", "port": self.sshd.port, "username": "root"}
        fields["remote_path"] = str(self.remote / folder)
        if pin:
            fields["host_key_fingerprint"] = self.sshd.fingerprint
        fields["private_key_secret" if auth == "key" else "password_secret"] = f"sftp-{auth}"
        fields.update(min_age_seconds=0, connect_timeout_seconds=5)
        fields.update(extra)
        return "{" + ", ".join(f"{k} = {_toml(v)}" for k, v in fields.items()) + "}"


def _toml(value: object) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + "}"
    return str(value).lower() if isinstance(value, bool) else str(value)


@pytest.fixture
def home(tmp_path: Path, sshd: Sshd, monkeypatch: pytest.MonkeyPatch) -> Home:
    monkeypatch.setenv(KEY_ENV, new_key())
    root = tmp_path / "home"
    (root / "partners").mkdir(parents=True)
    config = load_config(root)
    store = open_secret_store(config)
    store.set(PARTNER, "sftp-key", sshd.client_key_text())
    remote = tmp_path / "remote"
    for folder in ("in", "out", "archive"):
        (remote / folder).mkdir(parents=True)
    result = Home(config, store, remote, sshd)
    result.write_profile(inbound=f"inbound = {result.channel()}")
    return result
