"""The ERP misbehaves while `edigate run` delivers to it: 500s, 429 with Retry-After, a hang past the read timeout,
a connection closed mid-answer. Each document ends delivered once the fault ends (the same Idempotency-Key on
every attempt), or failed after its retries with the reason in `edigate status` and `edigate messages show`; a
`edigate replay` then delivers it, once."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..e2e.daemon_process import Daemon
from ..integration.connectors.erp_server import ErpServer, drop_mid_response, hang, reply
from . import harness
from .faults import Stamped, document_named, drop_order, edigate

RETRY = "{ max_attempts = 3, initial_delay_seconds = 0.2, max_delay_seconds = 0.5 }"


@pytest.fixture
def daemon(tmp_path: Path, erp: ErpServer):  # type: ignore[no-untyped-def]
    home = harness.chaos_home(tmp_path, erp.url, retry=RETRY, timeout=1.0)
    process = Daemon(home).start()
    yield process
    process.stop()


def _deliver_through(daemon: Daemon, erp: ErpServer, number: int, *script: tuple) -> list:  # type: ignore[type-arg]
    stamped = Stamped()
    erp.then(*(stamped(action, answer) for action, answer in script))
    name = drop_order(daemon.home, number)
    document = document_named(daemon.home, name, {"delivered", "failed"})
    (delivery,) = harness.outcome(daemon.home).deliveries.get(document.id) or [None]
    assert document.state == "delivered", (document.error, delivery)
    attempts = stamped.for_key(delivery.idempotency_key)
    assert [a.answer for a in attempts] == [answer for _action, answer in script]
    return attempts


@pytest.mark.slow
def test_each_erp_fault_ends_delivered_once_it_ends(daemon: Daemon, erp: ErpServer) -> None:
    _deliver_through(daemon, erp, 1, (reply(500), "500"), (reply(503), "503"), (reply(), "200"))
    throttled = _deliver_through(daemon, erp, 2, (reply(429, headers={"Retry-After": "2"}), "429"), (reply(), "200"))
    assert throttled[1].at - throttled[0].at >= 1.9, "Retry-After: 2 not honoured"
    slow = _deliver_through(daemon, erp, 3, (hang(5), "hang"), (reply(), "200"))
    assert slow[1].at - slow[0].at >= 1.0, "the read timeout (1 s) did not end the hang"
    _deliver_through(daemon, erp, 4, (drop_mid_response(), "cut"), (reply(), "200"))
    assert daemon.process is not None and daemon.process.poll() is None


@pytest.mark.slow
def test_retries_exhausted_shows_failed_with_the_reason_and_replay_delivers_once(
    daemon: Daemon, erp: ErpServer
) -> None:
    stamped = Stamped()
    erp.then(*(stamped(reply(500, '{"error": "ledger closed"}'), "500") for _ in range(3)))
    name = drop_order(daemon.home, 7)
    document = document_named(daemon.home, name, {"failed", "delivered"})
    assert document.state == "failed"
    code, status = edigate(daemon.home, "status", "--json")
    assert code == 1, status
    assert status["deliveries"]["failed"] == 1, status
    assert any(e["id"] == document.id for e in status["last_errors"]), status
    code, shown = edigate(daemon.home, "messages", "show", str(document.id), "--json")
    assert code == 0, shown
    (delivery,) = shown["deliveries"]
    assert delivery["last_status"] == 500 and "ledger closed" in delivery["last_response"], delivery
    key = delivery["idempotency_key"]
    erp.then(stamped(reply(), "200"))
    code, replayed = edigate(daemon.home, "replay", str(document.id))
    assert code == 0, replayed
    document_named(daemon.home, name, {"delivered"})
    assert [s.answer for s in stamped.for_key(key)] == ["500", "500", "500", "200"]
    assert {s.seen.body for s in stamped.for_key(key)} == {stamped.for_key(key)[0].seen.body}
