"""Shared by the mapping tests: corpus files by tag, and records without their `extra` bags."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from edigate.records import BusinessRecord, parse_record
from tests.conftest import CORPUS, corpus_tags

SETS = ("850", "856", "810", "204", "214", "997")


def tag_of(path: Path) -> str:
    return corpus_tags().get(path.relative_to(CORPUS).as_posix(), "")


def _without_extra(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _without_extra(value) for key, value in data.items() if key != "extra"}
    if isinstance(data, list):
        return [_without_extra(value) for value in data]
    return data


def without_extra(record: BusinessRecord) -> BusinessRecord:
    """The record with every `extra` bag emptied: what outbound X12 can carry (extras are not written)."""
    return parse_record(_without_extra(record.model_dump(mode="python")))
