"""Partner secrets (API tokens, passwords) encrypted at rest with AES-GCM under a key kept outside the repo.

The key is `EDIGATE_SECRET_KEY` (urlsafe base64 of 32 bytes) or a key file (mode 0600, created on first use).
Each value is bound to its partner and name as associated data, so a ciphertext copied to another entry does
not decrypt. The secrets file (`<home>/secrets.toml`, mode 0600) holds only ciphertext; nothing here prints a
value, and the only way out is `SecretStore.get`, for the connector that needs it.
"""

from __future__ import annotations

import base64
import binascii
import os
import stat
import tomllib
from collections.abc import Mapping
from pathlib import Path

import tomlkit
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ..atomic_files import write_text_atomic as write_atomic
from ..config import Config

KEY_ENV = "EDIGATE_SECRET_KEY"
_PREFIX = "v1:"
_HEADER = "edigate secrets: values are encrypted (AES-GCM); set them with `edigate secret set`, not by hand."


class SecretError(Exception):
    """A secret or key that cannot be used; the message says which and why, never the value."""


def new_key() -> str:
    """A fresh key in the form EDIGATE_SECRET_KEY and key files hold."""
    return base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)).decode("ascii")


def _decode_key(text: str, source: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise SecretError(f"{source}: not a base64 key") from None
    if len(key) != 32:
        raise SecretError(f"{source}: the key must be 32 bytes (base64), not {len(key)}")
    return key


def _private_folders(folder: Path) -> None:
    """Create `folder` and any missing parents 0700 (mkdir(parents=True) would make the parents 0755)."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for each in reversed(missing):
        each.mkdir(mode=0o700, exist_ok=True)


def _create_key_file(path: Path) -> None:
    _private_folders(path.parent)  # a folder we make for the key is nobody else's to list
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(new_key() + "\n")
        f.flush()
        os.fsync(f.fileno())


def load_key(key_file: Path, environ: Mapping[str, str] | None = None, create: bool = False) -> bytes:
    """The secret key: EDIGATE_SECRET_KEY, else the key file (made, mode 0600, when `create` and missing).

    A key file others can read is refused: a readable key makes the encryption decoration.
    """
    env = os.environ if environ is None else environ
    if env.get(KEY_ENV):
        return _decode_key(env[KEY_ENV], KEY_ENV)
    if not key_file.exists():
        if not create:
            raise SecretError(f"no secret key: {key_file} does not exist and {KEY_ENV} is not set")
        _create_key_file(key_file)
    if stat.S_IMODE(key_file.stat().st_mode) & 0o077:
        raise SecretError(f"{key_file}: the key file is readable by others; run: chmod 600 {key_file}")
    return _decode_key(key_file.read_text(encoding="ascii"), str(key_file))


class SecretStore:
    """The secrets file: partner -> name -> ciphertext. Reads lazily so listing names needs no key."""

    def __init__(self, path: Path, key: bytes | None = None) -> None:
        self.path = path
        self._key = key

    def _read(self) -> tomlkit.TOMLDocument:
        if not self.path.exists():
            doc = tomlkit.document()
            doc.add(tomlkit.comment(_HEADER))
            return doc
        try:
            return tomlkit.parse(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, tomlkit.exceptions.ParseError) as exc:
            raise SecretError(f"{self.path}: cannot read the secrets file: {exc}") from None

    def _cipher(self) -> AESGCM:
        if self._key is None:
            raise SecretError("no secret key given to the secret store")
        return AESGCM(self._key)

    def names(self, partner: str) -> list[str]:
        table = self._read().get(partner, {})
        return sorted(table)

    def is_set(self, partner: str, name: str) -> bool:
        return name in self._read().get(partner, {})

    def set(self, partner: str, name: str, value: str) -> None:
        nonce = os.urandom(12)
        sealed = self._cipher().encrypt(nonce, value.encode("utf-8"), f"{partner}/{name}".encode())
        doc = self._read()
        if partner not in doc:
            doc.add(partner, tomlkit.table())
        doc[partner][name] = _PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")  # type: ignore[index]
        write_atomic(self.path, tomlkit.dumps(doc), mode=0o600)

    def get(self, partner: str, name: str) -> str:
        """The plain value, for the connector that sends it; SecretError when unset or the key is wrong."""
        token = self._read().get(partner, {}).get(name)
        if token is None:
            raise SecretError(f"secret {name!r} of partner {partner!r} is not set")
        try:
            raw = base64.urlsafe_b64decode(str(token).removeprefix(_PREFIX))
            plain = self._cipher().decrypt(raw[:12], raw[12:], f"{partner}/{name}".encode())
        except (InvalidTag, binascii.Error, ValueError):
            raise SecretError(
                f"secret {name!r} of partner {partner!r} cannot be decrypted: wrong key, or the file was edited"
            ) from None
        return plain.decode("utf-8")

    def remove(self, partner: str, name: str | None = None) -> bool:
        """Forget one secret, or all of a partner's (name None). True when something was removed."""
        doc = self._read()
        if partner not in doc or (name is not None and name not in doc[partner]):  # type: ignore[operator]
            return False
        if name is None or len(doc[partner]) == 1:  # type: ignore[arg-type]
            del doc[partner]
        else:
            del doc[partner][name]  # type: ignore[union-attr]
        write_atomic(self.path, tomlkit.dumps(doc), mode=0o600)
        return True


def open_secret_store(
    config: Config, environ: Mapping[str, str] | None = None, create_key: bool = False
) -> SecretStore:
    """The working folder's secrets, ready to decrypt: what a connector calls to get its token."""
    return SecretStore(config.secrets_file, load_key(config.secret_key_file, environ, create=create_key))
