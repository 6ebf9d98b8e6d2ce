"""Helpers of the fault tests: ERP answers stamped with the time they were given, the operator CLI run as a real
process, and the daemon's document for one dropped file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from edigate.store import DocumentInfo

from ..e2e.daemon_process import purchase_order, wait_until
from ..integration.connectors.erp_server import Action, Seen, _Handler
from . import harness


@dataclass
class Stamp:
    at: float
    seen: Seen
    answer: str


class Stamped:
    """ERP actions that remember when each request came and what it was answered (the ERP server itself keeps no
    times): what "Retry-After honoured" is checked against."""

    def __init__(self) -> None:
        self.stamps: list[Stamp] = []

    def __call__(self, action: Action, answer: str) -> Action:
        def act(handler: _Handler, seen: Seen) -> None:
            self.stamps.append(Stamp(time.monotonic(), seen, answer))
            action(handler, seen)

        return act

    def for_key(self, key: str) -> list[Stamp]:
        return [s for s in self.stamps if s.seen.headers.get("Idempotency-Key") == key]


def drop_order(home: Path, number: int, name: str | None = None) -> str:
    """Write the example 850 numbered `number` into acme's inbox (complete at once: a rename); its file name."""
    name = name or f"po-{number}.edi"
    staged = home / f".staged-{number}"
    staged.write_bytes(purchase_order(number))
    staged.rename(home / "inbox" / "acme" / name)
    return name


def document_named(home: Path, name: str, states: set[str], timeout: float = 30.0) -> DocumentInfo:
    """The document of file `name` once it is in one of `states`."""

    def find() -> DocumentInfo | None:
        for document in harness.outcome(home).documents:
            if document.file_name == name and document.state in states:
                return document
        return None

    return wait_until(find, timeout=timeout, what=f"{name} in {sorted(states)}")


def edigate(home: Path, *args: str) -> tuple[int, Any]:
    """Run the operator CLI as a process; its exit status and parsed JSON output (or text)."""
    done = subprocess.run(
        [sys.executable, "-m", "edigate", "--home", str(home), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "EDIGATE_HOME": str(home)},
        timeout=60,
    )
    try:
        return done.returncode, json.loads(done.stdout)
    except ValueError:
        return done.returncode, done.stdout + done.stderr


@contextmanager
def tmpfs(mount: Path, size: str) -> Iterator[Path]:
    """A small tmpfs at `mount` (a disk that fills up for real), unmounted afterwards; skips where not allowed."""
    mount.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root and a kernel that allows it): {done.stderr.decode()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)
