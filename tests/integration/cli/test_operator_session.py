"""An operator's session against a real `edigate run` (a subprocess): init, add a partner, start the daemon,
drop a file, watch `status`, find the rejected one, fix its cause, replay it and see the daemon deliver it.
The commands run in process (the console script itself is exercised in test_console_script)."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from edigate.cli import main
from tests.e2e.daemon_process import EXAMPLES, Daemon


def edigate(home: Path, *args: str) -> Result:
    result = CliRunner().invoke(main, ["--home", str(home), *args], env={"EDIGATE_DATABASE_URL": None})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def wait_for(check: Any, what: str, timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := check():
            return value
        time.sleep(0.1)
    raise AssertionError(f"not within {timeout} s: {what}")


def documents(home: Path, *options: str) -> list[dict[str, Any]]:
    listed = edigate(home, "messages", "list", "--json", *options)
    assert listed.exit_code == 0, listed.output
    return json.loads(listed.stdout)


@pytest.mark.slow
def test_an_operator_session_against_the_running_daemon(tmp_path: Path) -> None:
    home = tmp_path / "site"
    assert edigate(home, "init", "--no-examples").exit_code == 0
    added = edigate(home, "partner", "add", "acme", "--qualifier", "ZZ", "--isa-id", "SOMEONEELSE")
    assert added.exit_code == 0, added.output
    daemon = Daemon(home).start()
    try:
        status = json.loads(edigate(home, "status", "--json").stdout)
        assert status["daemon"]["pid"] == daemon.process.pid and status["daemon"]["port"] > 0  # type: ignore[union-attr]
        (home / "inbox" / "acme" / "po.edi").write_bytes((EXAMPLES / "850-purchase-order.edi").read_bytes())
        (rejected,) = wait_for(lambda: documents(home, "--state", "rejected"), "the 850 from the wrong sender refused")
        assert "SOMEONEELSE" in rejected["error"]
        assert edigate(home, "status").exit_code == 1
        profile = home / "partners" / "acme.toml"
        profile.write_text(profile.read_text().replace("SOMEONEELSE", "ACMERETAIL"))
        daemon.process.send_signal(signal.SIGHUP)  # type: ignore[union-attr]
        time.sleep(0.5)  # the reload is logged, not acknowledged; give it a moment
        replayed = edigate(home, "replay", str(rejected["id"]))
        assert replayed.exit_code == 0, replayed.output
        wait_for(lambda: documents(home, "--state", "delivered"), "the replayed 850 delivered by the daemon")
        shown = json.loads(edigate(home, "messages", "show", str(rejected["id"]), "--json").stdout)
        assert shown["state"] == "delivered" and shown["deliveries"][0]["state"] == "delivered"
        assert [p.name for p in (home / "erp").rglob("*.json")]
        found = edigate(home, "messages", "search", "PO-45001", "--kind", "po", "--json")
        assert [d["id"] for d in json.loads(found.stdout)] == [rejected["id"]]
    finally:
        assert daemon.stop() == 0, daemon.logs()[-2000:]
