"""Record parts are slotted dataclasses that keep the `BaseModel` methods their callers use, with their meaning.

The mapping benchmark and large ship notices build tens of thousands of parts; each holding a `__dict__` and a
set of the fields given tripled their memory (records/_model.py). These tests hold the lean form and the
promises made for it: validation on assignment, copies that do not validate, pickling, a derived field read
back from the record's own JSON.
"""

from __future__ import annotations

import copy
import pickle
import tracemalloc
from collections.abc import Iterator
from decimal import Decimal

import pytest
from pydantic import ValidationError

from edigate.records import (
    BusinessRecord,
    EdiModel,
    OrderLine,
    PurchaseOrder,
    Quantity,
    ShipmentStatus,
    is_record_part,
    parse_record_json,
)


def _parts(value: object) -> Iterator[object]:
    if isinstance(value, list):
        for item in value:
            yield from _parts(item)
    elif is_record_part(value):
        yield value
        for name in type(value).model_fields:
            yield from _parts(getattr(value, name))


def test_every_part_of_every_record_holds_only_its_fields(sample: BusinessRecord) -> None:
    parts = list(_parts(sample))
    assert len(parts) > 5
    for part in parts:
        assert not hasattr(part, "__dict__"), type(part).__name__
        assert isinstance(part, EdiModel)


def test_a_twenty_line_order_stays_small() -> None:
    lines = [
        {"line_number": str(n), "item": {"upc": f"0123456789{n:02d}"}, "quantity": {"value": "2", "unit": "EA"}}
        for n in range(20)
    ]
    tracemalloc.start()
    try:
        order = PurchaseOrder.model_validate({"po_number": "PO1", "lines": lines})
        size = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert len(order.lines) == 20
    assert size < 25_000  # BaseModels took three times as much (the benchmark's order: 66 KB, 22 KB now)


def test_assignment_is_validated_and_unknown_fields_refused() -> None:
    line = OrderLine(line_number="1")
    line.unit_price = "2.50"  # type: ignore[assignment]
    assert line.unit_price == Decimal("2.50")
    with pytest.raises(ValidationError):
        line.quantity = "many"  # type: ignore[assignment]
    with pytest.raises(ValidationError):
        OrderLine.model_validate({"line_number": "1", "colour": "red"})
    with pytest.raises(ValueError, match="no attribute 'colour'"):
        line.colour = "red"  # type: ignore[attr-defined]


def test_model_copy_sets_updates_unvalidated_and_leaves_the_original(sample_of) -> None:
    order = sample_of("purchase_order")
    changed = order.model_copy(update={"po_number": "PO-2"})
    assert (changed.po_number, order.po_number) == ("PO-2", order.model_copy().po_number)
    assert changed.lines is order.lines  # shallow, as BaseModel.model_copy
    deep = order.model_copy(deep=True)
    assert deep == order and deep.lines is not order.lines
    raw = order.model_copy(update={"currency": 7})  # not validated, as BaseModel.model_copy
    assert raw.currency == 7
    with pytest.raises(ValueError, match="no field 'colour'"):
        order.model_copy(update={"colour": "red"})


def test_records_pickle_copy_and_read_their_own_json_back(sample: BusinessRecord) -> None:
    assert pickle.loads(pickle.dumps(sample)) == sample
    assert copy.deepcopy(sample) == sample
    again = parse_record_json(sample.model_dump_json())
    assert again == sample and again.record_id == sample.record_id


def test_a_derived_field_in_the_input_is_dropped_whichever_record_declares_it(sample_of) -> None:
    status = sample_of("shipment_status")
    data = status.model_dump(mode="json")
    assert "latest_event" in data and "record_id" in data
    assert ShipmentStatus.model_validate(data) == status
    assert Quantity.model_validate({"value": "1"}).model_dump() == {"value": Decimal("1"), "unit": None}
    assert Quantity.model_validate({"value": "1"}).model_dump(exclude_defaults=True) == {"value": Decimal("1")}


def test_is_record_part_tells_parts_from_any_other_annotation_or_value() -> None:
    from typing import Literal

    assert is_record_part(OrderLine) and is_record_part(OrderLine(line_number="1"))
    for other in (EdiModel, Decimal, str, list[str], Literal["x"], str | None, "OrderLine", None):
        assert not is_record_part(other), other
