"""Our SFTP server on 127.0.0.1 and a free port, with OpenSSH's own `sftp` client as the partner.

Each test gets a fresh working folder with one partner (`acme`, key-only) and a server built from it; the
partners getter re-reads partners/ at every login, as the daemon's reload does.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from edigate.config import Config, load_config
from edigate.partners import Partners, load_profiles
from edigate.transports.sftp_server import SftpServer, ensure_host_keys

SFTP = shutil.which("sftp")


def keygen(path: Path, kind: str = "ed25519") -> str:
    """A new key pair made by OpenSSH's ssh-keygen (no passphrase); the public key line."""
    subprocess.run(["ssh-keygen", "-q", "-t", kind, "-N", "", "-f", str(path)], check=True)
    return Path(f"{path}.pub").read_text().strip()


def write_partner(home: Path, partner: str, keys: list[str], extra: str = "") -> Path:
    lines = ", ".join(f'"{key}"' for key in keys)
    path = home / "partners" / f"{partner}.toml"
    path.write_text(
        f'# {partner}: connects to our SFTP server\nname = "{partner}"\n\n[sftp]\nauthorized_keys = [{lines}]\n{extra}'
    )
    return path


@dataclass
class Peer:
    """The working folder, the running server and the partner's key: what a test drives OpenSSH with."""

    home: Path
    config: Config
    server: SftpServer
    key: Path

    def inbox(self, partner: str = "acme") -> Path:
        return self.config.inbox(partner)

    def outbox(self, partner: str = "acme") -> Path:
        return self.config.outbox(partner)

    def sftp(
        self, commands: str, *, user: str = "acme", key: Path | None = None, timeout: float = 20
    ) -> subprocess.CompletedProcess[str]:
        """Run `sftp -b -` with these batch commands as `user`; the finished process (stdout, stderr, code)."""
        assert SFTP is not None
        args = [SFTP, "-b", "-", "-P", str(self.server.port), "-i", str(key or self.key)]
        args += ["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes"]
        args += ["-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10", f"{user}@127.0.0.1"]
        return subprocess.run(args, input=commands, capture_output=True, text=True, timeout=timeout, cwd=self.home)


def make_home(
    folder: Path, client_key: Path, sftp_section: str = "", host_keys: Path | None = None
) -> tuple[Path, Config]:
    """A working folder with partner acme (key-only); host keys shared from `host_keys` when given (RSA is slow)."""
    home = folder / "home"
    (home / "partners").mkdir(parents=True)
    keys = host_keys or home / "sftp"
    shared = f'host_ed25519_key = "{keys / "host_ed25519_key"}"\nhost_rsa_key = "{keys / "host_rsa_key"}"\n'
    (home / "edigate.toml").write_text(f'[sftp]\nenabled = true\nlisten = "127.0.0.1:0"\n{shared}{sftp_section}')
    write_partner(home, "acme", [keygen(client_key)])
    config = load_config(home, environ={})
    ensure_host_keys(config)
    return home, config


def partners_of(config: Config) -> Partners:
    return load_profiles(config.partners_dir)


@pytest.fixture(scope="session")
def host_keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One set of host keys for the whole run: an RSA 3072 key takes a good part of a second to make."""
    folder = tmp_path_factory.mktemp("sftp_host_keys")
    _home, _config = make_home(folder, folder / "unused_key", host_keys=folder)
    return folder


@pytest.fixture
def peer(tmp_path: Path, host_keys: Path) -> Iterator[Peer]:
    if SFTP is None or shutil.which("ssh-keygen") is None:
        pytest.skip("OpenSSH client not installed (apt-get install openssh-client)")
    key = tmp_path / "acme_key"
    home, config = make_home(tmp_path, key, host_keys=host_keys)
    server = SftpServer(config, lambda: partners_of(config), drain_seconds=5).start()
    try:
        yield Peer(home, config, server, key)
    finally:
        server.stop()
