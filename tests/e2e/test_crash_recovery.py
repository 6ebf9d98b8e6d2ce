"""kill -9 of `edigate run` mid-batch, again and again: after the last restart every file is delivered exactly
once to the ERP (one idempotency key per record; a repeat is the same key), none is lost, none is left behind."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from ..integration.connectors.erp_server import ErpServer
from .daemon_process import Daemon, make_home, purchase_order, state_counts, wait_until

FILES = 150
KILLS = 5

PROFILE = """
id = "acme"
[x12]
version = "004010"
[x12.theirs]
qualifier = "ZZ"
id = "ACMERETAIL"
[[receive]]
set = "850"
[deliver]
purchase_order = "erp"
[connectors.erp]
kind = "http"
url = "{url}/orders"
retry = {{ max_attempts = 20, initial_delay_seconds = 0.05, max_delay_seconds = 0.2 }}
"""


@pytest.mark.slow
def test_kill_9_mid_batch_then_restart_delivers_every_file_exactly_once(tmp_path: Path, erp: ErpServer) -> None:
    home = make_home(tmp_path, PROFILE.format(url=erp.url))
    staging = tmp_path / "staging"
    staging.mkdir()
    for number in range(1, FILES + 1):
        (staging / f"po-{number}.edi").write_bytes(purchase_order(number))
    daemon = Daemon(home).start()
    rng = random.Random(7)
    try:
        for path in sorted(staging.iterdir()):
            path.rename(home / "inbox" / "acme" / path.name)
        for _ in range(KILLS):
            time.sleep(rng.uniform(0.2, 0.8))
            daemon.kill()
            daemon.start()
        counts = wait_until(
            lambda: (c := state_counts(home))["delivered"] == FILES and c,
            timeout=120,
            what=f"{FILES} documents delivered",
        )
    finally:
        daemon.stop()
    assert sum(counts.values()) == FILES, counts
    keys = [seen.headers["Idempotency-Key"] for seen in erp.requests]
    assert len(set(keys)) == FILES
    bodies = {seen.headers["Idempotency-Key"]: seen.body for seen in erp.requests}
    assert len({b for b in bodies.values()}) == FILES
    assert not list((home / "inbox" / "acme").iterdir())
    assert len(list((home / "spool" / "acme").rglob("*.edi"))) == FILES
    assert daemon.starts == KILLS + 1
