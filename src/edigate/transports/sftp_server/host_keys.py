"""Our SFTP server's host keys: made once (by `edigate init`), kept forever, fingerprints shown for partners.

A partner's SFTP client pins the host key on first contact; a key that changes makes every partner's transfer
fail with a "host key changed" alarm. So keys are never regenerated over an existing file, only created when
missing, private (0600) and written atomically so a crash never leaves half a key.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import paramiko
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from ...config import Config
from ...partners.sftp_access import blob_fingerprint

RSA_BITS = 3072


def _private_bytes(kind: str) -> bytes:
    key: ed25519.Ed25519PrivateKey | rsa.RSAPrivateKey
    if kind == "ed25519":
        key = ed25519.Ed25519PrivateKey.generate()
    else:
        key = rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption()
    )


def _write_private(path: Path, data: bytes) -> None:
    """Create `path` (0600 from the first byte, never world-readable even for an instant), atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(temp, path)  # fails if another process made the key meanwhile: theirs stays
    finally:
        os.unlink(temp)


def load_host_keys(config: Config) -> list[paramiko.PKey]:
    """The server's host keys (Ed25519 first); OSError/SSHException when a file is missing or unreadable."""
    ed_path, rsa_path = config.sftp.host_key_paths(config.home)
    return [
        paramiko.Ed25519Key.from_private_key_file(str(ed_path)),
        paramiko.RSAKey.from_private_key_file(str(rsa_path)),
    ]


def fingerprint_line(key: paramiko.PKey, path: Path) -> str:
    """Like `ssh-keygen -lf`: bits, SHA256 fingerprint, file, (TYPE)."""
    kind = "ED25519" if key.get_name() == "ssh-ed25519" else "RSA"
    return f"{key.get_bits()} {blob_fingerprint(key.asbytes())} {path} ({kind})"


def ensure_host_keys(config: Config) -> list[str]:
    """Create the Ed25519 and RSA host keys when missing (kept when present); their fingerprint lines."""
    paths = config.sftp.host_key_paths(config.home)
    for kind, path in zip(("ed25519", "rsa"), paths, strict=True):
        if not path.exists():
            with contextlib.suppress(FileExistsError):
                _write_private(path, _private_bytes(kind))
    return [fingerprint_line(key, path) for key, path in zip(load_host_keys(config), paths, strict=True)]
