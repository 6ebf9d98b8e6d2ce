"""`edigate run` as a real process: signals, systemd notification, JSON logs, and refusals with the reason."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..pipeline.home import PARTNER, example, make_home

START_TIMEOUT = 30.0


class RunningDaemon:
    def __init__(self, home: Path, env: dict[str, str] | None = None) -> None:
        self.home = home
        inherited = {k: v for k, v in os.environ.items() if k not in ("NOTIFY_SOCKET", "WATCHDOG_USEC")}
        environ = {**inherited, "EDIGATE_HOME": str(home), "EDIGATE_API_LISTEN": "127.0.0.1:0", **(env or {})}
        self.stderr_path = home / f"stderr-{time.monotonic_ns()}.log"  # two runs on one home keep apart
        self.process = subprocess.Popen(
            [sys.executable, "-m", "edigate", "run", "--workers", "2"],
            stdout=subprocess.DEVNULL,
            stderr=self.stderr_path.open("wb"),
            env=environ,
        )

    def wait_ready(self) -> dict[str, object]:
        marker = self.home / "daemon.json"
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"edigate run exited {self.process.returncode}: {self.stderr()}")
            if marker.exists():
                data = json.loads(marker.read_text())
                if data.get("pid") == self.process.pid:
                    return data
            time.sleep(0.05)
        raise AssertionError(f"not ready: {self.stderr()}")

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")

    def log_lines(self) -> list[dict[str, object]]:
        return [json.loads(line) for line in self.stderr().splitlines() if line.strip()]

    def terminate(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=30)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


def eventually(predicate, timeout: float = 15.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.05)
    raise AssertionError("condition not reached within the timeout")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return make_home(tmp_path)


@pytest.fixture
def running(home: Path) -> Iterator[RunningDaemon]:
    daemon = RunningDaemon(home)
    yield daemon
    daemon.kill()


def test_sighup_reloads_partners_then_sigterm_stops_cleanly_and_every_log_line_is_json(
    running: RunningDaemon, home: Path
) -> None:
    running.wait_ready()
    (home / "inbox" / "acme" / "po.edi").write_bytes(example("850-purchase-order.edi"))
    eventually(lambda: list((home / "erp").glob("purchase_order-*.json")))
    globex = PARTNER.format(extra="").replace('"acme"', '"globex"').replace("ACMERETAIL", "GLOBEX")
    (home / "partners" / "globex.toml").write_text(globex)
    running.process.send_signal(signal.SIGHUP)
    eventually(lambda: "reloaded: 2 partner(s)" in running.stderr())
    data = example("850-purchase-order.edi").replace(b"ACMERETAIL     ", b"GLOBEX         ")
    (home / "inbox" / "globex" / "g.edi").write_bytes(data)
    eventually(lambda: list((home / "outbox" / "globex").glob("997-*")))
    assert running.process.poll() is None
    assert running.terminate() == 0
    assert not (home / "daemon.json").exists()
    lines = running.log_lines()
    messages = [str(line["msg"]) for line in lines]
    assert any("drop files for acme into" in m for m in messages)
    assert any(m == "SIGTERM: stopping" for m in messages) and messages[-1] == "stopped"
    received = next(line for line in lines if str(line["msg"]).startswith("received po.edi"))
    assert received["partner"] == "acme" and received["document_id"] == 1


def test_systemd_hears_ready_then_stopping(home: Path, tmp_path: Path) -> None:
    path = str(tmp_path / "notify.sock")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(path)
        sock.settimeout(START_TIMEOUT)
        daemon = RunningDaemon(home, {"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "400000"})
        try:
            messages = [sock.recv(4096).decode() for _ in range(2)]
            assert messages[0].startswith("READY=1\nSTATUS=serving 1 inbox(es)")
            assert messages[1] == "WATCHDOG=1"
            daemon.process.send_signal(signal.SIGTERM)
            while "STOPPING=1" not in (message := sock.recv(4096).decode()):
                assert message == "WATCHDOG=1"
            assert daemon.process.wait(timeout=30) == 0
        finally:
            daemon.kill()


def test_refusals_exit_2_with_the_reason_and_no_traceback(home: Path, tmp_path: Path) -> None:
    """An old (empty) schema, a bad setting, a taken port: started side by side, each says why it will not run."""
    fresh = tmp_path / "fresh"
    (fresh / "partners").mkdir(parents=True)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        cases = [
            (RunningDaemon(fresh), "edigate db upgrade"),
            (RunningDaemon(home, {"EDIGATE_DAEMON_WORKERS": "none"}), "daemon.workers"),
            (RunningDaemon(home, {"EDIGATE_API_LISTEN": f"127.0.0.1:{port}"}), f"cannot listen on 127.0.0.1:{port}"),
        ]
        for daemon, reason in cases:
            assert daemon.process.wait(timeout=60) == 2, daemon.stderr()
            assert reason in daemon.stderr()
            assert "Traceback" not in daemon.stderr()
