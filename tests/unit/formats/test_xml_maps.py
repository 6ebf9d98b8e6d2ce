"""cXML and UBL documents become the records a person expects, and records become XML that reads back equal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from edigate.mapping.xml import load_xml_maps, render, translate
from edigate.records import BusinessRecord, Invoice, PurchaseOrder, ShipNotice
from tests.conftest import CORPUS, corpus_files, corpus_params, without_extra


def _one(name: str) -> BusinessRecord:
    path = CORPUS / "xml" / name
    if not path.is_file():
        pytest.skip(f"corpus file {name} not found")
    result = translate(path.read_bytes(), file=name)
    assert result.ok, result.issues
    [record] = result.records
    return record


def test_cxml_order_request() -> None:
    order = _one("FriendsOfCXML__cxml-php__cXML-OrderRequest.xml")
    assert isinstance(order, PurchaseOrder)
    assert (order.po_number, order.po_date, order.purpose) == ("DO1234", dt.date(2000, 10, 12), "original")
    assert order.currency == "EUR" and order.totals is not None and order.totals.total_amount == Decimal("85.00")
    ship_to, bill_to = order.party("ship_to"), order.party("bill_to")
    assert ship_to is not None and (ship_to.name, ship_to.city, ship_to.country) == ("Acme", "Sunnyvale", "US")
    assert ship_to.address_lines == ["123 Anystreet"] and ship_to.additional_names == ["Joe Smith", "Mailstop M-543"]
    assert bill_to is not None and (bill_to.name, bill_to.postal_code) == ("Zinc GmbH", "42699")
    assert [line.item.vendor_part_number for line in order.lines] == ["1233244", "1233245"]
    assert [(ln.quantity.value, ln.quantity.unit) for ln in order.lines if ln.quantity] == [
        (Decimal(10), "EA"),
        (Decimal(20), "EA"),
    ]
    assert [line.unit_price for line in order.lines] == [Decimal("2.10"), Decimal("3.20")]
    assert order.lines[0].date_for("002") == dt.date(2020, 2, 28)
    assert order.lines[1].notes[0].text == "Test comment"
    assert order.source.sender_id == "inbound@prominate-platform.com"
    assert order.source.document_type == "OrderRequest"


def test_cxml_never_keeps_the_shared_secret() -> None:
    order = _one("FriendsOfCXML__cxml-php__cXML-OrderRequest.xml")
    assert "coyote" not in order.model_dump_json()


def test_cxml_order_unmapped_data_is_kept_in_extra_where_it_sat() -> None:
    order = _one("FriendsOfCXML__cxml-php__cXML-OrderRequest.xml")
    header = {entry.tag: entry.values for entry in order.extra}
    assert header["OrderRequestHeader/Comments/Attachment/URL"] == ["delivery-note.pdf"]
    assert header["OrderRequestHeader/ShipTo/Address/Phone/@name"] == ["personal"]
    assert "OrderRequestHeader/ShipTo/Address/Phone/TelephoneNumber/Number" not in header  # the hook used it
    line = {entry.tag: entry for entry in order.lines[0].extra}
    assert line["ItemDetail/Classification/@domain"].values == ["custom"]
    assert line["ItemDetail/Classification"].loop == "lines"


def test_cxml_phone_hook_joins_the_number_and_render_splits_it_again() -> None:
    order = _one("FriendsOfCXML__cxml-php__cXML-OrderRequest.xml")
    ship_to, bill_to = order.party("ship_to"), order.party("bill_to")
    assert ship_to is not None and [c.phone for c in ship_to.contacts] == ["+1 800 5551212"]
    assert bill_to is not None and [c.phone for c in bill_to.contacts] == ["+49 761 1234567"]
    xml = render([without_extra(order)], "cxml")
    assert b"<AreaOrCityCode>761</AreaOrCityCode>" in xml


def test_cxml_order_fixture_with_buyer_part_and_header_delivery_date() -> None:
    order = _one("FriendsOfCXML__cxml-php__cXML-order_request-fixture.xml")
    assert isinstance(order, PurchaseOrder)
    assert order.po_number == "acme-1-1" and order.date_for("002") == dt.date(2025, 1, 28)
    [line] = order.lines
    assert line.item.buyer_part_number == "QA-ACME-AUTOTEST" and line.unit_price == Decimal("10.00")
    assert "Secret!123" not in order.model_dump_json()


def test_cxml_ship_notice_request() -> None:
    notice = _one("FriendsOfCXML__cxml-php__cXML-ShipNoticeRequest.xml")
    assert isinstance(notice, ShipNotice)
    assert (notice.shipment_id, notice.notice_date) == ("S2-123", dt.date(2000, 10, 14))
    [carrier] = notice.shipment.carriers
    assert (carrier.scac, carrier.name) == ("FDE", "Federal Express")
    assert notice.shipment.tracking_numbers == ["8202 8261 1194"]
    assert notice.shipment.date_for("011") == dt.date(2000, 10, 14)
    assert notice.shipment.date_for("017") == dt.date(2000, 10, 18)
    assert [order.po_number for order in notice.orders] == ["DO1234"]
    assert notice.notes[0].text == "Got it all into one shipment."


def test_cxml_invoice_detail_request() -> None:
    invoice = _one("officeluv__cxml__cXML-InvoiceDetailRequest-taxes_at_line.xml")
    assert isinstance(invoice, Invoice)
    assert (invoice.invoice_number, invoice.invoice_date) == ("3495", dt.date(2009, 5, 1))
    assert (invoice.invoice_type, invoice.purpose, invoice.currency) == ("DI", "original", "USD")
    assert invoice.terms[0].net_days == 30
    charges = {charge.code: charge.amount for charge in invoice.allowances_charges}
    assert charges == {"D240": Decimal(30), "H090": Decimal(5)}
    assert [tax.amount for tax in invoice.taxes] == [Decimal(8)]
    [line] = invoice.lines
    assert line.quantity is not None and line.quantity.value == 1 and line.line_amount == Decimal(365)
    [tax] = line.taxes
    assert (tax.percent, tax.taxable_amount, tax.jurisdiction) == (Decimal("8.25"), Decimal(365), "CA")


def test_ubl_order_21() -> None:
    order = _one("oasis-tcs__ubl__UBL-Order-2.1-Example.xml")
    assert isinstance(order, PurchaseOrder)
    assert (order.po_number, order.po_date, order.currency) == ("34", dt.date(2010, 1, 20), "SEK")
    assert order.totals is not None and order.totals.total_amount == Decimal(6225)
    buyer, seller, ship_to = order.party("buyer"), order.party("seller"), order.party("ship_to")
    assert buyer is not None and (buyer.name, buyer.id, buyer.id_qualifier) == (
        "Johnssons byggvaror",
        "7300070011115",
        "GLN",
    )
    assert seller is not None and seller.name == "Moderna Produkter AB"
    assert ship_to is not None and ship_to.id == "1234567890123" and ship_to.city == "Stockholm"
    assert len(order.lines) == 2
    assert [(ln.quantity.value, ln.quantity.unit) for ln in order.lines if ln.quantity] == [
        (Decimal(120), "LTR"),
        (Decimal(15), "C62"),
    ]
    assert [ln.item.gtin for ln in order.lines] == ["1234567890123", "123452340123"]
    indicators = [(ac.indicator.value, ac.amount) for ac in order.allowances_charges]
    assert indicators == [("charge", Decimal(100)), ("allowance", Decimal(100))]
    assert order.dates[0].end_date == dt.date(2010, 2, 25)


def test_ubl_order_20_reads_the_older_delivery_address() -> None:
    order = _one("oasis-tcs__ubl__UBL-Order-2.0-Example.xml")
    assert isinstance(order, PurchaseOrder)
    assert order.po_number == "AEG012345" and order.source.version == "2.0"
    ship_to = order.party("ship_to")
    assert ship_to is not None and ship_to.address_lines == ["Avon Way", "3rd Floor, Room 5"]
    [line] = order.lines
    assert line.quantity is not None and (line.quantity.value, line.quantity.unit) == (Decimal(100), "KGM")
    assert line.item.buyer_part_number == "6578489" and line.item.vendor_part_number == "17589683"


def test_ubl_despatch_advice() -> None:
    notice = _one("oasis-tcs__ubl__UBL-DespatchAdvice-2.0-Example.xml")
    assert isinstance(notice, ShipNotice)
    assert (notice.shipment_id, notice.notice_date) == ("565899", dt.date(2005, 6, 20))
    ship_from = notice.shipment.party("ship_from")
    assert ship_from is not None and ship_from.name == "Consortial"
    [order] = notice.orders
    assert order.po_number == "AEG012345"
    [item] = order.items
    assert item.quantity_shipped is not None and item.quantity_shipped.value == 90
    assert item.lot_numbers == ["546378239"] and item.description == "Acme beeswax"
    backorder = {entry.tag: entry.values for entry in item.extra}["cbc:BackorderQuantity"]
    assert backorder == ["10"]


def test_ubl_invoice() -> None:
    invoice = _one("oasis-tcs__ubl__UBL-Invoice-2.1-Example.xml")
    assert isinstance(invoice, Invoice)
    assert (invoice.invoice_number, invoice.invoice_type, invoice.currency) == ("TOSL108", "DI", "EUR")
    assert invoice.totals is not None and invoice.totals.total_amount == Decimal(729)
    assert invoice.po_number == "123"
    assert len(invoice.lines) == 5
    assert invoice.lines[1].quantity is not None and invoice.lines[1].quantity.value == -1
    assert [tax.percent for tax in invoice.taxes] == [Decimal(20), Decimal(10), Decimal(0)]
    seller, remit_to = invoice.party("seller"), invoice.party("remit_to")
    assert seller is not None and seller.name == "Salescompany ltd."
    assert remit_to is not None and remit_to.name == "Ebeneser Scrooge Inc."


UNMAPPED = {"StatusUpdateRequest": "xml/*StatusUpdateRequest.xml", "ReceiptAdvice": "xml/*ReceiptAdvice*.xml"}


@pytest.mark.parametrize(("kind", "path"), [(k, p) for k, g in UNMAPPED.items() for p in corpus_files(g)])
def test_documents_without_a_map_are_named_in_the_error(kind: str, path: Path) -> None:
    result = translate(path.read_bytes(), file=path.name)
    assert result.records == []
    [problem] = result.issues
    assert problem.code == "xml-unknown-document" and problem.is_error
    assert kind in problem.message.split(";")[0]  # the part naming this document, not the supported list


MAPPED = [p for p in corpus_params("xml/*.xml") if not any(k in str(p.values[0]) for k in UNMAPPED)]


@pytest.mark.parametrize("path", MAPPED)
def test_round_trip_record_xml_record(path: Path) -> None:
    """Every corpus record (its extra bags aside) -> its flavour's XML -> the same record."""
    result = translate(path.read_bytes())
    assert result.ok, result.issues
    record = without_extra(result.records[0])
    flavor = "cxml" if (record.source.document_type or "").endswith("Request") else "ubl"
    again = translate(render([record], flavor))
    assert again.ok, again.issues
    assert record.same_content(again.records[0])
    assert again.records[0].extra == []


@pytest.mark.parametrize("flavor", ["cxml", "ubl"])
def test_built_record_renders_and_reads_back(flavor: str) -> None:
    order = PurchaseOrder.model_validate(
        {
            "po_number": "PO-77",
            "po_date": "2026-03-01",
            "currency": "USD",
            "parties": [{"role": "ship_to", "city": "Columbus", "address_lines": ["1 Main St", "Dock 4"]}],
            "lines": [
                {"line_number": "1", "quantity": {"value": "12", "unit": "EA"}, "unit_price": "1.25"},
                {"line_number": "2", "quantity": {"value": "3.5", "unit": "KG"}, "description": "Bolts & nuts <M8>"},
            ],
        }
    )
    data = render([order], flavor)
    assert b"Bolts &amp; nuts &lt;M8&gt;" in data
    result = translate(data)
    assert result.ok and order.same_content(result.records[0])


def test_render_refuses_what_it_cannot_write() -> None:
    order = PurchaseOrder(po_number="1")
    with pytest.raises(ValueError, match="exactly one record"):
        render([order, order], "ubl")
    with pytest.raises(ValueError, match="no 'edifact' XML map"):
        render([order], "edifact")


def test_shipped_maps_cover_three_records_in_two_flavours() -> None:
    covered = {(m.flavor, m.record.__name__) for m in load_xml_maps()}
    expected = {(f, r) for f in ("cxml", "ubl") for r in ("PurchaseOrder", "ShipNotice", "Invoice")}
    assert covered == expected


CXML_WITH_DEPT = b"""<cXML><Request><OrderRequest>
<OrderRequestHeader orderID="PO-9" orderDate="2026-01-05"><Extrinsic name="Dept">42</Extrinsic></OrderRequestHeader>
<ItemOut lineNumber="1" quantity="2"><ItemID><SupplierPartID>A-1</SupplierPartID></ItemID></ItemOut>
</OrderRequest></Request></cXML>"""


def test_a_partner_variant_extends_the_shipped_map(tmp_path: Path) -> None:
    """A partner that sends its department as an Extrinsic: a three-line variant, not a copy of the map."""
    (tmp_path / "cxml.order-request.toml").write_text(
        '[map]\nextends = "cxml.order-request"\n\n[[list]]\nfield = "references"\n'
        'each = "OrderRequestHeader/Extrinsic[@name=\'Dept\']"\nset = { qualifier = "DP" }\n'
        'fields = { "value" = "." }\n',
        encoding="utf-8",
    )
    shipped = translate(CXML_WITH_DEPT).records[0]
    assert isinstance(shipped, PurchaseOrder) and shipped.reference("DP") is None
    assert [entry.values for entry in shipped.extra] == [["Dept"], ["42"]]
    variant = translate(CXML_WITH_DEPT, maps_dir=tmp_path).records[0]
    assert isinstance(variant, PurchaseOrder) and variant.reference("DP") == "42" and variant.extra == []
    assert variant.lines[0].item.vendor_part_number == "A-1"
    again = translate(render([variant], "cxml", maps_dir=tmp_path), maps_dir=tmp_path).records[0]
    assert variant.same_content(again)


def test_a_named_map_refuses_another_kind_of_document() -> None:
    result = translate(CXML_WITH_DEPT, map_name="ubl.despatch-advice", file="x.xml")
    [problem] = result.issues
    assert problem.code == "xml-unknown-document" and "expected a ubl DespatchAdvice" in problem.message
    assert translate(CXML_WITH_DEPT, map_name="cxml.order-request").ok
    [missing] = translate(CXML_WITH_DEPT, map_name="nope").issues
    assert missing.code == "xml-unknown-map" and "cxml.order-request" in missing.message


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        ('[fields]\n"po_numbr" = "OrderRequestHeader/@orderID"\n', "no field 'po_numbr'"),
        ('[fields]\n"lines.quantity.valu" = "@q"\n', "no field 'lines.quantity.valu'"),
        ('[[list]]\nfield = "lines"\neach = "ItemOut"\nfields = { "qty" = "@quantity" }\n', "no field 'qty'"),
        ('[fields]\n"po_number" = "a//b"\n', "path step"),
        ('[fields]\n"po_number" = "@orderID : money"\n', "unknown conversion"),
    ],
)
def test_a_map_that_does_not_compile_is_reported_not_raised(tmp_path: Path, body: str, complaint: str) -> None:
    (tmp_path / "cxml.order-request.toml").write_text(
        f'[map]\nextends = "cxml.order-request"\n\n{body}', encoding="utf-8"
    )
    result = translate(CXML_WITH_DEPT, maps_dir=tmp_path, file="x.xml")
    [problem] = result.issues
    assert problem.code == "xml-bad-map" and complaint in problem.message


def test_a_ubl_despatch_advice_of_two_orders_is_refused_not_written_wrong() -> None:
    notice = ShipNotice.model_validate(
        {"shipment_id": "S", "orders": [{"po_number": "A", "items": [{"line_number": "1"}]}, {"po_number": "B"}]}
    )
    with pytest.raises(ValueError, match="one order; this notice has 2"):
        render([notice], "ubl")
    assert translate(render([notice], "cxml")).records[0].same_content(notice)
