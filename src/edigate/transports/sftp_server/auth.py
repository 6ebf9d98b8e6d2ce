"""Who may log in, and with what: partner ids as user names, their listed keys, a password only if set.

Everything but an SFTP session is refused (shell, exec, pty, env, port forwarding, other subsystems), and
failed logins are counted per address: after `max_failures` within the window, that address is refused
outright for `block_seconds` (a correct key included), which turns password guessing into a crawl.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import paramiko
from paramiko import AUTH_FAILED, AUTH_SUCCESSFUL, OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED, OPEN_SUCCEEDED

from ...config import Config
from ...config.sftp_settings import SftpSettings
from ...partners import Partners, Profile
from ...partners.sftp_access import blob_fingerprint, hash_password, verify_password
from .session import Session

log = logging.getLogger("edigate.sftp")
#: Addresses with recent failures kept before old ones are swept.
MAX_TRACKED = 10_000


@functools.cache
def _dummy_hash() -> str:
    """Compared against for unknown users, so a wrong user name takes as long as a wrong password."""
    return hash_password("edigate-no-such-user")


class LoginThrottle:
    """Failed logins per address in a sliding window; an address over the limit is blocked for a while."""

    def __init__(self, settings: SftpSettings, clock: Callable[[], float] = time.monotonic) -> None:
        self.settings, self.clock = settings, clock
        self._failures: dict[str, deque[float]] = {}
        self._blocked_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def blocked(self, address: str) -> bool:
        with self._lock:
            until = self._blocked_until.get(address)
            if until is not None and self.clock() >= until:
                del self._blocked_until[address]
                until = None
            return until is not None

    def failed(self, address: str) -> bool:
        """Count one failure; whether the address is now blocked."""
        now, settings = self.clock(), self.settings
        with self._lock:
            if len(self._failures) > MAX_TRACKED:
                self._forget_old(now)
            times = self._failures.setdefault(address, deque())
            times.append(now)
            while times and times[0] < now - settings.failure_window_seconds:
                times.popleft()
            if len(times) < settings.max_failures:
                return False
            self._blocked_until[address] = now + settings.block_seconds
            del self._failures[address]
        log.warning("%s: %d failed logins: refused for %.0f s", address, settings.max_failures,
                    settings.block_seconds, extra={"address": address})  # fmt: skip
        return True

    def _forget_old(self, now: float) -> None:
        """Drop addresses whose last failure left the window: a scan from many addresses cannot grow this forever."""
        cutoff = now - self.settings.failure_window_seconds
        for address in [a for a, times in self._failures.items() if not times or times[-1] < cutoff]:
            del self._failures[address]

    def succeeded(self, address: str) -> None:
        with self._lock:
            self._failures.pop(address, None)


@dataclass(frozen=True)
class ServerContext:
    """What every connection needs: the config, the current partners (re-read on SIGHUP), the throttle."""

    config: Config
    partners: Callable[[], Partners]
    throttle: LoginThrottle

    def folders(self, profile: Profile) -> tuple[Path, Path]:
        config = self.config
        inbox = profile.inbox(config.inbox_dir, config.home) or config.inbox(profile.id)
        outbox = profile.outbox(config.outbox_dir, config.home) or config.outbox(profile.id)
        return inbox, outbox


class PartnerServer(paramiko.ServerInterface):
    """paramiko's questions about one connection, answered from the partner profiles."""

    def __init__(self, context: ServerContext, address: str) -> None:
        self.context, self.address = context, address
        self.session: Session | None = None
        self._profile: Profile | None = None
        self._key_failure_counted = False
        self.transport: paramiko.Transport | None = None  # set by the server before negotiation starts

    # -- authentication ------------------------------------------------------------------------------------------

    def get_allowed_auths(self, username: str) -> str:
        return "publickey,password"  # the same for every name, so user names cannot be probed

    def _lookup(self, username: str) -> Profile | None:
        profile = self.context.partners().by_id(username)
        return profile if profile is not None and profile.enabled and profile.sftp.enabled else None

    def _refused(self, username: str, method: str, reason: str, *, count: bool = True) -> int:
        extra = {"partner": username, "address": self.address, "file": None}
        log.warning("login refused: %r from %s by %s: %s", username, self.address, method, reason, extra=extra)
        if count:
            self.context.throttle.failed(self.address)
        return AUTH_FAILED

    def check_auth_publickey(self, username: str, key: paramiko.PKey) -> int:
        if self.context.throttle.blocked(self.address):
            return self._refused(username, "publickey", "address blocked after failed logins", count=False)
        profile = self._lookup(username)
        if profile is not None and key.asbytes() in profile.sftp.key_blobs():
            self._profile = profile  # paramiko asks again once the signature is checked; login logged at channel
            return AUTH_SUCCESSFUL
        count, self._key_failure_counted = not self._key_failure_counted, True  # one per connection: agents offer many
        reason = "unknown user" if profile is None else f"key {blob_fingerprint(key.asbytes())} not authorized"
        return self._refused(username, "publickey", reason, count=count)

    def check_auth_password(self, username: str, password: str) -> int:
        if self.context.throttle.blocked(self.address):
            return self._refused(username, "password", "address blocked after failed logins", count=False)
        profile = self._lookup(username)
        stored = profile.sftp.password_hash if profile is not None else None
        if verify_password(password, stored or _dummy_hash()) and stored is not None and profile is not None:
            self._profile = profile
            return AUTH_SUCCESSFUL
        reason = "unknown user" if profile is None else "wrong password" if stored else "password login not enabled"
        return self._refused(username, "password", reason)

    # -- channels: one SFTP session, nothing else ----------------------------------------------------------------

    def _start_session(self) -> Session | None:
        profile, transport = self._profile, self.transport
        if profile is None or transport is None or transport.get_username() != profile.id:
            return None  # a key offered but never proven (no signature) opens nothing
        if self.session is None:
            inbox, outbox = self.context.folders(profile)
            self.session = Session(profile.id, self.address, inbox, outbox, profile.sftp.after_download)
            self.context.throttle.succeeded(self.address)
            self.session.event(logging.INFO, "login")
        return self.session

    def check_channel_request(self, kind: str, chanid: int) -> int:
        if kind == "session" and self._start_session() is not None:
            return OPEN_SUCCEEDED
        self._refuse_channel(f"channel {kind!r}")
        return OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED

    def _refuse_channel(self, what: str) -> bool:
        partner = self._profile.id if self._profile else "?"
        extra = {"partner": partner, "address": self.address, "file": None}
        log.warning("%s@%s: refused %s (only the sftp subsystem is offered)", partner, self.address, what, extra=extra)
        return False

    def check_channel_subsystem_request(self, channel: paramiko.Channel, name: str) -> bool:
        if name != "sftp" or self.session is None:
            return self._refuse_channel(f"subsystem {name!r}")
        return bool(super().check_channel_subsystem_request(channel, name))

    def check_channel_shell_request(self, channel: paramiko.Channel) -> bool:
        return self._refuse_channel("shell")

    def check_channel_exec_request(self, channel: paramiko.Channel, command: bytes) -> bool:
        return self._refuse_channel("exec")

    def check_channel_pty_request(self, channel: paramiko.Channel, *args: object) -> bool:
        return self._refuse_channel("pty")

    def check_channel_env_request(self, channel: paramiko.Channel, name: bytes, value: bytes) -> bool:
        return False  # OpenSSH clients send LANG unasked: refused quietly

    def check_channel_x11_request(self, channel: paramiko.Channel, *args: object) -> bool:
        return self._refuse_channel("x11")

    def check_channel_forward_agent_request(self, channel: paramiko.Channel) -> bool:
        return self._refuse_channel("agent forwarding")

    def check_port_forward_request(self, address: str, port: int) -> int | bool:
        return self._refuse_channel("port forwarding")

    def check_channel_direct_tcpip_request(self, chanid: int, origin: object, destination: object) -> int:
        self._refuse_channel("direct-tcpip")
        return OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED

    def check_global_request(self, kind: str, msg: paramiko.Message) -> bool:
        return False
