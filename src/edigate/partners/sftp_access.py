"""The `[sftp]` table of a partner profile: how that partner logs in to OUR SFTP server (not theirs).

    [sftp]
    authorized_keys = ["ssh-ed25519 AAAAC3Nza... ops@acme"]
    password_hash = "scrypt$16384$8$1$<salt>$<hash>"   # optional; `edigate partner password acme` writes it
    after_download = "move"                            # or "delete": what happens to a file they fetched whole

Keys are stored as OpenSSH public-key lines so an admin can paste what the partner sent. A password is never
stored: only a salted scrypt hash, slow on purpose so a leaked profile does not hand out the password.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import struct
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

KEY_TYPES = (
    "ssh-ed25519",
    "ssh-rsa",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
)
#: scrypt cost: 16 MB and ~50 ms per check, so guessing is slow while a login stays quick.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
_SCRYPT_MAXMEM = 64 * 1024 * 1024


class KeyLineError(ValueError):
    """A public-key line that is not `TYPE BASE64 [comment]` of a supported key type."""


def key_blob(line: str) -> tuple[str, bytes]:
    """(type, wire-format blob) of an OpenSSH public-key line; KeyLineError saying what is wrong."""
    parts = line.strip().split(None, 2)
    if len(parts) < 2:
        raise KeyLineError(f"{line[:40]!r} is not an OpenSSH public key line (TYPE BASE64 [comment])")
    kind, encoded = parts[0], parts[1]
    if kind not in KEY_TYPES:
        raise KeyLineError(f"key type {kind!r} is not accepted; accepted: {', '.join(KEY_TYPES)}")
    try:
        blob = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise KeyLineError(f"the {kind} key is not valid base64") from None
    if len(blob) < 4 or blob[4 : 4 + struct.unpack(">I", blob[:4])[0]] != kind.encode():
        raise KeyLineError(f"the {kind} key's data does not say {kind} (damaged or pasted wrongly)")
    return kind, blob


def blob_fingerprint(blob: bytes) -> str:
    """OpenSSH's fingerprint form (`ssh-keygen -lf`): SHA256: and unpadded base64 of the blob's digest."""
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode("ascii").rstrip("=")


def key_fingerprint(line: str) -> str:
    return blob_fingerprint(key_blob(line)[1])


def hash_password(password: str) -> str:
    """A salted scrypt hash in one string: `scrypt$N$r$p$salt$hash` (base64 parts)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, maxmem=_SCRYPT_MAXMEM, dklen=32
    )
    encoded = [base64.b64encode(part).decode("ascii") for part in (salt, digest)]
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${encoded[0]}${encoded[1]}"


def _parse_hash(stored: str) -> tuple[int, int, int, bytes, bytes]:
    kind, n, r, p, salt, digest = stored.split("$")
    if kind != "scrypt":
        raise ValueError("not an scrypt hash")
    cost = int(n), int(r), int(p)
    if cost[0] < 2**10 or cost[0] & (cost[0] - 1) or not 1 <= cost[1] <= 32 or not 1 <= cost[2] <= 16:
        raise ValueError("scrypt cost out of range")
    return *cost, base64.b64decode(salt, validate=True), base64.b64decode(digest, validate=True)


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` matches the stored hash (constant-time compare); False for a malformed hash."""
    try:
        n, r, p, salt, digest = _parse_hash(stored)
        found = hashlib.scrypt(
            password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_SCRYPT_MAXMEM, dklen=len(digest)
        )
    except (ValueError, binascii.Error, MemoryError):
        return False
    return hmac.compare_digest(found, digest)


class SftpAccess(BaseModel):
    """A partner's login to our SFTP server; with no keys and no password hash they cannot log in at all."""

    model_config = ConfigDict(extra="forbid")

    authorized_keys: list[str] = []
    password_hash: str | None = None
    after_download: Literal["move", "delete"] = "move"

    @field_validator("authorized_keys")
    @classmethod
    def _keys(cls, lines: list[str]) -> list[str]:
        for index, line in enumerate(lines):
            try:
                key_blob(line)
            except KeyLineError as exc:
                raise ValueError(f"authorized_keys[{index}]: {exc}") from None
        return lines

    @field_validator("password_hash")
    @classmethod
    def _hash(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                _parse_hash(value)
            except (ValueError, binascii.Error):
                raise ValueError("not a hash written by `edigate partner password` (scrypt$N$r$p$salt$hash)") from None
        return value

    @property
    def enabled(self) -> bool:
        return bool(self.authorized_keys or self.password_hash)

    def key_blobs(self) -> set[bytes]:
        """The wire-format blobs of the authorized keys, compared byte for byte with the key a client offers."""
        return {key_blob(line)[1] for line in self.authorized_keys}
