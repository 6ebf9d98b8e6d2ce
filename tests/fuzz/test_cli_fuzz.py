"""`edigate validate` and `edigate translate` on damaged files: exit 0, 1 or 2 with a message, never a traceback.

In process (click's runner) for the many examples, and a few through a real `python -m edigate` subprocess so
the promise is checked where users meet it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from edigate.cli import main

from .seeds import OWN_CSV, OWN_X12, OWN_XML, csv_seeds, x12_seeds, xml_seeds
from .strategies import FUZZ, mutated

ANY_DOCUMENT = st.one_of(mutated(x12_seeds), mutated(xml_seeds), mutated(csv_seeds), st.binary(max_size=300))


def _assert_clean_exit(code: int | None, output: str) -> None:
    assert code in (0, 1, 2), (code, output[-500:])
    assert "Traceback" not in output
    assert "internal error" not in output, output[-500:]


def _invoke(tmp: Path, command: str, data: bytes) -> None:
    path = tmp / "input.edi"
    path.write_bytes(data)
    result = CliRunner().invoke(main, [command, str(path)])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    _assert_clean_exit(result.exit_code, result.output + (result.stderr or ""))


@settings(FUZZ, max_examples=50)
@given(data=mutated(x12_seeds))
def test_validate_exits_0_1_or_2(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    _invoke(tmp_path_factory.mktemp("cli"), "validate", data)


@settings(FUZZ, max_examples=50)
@given(data=ANY_DOCUMENT)
def test_translate_exits_0_1_or_2(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    _invoke(tmp_path_factory.mktemp("cli"), "translate", data)


CASES = {
    "empty": b"",
    "whitespace": b" \r\n\t \n",
    "garbage": bytes(range(256)) * 4,
    "x12-cut": OWN_X12[:150],
    "xml-bomb": b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><l>&b;</l>',
    "xml-cut": OWN_XML[:60],
    "csv-ragged": OWN_CSV + b'P2,"unclosed\n',
}


@pytest.mark.parametrize("command", ["validate", "translate"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_files_exit_cleanly(tmp_path: Path, command: str, name: str) -> None:
    _invoke(tmp_path, command, CASES[name])


@pytest.mark.parametrize(
    ("command", "name"),
    [("validate", "garbage"), ("validate", "empty"), ("translate", "xml-bomb"), ("translate", "x12-cut")],
)
def test_real_process_never_prints_a_traceback(tmp_path: Path, command: str, name: str) -> None:
    path = tmp_path / f"{name}.in"
    path.write_bytes(CASES[name])
    run = subprocess.run(
        [sys.executable, "-m", "edigate", command, str(path)], capture_output=True, text=True, timeout=60
    )
    _assert_clean_exit(run.returncode, run.stdout + run.stderr)
    assert run.returncode in (1, 2), "each of these files has problems"
    assert run.stderr.strip() or run.stdout.strip(), "a failure says why"


def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "nope.edi")])
    assert result.exit_code == 2
    assert "cannot read" in (result.stderr or result.output)
