"""The table and JSON helpers of the operator commands: long values never break a 120-column terminal."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from edigate.cli.operator_support import WIDTH, one_line, plain, table
from edigate.store import DocumentState


def test_a_long_last_column_is_cut_so_every_line_fits() -> None:
    rows = [(1, "acme-retail", "x" * 300), (22, "b", "short\nsecond line")]
    lines = table(["ID", "PARTNER", "ERROR"], rows)
    assert all(len(line) <= WIDTH for line in lines)
    assert lines[1].endswith("…")
    assert lines[2].split()[-1] == "short"


def test_a_chosen_middle_column_gives_way_and_the_others_stay_whole() -> None:
    lines = table(["ID", "FILE", "STATE"], [(7, "f" * 200, "rejected")], flexible=1)
    assert len(lines[1]) <= WIDTH
    assert lines[1].endswith("rejected")


def test_one_line_keeps_short_text_and_cuts_long_text() -> None:
    assert one_line("abc", 5) == "abc"
    assert one_line("abcdefgh", 5) == "abcd…"
    assert one_line(None, 5) == ""
    assert one_line("   \n  ", 5) == ""


def test_plain_makes_rows_json_ready() -> None:
    value = plain({"at": datetime(2026, 11, 1, tzinfo=UTC), "state": DocumentState.REJECTED, "p": Path("/x")})
    assert json.loads(json.dumps(value)) == {"at": "2026-11-01T00:00:00+00:00", "state": "rejected", "p": "/x"}
