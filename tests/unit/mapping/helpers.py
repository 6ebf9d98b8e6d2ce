"""Shared by the mapping tests: corpus files by tag (and `without_extra`, re-exported from tests.conftest)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import CORPUS, corpus_tags, without_extra

SETS = ("850", "856", "810", "204", "214", "997")


def tag_of(path: Path) -> str:
    return corpus_tags().get(path.relative_to(CORPUS).as_posix(), "")


__all__ = ["SETS", "tag_of", "without_extra"]
