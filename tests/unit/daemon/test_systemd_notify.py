"""sd_notify over a real AF_UNIX datagram socket, as systemd listens for it."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from edigate.daemon import SystemdNotifier


@pytest.fixture
def listener(tmp_path: Path) -> Iterator[tuple[socket.socket, str]]:
    path = str(tmp_path / "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(2)
    yield sock, path
    sock.close()


def received(sock: socket.socket) -> list[str]:
    return sock.recv(4096).decode().split("\n")


def test_ready_stopping_and_status_reach_the_socket(listener: tuple[socket.socket, str]) -> None:
    sock, path = listener
    notifier = SystemdNotifier({"NOTIFY_SOCKET": path})
    assert notifier.enabled
    assert notifier.ready("serving 2 inboxes")
    assert received(sock) == ["READY=1", "STATUS=serving 2 inboxes", f"MAINPID={os.getpid()}"]
    notifier.status("reloaded")
    assert received(sock) == ["STATUS=reloaded"]
    notifier.stopping()
    assert received(sock)[0] == "STOPPING=1"


def test_an_abstract_socket_name_is_understood() -> None:
    name = f"edigate-test-{os.getpid()}-{time.monotonic_ns()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind("\0" + name)
        sock.settimeout(2)
        assert SystemdNotifier({"NOTIFY_SOCKET": "@" + name}).watchdog()
        assert received(sock) == ["WATCHDOG=1"]


def test_without_notify_socket_everything_is_a_quiet_no_op() -> None:
    notifier = SystemdNotifier({})
    assert not notifier.enabled
    assert notifier.ready() is False and notifier.stopping() is False
    notifier.start_watchdog()
    notifier.stop_watchdog()


def test_a_vanished_socket_is_logged_not_raised(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    assert SystemdNotifier({"NOTIFY_SOCKET": str(tmp_path / "gone.sock")}).ready() is False
    assert "sd_notify" in caplog.text


def test_watchdog_pings_at_half_the_interval_while_healthy(listener: tuple[socket.socket, str]) -> None:
    sock, path = listener
    notifier = SystemdNotifier({"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "200000", "WATCHDOG_PID": str(os.getpid())})
    assert notifier.watchdog_seconds == pytest.approx(0.2)
    healthy = [True]
    notifier.start_watchdog(lambda: healthy[0])
    try:
        started = time.monotonic()
        assert received(sock) == ["WATCHDOG=1"]
        assert received(sock) == ["WATCHDOG=1"]
        assert 0.15 < time.monotonic() - started < 1.5
        healthy[0] = False
        time.sleep(0.15)  # a ping already on its way may still arrive
        sock.setblocking(False)
        while True:
            try:
                sock.recv(4096)
            except BlockingIOError:
                break
        sock.settimeout(0.4)
        with pytest.raises(TimeoutError):
            sock.recv(4096)  # an unhealthy daemon is not vouched for
    finally:
        notifier.stop_watchdog()


def test_a_watchdog_meant_for_another_process_is_ignored() -> None:
    assert (
        SystemdNotifier({"NOTIFY_SOCKET": "/x", "WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "1"}).watchdog_seconds
        is None
    )
    assert SystemdNotifier({"NOTIFY_SOCKET": "/x", "WATCHDOG_USEC": "0"}).watchdog_seconds is None
