"""Corpus purchase orders through `edigate run` (a real subprocess) to a real HTTP server playing the ERP.

Every 850 of the third-party corpus is dropped into the inbox at once. Each ends delivered or rejected (with its
reason beside it in quarantine); every record of a delivered one reaches the ERP exactly once, by Idempotency-Key,
even though the ERP's first answers are 500s (retried under the same key); every delivered one has its 997 in
the outbox; and the same bytes dropped again are reported as a duplicate, not delivered twice.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from edigate.config import load_config
from edigate.store import Store
from tests.conftest import corpus_files

from ..integration.connectors.erp_server import ErpServer, reply
from .daemon_process import Daemon, make_home, state_counts, wait_until

PROFILE = """
id = "acme"
[x12]
version = "004010"
[x12.theirs]
qualifier = "ZZ"
id = "ACMERETAIL"
[[receive]]
set = "850"
[validation]
check_sender = false
check_receiver = false
[deliver]
purchase_order = "erp"
[connectors.erp]
kind = "http"
url = "{url}/orders"
retry = {{ max_attempts = 10, initial_delay_seconds = 0.05, max_delay_seconds = 0.2 }}
"""
FAILURES_FIRST = 3


def finished(home: Path, total: int) -> dict[str, int] | None:
    counts = state_counts(home)
    return counts if counts["delivered"] + counts["rejected"] + counts["failed"] == total else None


@pytest.mark.slow
def test_corpus_850s_reach_the_erp_exactly_once_with_their_997s(tmp_path: Path, erp: ErpServer) -> None:
    files = [f for f in corpus_files("x12/850/*") if f.is_file()]
    if not files:
        pytest.skip("corpus not found beside the checkout (../shared/corpus)")
    home = make_home(tmp_path, PROFILE.format(url=erp.url))
    erp.then(*[reply(500, '{"error": "busy"}')] * FAILURES_FIRST)
    staging = tmp_path / "staging"
    staging.mkdir()
    for number, path in enumerate(files):
        (staging / f"{number:02d}-{path.name}").write_bytes(path.read_bytes())
    daemon = Daemon(home).start()
    try:
        for path in sorted(staging.iterdir()):
            path.rename(home / "inbox" / "acme" / path.name)
        counts = wait_until(lambda: finished(home, len(files)), timeout=120, what="every corpus 850 finished")
        assert counts["failed"] == 0 and counts["delivered"] >= len(files) // 3, counts
        with Store.open(load_config(home, environ={}).database_url) as store:
            documents = store.search(limit=1000)
            delivered = [d for d in documents if d.state == "delivered"]
            expected = sum(len(store.deliveries_for(d.id)) for d in delivered)
        rejected = [d for d in documents if d.state == "rejected"]

        # Every record of every delivered document, exactly once (the 500s were retried under the same key).
        answered = erp.requests[FAILURES_FIRST:]
        keys = [seen.headers["Idempotency-Key"] for seen in answered]
        assert len(keys) == len(set(keys)) == expected
        assert {seen.headers["Idempotency-Key"] for seen in erp.requests[:FAILURES_FIRST]} <= set(keys)

        # A 997 for each delivered document; each rejected one in quarantine with its reason.
        outbox = home / "outbox" / "acme"
        for document in delivered:
            ack = (outbox / f"997-{document.id}.x12").read_text()
            separator = ack[3]  # the partner's own element separator, as the ISA gives it
            assert f"ST{separator}997{separator}" in ack, document.file_name
        reasons = [p.read_text() for p in (home / "quarantine" / "acme").glob("*.reason.txt")]
        for document in rejected:
            assert any(document.file_name in reason for reason in reasons), document.file_name
        assert not list((home / "inbox" / "acme").iterdir())

        # The same bytes again: a reported duplicate, nothing more for the ERP.
        again = next(d for d in delivered)
        (home / "inbox" / "acme" / "again.edi").write_bytes(files[int(again.file_name[:2])].read_bytes())
        wait_until(lambda: finished(home, len(files) + 1), timeout=30, what="the repeat recorded")
        assert len(erp.requests) == FAILURES_FIRST + expected
    finally:
        assert daemon.stop() == 0
