"""Three `edigate run` processes on one PostgreSQL database and one working folder take a corpus-derived mix
together: each file is recorded once (by whichever daemon renamed it into the spool first), each record reaches
the ERP under one key, and no ISA13 of the 997s is handed out twice, the counter being shared in the database."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from ..e2e.daemon_process import Daemon, wait_until
from ..integration.connectors.erp_server import ErpServer
from . import harness
from .corpus_mix import Mix

FILES = harness.scaled(600, 5000)
INSTANCES = 3


@pytest.mark.slow
@pytest.mark.usefixtures("corpus")
def test_three_daemons_share_one_database_and_folder_without_doing_anything_twice(
    tmp_path: Path, erp: ErpServer, postgres_url: str
) -> None:
    home = harness.chaos_home(tmp_path, erp.url, database_url=postgres_url)
    staging = tmp_path / "staging"
    staging.mkdir()
    mix = Mix(seed=23)
    files = mix.write(staging, FILES)
    daemons = [Daemon(home, tag=chr(ord("a") + i)).start() for i in range(INSTANCES)]
    started = time.monotonic()
    try:
        harness.drop_all(files, home / "inbox" / "acme")
        result = wait_until(lambda: harness.settled(home, FILES), timeout=harness.scaled(170, 1800), what="settled")
        elapsed = time.monotonic() - started
        assert all(d.process is not None and d.process.poll() is None for d in daemons)
    finally:
        for daemon in daemons:
            daemon.stop()
    harness.check_every_file_accounted_for(home, mix, result)
    records = harness.check_delivered_exactly_once(result, erp)
    acks = harness.check_control_numbers_unique(home)
    harness.check_same_fate_per_template(mix, result)
    taken = [_taken(d.logs()) for d in daemons]
    assert sum(taken) == FILES - _recovered(daemons), taken
    assert min(taken) > 0, f"each daemon should take some files: {taken}"
    figures = {"files": FILES, "instances": INSTANCES, "records": records, "acks": acks, "taken": taken}
    print("multi-instance figures:", json.dumps({**figures, **result.counts, "seconds": round(elapsed, 1)}))


def _taken(logs: str) -> int:
    """Files one daemon moved into the spool (new ones and reported duplicates), from its JSON log lines."""
    return logs.count('"msg": "received ') + logs.count('"msg": "duplicate file: ')


def _recovered(daemons: list[Daemon]) -> int:
    return sum(d.logs().count("spooled before a stop") for d in daemons)
