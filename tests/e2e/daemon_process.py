"""`edigate run` as a real subprocess for end-to-end tests: started, waited for, killed, restarted."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from edigate.config import load_config
from edigate.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "edigate" / "examples"


class Daemon:
    def __init__(self, home: Path, tag: str = "") -> None:
        self.home = home
        self.tag = tag
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self, wait: bool = True) -> Daemon:
        log = (self.home / f"daemon{self.tag}-{self.starts}.log").open("wb")
        env = {**os.environ, "EDIGATE_HOME": str(self.home)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "edigate", "run"], stdout=log, stderr=subprocess.STDOUT, env=env
        )
        self.starts += 1
        if wait:
            self._wait_ready()
        return self

    def _wait_ready(self, timeout: float = 30.0) -> None:
        marker = load_config(self.home, environ={}).data_dir / "daemon.json"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise AssertionError(f"edigate run exited with {self.process.returncode}: {self.logs()[-3000:]}")
            if marker.exists() and _pid_in(marker) == self.process.pid:
                return
            time.sleep(0.05)
        raise AssertionError(f"edigate run not ready within {timeout} s: {self.logs()[-3000:]}")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self, timeout: float = 30.0) -> int:
        if self.process is None:
            return 0
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                raise AssertionError("edigate run did not stop within the timeout after SIGTERM") from None
        return self.process.returncode

    def logs(self) -> str:
        return "".join(p.read_text(errors="replace") for p in sorted(self.home.glob(f"daemon{self.tag}-*.log")))


def make_home(root: Path, profile: str, database_url: str | None = None) -> Path:
    """A working folder with our identity (ZZ/EDIGATEDEMO), partner `acme` from `profile`, its folders, the API on a
    free loopback port, and a migrated database (SQLite in the folder unless `database_url` is given)."""
    home = root / "home"
    for folder in ("partners", "inbox/acme", "outbox/acme"):
        (home / folder).mkdir(parents=True)
    database = f'database_url = "{database_url}"\n\n' if database_url else ""
    (home / "edigate.toml").write_text(
        f'{database}[identity]\nqualifier = "ZZ"\nid = "EDIGATEDEMO"\n\n[api]\nlisten = "127.0.0.1:0"\n'
    )
    (home / "partners" / "acme.toml").write_text(profile)
    with Store.open(load_config(home, environ={}).database_url) as store:
        store.upgrade()
    return home


def _pid_in(marker: Path) -> int | None:
    try:
        return json.loads(marker.read_text()).get("pid")
    except (OSError, ValueError):
        return None  # being written


def state_counts(home: Path) -> dict[str, int]:
    with Store.open(load_config(home, environ={}).database_url) as store:
        return store.state_counts()


def wait_until(predicate, timeout: float, what: str, interval: float = 0.1):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def purchase_order(number: int) -> bytes:
    """The example 850 made unique: its own ISA13, GS06, ST02 and PO number."""
    text = (EXAMPLES / "850-purchase-order.edi").read_text()
    text = (
        text.replace("000001001", f"{number:09d}").replace("*1001*X", f"*{number}*X").replace("*1001~", f"*{number}~")
    )
    return text.replace("PO-45001", f"PO-{number:06d}").encode("ascii")
