"""File names with traversal, control characters and unicode: nothing is ever written outside the target folder.

The file-drop connector names files from the record's id (never from partner data); the spool names inbound files
through `safe_name`; `write_file_atomic` writes exactly the path it is given, with its temporary file always
beside it. Each is checked by listing the whole tree before and after.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from edigate.atomic_files import TEMP_PREFIX, write_file_atomic
from edigate.connectors.file_drop import FileDrop
from edigate.mapping import translate_x12
from edigate.pipeline.spool import safe_name, spool_path

from .seeds import OWN_X12

HOSTILE = [
    "../x",
    "../../etc/passwd",
    "/etc/passwd",
    "a/../../b",
    "..",
    ".",
    ".hidden",
    "line\nbreak\r\x1b[31mred\x07",
    "nul\x00byte",
    "tab\tand\x7fdel",
    "名前-注文.edi",
    "e\u0301\u202eexe.txt",
    "con:aux|<>*?\"'",
    "x" * 400,
    "",
]


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@pytest.mark.parametrize("name", HOSTILE, ids=range(len(HOSTILE)))
def test_spool_names_stay_in_the_spool_folder(tmp_path: Path, name: str) -> None:
    spool = tmp_path / "spool"
    target = spool_path(spool, "acme", name, datetime(2026, 1, 1, tzinfo=UTC))
    assert target.parent == spool / "acme" / "in" / "2026-01-01"
    assert "/" not in target.name and not target.name.startswith(".")
    assert target.name.isprintable() and len(target.name.encode()) < 255
    write_file_atomic(target, b"ISA")
    assert {p.parent for p in spool.rglob("*") if p.is_file()} == {target.parent}


@pytest.mark.parametrize("name", HOSTILE, ids=range(len(HOSTILE)))
def test_safe_name_has_no_separator_control_character_or_leading_dot(name: str) -> None:
    cleaned = safe_name(name)
    assert cleaned and cleaned not in (".", "..")
    assert not any(c in cleaned for c in "/\\\x00\n\r\t\x1b")
    assert not cleaned.startswith(".")


def test_file_drop_names_come_from_the_record_id_not_from_partner_data(tmp_path: Path) -> None:
    """A PO number and party names full of traversal and control characters: the file still lands in the folder."""
    hostile = OWN_X12.replace(b"BEG*00*SA*PO1*", b"BEG*00*SA*../../../evil\x01\xe5\x90\x8d*").replace(
        b"N1*ST*DOCK 4", b"N1*ST*../../root/.ssh/authorized_keys"
    )
    (record,) = translate_x12(hostile).records
    erp = tmp_path / "erp"
    before = _tree(tmp_path)
    outcome = FileDrop(erp).deliver(record, attempt=1)
    assert outcome.ok, outcome
    written = _tree(tmp_path) - before
    assert written == {"erp", f"erp/{Path(outcome.response or '').name}"}
    assert "evil" in (erp / Path(outcome.response or "").name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["名前.edi", "line\nbreak.edi", "ctl\x01\x1f.edi", "e\u0301.edi", " lead space"])
def test_atomic_write_of_odd_but_legal_names(tmp_path: Path, name: str) -> None:
    write_file_atomic(tmp_path / name, b"data", mode=0o640)
    assert os.listdir(tmp_path) == [name]
    assert (tmp_path / name).read_bytes() == b"data"
    assert (tmp_path / name).stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("name", ["x" * 300, "nul\x00byte"], ids=["too-long", "nul"])
def test_atomic_write_of_an_impossible_name_fails_cleanly(tmp_path: Path, name: str) -> None:
    """The error is the operating system's, raised, and no temporary file is left behind."""
    with pytest.raises((OSError, ValueError)):
        write_file_atomic(tmp_path / name, b"data")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_atomic_write_temporary_file_is_created_beside_the_target(tmp_path: Path) -> None:
    """Whatever the name, mkstemp is given the target's own folder and fixed prefix/suffix, never the name."""
    (tmp_path / "inner").mkdir()
    write_file_atomic(tmp_path / "inner" / "..x", b"data")
    assert _tree(tmp_path) == {"inner", "inner/..x"}
