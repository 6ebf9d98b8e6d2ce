"""sd_notify(3) without libsystemd: a datagram to $NOTIFY_SOCKET, so `Type=notify` and `WatchdogSec=` work.

systemd starts the unit's clock at exec and waits for READY=1; with WatchdogSec it kills and restarts a service
that stops sending WATCHDOG=1. Without $NOTIFY_SOCKET (a terminal, the tests, another supervisor) every call is
a no-op, so the daemon never needs to know how it was started.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Mapping

log = logging.getLogger("edigate.daemon")


class SystemdNotifier:
    """Sends state lines to systemd; silent when not started by systemd (or when the socket is gone)."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        path = env.get("NOTIFY_SOCKET", "")
        # "@name" is Linux's abstract namespace, written with a leading NUL byte.
        self.address = "\0" + path[1:] if path.startswith("@") else path
        self.watchdog_seconds = _watchdog_seconds(env)
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    @property
    def enabled(self) -> bool:
        return bool(self.address)

    def notify(self, *lines: str) -> bool:
        """Send `KEY=value` lines in one datagram; whether it was sent."""
        if not self.enabled:
            return False
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.connect(self.address)
                sock.sendall("\n".join(lines).encode("utf-8"))
        except OSError as exc:
            log.warning("sd_notify to %r failed: %s", self.address, exc)
            return False
        return True

    def ready(self, status: str = "") -> bool:
        return self.notify("READY=1", *([f"STATUS={status}"] if status else []), f"MAINPID={os.getpid()}")

    def stopping(self, status: str = "stopping") -> bool:
        return self.notify("STOPPING=1", f"STATUS={status}")

    def status(self, text: str) -> bool:
        return self.notify(f"STATUS={text}")

    def reloading(self) -> bool:
        return self.notify("RELOADING=1")

    def watchdog(self) -> bool:
        return self.notify("WATCHDOG=1")

    def start_watchdog(self, healthy: Callable[[], bool] = lambda: True) -> None:
        """Ping WATCHDOG=1 at half of $WATCHDOG_USEC from a thread, when systemd asked for it, but only while
        `healthy()` says the daemon's own threads are alive: a wedged daemon must be restarted, not kept."""
        if not self.enabled or self.watchdog_seconds is None or self._thread is not None:
            return
        interval = self.watchdog_seconds / 2
        self._thread = threading.Thread(
            target=self._ping, args=(interval, healthy), name="edigate-watchdog", daemon=True
        )
        self._thread.start()

    def _ping(self, interval: float, healthy: Callable[[], bool]) -> None:
        while not self._stop.wait(interval):
            if healthy():
                self.watchdog()
            else:
                log.error("a daemon thread has stopped: no watchdog ping, systemd will restart the service")

    def stop_watchdog(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)


def _watchdog_seconds(env: Mapping[str, str]) -> float | None:
    """$WATCHDOG_USEC in seconds, when it is meant for this process ($WATCHDOG_PID absent or ours)."""
    usec = env.get("WATCHDOG_USEC", "")
    pid = env.get("WATCHDOG_PID", "")
    if not usec.isdigit() or int(usec) == 0 or (pid and pid != str(os.getpid())):
        return None
    return int(usec) / 1_000_000
