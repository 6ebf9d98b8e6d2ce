"""Where the 850 and 856 maps put what the guides allow but the maps once dropped into `extra`: the 850's
heading PER, items right under the shipment HL, bare LIN/SN1, an order's TD1, an item's N1, a pack's PO4."""

from __future__ import annotations

import pytest

from edigate.mapping import render_x12, translate_x12
from edigate.records import PurchaseOrder, ShipNotice
from edigate.x12.document import validate


def _interchange(functional_id: str, set_id: str, body: str, version: str = "004010") -> bytes:
    segments = [segment for segment in body.strip().splitlines() if segment.strip()]
    isa_version = "00501" if version >= "005010" else "00401"
    return (
        "ISA*00*          *00*          *ZZ*THEM           *ZZ*US             "
        f"*260301*1200*U*{isa_version}*000000007*0*P*>~\n"
        f"GS*{functional_id}*THEM*US*20260301*1200*7*X*{version}~\n"
        f"ST*{set_id}*0001~\n"
        + "".join(f"{segment.strip()}~\n" for segment in segments)
        + f"SE*{len(segments) + 2}*0001~\n"
        "GE*1*7~\nIEA*1*000000007~\n"
    ).encode()


def _errors(data: bytes) -> list[str]:
    return [issue.message for issue in validate(data).all_issues() if issue.is_error]


def _one(data: bytes) -> PurchaseOrder | ShipNotice:
    result = translate_x12(data)
    assert [issue.message for issue in result.issues] == []
    (record,) = result.records
    assert isinstance(record, PurchaseOrder | ShipNotice)
    return record


@pytest.mark.parametrize("version", ["004010", "005010"])
def test_the_850_heading_per_is_the_orders_contact_and_is_written_back(version: str) -> None:
    data = _interchange(
        "PO",
        "850",
        """
        BEG*00*SA*PO-5**20260301
        PER*BD*JANE BUYER*TE*5555550100*EM*JANE@EXAMPLE.COM
        N1*ST*STORE 12*92*0012
        PO1*1*2*EA*9.99**UP*012345678905
        CTT*1
        """,
        version,
    )
    record = _one(data)
    assert isinstance(record, PurchaseOrder) and record.extra == []
    (contact,) = record.contacts
    assert (contact.function_code, contact.name, contact.phone, contact.email) == (
        "BD",
        "JANE BUYER",
        "5555550100",
        "JANE@EXAMPLE.COM",
    )
    text = render_x12([record], version=version)
    assert "PER*BD*JANE BUYER*TE*5555550100*EM*JANE@EXAMPLE.COM~" in text
    assert _errors(text.encode()) == []
    assert _one(text.encode()).same_content(record)


SHIPMENT = """
BSN*00*SN-1*20260301*1200
HL*1**S
TD1*CTN*2****G*20*LB
REF*BM*BOL-1
N1*ST*STORE 12*92*0012
"""


def test_items_right_under_the_shipment_hl_are_the_notices_items() -> None:
    body = SHIPMENT + "HL*2*1*I\nLIN*1*UP*012345678905\nSN1**4*EA\nHL*3*1*I\nLIN*2*VN*V-2\nSN1**1*CA\nCTT*3"
    record = _one(_interchange("SH", "856", body))
    assert isinstance(record, ShipNotice) and record.orders == [] and record.extra == []
    assert [(item.line_number, item.quantity_shipped.value) for item in record.items if item.quantity_shipped] == [
        ("1", 4),
        ("2", 1),
    ]
    assert record.items[0].item.upc == "012345678905" and record.items[1].item.vendor_part_number == "V-2"
    text = render_x12([record])
    assert "HL*2*1*I~" in text and "HL*3*1*I~" in text and _errors(text.encode()) == []
    assert _one(text.encode()).same_content(record)


def test_a_bare_lin_with_no_hl_of_its_own_is_an_item_of_its_level() -> None:
    body = SHIPMENT + "LIN*1*UP*012345678905\nSN1**4*EA\nPID*F****BLUE MUG\nLIN*2*VN*V-2\nSN1**1*CA\nCTT*1"
    record = _one(_interchange("SH", "856", body))
    assert isinstance(record, ShipNotice) and record.extra == [] and record.shipment.extra == []
    assert [(item.line_number, item.description) for item in record.items] == [("1", "BLUE MUG"), ("2", None)]
    written = render_x12([record])
    assert "HL*2*1*I~" in written and _errors(written.encode()) == []
    assert _one(written.encode()).same_content(record)


def test_segments_between_hls_belong_to_the_latest_level_not_an_enclosing_one() -> None:
    """An order's TD1 (and a TD5 the order level has no field for) stay with the order: the packs and items
    after them are still the order's, where the old outward fall-back closed the order at its TD1."""
    body = (
        SHIPMENT + "HL*2*1*O\nPRF*PO-9\nTD1*CTN*4****G*12*LB\nTD5*****CHR*CC\n"
        "HL*3*2*P\nPO4*1*****6*LB\nMAN*GM*00000715670002152360\nHL*4*3*I\nLIN**UP*012345678905\nSN1**12*EA\n"
        "N1*MF*MAKER INC*92*M-1\nN3*1 FACTORY ROAD\nCTT*4"
    )
    record = _one(_interchange("SH", "856", body))
    assert isinstance(record, ShipNotice)
    (order,) = record.orders
    assert (order.po_number, order.packaging_code, order.lading_quantity) == ("PO-9", "CTN", 4)
    assert order.gross_weight is not None and order.gross_weight.value == 12
    assert [(extra.tag, extra.note) for extra in order.extra] == [("TD5", "segment or qualifier not in map")]
    (pack,) = order.packs
    assert pack.sscc == "00000715670002152360" and pack.weight is not None and pack.weight.value == 6
    (item,) = pack.items
    assert item.quantity_shipped is not None and item.quantity_shipped.value == 12
    (maker,) = item.parties
    assert (maker.entity_code, maker.name, maker.address_lines) == ("MF", "MAKER INC", ["1 FACTORY ROAD"])
    assert record.shipment.gross_weight is not None and record.shipment.gross_weight.value == 20
    written = render_x12([record])
    assert _errors(written.encode()) == []
    again = _one(written.encode())
    assert (
        again.orders[0].packs[0].items[0].parties == item.parties and again.orders[0].gross_weight == order.gross_weight
    )
