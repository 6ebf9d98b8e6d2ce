"""Two `edigate run` processes on one PostgreSQL database and one working folder: every file is processed by
exactly one of them, delivered once, and no control number is handed out twice (their 997s are numbered from
the same counter)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from edigate.config import load_config
from edigate.store import Store

from .daemon_process import Daemon, make_home, purchase_order, wait_until

FILES = 200

PROFILE = """
id = "acme"
[x12]
version = "004010"
[x12.theirs]
qualifier = "ZZ"
id = "ACMERETAIL"
[[receive]]
set = "850"
"""


@pytest.mark.slow
def test_two_daemons_share_the_work_without_doing_any_twice(tmp_path: Path, postgres_url: str) -> None:
    home = make_home(tmp_path, PROFILE, postgres_url)
    first, second = Daemon(home, tag="a").start(), Daemon(home, tag="b").start()
    try:
        for number in range(1, FILES + 1):
            staged = tmp_path / f"po-{number}.edi"
            staged.write_bytes(purchase_order(number))
            staged.rename(home / "inbox" / "acme" / staged.name)
        with Store.open(load_config(home, environ={}).database_url) as store:
            counts = wait_until(
                lambda: (c := store.state_counts())["delivered"] == FILES and c, timeout=180, what="all delivered"
            )
    finally:
        first.stop()
        second.stop()
    assert sum(counts.values()) == FILES, counts
    records = list((home / "erp").glob("*.json"))
    assert len(records) == FILES
    acks = list((home / "outbox" / "acme").glob("997-*.x12"))
    assert len(acks) == FILES
    numbers = [re.search(r"ISA\*(?:[^*]*\*){12}(\d{9})", a.read_text()).group(1) for a in acks]  # type: ignore[union-attr]
    assert len(set(numbers)) == FILES, "an ISA13 was handed out twice"
    taken = [log.count("received po-") for log in (first.logs(), second.logs())]
    assert sum(taken) == FILES and min(taken) > 0, f"each daemon should take some files: {taken}"
