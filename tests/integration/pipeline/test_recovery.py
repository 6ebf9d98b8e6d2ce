"""After kill -9: what the dead worker had claimed is taken up at the next start, not when its lease ends."""

from __future__ import annotations

import socket
from pathlib import Path

from edigate.store import DocumentState

from .home import drop, example, make_home, open_gateway


def test_a_killed_workers_document_is_freed_at_start(tmp_path: Path, database_url: str) -> None:
    home = make_home(tmp_path, database_url)
    dead = f"{socket.gethostname()}:999999999"  # no such pid
    with open_gateway(home) as gateway:
        received = gateway.take_file(drop(home, "po.edi", example("850-purchase-order.edi")), "acme")
        assert gateway.store.claim_next(DocumentState.RECEIVED, dead) is not None
        assert gateway.process_next() is None  # held by the dead worker's lease
        assert gateway.free_dead_claims() == 1
        done = gateway.process_next()
    assert done is not None and done.id == received.document.id and done.state == DocumentState.DELIVERED


def test_a_live_workers_claim_is_left_alone(tmp_path: Path, database_url: str) -> None:
    import os

    home = make_home(tmp_path, database_url)
    alive = f"{socket.gethostname()}:{os.getppid()}"
    with open_gateway(home) as gateway:
        gateway.take_file(drop(home, "po.edi", example("850-purchase-order.edi")), "acme")
        gateway.store.claim_next(DocumentState.RECEIVED, alive)
        assert gateway.free_dead_claims() == 0
        assert gateway.process_next() is None
