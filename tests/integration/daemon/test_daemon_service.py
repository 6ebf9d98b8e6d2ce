"""The daemon in this process against a real store and real folders: drop a file, its 997 and records appear."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from edigate.config import Config, load_config
from edigate.daemon import Daemon
from edigate.daemon.retention import Retention
from edigate.pipeline import Gateway
from edigate.store import DocumentInfo, Store

from ..pipeline.home import PARTNER, drop, example
from ..pipeline.outbound.helpers import example_records
from .conftest import TOKEN

ENV = {"EDIGATE_API_LISTEN": "127.0.0.1:0", "EDIGATE_DAEMON_RESCAN_SECONDS": "0.5"}


def eventually(predicate: Callable[[], object], timeout: float = 10.0) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.02)
    raise AssertionError("condition not reached within the timeout")


def config_of(home: Path) -> Config:
    return load_config(home, environ=ENV)


@pytest.fixture
def daemon(home: Path) -> Iterator[Daemon]:
    daemon = Daemon(config_of(home), environ={"EDIGATE_API_TOKEN": TOKEN})
    daemon.start()
    yield daemon
    daemon.stop()


def test_a_dropped_file_is_acknowledged_and_delivered_within_a_second(daemon: Daemon, home: Path) -> None:
    started = time.monotonic()
    drop(home, "po.edi", example("850-purchase-order.edi"))
    eventually(lambda: list((home / "erp").glob("purchase_order-*.json")))
    assert time.monotonic() - started < 1.0  # woken by the intake, not by a poll period
    assert list((home / "outbox" / "acme").glob("997-*"))
    assert not (home / "inbox" / "acme" / "po.edi").exists()
    text = httpx.get(json.loads((home / "daemon.json").read_text())["url"] + "/metrics").text
    assert 'edigate_files_taken_total{partner="acme"} 1.0' in text
    assert 'edigate_documents_finished_total{state="delivered"} 1.0' in text
    assert "edigate_drop_to_delivered_seconds_count 1.0" in text


def test_the_marker_names_the_process_and_the_port_and_goes_with_the_daemon(home: Path) -> None:
    daemon = Daemon(config_of(home), environ={"EDIGATE_API_TOKEN": TOKEN})
    daemon.start()
    marker = json.loads((home / "daemon.json").read_text())
    assert marker["pid"] == os.getpid() and marker["port"] > 0
    assert httpx.get(marker["url"] + "/healthz").json()["ok"] is True
    daemon.stop()
    assert not (home / "daemon.json").exists()


def test_files_that_arrived_while_down_are_taken_at_start(home: Path) -> None:
    drop(home, "early.edi", example("850-purchase-order.edi"))
    daemon = Daemon(config_of(home), environ={"EDIGATE_API_TOKEN": TOKEN})
    daemon.start()
    try:
        eventually(lambda: list((home / "erp").glob("purchase_order-*.json")))
    finally:
        daemon.stop()


def test_a_pending_json_file_is_sent_to_the_partner(daemon: Daemon, home: Path) -> None:
    records = [r.model_dump(mode="json", exclude={"record_id"}) for r in example_records("856")]
    pending = home / "outbox" / "acme" / "pending"
    (pending / "asn.json").write_text(json.dumps(records))
    # The interchange is written first, then the pending file removed.
    eventually(lambda: list((home / "outbox" / "acme").glob("856-*.x12")) and not (pending / "asn.json").exists())


def test_reload_watches_the_inbox_of_a_partner_added_since_the_start(daemon: Daemon, home: Path) -> None:
    globex = PARTNER.format(extra="").replace('"acme"', '"globex"').replace("ACMERETAIL", "GLOBEX")
    (home / "partners" / "globex.toml").write_text(globex)
    (home / "partners" / "broken.toml").write_text("id = ")
    problems = daemon.reload()
    assert any("broken.toml" in p for p in problems)
    assert (home / "inbox" / "globex").is_dir()
    data = example("850-purchase-order.edi").replace(b"ACMERETAIL     ", b"GLOBEX         ")
    drop(home, "g.edi", data, partner="globex")
    eventually(lambda: list((home / "outbox" / "globex").glob("997-*")))


class SlowGateway(Gateway):
    """A real gateway whose steps take a while, to catch the daemon in the middle of one."""

    in_step = threading.Event()

    def process_next(self) -> DocumentInfo | None:
        document = super().process_next()
        if document is not None:
            self.in_step.set()
            time.sleep(0.5)
        return document


def test_stop_lets_the_step_in_flight_finish(home: Path) -> None:
    SlowGateway.in_step.clear()
    daemon = Daemon(config_of(home), environ={"EDIGATE_API_TOKEN": TOKEN}, open_gateway=SlowGateway.open)
    daemon.start()
    drop(home, "po.edi", example("850-purchase-order.edi"))
    assert SlowGateway.in_step.wait(10)
    daemon.stop()
    assert daemon.gateway is None
    assert all(not t.name.startswith("edigate-worker") for t in threading.enumerate())
    assert not (home / "daemon.json").exists()
    with Store.open(config_of(home).database_url) as store:
        assert store.state_counts()["delivered"] == 1  # the step was finished, not cut


def test_retention_removes_the_kept_bytes_of_old_delivered_documents_only(home: Path, gateway: Gateway) -> None:
    drop(home, "good.edi", example("850-purchase-order.edi"))
    drop(home, "bad.edi", example("850-with-errors.edi"))
    for path in sorted((home / "inbox" / "acme").iterdir()):
        gateway.take_file(path, "acme")
    while gateway.process_next() is not None:
        pass
    documents = {d.file_name: d for d in gateway.store.search()}
    good, bad = documents["good.edi"], documents["bad.edi"]
    assert (good.state, bad.state) == ("delivered", "rejected")
    assert Retention(gateway, days=0).run() == 0
    assert Retention(gateway, days=3).run() == 0  # nothing is three days old yet
    later = gateway.context.clock() + timedelta(days=4)
    # The spool copy; a records cache exists only for a document whose retries were pending, and goes too.
    assert Retention(gateway, days=3).run(now=later) == 1
    assert not Path(good.spool_path).exists()
    assert not (gateway.context.records_dir / f"{good.id}.json").exists()
    assert Path(bad.spool_path).exists()  # kept for `edigate replay`


@pytest.mark.slow  # two spawned interpreters import the whole package
def test_worker_processes_run_documents_and_stop_with_the_daemon(home: Path) -> None:
    config = load_config(home, environ={**ENV, "EDIGATE_DAEMON_WORKER_PROCESSES": "true"})
    daemon = Daemon(config, environ={"EDIGATE_API_TOKEN": TOKEN})
    daemon.start()
    try:
        assert daemon.processes is not None
        children = list(daemon.processes.processes)
        assert len(children) == 2 and not daemon._threads
        assert daemon.processes.ready == 2, "started (READY) only once every worker has loaded guides and maps"
        drop(home, "po.edi", example("850-purchase-order.edi"))
        eventually(lambda: list((home / "erp").glob("purchase_order-*.json")), timeout=30)
        assert daemon.healthy()
        metrics = eventually(lambda: "edigate_drop_to_delivered_seconds_count 1.0" in daemon.metrics.render().decode())
        assert metrics
    finally:
        daemon.stop()
    assert all(not child.is_alive() for child in children)


@pytest.mark.slow
def test_worker_processes_take_a_reloaded_partner_profile(home: Path) -> None:
    """SIGHUP reaches the worker processes too: a partner added after the start has its files run by them."""
    config = load_config(home, environ={**ENV, "EDIGATE_DAEMON_WORKER_PROCESSES": "true"})
    daemon = Daemon(config, environ={"EDIGATE_API_TOKEN": TOKEN})
    daemon.start()
    try:
        drop(home, "first.edi", example("850-purchase-order.edi"))  # the workers are up, partners read
        eventually(lambda: list((home / "erp").glob("purchase_order-*.json")), timeout=30)
        text = PARTNER.replace('id = "acme"', 'id = "beta"').replace('id = "ACMERETAIL"', 'id = "BETASHOP"')
        (home / "partners" / "beta.toml").write_text(text.format(extra=""))
        daemon.reload()
        data = example("850-purchase-order.edi").replace(b"ACMERETAIL     ", b"BETASHOP       ")
        drop(home, "po.edi", data.replace(b"*ACMERETAIL*", b"*BETASHOP*"), partner="beta")
        eventually(lambda: len(list((home / "erp").glob("purchase_order-*.json"))) == 2, timeout=30)
    finally:
        daemon.stop()
