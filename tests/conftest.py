"""Shared test helpers: where the third-party corpus lives, and how to skip cleanly without it."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from edigate.records import BusinessRecord, parse_record

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
DATA = Path(__file__).resolve().parent / "data"


def corpus_files(pattern: str) -> list[Path]:
    """Corpus files matching a glob below ../shared/corpus (empty when the corpus is absent)."""
    return sorted(CORPUS.glob(pattern)) if CORPUS.is_dir() else []


def corpus_tags() -> dict[str, str]:
    """local_file -> tag ([VALID], [NONCONF], [BROKEN]) from SOURCES.tsv."""
    sources = CORPUS / "SOURCES.tsv"
    if not sources.is_file():
        return {}
    with sources.open(newline="", encoding="utf-8") as f:
        rows = csv.DictReader(f, delimiter="\t")
        return {row["local_file"]: row["description"].split("]", 1)[0] + "]" for row in rows}


def corpus_params(pattern: str) -> list:
    files = corpus_files(pattern)
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"corpus not found at {CORPUS}"))]
    return [pytest.param(f, id=f.relative_to(CORPUS).as_posix()) for f in files]


def _without_extra(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _without_extra(value) for key, value in data.items() if key != "extra"}
    if isinstance(data, list):
        return [_without_extra(value) for value in data]
    return data


def without_extra(record: BusinessRecord) -> BusinessRecord:
    """The record with every `extra` bag emptied: what a round trip carries (unplaced data is not written out)."""
    return parse_record(_without_extra(record.model_dump(mode="python")))
