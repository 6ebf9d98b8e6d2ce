"""Property tests: any order the layouts and maps can hold survives record -> CSV/XML -> record unchanged."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edigate.mapping import csv as csv_mapping
from edigate.mapping import xml as xml_mapping
from edigate.records import PurchaseOrder

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
