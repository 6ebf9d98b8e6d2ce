"""Mapping documents (X12, CSV, XML) to canonical records and back, driven by the map files in `maps/`.

Any document of a partner: `translate_document(bytes, profile=..., file=...) -> Translation` (format detected,
maps chosen by the profile). X12: `translate_x12(bytes) -> Translation` and `render_x12(records, ...) -> str`,
both run by one interpreter over the declarative maps in maps/x12/ (see docs/maps.md); `load_map` compiles one
map for inspection.
"""

from .catalog import load_map, map_folders, partner_maps_dir, shipped_maps_dir
from .document import detect_format, render_document, translate_document
from .render import SET_FOR_RECORD, render_x12, set_for, split_id
from .result import Translation
from .translate import MAPPED_SETS, translate_x12

__all__ = [
    "MAPPED_SETS",
    "SET_FOR_RECORD",
    "Translation",
    "detect_format",
    "load_map",
    "map_folders",
    "partner_maps_dir",
    "render_document",
    "render_x12",
    "set_for",
    "shipped_maps_dir",
    "split_id",
    "translate_document",
    "translate_x12",
]
