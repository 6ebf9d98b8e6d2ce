"""Secrets are ciphertext at rest, under a 0600 key kept apart, and a wrong key says so instead of guessing."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from edigate.partners import SecretError, SecretStore, load_key, new_key

VALUE = "tok_live_5up3r-s3cret"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_value_is_encrypted_at_rest_and_comes_back_with_the_key(tmp_path: Path) -> None:
    key = load_key(tmp_path / "secret.key", environ={}, create=True)
    store = SecretStore(tmp_path / "secrets.toml", key)
    store.set("acme", "erp-token", VALUE)
    raw = (tmp_path / "secrets.toml").read_bytes()
    assert VALUE.encode() not in raw
    assert b"erp-token" in raw  # names are not secret; values are
    assert store.get("acme", "erp-token") == VALUE
    assert mode(tmp_path / "secrets.toml") == 0o600
    assert mode(tmp_path / "secret.key") == 0o600


def test_the_same_value_twice_gives_different_ciphertext(tmp_path: Path) -> None:
    store = SecretStore(tmp_path / "s.toml", os.urandom(32))
    store.set("a", "one", VALUE)
    store.set("a", "two", VALUE)
    text = (tmp_path / "s.toml").read_text()
    tokens = [line.split("=", 1)[1].strip() for line in text.splitlines() if line.startswith(("one", "two"))]
    assert len(set(tokens)) == 2


def test_a_wrong_key_fails_clearly(tmp_path: Path) -> None:
    SecretStore(tmp_path / "s.toml", os.urandom(32)).set("acme", "erp-token", VALUE)
    with pytest.raises(SecretError, match="'erp-token' of partner 'acme' cannot be decrypted: wrong key"):
        SecretStore(tmp_path / "s.toml", os.urandom(32)).get("acme", "erp-token")


def test_a_ciphertext_moved_to_another_partner_does_not_decrypt(tmp_path: Path) -> None:
    key = os.urandom(32)
    path = tmp_path / "s.toml"
    SecretStore(path, key).set("acme", "erp-token", VALUE)
    path.write_text(path.read_text().replace("[acme]", "[mallory]"))
    with pytest.raises(SecretError, match="cannot be decrypted"):
        SecretStore(path, key).get("mallory", "erp-token")


def test_the_environment_key_wins_over_the_key_file(tmp_path: Path) -> None:
    env_key = new_key()
    key = load_key(tmp_path / "missing.key", environ={"EDIGATE_SECRET_KEY": env_key})
    assert len(key) == 32
    assert not (tmp_path / "missing.key").exists()


@pytest.mark.parametrize(
    ("env", "message"),
    [({"EDIGATE_SECRET_KEY": "not base64!"}, "not a base64 key"), ({"EDIGATE_SECRET_KEY": "c2hvcnQ="}, "32 bytes")],
)
def test_a_malformed_environment_key_is_refused(tmp_path: Path, env: dict[str, str], message: str) -> None:
    with pytest.raises(SecretError, match=message):
        load_key(tmp_path / "k", environ=env)


def test_a_missing_key_is_not_invented_unless_asked(tmp_path: Path) -> None:
    with pytest.raises(SecretError, match="does not exist and EDIGATE_SECRET_KEY is not set"):
        load_key(tmp_path / "k", environ={})


def test_a_key_file_others_can_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "k"
    load_key(path, environ={}, create=True)
    path.chmod(0o644)
    with pytest.raises(SecretError, match="chmod 600"):
        load_key(path, environ={})


def test_removing_a_partner_forgets_all_its_secrets_only(tmp_path: Path) -> None:
    store = SecretStore(tmp_path / "s.toml", os.urandom(32))
    store.set("acme", "a", "1")
    store.set("acme", "b", "2")
    store.set("swift", "c", "3")
    assert store.remove("acme") is True
    assert store.names("acme") == []
    assert store.get("swift", "c") == "3"
    assert store.remove("acme", "a") is False
