"""Documents to records for the pipeline: the partner's maps, CSV layout or XML map, chosen by its profile."""

from __future__ import annotations

from ..mapping import Translation
from ..partners import Profile


def translate(data: bytes, profile: Profile, file_name: str) -> Translation:
    """The records of one document of this partner (X12, CSV or XML, detected from its first bytes)."""
    from .. import mapping

    if hasattr(mapping, "translate_document"):
        return mapping.translate_document(data, profile=profile, file=file_name)
    from ..mapping import partner_maps_dir, translate_x12

    folder = partner_maps_dir(profile.id)
    return translate_x12(data, partner_maps=folder if folder.is_dir() else None, partner=profile.id)
