"""The command-line contract of parse and validate: formats, exit codes, and never a traceback."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from edigate.cli import main
from tests.conftest import corpus_files

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "edigate" / "examples"
LINE = re.compile(
    r"^(?P<file>.+):(?P<line>\d+): (?P<severity>error|warning) (?P<segment>\S+)\[(?P<pos>\d+)\] "
    r"(?P<code>\S+) (?P<message>.+)$"
)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_validate_clean_file_exits_0() -> None:
    code, out, _ = run("validate", str(EXAMPLES / "850-purchase-order.edi"))
    assert code == 0 and out == ""


def test_validate_reports_each_problem_on_one_line_and_exits_1() -> None:
    path = str(EXAMPLES / "850-with-errors.edi")
    code, out, _ = run("validate", path)
    assert code == 1
    lines = out.splitlines()
    parsed = [LINE.match(line) for line in lines]
    assert all(parsed), lines
    found = {(m["segment"], m["pos"], m["code"]) for m in parsed if m}
    assert ("BEG", "2", "AK4-8") in found  # 20241340 is no date
    assert ("PO1", "4", "AK4-6") in found  # quantity TEN is no number
    assert all(m["file"] == path and m["line"] != "0" for m in parsed if m)


def test_validate_json_is_one_document() -> None:
    code, out, _ = run("validate", str(EXAMPLES / "850-with-errors.edi"), "--json")
    data = json.loads(out)
    assert (
        code == 1
        and data["valid"] is False
        and data["errors"] == len([i for i in data["issues"] if i["severity"] == "error"])
    )
    first = data["issues"][0]
    assert {"severity", "code", "tag", "message", "line"} <= first.keys()


def test_unreadable_file_and_usage_errors_exit_2(tmp_path: Path) -> None:
    code, _, err = run("validate", str(tmp_path / "missing.edi"))
    assert code == 2 and "cannot read" in err and "missing.edi" in err
    code, _, _ = run("validate")
    assert code == 2


def test_parse_shows_the_structure() -> None:
    code, out, _ = run("parse", str(EXAMPLES / "856-ship-notice.edi"))
    assert code == 0
    assert "group SH 2001" in out and "set 856 0001" in out and "HL*4*3*I" in out
    code, out, _ = run("parse", str(EXAMPLES / "856-ship-notice.edi"), "--json")
    data = json.loads(out)
    tx = data["interchanges"][0]["groups"][0]["sets"][0]
    assert tx["set_id"] == "856" and tx["segments"][1]["elements"][1] == "SHIP-88001"


def test_parse_of_non_x12_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_text("Dear partner, here is our order.")
    code, out, _ = run("parse", str(path))
    assert code == 1 and "not-x12" in out


@pytest.mark.parametrize("path", corpus_files("bad/*") or [None])
def test_bad_files_give_errors_never_tracebacks(path: Path | None) -> None:
    if path is None:
        pytest.skip("corpus not found")
    code, out, err = run("validate", str(path))
    assert code in (0, 1) and "Traceback" not in out + err
    assert all(LINE.match(line) for line in out.splitlines())


def test_the_installed_command_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "edigate", "validate", str(EXAMPLES / "810-invoice.edi")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_every_command_has_help_with_examples() -> None:
    for name in main.commands:
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0 and "Example" in result.output, name
