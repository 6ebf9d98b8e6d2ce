"""`edigate partner keys add|list|remove` and `partner password`: the profile changes, comments stay, logins follow."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from edigate.cli import main
from edigate.partners import load_profile
from edigate.partners.sftp_access import key_fingerprint, verify_password

from .conftest import Peer, keygen


def _run(peer: Peer, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, ["--home", str(peer.home), "partner", *args], input=input)


def _profile_path(peer: Peer) -> Path:
    return peer.home / "partners" / "acme.toml"


def test_keys_add_list_remove_and_the_login_follows(peer: Peer, tmp_path: Path) -> None:
    new_key = tmp_path / "laptop_key"
    line = keygen(new_key)
    fingerprint = key_fingerprint(line)
    assert peer.sftp("ls /\n", key=new_key).returncode != 0
    added = _run(peer, "keys", "add", "acme", f"{new_key}.pub")
    assert added.exit_code == 0, added.output
    assert added.output.startswith(f"added: {fingerprint} ssh-ed25519")
    assert "already authorized" in _run(peer, "keys", "add", "acme", f"{new_key}.pub").output
    listed = _run(peer, "keys", "list", "acme")
    assert fingerprint in listed.output and len(listed.output.splitlines()) == 2
    assert peer.sftp("ls /\n", key=new_key).returncode == 0  # the server reads the profile at each login
    removed = _run(peer, "keys", "remove", "acme", fingerprint)
    assert removed.exit_code == 0 and f"removed: {fingerprint}" in removed.output
    assert peer.sftp("ls /\n", key=new_key).returncode != 0
    assert peer.sftp("ls /\n").returncode == 0  # the other key stays
    text = _profile_path(peer).read_text()
    assert text.startswith("# acme: connects to our SFTP server")  # comments kept


def test_keys_add_refuses_a_private_key_and_garbage(peer: Peer, tmp_path: Path) -> None:
    private = _run(peer, "keys", "add", "acme", str(peer.key))
    assert private.exit_code == 1 and "private key" in private.output
    garbage = tmp_path / "junk.pub"
    garbage.write_text("ssh-ed25519 not-base64!!\n")
    bad = _run(peer, "keys", "add", "acme", str(garbage))
    assert bad.exit_code == 1 and "not valid base64" in bad.output
    unknown = _run(peer, "keys", "remove", "acme", "SHA256:nope")
    assert unknown.exit_code == 1 and "has no key" in unknown.output
    nobody = _run(peer, "keys", "list", "nobody")
    assert nobody.exit_code == 1 and "no partner 'nobody'" in nobody.output


def test_password_is_stored_hashed_and_can_be_disabled(peer: Peer) -> None:
    short = _run(peer, "password", "acme", input="short\nshort\n")
    assert short.exit_code == 1 and "12 characters" in short.output
    result = _run(peer, "password", "acme", input="correct horse battery\ncorrect horse battery\n")
    assert result.exit_code == 0, result.output
    text = _profile_path(peer).read_text()
    assert "correct horse" not in text and "# acme: connects" in text
    stored = load_profile(_profile_path(peer)).sftp.password_hash
    assert stored is not None and verify_password("correct horse battery", stored)
    assert "password login: enabled" in _run(peer, "keys", "list", "acme").output
    disabled = _run(peer, "password", "acme", "--disable")
    assert disabled.exit_code == 0 and load_profile(_profile_path(peer)).sftp.password_hash is None
