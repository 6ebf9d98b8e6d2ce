"""Mapping documents (X12, CSV, XML) to canonical records and back, driven by the map files in `maps/`."""

from .result import Translation

__all__ = ["Translation"]
