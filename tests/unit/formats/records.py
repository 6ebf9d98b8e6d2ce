"""Helpers for the format tests: corpus XML by name, and records without their ``extra`` bags."""

from __future__ import annotations

from typing import Any

from edigate.records import BusinessRecord, parse_record


def _without_extra(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _without_extra(value) for key, value in data.items() if key != "extra"}
    if isinstance(data, list):
        return [_without_extra(value) for value in data]
    return data


def without_extra(record: BusinessRecord) -> BusinessRecord:
    """The record with every ``extra`` bag emptied: unplaced source data is not written back out."""
    return parse_record(_without_extra(record.model_dump(mode="python")))
