"""The installed `edigate` console script, run as operators' scripts run it: init a folder, then ask its status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

EDIGATE = Path(sys.executable).with_name("edigate")


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EDIGATE_")}
    return subprocess.run([str(EDIGATE), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_init_then_status_through_the_console_script(tmp_path: Path) -> None:
    assert EDIGATE.exists(), f"the console script is not installed beside {sys.executable}"
    made = _run("init", "site", "--id", "ACMEGATEWAY", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "created partners/acme-retail.toml" in made.stdout
    status = _run("--home", "site", "status", "--json", cwd=tmp_path)
    assert status.returncode == 0, status.stderr
    report = json.loads(status.stdout)
    assert report["home"] == str(tmp_path / "site") and report["daemon"] is None
    refused = _run("init", "site", "--qualifier", "Z", cwd=tmp_path)
    assert refused.returncode == 2 and "--qualifier" in refused.stderr and "Traceback" not in refused.stderr
