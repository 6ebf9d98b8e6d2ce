"""systemd/edigate.service: what `systemd-analyze verify` says of it, and the hardening it promises."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SYSTEMD = Path(__file__).resolve().parents[3] / "systemd"
UNIT = SYSTEMD / "edigate.service"


def service_section() -> dict[str, list[str]]:
    """Each key of [Service] with every value it is given (systemd keys may repeat)."""
    values: dict[str, list[str]] = {}
    section = ""
    for line in UNIT.read_text().splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line
        elif section == "[Service]" and "=" in line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values.setdefault(key, []).append(value)
    return values


def test_the_service_is_hardened_and_supervised() -> None:
    service = service_section()
    expected = {
        "Type": "notify",
        "User": "edigate",
        "ProtectSystem": "strict",
        "ReadWritePaths": "/var/lib/edigate",
        "NoNewPrivileges": "yes",
        "PrivateTmp": "yes",
        "ProtectHome": "yes",
        "CapabilityBoundingSet": "",
        "Restart": "on-failure",
        "Environment": "EDIGATE_HOME=/var/lib/edigate",
        "SystemCallFilter": "@system-service",
        "RestrictAddressFamilies": "AF_UNIX AF_INET AF_INET6",
    }
    for key, value in expected.items():
        assert value in service.get(key, []), f"{key}={value} missing from {UNIT.name}"
    assert int(service["WatchdogSec"][0]) > 0
    assert service["ExecStart"][0].endswith("edigate run")
    assert service["ExecReload"] == ["/bin/kill -HUP $MAINPID"]


def test_sysusers_and_tmpfiles_agree_with_the_unit() -> None:
    assert "u     edigate" in (SYSTEMD / "edigate.sysusers.conf").read_text()
    tmpfiles = (SYSTEMD / "edigate.tmpfiles.conf").read_text()
    assert "d     /var/lib/edigate             0750 edigate edigate" in tmpfiles


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed here")
def test_systemd_analyze_verify_finds_nothing_wrong(tmp_path: Path) -> None:
    # verify checks that ExecStart exists: point it at this checkout's entry point, the rest unchanged.
    edigate = Path(sys.executable).parent / "edigate"
    if not edigate.exists():
        pytest.skip(f"{edigate} is not installed (pip install -e .)")
    unit = tmp_path / "edigate.service"
    unit.write_text(UNIT.read_text().replace("/opt/edigate/venv/bin/edigate", str(edigate)))
    result = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    problems = [line for line in (result.stdout + result.stderr).splitlines() if "edigate.service" in line]
    assert result.returncode == 0 and not problems, result.stdout + result.stderr


def test_the_unit_parses_as_ini_with_the_three_sections() -> None:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(UNIT.read_text())
    assert parser.sections() == ["Unit", "Service", "Install"]
    assert parser["Install"]["WantedBy"] == "multi-user.target"
