"""Records survive JSON unchanged: what edigate delivers to an ERP reads back as the same record."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from edigate.records import (
    BusinessRecord,
    FunctionalAck,
    Invoice,
    InvoiceTotals,
    PurchaseOrder,
    Quantity,
    parse_record,
    parse_record_json,
)


def test_json_round_trip_gives_an_equal_record(sample: BusinessRecord) -> None:
    data = json.loads(sample.model_dump_json())
    again = parse_record(data)
    assert type(again) is type(sample)
    assert again == sample


def test_json_text_round_trip_gives_an_equal_record(sample: BusinessRecord) -> None:
    assert parse_record_json(sample.model_dump_json()) == sample


def test_python_dump_round_trip_gives_an_equal_record(sample: BusinessRecord) -> None:
    assert parse_record(sample.model_dump()) == sample


def test_json_output_is_stable_between_runs(sample_of) -> None:
    first = sample_of("purchase_order").model_dump_json()
    second = sample_of("purchase_order").model_dump_json()
    assert first == second


def test_json_output_names_its_type_and_id(sample: BusinessRecord) -> None:
    data = json.loads(sample.model_dump_json())
    assert data["record_type"] == sample.record_type
    assert data["record_id"] == sample.record_id


def test_decimals_are_strings_in_json_and_keep_every_digit() -> None:
    price = Decimal("12345678901234567890.123456789")
    invoice = Invoice(invoice_number="9", totals=InvoiceTotals(total_amount=price, hash_total=Decimal("19.90")))
    data = json.loads(invoice.model_dump_json())
    assert data["totals"]["total_amount"] == "12345678901234567890.123456789"
    assert data["totals"]["hash_total"] == "19.90"
    again = parse_record(data)
    assert isinstance(again, Invoice)
    assert again.totals is not None
    assert again.totals.total_amount == price
    assert str(again.totals.hash_total) == "19.90"


def test_exponent_decimals_are_written_in_plain_notation() -> None:
    quantity = Quantity(value=Decimal("1E+2"), unit="EA")
    assert json.loads(quantity.model_dump_json())["value"] == "100"
    assert Quantity.model_validate_json(quantity.model_dump_json()).value == Decimal(100)


def test_decimals_stay_decimals_in_python_dumps() -> None:
    dumped = Quantity(value=Decimal("0.10"), unit="KG").model_dump()
    assert dumped["value"] == Decimal("0.10")
    assert isinstance(dumped["value"], Decimal)


def test_json_numbers_are_accepted_for_decimal_fields() -> None:
    quantity = Quantity.model_validate_json('{"value": 12.5, "unit": "EA"}')
    assert quantity.value == Decimal("12.5")


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "", "12,50", "abc"])
def test_non_finite_or_malformed_numbers_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        Quantity(value=bad, unit="EA")


def test_dates_and_times_are_iso_in_json(sample_of) -> None:
    data = json.loads(sample_of("ship_notice").model_dump_json())
    assert data["notice_date"] == "2024-03-12"
    assert data["notice_time"] == "14:05:00"


def test_enums_are_their_codes_in_json(sample_of) -> None:
    data = json.loads(sample_of("functional_ack").model_dump_json())
    assert data["group_status"] == "P"
    assert [result["status"] for result in data["set_results"]] == ["A", "R"]
    again = parse_record(data)
    assert isinstance(again, FunctionalAck)
    assert again.group_status == "P"


def test_nested_packs_survive_json(sample_of) -> None:
    data = json.loads(sample_of("ship_notice").model_dump_json())
    pallet = data["orders"][0]["packs"][0]
    assert pallet["level"] == "tare"
    assert pallet["packs"][0]["sscc"] == "000123456789012345"
    assert pallet["packs"][0]["items"][0]["serial_numbers"] == ["SN1", "SN2"]


def test_extra_data_is_kept_verbatim_through_json(sample_of) -> None:
    po = sample_of("purchase_order")
    again = parse_record(json.loads(po.model_dump_json()))
    assert isinstance(again, PurchaseOrder)
    assert again.lines[0].extra[0].values == ["PD", "WT", "1.25", ["LB", "2"]]
    assert again.extra[0].note == "segment not in map"
