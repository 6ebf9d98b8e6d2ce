"""Hook functions the tests name in maps (a hook is found by its dotted name)."""

from __future__ import annotations

from typing import Any


def gift_message(elements: list[str], record: dict[str, Any]) -> None:
    """A partner's REF*ZZ that is really a gift message: becomes a note, in words a map cannot say."""
    record.setdefault("notes", []).append({"code": "GFT", "text": elements[2].replace("_", " ").capitalize()})


def count_lines(record: dict[str, Any], tx: Any) -> None:
    """After reading: fill a missing CTT01 from the lines themselves."""
    record.setdefault("totals", {}).setdefault("line_count", len(record.get("lines", [])))
