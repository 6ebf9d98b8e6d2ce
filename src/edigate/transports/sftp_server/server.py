"""The listening SFTP server: one thread accepting, one paramiko Transport (and its threads) per connection.

    server = SftpServer(config, lambda: gateway.context.partners).start()
    print(server.port)      # the real port, also when `listen` asks for port 0
    ...
    server.stop()           # stop accepting, let transfers in flight finish (bounded), close the rest

Partners are looked up through the getter at each login, so a SIGHUP reload (a new key, a new partner) applies
to the next connection without a restart.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Callable

import paramiko

from ...config import Config
from ...config.daemon_settings import split_listen
from ...partners import Partners
from .auth import LoginThrottle, PartnerServer, ServerContext
from .host_keys import load_host_keys
from .session import remove_stale_uploads
from .sftp_interface import GatewaySftpServer, PartnerSftp

log = logging.getLogger("edigate.sftp")

#: Flow control: a large window keeps OpenSSH's 64 pipelined 32 KB writes flowing without waiting on us.
WINDOW_SIZE = 16 * 1024 * 1024
MAX_PACKET_SIZE = 256 * 1024
#: Ciphers by speed in paramiko (AES-GCM and CTR go through `cryptography`'s OpenSSL, no separate MAC for GCM).
CIPHERS = ("aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr", "aes256-ctr", "aes192-ctr")
AUTH_TIMEOUT = 30.0


class SftpServer:
    """Our SFTP server for partners; `start()` returns once it listens, `stop()` drains and closes."""

    def __init__(self, config: Config, partners: Callable[[], Partners], *, drain_seconds: float = 30.0) -> None:
        self.config = config
        self.context = ServerContext(config, partners, LoginThrottle(config.sftp))
        self.drain_seconds = drain_seconds
        self.host_keys: list[paramiko.PKey] = []
        self._listener: socket.socket | None = None
        self._accepting: threading.Thread | None = None
        self._stopping = threading.Event()
        self._transports: dict[paramiko.Transport, PartnerServer] = {}
        self._lock = threading.Lock()
        self.address: tuple[str, int] = split_listen(config.sftp.listen)

    @property
    def port(self) -> int:
        return self.address[1]

    def start(self) -> SftpServer:
        """Load the host keys, clean stale uploads, listen; OSError when the address cannot be bound."""
        self.host_keys = load_host_keys(self.config)
        self._clean_stale_uploads()
        host, port = self.address
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        listener = socket.socket(family, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            listener.bind((host, port))
            listener.listen(64)
        except OSError:
            listener.close()
            raise
        self._listener = listener
        self.address = listener.getsockname()[:2]
        self._accepting = threading.Thread(target=self._accept_loop, name="edigate-sftp-accept", daemon=True)
        self._accepting.start()
        log.info("SFTP server listening on %s:%d", *self.address)
        return self

    def _clean_stale_uploads(self) -> None:
        for profile in self.context.partners():
            inbox, _outbox = self.context.folders(profile)
            for path in remove_stale_uploads(inbox):
                log.warning("removed an upload left unfinished by a previous run: %s", path.name,
                            extra={"partner": profile.id, "file": path.name})  # fmt: skip

    def _accept_loop(self) -> None:
        assert self._listener is not None
        while not self._stopping.is_set():
            try:
                sock, peer = self._listener.accept()
            except OSError:
                return  # the listener was closed by stop()
            try:
                self._serve(sock, f"{peer[0]}:{peer[1]}")
            except Exception:
                log.exception("SFTP connection from %s could not start", peer[0])
                sock.close()

    def _serve(self, sock: socket.socket, address: str) -> None:
        host = address.rpartition(":")[0]
        with self._lock:
            crowded = len(self._transports) >= self.config.sftp.max_connections
        if crowded or self.context.throttle.blocked(host):
            log.warning("connection from %s refused: %s", address, "too many connections" if crowded else "blocked",
                        extra={"address": host})  # fmt: skip
            sock.close()
            return
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        transport = paramiko.Transport(sock, default_window_size=WINDOW_SIZE, default_max_packet_size=MAX_PACKET_SIZE)
        transport.auth_timeout = AUTH_TIMEOUT
        transport.get_security_options().ciphers = CIPHERS
        for key in self.host_keys:
            transport.add_server_key(key)
        transport.set_subsystem_handler("sftp", GatewaySftpServer, PartnerSftp)
        server = PartnerServer(self.context, host)
        server.transport = transport
        with self._lock:
            self._transports[transport] = server
        threading.Thread(
            target=self._run, args=(transport, server), name=f"edigate-sftp-{address}", daemon=True
        ).start()

    def _run(self, transport: paramiko.Transport, server: PartnerServer) -> None:
        """Negotiate, then wait for the connection to end; forget it after."""
        try:
            transport.start_server(server=server)
            transport.join()
        except (paramiko.SSHException, EOFError, OSError) as exc:
            log.info("SFTP connection from %s ended during negotiation: %s", server.address, exc,
                     extra={"address": server.address})  # fmt: skip
        finally:
            transport.close()
            with self._lock:
                self._transports.pop(transport, None)
            if server.session is not None:
                server.session.ended.set()
                server.session.event(logging.INFO, "logout")

    @property
    def connections(self) -> int:
        with self._lock:
            return len(self._transports)

    def _busy(self) -> bool:
        with self._lock:
            servers = list(self._transports.values())
        return any(server.session is not None and server.session.busy for server in servers)

    def stop(self, drain_seconds: float | None = None) -> None:
        """Stop accepting; wait (bounded) for open transfers to close; close every connection."""
        self._stopping.set()
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
            self._listener.close()
            self._listener = None
        deadline = time.monotonic() + (self.drain_seconds if drain_seconds is None else drain_seconds)
        while self._busy() and time.monotonic() < deadline:
            time.sleep(0.05)
        with self._lock:
            transports = list(self._transports)
        for transport in transports:
            transport.close()
        for transport in transports:
            transport.join(5)
        if self._accepting is not None:
            self._accepting.join(5)
        log.info("SFTP server stopped")

    def __enter__(self) -> SftpServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


class SftpStartError(Exception):
    """The SFTP server cannot start (address taken, host keys missing): the reason, naming the setting."""


def start_if_enabled(config: Config, partners: Callable[[], Partners]) -> SftpServer | None:
    """For `edigate run`: the started server when `[sftp] enabled = true`, else None; SftpStartError saying why."""
    if not config.sftp.enabled:
        return None
    try:
        return SftpServer(config, partners).start()
    except FileNotFoundError as exc:
        raise SftpStartError(f"SFTP host key {exc.filename} missing: run `edigate init` to make it") from None
    except (OSError, paramiko.SSHException) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise SftpStartError(
            f"cannot start the SFTP server on {config.sftp.listen} ([sftp] listen): {reason}"
        ) from None
