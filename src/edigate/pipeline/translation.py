"""Documents to records for the pipeline: the partner's maps, CSV layout or XML map, chosen by its profile."""

from __future__ import annotations

from pathlib import Path

from ..mapping import Translation, translate_document
from ..partners import Profile


def translate(data: bytes, profile: Profile, file_name: str, maps_dir: Path | None = None) -> Translation:
    """The records of one document of this partner (X12, CSV or XML, detected from its first bytes); the working
    folder's maps/ (`maps_dir`) first, then the shipped maps."""
    return translate_document(data, profile=profile, file=file_name, maps_dir=maps_dir)
