"""A connector URL filled from a record: `https://erp/api/orders/{po_number}`.

Only plain top-level names are allowed ({po_number}, {record_id}, {record_type}): attribute or index access in a
template could reach into objects, and a template is configuration, not code. Values are percent-encoded whole,
so a PO number holding '/' or '?' cannot change the path or add a query.
"""

from __future__ import annotations

import string
from typing import Any
from urllib.parse import quote

from ..records import BusinessRecord

_SCALARS = (str, int, float, bool)


class UrlTemplateError(ValueError):
    """The template names a field the record lacks (or leaves empty), or uses more than a plain name."""


def template_fields(template: str) -> list[str]:
    """The field names a template uses; UrlTemplateError for anything but plain names."""
    names = []
    for _, name, spec, conversion in string.Formatter().parse(template):
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise UrlTemplateError(f"URL template: {{{name}}} is not a plain field name")
        names.append(name)
    return names


def record_values(record: BusinessRecord) -> dict[str, Any]:
    """The top-level scalar fields of a record as JSON gives them (record_id included)."""
    data = record.model_dump(mode="json")
    return {key: value for key, value in data.items() if isinstance(value, _SCALARS)}


def render_url(template: str, record: BusinessRecord) -> str:
    """The template with each {field} replaced by the record's value, percent-encoded."""
    values = record_values(record)
    filled: dict[str, str] = {}
    for name in template_fields(template):
        value = values.get(name)
        if value is None or value == "":
            raise UrlTemplateError(f"URL template: {record.record_type} has no value for {{{name}}}")
        filled[name] = quote(str(value), safe="")
    return template.format_map(filled)
