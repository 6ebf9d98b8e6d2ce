"""`edigate status`: queues, errors, overdue acks and the daemon, and the exit code monitoring relies on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from edigate.store import Store

from ..pipeline.home import open_gateway
from .conftest import edigate, ingest


def test_a_quiet_gateway_exits_0(home: Path) -> None:
    ingest(home, "850-purchase-order.edi")
    result = edigate(home, "status")
    assert result.exit_code == 0, result.output
    assert "delivered 1" in result.stdout and "daemon   not running" in result.stdout
    report = json.loads(edigate(home, "status", "--json").stdout)
    assert report["documents"]["delivered"] == 1 and report["attention"] == []
    assert report["deliveries"] == {"pending": 0, "failed": 0}


def test_a_rejected_document_needs_attention_with_its_error_listed(home: Path) -> None:
    (bad,) = ingest(home, "850-with-errors.edi")
    result = edigate(home, "status")
    assert result.exit_code == 1
    assert "needs attention" in result.stdout and "rejected in the last 24 h" in result.stdout
    assert all(len(line) <= 120 for line in result.stdout.splitlines())
    report = json.loads(edigate(home, "status", "--json").stdout)
    (error,) = report["last_errors"]
    assert (error["id"], error["partner"], error["state"]) == (bad.id, "acme", "rejected")
    assert error["file"].endswith("850-with-errors.edi") and "BEG05" in error["error"]


def test_an_overdue_ack_needs_attention(home: Path) -> None:
    gateway = open_gateway(home)
    try:
        past = datetime.now(UTC) - timedelta(hours=1)
        gateway.store.expect_ack(
            partner="acme",
            interchange_control_number="000000007",
            functional_id="SH",
            group_control_number="7",
            set_control_numbers=["0001"],
            due_at=past,
        )
    finally:
        gateway.close()
    result = edigate(home, "status", "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [a["group_control_number"] for a in report["acks_overdue"]] == ["7"]
    assert report["attention"] == ["1 overdue acknowledgments"]


def test_the_daemon_is_shown_only_while_its_process_lives(home: Path) -> None:
    marker = home / "daemon.json"
    marker.write_text(json.dumps({"pid": os.getpid(), "url": "http://127.0.0.1:8123", "port": 8123}))
    report = json.loads(edigate(home, "status", "--json").stdout)
    assert report["daemon"]["pid"] == os.getpid() and report["daemon"]["port"] == 8123
    assert "running, pid" in edigate(home, "status").stdout
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    marker.write_text(json.dumps({"pid": int(gone.stdout), "port": 1}))
    assert json.loads(edigate(home, "status", "--json").stdout)["daemon"] is None
    marker.write_text("{not json")
    assert json.loads(edigate(home, "status", "--json").stdout)["daemon"] is None


def test_status_needs_no_daemon_and_no_partners(tmp_path: Path, database_url: str) -> None:
    home = tmp_path / "bare"
    home.mkdir()
    (home / "edigate.toml").write_text(f'database_url = "{database_url}"\n')
    with Store.open(database_url) as store:
        store.upgrade()
    result = edigate(home, "status")
    assert result.exit_code == 0, result.output
    assert "received 0" in result.stdout


def test_a_failing_sftp_push_shows_and_needs_attention(home: Path) -> None:
    import socket

    with socket.socket() as probe:  # a loopback port nobody listens on: the push fails at connect
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    profile = home / "partners" / "acme.toml"
    text = profile.read_text()
    channel = f'[outbound]\nkind = "sftp"\nhost = "127.0.0.1"\nport = {port}\nusername = "edi"\n'
    assert "[outbound]" not in text
    profile.write_text(text + "\n" + channel)
    (home / "outbox" / "acme").mkdir(parents=True, exist_ok=True)
    (home / "outbox" / "acme" / "810-1.x12").write_text("ISA~")
    pushed = edigate(home, "partner", "push", "acme")
    assert pushed.exit_code != 0
    result = edigate(home, "status")
    assert result.exit_code == 1
    assert "SFTP transfers failing" in result.stdout and "acme push" in result.stdout and "FAILING" in result.stdout
    report = json.loads(edigate(home, "status", "--json").stdout)
    assert [t["healthy"] for t in report["transfers"]] == [False]
