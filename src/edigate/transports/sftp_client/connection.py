"""Opening an SFTP session to a partner's server: pinned host key first, then authentication, then SFTP.

The host key is checked before any credential is sent: a server whose key is unknown or changed never sees a
password, and the refusal names the partner, the host, and both fingerprints so an administrator can decide
(`edigate partner trust-host`). Every lower-level failure (DNS, refused port, SSH negotiation, authentication)
becomes one `SftpError` whose message says which step failed and where.
"""

from __future__ import annotations

import base64
import hashlib
import io
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import paramiko

from ...partners import SecretError, SecretStore, SftpChannel

KEY_CLASSES: tuple[type[paramiko.PKey], ...] = (paramiko.Ed25519Key, paramiko.ECDSAKey, paramiko.RSAKey)


class SftpError(Exception):
    """A transfer step that failed; the message names the partner, the server and the step."""


class Stopped(SftpError):
    """The daemon is stopping: the transfer in progress was abandoned (safely: nothing partial is kept)."""


class HostKeyError(SftpError):
    """The server's host key is not the pinned one (or none is pinned): nothing was sent to it."""

    def __init__(self, message: str, seen: str, key_type: str) -> None:
        super().__init__(message)
        self.seen = seen
        self.key_type = key_type


@dataclass(frozen=True, slots=True)
class Credentials:
    """What we log in with, decrypted from the secret store just before use."""

    password: str | None = None
    private_key: paramiko.PKey | None = None


@dataclass(slots=True)
class Session:
    """An open SFTP session and what was learned opening it (shown by `edigate partner test`)."""

    sftp: paramiko.SFTPClient
    transport: paramiko.Transport
    fingerprint: str
    key_type: str
    auth_method: str


def fingerprint(key: paramiko.PKey) -> str:
    """OpenSSH's form (`ssh-keygen -lf`): SHA256: and the unpadded base64 of the key blob's digest."""
    digest = hashlib.sha256(key.asbytes()).digest()
    return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")


def where(partner: str, channel: SftpChannel) -> str:
    return f"partner {partner}: {channel.address()}"


def parse_private_key(text: str, partner: str, name: str) -> paramiko.PKey:
    """A private key from its OpenSSH/PEM text (Ed25519, ECDSA or RSA); SecretError saying which secret is bad."""
    for key_class in KEY_CLASSES:
        try:
            return key_class.from_private_key(io.StringIO(text))
        except paramiko.PasswordRequiredException:
            raise SecretError(
                f"secret {name!r} of partner {partner!r}: encrypted private keys are not supported"
            ) from None
        except (paramiko.SSHException, ValueError, IndexError, TypeError):
            continue
    raise SecretError(f"secret {name!r} of partner {partner!r} is not an Ed25519, ECDSA or RSA private key")


def credentials(partner: str, channel: SftpChannel, secrets: SecretStore | None) -> Credentials:
    """The password and/or key the profile names, decrypted; SecretError when one is named but unusable."""
    if not channel.password_secret and not channel.private_key_secret:
        raise SecretError(f"{where(partner, channel)}: set password_secret or private_key_secret in the profile")
    if secrets is None:
        raise SecretError(f"{where(partner, channel)}: no secret store (secret key) to decrypt the credentials")
    password = secrets.get(partner, channel.password_secret) if channel.password_secret else None
    key = None
    if channel.private_key_secret:
        text = secrets.get(partner, channel.private_key_secret)
        key = parse_private_key(text, partner, channel.private_key_secret)
    return Credentials(password, key)


def open_transport(partner: str, channel: SftpChannel) -> paramiko.Transport:
    try:
        sock = socket.create_connection((channel.host, channel.port), timeout=channel.connect_timeout_seconds)
    except OSError as exc:
        raise SftpError(f"{where(partner, channel)}: cannot connect: {exc.strerror or exc}") from None
    transport = paramiko.Transport(sock)
    transport.banner_timeout = transport.handshake_timeout = channel.connect_timeout_seconds
    try:
        transport.start_client(timeout=channel.connect_timeout_seconds)
    except (paramiko.SSHException, OSError, EOFError) as exc:
        transport.close()
        raise SftpError(f"{where(partner, channel)}: SSH negotiation failed: {exc or type(exc).__name__}") from None
    return transport


def check_host_key(partner: str, channel: SftpChannel, transport: paramiko.Transport) -> tuple[str, str]:
    key = transport.get_remote_server_key()
    seen, key_type = fingerprint(key), key.get_name()
    expected = channel.host_key_fingerprint
    if expected == seen:
        return seen, key_type
    if expected is None:
        message = (
            f"{where(partner, channel)}: host key not trusted yet: the server shows {key_type} {seen}; "
            f"check it with the partner, then run: edigate partner trust-host {partner}"
        )
    else:
        message = (
            f"{where(partner, channel)}: HOST KEY CHANGED: expected {expected}, the server shows {key_type} {seen}; "
            "refused (a man in the middle, or a re-keyed server: confirm with the partner before trust-host)"
        )
    raise HostKeyError(message, seen, key_type)


def authenticate(partner: str, channel: SftpChannel, transport: paramiko.Transport, creds: Credentials) -> str:
    """Key first, then password; the method that worked, or SftpError listing what was refused."""
    refused = []
    for method, value in (("publickey", creds.private_key), ("password", creds.password)):
        if value is None:
            continue
        try:
            if method == "publickey":
                transport.auth_publickey(channel.username, value)  # type: ignore[arg-type]
            else:
                transport.auth_password(channel.username, value)  # type: ignore[arg-type]
        except paramiko.AuthenticationException:
            refused.append(method)
            continue
        except (paramiko.SSHException, OSError, EOFError) as exc:
            raise SftpError(f"{where(partner, channel)}: authentication failed: {exc}") from None
        if transport.is_authenticated():
            return method
    raise SftpError(f"{where(partner, channel)}: authentication refused for {channel.username} ({', '.join(refused)})")


def open_sftp(partner: str, channel: SftpChannel, transport: paramiko.Transport) -> paramiko.SFTPClient:
    try:
        sftp = paramiko.SFTPClient.from_transport(transport)
    except (paramiko.SSHException, OSError, EOFError) as exc:
        raise SftpError(f"{where(partner, channel)}: the server refused the SFTP subsystem: {exc}") from None
    if sftp is None:
        raise SftpError(f"{where(partner, channel)}: the server refused the SFTP subsystem")
    sftp.get_channel().settimeout(channel.connect_timeout_seconds * 4)  # type: ignore[union-attr]
    return sftp


@contextmanager
def open_session(partner: str, channel: SftpChannel, creds: Credentials) -> Iterator[Session]:
    """An authenticated SFTP session to a server showing the pinned host key; closed on exit."""
    transport = open_transport(partner, channel)
    try:
        seen, key_type = check_host_key(partner, channel, transport)
        method = authenticate(partner, channel, transport, creds)
        sftp = open_sftp(partner, channel, transport)
        try:
            yield Session(sftp, transport, seen, key_type, method)
        finally:
            sftp.close()
    finally:
        transport.close()


def server_host_key(partner: str, channel: SftpChannel) -> tuple[str, str]:
    """The (fingerprint, key type) the server shows, without logging in: what trust-host records."""
    transport = open_transport(partner, channel)
    try:
        key = transport.get_remote_server_key()
        return fingerprint(key), key.get_name()
    finally:
        transport.close()
