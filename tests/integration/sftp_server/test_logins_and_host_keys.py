"""Passwords (hashed, only where enabled), failed-login throttling per address, and the host keys we present."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
from pathlib import Path

import paramiko
import pytest

from edigate.config import load_config
from edigate.config.sftp_settings import SftpSettings
from edigate.partners import load_profiles
from edigate.partners.sftp_access import blob_fingerprint, hash_password, verify_password
from edigate.transports.sftp_server import LoginThrottle, SftpServer, ensure_host_keys

from .conftest import Peer, keygen, make_home, partners_of, write_partner


def _password_login(peer: Peer, user: str, password: str) -> paramiko.Transport:
    transport = paramiko.Transport(("127.0.0.1", peer.server.port))
    try:
        transport.connect(username=user, password=password)
    except paramiko.AuthenticationException:
        transport.close()
        raise
    return transport


def test_password_login_only_where_the_profile_enables_it(peer: Peer) -> None:
    public = Path(f"{peer.key}.pub").read_text().strip()
    write_partner(peer.home, "acme", [public], f'password_hash = "{hash_password("s3cret-Pass")}"\n')
    write_partner(peer.home, "globex", [public])
    transport = _password_login(peer, "acme", "s3cret-Pass")
    try:
        sftp = paramiko.SFTPClient.from_transport(transport)
        assert sftp is not None and sorted(sftp.listdir("/")) == ["inbox", "outbox"]
    finally:
        transport.close()
    for user, password in (("acme", "wrong"), ("globex", "s3cret-Pass"), ("nobody", "s3cret-Pass")):
        with pytest.raises(paramiko.AuthenticationException):
            _password_login(peer, user, password)


def test_the_hash_is_salted_scrypt_and_never_the_password() -> None:
    first, second = hash_password("hunter2"), hash_password("hunter2")
    assert first.startswith("scrypt$") and "hunter2" not in first and first != second
    assert verify_password("hunter2", first) and not verify_password("hunter3", first)
    assert not verify_password("hunter2", "scrypt$garbage") and not verify_password("x", "")


def test_five_failures_block_the_address_even_for_the_right_key(
    peer: Peer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "edigate.sftp")
    wrong = tmp_path / "wrong_key"
    keygen(wrong)
    for _ in range(5):
        assert peer.sftp("ls /\n", key=wrong).returncode != 0
    blocked = peer.sftp("ls /\n")
    assert blocked.returncode != 0
    assert any("5 failed logins" in r.getMessage() for r in caplog.records)
    assert any("refused: blocked" in r.getMessage() for r in caplog.records)


def test_the_throttle_forgets_old_failures_and_ends_the_block() -> None:
    now = [0.0]
    throttle = LoginThrottle(SftpSettings(max_failures=3, failure_window_seconds=60, block_seconds=300), lambda: now[0])
    assert not throttle.failed("10.0.0.1") and not throttle.failed("10.0.0.1")
    now[0] = 61.0  # the first two fall out of the window
    assert not throttle.failed("10.0.0.1") and not throttle.failed("10.0.0.1")
    assert throttle.failed("10.0.0.1") and throttle.blocked("10.0.0.1")
    assert not throttle.blocked("10.0.0.2")  # per address
    now[0] = 61.0 + 299
    assert throttle.blocked("10.0.0.1")
    now[0] = 61.0 + 301
    assert not throttle.blocked("10.0.0.1")


def _ssh_keygen_fingerprint(private: Path, tmp_path: Path) -> str:
    public = subprocess.run(["ssh-keygen", "-y", "-f", str(private)], capture_output=True, text=True, check=True)
    (tmp_path / "k.pub").write_text(public.stdout)
    out = subprocess.run(["ssh-keygen", "-lf", str(tmp_path / "k.pub")], capture_output=True, text=True, check=True)
    return out.stdout.split()[1]


def test_host_keys_are_made_once_private_and_fingerprinted_like_openssh(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    config = load_config(home, environ={})
    lines = ensure_host_keys(config)
    ed, rsa = home / "sftp" / "host_ed25519_key", home / "sftp" / "host_rsa_key"
    for path in (ed, rsa):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert lines[0].startswith("256 SHA256:") and lines[0].endswith("(ED25519)")
    assert lines[1].startswith("3072 SHA256:") and lines[1].endswith("(RSA)")
    assert lines[0].split()[1] == _ssh_keygen_fingerprint(ed, tmp_path)
    assert lines[1].split()[1] == _ssh_keygen_fingerprint(rsa, tmp_path)
    assert ensure_host_keys(config) == lines  # kept, never regenerated
    assert sorted(p.name for p in (home / "sftp").iterdir()) == ["host_ed25519_key", "host_rsa_key"]


def test_the_server_presents_the_fingerprinted_key(tmp_path: Path, host_keys: Path) -> None:
    _home, config = make_home(tmp_path, tmp_path / "key", host_keys=host_keys)
    expected = ensure_host_keys(config)[0].split()[1]
    with SftpServer(config, lambda: partners_of(config)) as server:
        transport = paramiko.Transport(("127.0.0.1", server.port))
        try:
            transport.start_client(timeout=5)
            assert blob_fingerprint(transport.get_remote_server_key().asbytes()) == expected
        finally:
            transport.close()


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('authorized_keys = ["ssh-dss AAAAB3NzaC1kc3M= old"]', "key type 'ssh-dss' is not accepted"),
        ('authorized_keys = ["ssh-ed25519 AAAAC3NzaC1yc2EAAAA= x"]', "does not say ssh-ed25519"),
        ('authorized_keys = ["just-a-word"]', "not an OpenSSH public key line"),
        ('password_hash = "hunter2"', "not a hash written by `edigate partner password`"),
        ('after_download = "keep"', "'move' or 'delete'"),
    ],
)
def test_a_bad_sftp_table_is_reported_with_its_field(tmp_path: Path, table: str, message: str) -> None:
    (tmp_path / "acme.toml").write_text(f"[sftp]\n{table}\n")
    partners = load_profiles(tmp_path)
    assert len(partners) == 0 and len(partners.problems) == 1
    problem = partners.problems[0]
    assert problem.field.startswith("sftp.") and message in problem.message, problem
