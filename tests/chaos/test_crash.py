"""SIGKILL of `edigate run` at random moments while a corpus-derived mix is dropped, again and again: after the
last restart every file is delivered exactly once (one key per record reached the ERP) or rejected with its
reason, every file's bytes are in the spool or the quarantine, and no 997 control number repeats."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest

from ..e2e.daemon_process import Daemon, wait_until
from ..integration.connectors.erp_server import ErpServer
from . import harness
from .corpus_mix import Mix

FILES = harness.scaled(300, 2000)
KILLS = harness.scaled(8, 24)


@pytest.mark.slow
@pytest.mark.usefixtures("corpus")
def test_sigkill_at_random_moments_loses_nothing_and_delivers_each_record_once(tmp_path: Path, erp: ErpServer) -> None:
    home = harness.chaos_home(tmp_path, erp.url)
    staging = tmp_path / "staging"
    staging.mkdir()
    mix = Mix(seed=11)
    batches = _batches(mix.write(staging, FILES), KILLS + 1)
    rng = random.Random(11)
    daemon = Daemon(home).start()
    started = time.monotonic()
    try:
        for batch in batches[:-1]:
            harness.drop_all(batch, home / "inbox" / "acme")
            time.sleep(rng.uniform(0.05, 1.5))
            daemon.kill()
            daemon.start()
        harness.drop_all(batches[-1], home / "inbox" / "acme")
        result = wait_until(lambda: harness.settled(home, FILES), timeout=harness.scaled(150, 1200), what="all settled")
    finally:
        daemon.stop()
    elapsed = time.monotonic() - started
    harness.check_every_file_accounted_for(home, mix, result)
    records = harness.check_delivered_exactly_once(result, erp)
    acks = harness.check_control_numbers_unique(home)
    harness.check_same_fate_per_template(mix, result)
    assert not list((home / "inbox" / "acme").iterdir())
    assert daemon.starts == KILLS + 1
    counts = result.counts
    assert counts.get("delivered", 0) > FILES // 3, counts
    assert counts.get("rejected", 0) >= sum(f.bad for f in mix.files.values()) // 2, counts
    figures = {"files": FILES, "kills": KILLS, "records": records, "acks": acks, "requests": len(erp.requests)}
    figures["cut_requests"] = len(erp.requests) - len(harness.complete_requests(erp))
    print("crash figures:", json.dumps({**figures, **counts, "seconds": round(elapsed, 1)}))


def _batches(files: list[Path], parts: int) -> list[list[Path]]:
    size = -(-len(files) // parts)
    return [files[i : i + size] for i in range(0, len(files), size)]
