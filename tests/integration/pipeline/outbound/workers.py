"""Code the outbound tests run in child processes (a module of its own so 'spawn' can import it)."""

from __future__ import annotations

import os
import signal
import socket
from pathlib import Path
from typing import Any

from edigate.pipeline import outbound

from .helpers import example_records, make_context


def send_many(home: str, rounds: int, barrier: Any) -> list[tuple[str, tuple[str, ...], tuple[str, ...], str]]:
    """Send `rounds` interchanges (an 810 and an 856 each: two groups) as one daemon would, starting together
    with the other processes; what each send got: ISA13, GS06s, ST02s, outbox file name."""
    ctx = make_context(Path(home), worker_id=f"{socket.gethostname()}:{os.getpid()}")
    records = [*example_records("810"), *example_records("856")]
    barrier.wait(timeout=60)
    sent = []
    try:
        for _ in range(rounds):
            result = outbound.send_records(ctx, "acme", records, source="concurrency")
            sent.append(
                (
                    result.interchange_control_number,
                    result.group_control_numbers,
                    result.set_control_numbers,
                    result.path.name,
                )
            )
    finally:
        ctx.store.close()
    return sent


def die_at(home: str, step: str) -> None:
    """Send an invoice and get killed (SIGKILL) when the send reaches `step`: a real crash, nothing cleaned up."""
    ctx = make_context(Path(home), worker_id=f"{socket.gethostname()}:{os.getpid()}")

    def kill(reached: str) -> None:
        if reached == step:
            os.kill(os.getpid(), signal.SIGKILL)

    outbound.checkpoint = kill
    outbound.send_records(ctx, "acme", example_records("810"), source="doomed")


def take_same_pending(home: str, path: str, barrier: Any) -> int | None:
    """Take one pending file together with other processes (two daemons watching one folder): the document it
    became, or None when another process had already removed it."""
    ctx = make_context(Path(home), worker_id=f"{socket.gethostname()}:{os.getpid()}")
    barrier.wait(timeout=60)
    try:
        return outbound.take_pending(ctx, Path(path), "acme").document_id
    except FileNotFoundError:
        return None
    finally:
        ctx.store.close()
