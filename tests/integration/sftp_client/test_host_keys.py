"""Pinned host keys: nothing is sent to a server whose key is unknown or changed; trust-host records it."""

from __future__ import annotations

import paramiko
import pytest

from edigate.partners import SftpChannel
from edigate.transports.sftp_client import HostKeyError, fingerprint, poll, server_host_key

from .conftest import PARTNER, Home
from .sshd_server import Sshd


def test_our_fingerprint_is_the_one_ssh_keygen_prints(sshd: Sshd) -> None:
    key = paramiko.Ed25519Key.from_private_key_file(str(sshd.host_key))
    assert fingerprint(key) == sshd.fingerprint


def test_the_server_key_is_read_without_logging_in(sshd: Sshd) -> None:
    channel = SftpChannel(kind="sftp", host="127.0.0.1", port=sshd.port, username="nobody")
    assert server_host_key("x", channel) == (sshd.fingerprint, "ssh-ed25519")


def test_an_unpinned_server_is_refused_naming_partner_host_and_fingerprint(home: Home) -> None:
    home.write_profile(inbound=f"inbound = {home.channel(pin=False)}")
    (home.remote / "in" / "a.edi").write_bytes(b"x")
    result = poll(home.profile(), home.config, home.secrets)
    [problem] = result.problems
    assert f"partner {PARTNER}" in problem and f"127.0.0.1:{home.sshd.port}" in problem
    assert home.sshd.fingerprint in problem and "trust-host" in problem
    assert (home.remote / "in" / "a.edi").exists()


def test_a_changed_key_is_refused_with_both_fingerprints(home: Home) -> None:
    wrong = "SHA256:" + "A" * 43
    home.write_profile(inbound=f"inbound = {home.channel(host_key_fingerprint=wrong)}")
    result = poll(home.profile(), home.config, home.secrets)
    [problem] = result.problems
    assert "HOST KEY CHANGED" in problem and wrong in problem and home.sshd.fingerprint in problem


def test_host_key_error_carries_what_was_seen(home: Home) -> None:
    from edigate.transports.sftp_client import credentials, open_session

    channel = SftpChannel(kind="sftp", host="127.0.0.1", port=home.sshd.port, username="root", private_key_secret="k")
    home.secrets.set(PARTNER, "k", home.sshd.client_key_text())
    with (
        pytest.raises(HostKeyError) as caught,
        open_session(PARTNER, channel, credentials(PARTNER, channel, home.secrets)),
    ):
        pass
    assert caught.value.seen == home.sshd.fingerprint and caught.value.key_type == "ssh-ed25519"
