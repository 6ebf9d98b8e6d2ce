"""Property tests: any order the layouts and maps can hold survives record -> CSV/XML -> record unchanged."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edigate.mapping import csv as csv_mapping
from edigate.mapping import xml as xml_mapping
from edigate.records import Invoice, PurchaseOrder, ShipNotice

# Text as partners write it: no surrounding blanks (readers strip them) and no XML-illegal control characters,
# but delimiters, quotes, markup characters, inner newlines and non-ASCII letters.
_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="\ufeff")
TEXT = st.text(st.one_of(_CHARS, st.sampled_from(",;\t\"'<>&\n")), min_size=1, max_size=20).filter(
    lambda text: text == text.strip() and text.strip() != ""
)
AMOUNT = st.decimals(min_value=Decimal("-99999"), max_value=Decimal("99999"), places=2, allow_nan=False)


@st.composite
def orders(draw: st.DrawFn) -> PurchaseOrder:
    lines = [
        {
            "line_number": str(number),
            "description": draw(TEXT),
            "item": {"vendor_part_number": draw(TEXT)},
            "quantity": {"value": draw(AMOUNT), "unit": draw(st.sampled_from(["EA", "CA", "KG"]))},
            "unit_price": draw(AMOUNT),
        }
        for number in range(1, draw(st.integers(1, 4)) + 1)
    ]
    ship_to = {"role": "ship_to", "name": draw(TEXT), "city": draw(TEXT), "address_lines": [draw(TEXT)]}
    return PurchaseOrder.model_validate(
        {"po_number": draw(TEXT), "po_date": draw(st.dates()), "parties": [ship_to], "lines": lines}
    )


@settings(max_examples=60, deadline=None)
@given(orders())
def test_csv_round_trip(order: PurchaseOrder) -> None:
    result = csv_mapping.translate(csv_mapping.render([order]), layout="purchase-order")
    assert result.ok, result.issues
    [again] = result.records
    assert order.same_content(again)


@pytest.mark.parametrize("flavor", ["cxml", "ubl"])
@settings(max_examples=40, deadline=None)
@given(order=orders())
def test_xml_round_trip(flavor: str, order: PurchaseOrder) -> None:
    result = xml_mapping.translate(xml_mapping.render([order], flavor))
    assert result.ok, result.issues
    [again] = result.records
    assert order.same_content(again)


@st.composite
def invoices(draw: st.DrawFn) -> Invoice:
    lines = [
        {
            "line_number": str(number),
            "description": draw(TEXT),
            "item": {"vendor_part_number": draw(TEXT), "buyer_part_number": draw(TEXT)},
            "quantity": {"value": draw(AMOUNT), "unit": "EA"},
            "unit_price": draw(AMOUNT),
            "line_amount": draw(AMOUNT),
        }
        for number in range(1, draw(st.integers(1, 3)) + 1)
    ]
    return Invoice.model_validate(
        {
            "invoice_number": draw(TEXT),
            "invoice_date": draw(st.dates()),
            "invoice_type": draw(st.sampled_from(["DI", "CR"])),
            "po_number": draw(TEXT),
            "currency": "EUR",
            "parties": [{"role": "bill_to", "name": draw(TEXT)}],
            "totals": {"total_amount": draw(AMOUNT)},
            "lines": lines,
        }
    )


@st.composite
def ship_notices(draw: st.DrawFn) -> ShipNotice:
    def item(number: int) -> dict:
        return {
            "line_number": str(number),
            "item": {"vendor_part_number": draw(TEXT)},
            "description": draw(TEXT),
            "quantity_shipped": {"value": draw(AMOUNT), "unit": "EA"},
        }

    po_numbers = draw(st.lists(TEXT, min_size=1, max_size=2, unique=True))  # the CSV layout keys orders by PO
    orders = [{"po_number": po, "items": [item(n) for n in range(1, draw(st.integers(1, 3)) + 1)]} for po in po_numbers]
    return ShipNotice.model_validate(
        {
            "shipment_id": draw(TEXT),
            "notice_date": draw(st.dates()),
            "shipment": {
                "dates": [{"qualifier": "011", "date": draw(st.dates())}],
                "parties": [{"role": "ship_to", "name": draw(TEXT)}],
            },
            "orders": orders,
        }
    )


@pytest.mark.parametrize("target", ["csv", "cxml", "ubl"])
@settings(max_examples=40, deadline=None)
@given(invoice=invoices())
def test_invoice_round_trip(target: str, invoice: Invoice) -> None:
    module = csv_mapping if target == "csv" else xml_mapping
    data = csv_mapping.render([invoice]) if target == "csv" else xml_mapping.render([invoice], target)
    result = module.translate(data)
    assert result.ok, result.issues
    assert invoice.same_content(result.records[0])


@pytest.mark.parametrize("target", ["csv", "cxml"])
@settings(max_examples=40, deadline=None)
@given(notice=ship_notices())
def test_ship_notice_round_trip(target: str, notice: ShipNotice) -> None:
    """UBL is left out: a DespatchAdvice refers to one order, so a notice of two orders cannot be said in it."""
    module = csv_mapping if target == "csv" else xml_mapping
    data = csv_mapping.render([notice]) if target == "csv" else xml_mapping.render([notice], target)
    result = module.translate(data)
    assert result.ok, result.issues
    assert notice.same_content(result.records[0])
