"""The exported JSON Schemas are a contract an ERP team can use: valid JSON, strict, described throughout."""

from __future__ import annotations

import json
from typing import Any

import pytest

from edigate.records import RECORD_TYPES, json_schema


def undocumented(schema: dict[str, Any]) -> list[str]:
    """Paths of every model or property in the schema that has no description."""
    missing = []
    models = {"(root)": schema} | {f"$defs/{name}": body for name, body in schema.get("$defs", {}).items()}
    for path, model in models.items():
        is_model = model.get("type") == "object" or "properties" in model or "enum" in model
        if is_model and not model.get("description"):
            missing.append(path)
        for prop, body in model.get("properties", {}).items():
            if not body.get("description"):
                missing.append(f"{path}.{prop}")
    return missing


@pytest.mark.parametrize("name", sorted(RECORD_TYPES))
@pytest.mark.parametrize("mode", ["serialization", "validation"])
def test_schema_is_json_with_a_description_everywhere(name: str, mode: str) -> None:
    schema = json.loads(json.dumps(json_schema(name, mode)))
    assert schema["title"] == RECORD_TYPES[name].__name__
    assert undocumented(schema) == []


@pytest.mark.parametrize("name", sorted(RECORD_TYPES))
def test_schema_pins_the_record_type_and_forbids_unknown_fields(name: str) -> None:
    schema = json_schema(name)
    assert schema["properties"]["record_type"]["const"] == name
    assert schema["additionalProperties"] is False
    objects = [body for body in schema["$defs"].values() if body.get("type") == "object"]
    assert objects
    assert all(body["additionalProperties"] is False for body in objects)


def test_delivered_schema_has_every_field_and_the_record_id() -> None:
    schema = json_schema("purchase_order")
    assert set(schema["required"]) == set(schema["properties"])
    assert schema["properties"]["record_id"]["readOnly"] is True


def test_accepted_schema_needs_only_the_document_number() -> None:
    schema = json_schema("purchase_order", "validation")
    assert schema["required"] == ["po_number"]
    assert "record_id" not in schema["properties"]


def test_money_is_a_string_in_the_delivered_schema() -> None:
    amount = json_schema("invoice")["$defs"]["InvoiceTotals"]["properties"]["total_amount"]
    assert {"type": "null"} in amount["anyOf"]
    assert any(option.get("type") == "string" for option in amount["anyOf"])
    assert not any(option.get("type") == "number" for option in amount["anyOf"])


def test_small_code_sets_are_enums_in_the_schema() -> None:
    schema = json_schema("functional_ack")
    assert schema["$defs"]["GroupAckStatus"]["enum"] == ["A", "E", "M", "P", "R", "W", "X"]


def test_unknown_record_type_name_is_refused_with_the_known_names() -> None:
    with pytest.raises(ValueError, match="purchase_order"):
        json_schema("sales_order")


def test_the_description_check_itself_spots_gaps() -> None:
    schema = {
        "description": "root",
        "properties": {"a": {"type": "string"}},
        "$defs": {"Part": {"type": "object", "properties": {"b": {"description": "ok"}}}},
    }
    assert undocumented(schema) == ["(root).a", "$defs/Part"]
