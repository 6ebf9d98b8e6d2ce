"""Records out of the X12 maps are exactly what pydantic makes of their JSON: no shortcut may differ.

The interpreter builds plain data and validates each record once (see mapping/translate.py). Any faster path
(a construct-style shortcut, a cached part, a pre-typed value) must give the same record as full validation of
the record's own JSON: equal, with values of the same types, the same JSON, and no value of a type pydantic would
not have produced.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from edigate.mapping import translate_x12
from edigate.records import parse_record, parse_record_json
from tests.conftest import corpus_params

from .helpers import SETS

CORPUS_FILES = [p for s in SETS for p in corpus_params(f"x12/{s}/*")]


def _shape(value: object) -> object:
    """Every part's class and every value's exact type, recursively: a construct-style shortcut would put a str
    where pydantic makes an enum member, or an int where it makes a Decimal, and still compare equal."""
    if isinstance(value, list):
        return [_shape(item) for item in value]
    fields = getattr(type(value), "model_fields", None)
    if fields is None:
        return type(value)
    return (type(value), {name: _shape(getattr(value, name)) for name in fields})


@pytest.mark.parametrize("path", CORPUS_FILES)
def test_every_record_equals_its_validated_json(path: Path) -> None:
    records = translate_x12(path.read_bytes()).records
    for record in records:
        validated = parse_record(record.model_dump(mode="json"))
        assert record == validated
        assert type(record) is type(validated)
        assert record.model_dump() == validated.model_dump()  # same Python types, not only equal JSON
        assert record.model_dump_json() == validated.model_dump_json()
        assert parse_record_json(record.model_dump_json()) == record
        assert _shape(record) == _shape(validated)
        sparse = parse_record(record.model_dump(mode="json", exclude_none=True))
        assert sparse == record
