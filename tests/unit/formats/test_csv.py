"""CSV files become records by a layout, keep what no layout reads, and records become CSV that reads back equal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from edigate.formats.csv_io import decode, read_table, sniff_delimiter
from edigate.mapping.csv import layout_names, render, translate
from edigate.records import Invoice, PurchaseOrder, ShipNotice
from tests.conftest import corpus_params

SMOOKS = corpus_params("csv/*pipelines-po-lines.csv")

PO_CSV = (
    "po_number,po_date,ship_to_name,ship_to_city,line_number,upc,quantity,unit,unit_price,description\r\n"
    "PO-1,2026-02-01,Store 12,Columbus,1,012345678905,12,EA,1.50,Widget\r\n"
    'PO-1,2026-02-01,Store 12,Columbus,2,012345678912,3,CA,20.00,"Gadget, large"\r\n'
    "PO-2,2026-02-02,Store 40,Dayton,1,012345678905,1,EA,1.50,Widget\r\n"
)


@pytest.mark.parametrize("path", SMOOKS)
def test_smooks_order_lines_by_their_named_column_mapping(path: Path) -> None:
    result = translate(path.read_bytes(), layout="smooks-po-lines", file=path.name)
    assert result.ok and result.issues == []
    assert [order.po_number for order in result.records] == ["128576", "128577", "128578"]
    first = result.records[0]
    assert isinstance(first, PurchaseOrder) and first.po_date == dt.date(2002, 8, 30)
    buyer = first.party("buyer")
    assert buyer is not None
    assert (buyer.name, buyer.id, buyer.city, buyer.postal_code) == ("KION GROUP AG", "123456", "Wiesbaden", "65189")
    assert buyer.address_lines == ["Abraham-Lincoln-Str"] and buyer.state is None
    lines = [order.lines[0] for order in result.records]
    assert [(ln.line_number, ln.item.ean) for ln in lines] == [
        ("1", "4000862141404"),
        ("2", "4000862141405"),
        ("3", "4000862141406"),
    ]
    assert [(ln.quantity.value, ln.quantity.unit, ln.unit_price) for ln in lines if ln.quantity] == [
        (Decimal(48), "PCE", Decimal(5)),
        (Decimal(2), "KGM", Decimal(55)),
        (Decimal(17), "PCE", Decimal(15)),
    ]
    assert first.source.document_type == "smooks-po-lines" and [r.source.sequence for r in result.records] == [0, 1, 2]


@pytest.mark.parametrize("path", SMOOKS)
def test_smooks_layout_is_detected_from_the_columns(path: Path) -> None:
    result = translate(path.read_bytes())
    assert result.ok and {record.source.document_type for record in result.records} == {"smooks-po-lines"}


@pytest.mark.parametrize("path", SMOOKS)
def test_smooks_round_trip_keeps_every_column(path: Path) -> None:
    first = translate(path.read_bytes(), layout="smooks-po-lines")
    written = render(first.records, layout="smooks-po-lines")
    again = translate(written, layout="smooks-po-lines")
    assert len(again.records) == 3
    assert all(a.same_content(b) for a, b in zip(first.records, again.records, strict=True))
    assert written.splitlines()[1:] == path.read_bytes().splitlines()[1:]


def test_rows_group_into_orders_with_their_lines() -> None:
    result = translate(PO_CSV.encode(), file="po.csv")
    assert result.ok
    one, two = result.records
    assert isinstance(one, PurchaseOrder) and isinstance(two, PurchaseOrder)
    assert (one.po_number, len(one.lines), two.po_number, len(two.lines)) == ("PO-1", 2, "PO-2", 1)
    assert one.lines[1].description == "Gadget, large"
    ship_to = one.party("ship_to")
    assert ship_to is not None and (ship_to.name, ship_to.city) == ("Store 12", "Columbus")
    assert one.lines[1].quantity is not None and one.lines[1].quantity.unit == "CA"


def test_bom_semicolons_tab_and_quoted_newlines_are_read() -> None:
    text = '\ufeffpo_number;line_number;description\r\n"A;1";1;"two\nlines"\r\n'
    table = read_table(decode(text.encode("utf-8")))
    assert table.delimiter == ";" and table.columns == ("po_number", "line_number", "description")
    assert table.rows[0].values == {"po_number": "A;1", "line_number": "1", "description": "two\nlines"}
    assert sniff_delimiter("a\tb\tc\n") == "\t"
    result = translate(b"po_number\tline_number\tquantity\nX\t1\t4\n")
    assert result.ok and result.records[0].lines[0].quantity.value == 4  # type: ignore[union-attr]


def test_a_partner_layout_with_decimal_commas_and_day_first_dates(tmp_path: Path) -> None:
    (tmp_path / "acme-de.toml").write_text(
        '[layout]\nrecord = "invoice"\nkey = "Rechnung"\ndelimiter = ";"\ndecimal = ","\ndate_format = "%d.%m.%Y"\n'
        'encoding = "cp1252"\n'
        '[header]\n"invoice_number" = "Rechnung"\n"invoice_date" = "Datum : date"\n'
        '"totals.total_amount" = "Summe : decimal"\n'
        '[line]\n"line_number" = "Pos"\n"quantity.value" = "Menge : decimal"\n"unit_price" = "Preis : decimal"\n'
        '"description" = "Text"\n',
        encoding="utf-8",
    )
    text = "Rechnung;Datum;Summe;Pos;Menge;Preis;Text\n R-9;24.11.2026;1.234,50;1;2,5;493,80;Schraube Ø8\n"
    data = text.encode("cp1252")
    result = translate(data, layout="acme-de", layouts_dir=tmp_path)
    assert result.ok, result.issues
    [invoice] = result.records
    assert isinstance(invoice, Invoice) and invoice.invoice_date == dt.date(2026, 11, 24)
    assert invoice.totals is not None and invoice.totals.total_amount == Decimal("1234.50")
    assert invoice.lines[0].quantity is not None and invoice.lines[0].quantity.value == Decimal("2.5")
    assert invoice.lines[0].description == "Schraube Ø8"
    written = render([invoice], layout="acme-de", layouts_dir=tmp_path)
    assert written.decode("cp1252").splitlines()[1] == "R-9;24.11.2026;1234,50;1;2,5;493,80;Schraube Ø8"
    assert translate(written, layout="acme-de", layouts_dir=tmp_path).records[0].same_content(invoice)


def test_unknown_columns_are_kept_per_line_and_written_back() -> None:
    data = b"po_number,line_number,quantity,gift_message\nP,1,2,Happy birthday\nP,2,1,\n"
    result = translate(data)
    [order] = result.records
    [kept] = order.lines[0].extra
    assert (kept.tag, kept.values, kept.position) == ("gift_message", ["Happy birthday"], 2)
    assert order.lines[1].extra == []
    written = render([order])
    assert b"gift_message" in written.splitlines()[0]
    assert translate(written).records[0].same_content(order)


def test_a_bad_value_is_a_warning_and_kept_in_extra() -> None:
    result = translate(b"po_number,po_date,line_number,quantity\nP,2026-13-45,1,lots\n", file="bad.csv")
    [order] = result.records
    codes = [(issue.code, issue.location.line, issue.value) for issue in result.issues]
    assert codes == [("csv-bad-value", 2, "2026-13-45"), ("csv-bad-value", 2, "lots")]
    assert order.po_date is None and order.lines[0].quantity is None
    assert [entry.values for entry in order.extra] == [["2026-13-45"]]
    assert [entry.tag for entry in order.lines[0].extra] == ["quantity"]


def test_missing_key_column_is_an_error_naming_it() -> None:
    result = translate(b"LINE_NUMBER,QUANTITY\n1,2\n", layout="smooks-po-lines", file="x.csv")
    assert result.records == []
    assert any(i.is_error and i.code == "csv-missing-column" and "PO_NUMBER" in i.message for i in result.issues)


def test_rows_without_a_key_value_and_disagreeing_headers_are_reported() -> None:
    data = b"po_number,po_date,line_number\nP,2026-01-01,1\n,2026-01-01,2\nP,2026-01-02,3\n"
    result = translate(data, file="x.csv")
    problems = [(issue.code, issue.location.line) for issue in result.issues]
    assert problems == [("csv-missing-value", 3), ("csv-inconsistent-header", 4)]
    [order] = result.records
    assert order.po_date == dt.date(2026, 1, 1) and [ln.line_number for ln in order.lines] == ["1", "3"]
    assert not result.ok


@pytest.mark.parametrize("data", [b"", b"\r\n \r\n", b"po_number,quantity\r\n"])
def test_empty_files_are_errors(data: bytes) -> None:
    result = translate(data, file="x.csv")
    assert result.records == [] and [issue.code for issue in result.issues] == ["csv-empty"]


def test_unknown_columns_only_means_no_layout() -> None:
    result = translate(b"foo,bar\n1,2\n", file="x.csv")
    [problem] = result.issues
    assert problem.code == "csv-unknown-layout" and "foo, bar" in problem.message


def test_not_utf8_without_a_layout_saying_so_is_an_error_with_its_line() -> None:
    result = translate(b"po_number,description\nP,caf\xe9\n", file="x.csv")
    [problem] = result.issues
    assert (problem.code, problem.location.line) == ("csv-bad-encoding", 2)


def test_unterminated_quote_is_not_well_formed() -> None:
    result = translate(b'po_number,description\nP,"open\n', file="x.csv")
    assert [issue.code for issue in result.issues] == ["csv-not-well-formed"]


def test_ship_notice_rows_group_into_orders_and_items() -> None:
    data = (
        b"shipment_id,ship_date,bol_number,carrier_scac,po_number,line_number,upc,quantity_shipped,unit,lot_number\n"
        b"S-1,2026-03-02,BOL77,UPSN,PO-1,1,012345678905,10,EA,L1\n"
        b"S-1,2026-03-02,BOL77,UPSN,PO-2,1,012345678912,4,EA,\n"
        b"S-1,2026-03-02,BOL77,UPSN,PO-1,2,012345678929,6,EA,L2\n"
    )
    result = translate(data)
    [notice] = result.records
    assert isinstance(notice, ShipNotice) and result.ok
    assert notice.shipment.bol_number == "BOL77" and notice.shipment.carriers[0].scac == "UPSN"
    assert notice.shipment.date_for("011") == dt.date(2026, 3, 2)
    assert [(o.po_number, [i.line_number for i in o.items]) for o in notice.orders] == [
        ("PO-1", ["1", "2"]),
        ("PO-2", ["1"]),
    ]
    assert notice.orders[0].items[1].lot_numbers == ["L2"]
    assert translate(render([notice])).records[0].same_content(notice)


@pytest.mark.parametrize("name", ["purchase-order", "ship-notice", "invoice"])
def test_records_without_lines_still_round_trip(name: str) -> None:
    record = {
        "purchase-order": PurchaseOrder(po_number="P-0", currency="EUR"),
        "ship-notice": ShipNotice(shipment_id="S-0", notice_date=dt.date(2026, 1, 2)),
        "invoice": Invoice(invoice_number="I-0", po_number="P-0"),
    }[name]
    written = render([record], layout=name)
    assert len(written.splitlines()) == 2
    assert translate(written, layout=name).records[0].same_content(record)


def test_shipped_layouts_and_a_partner_folder_are_both_candidates_for_detection(tmp_path: Path) -> None:
    assert set(layout_names()) >= {"purchase-order", "ship-notice", "invoice", "smooks-po-lines"}
    (tmp_path / "acme.toml").write_text(
        '[layout]\nrecord = "purchase_order"\nkey = "Bestellung"\n[header]\n"po_number" = "Bestellung"\n',
        encoding="utf-8",
    )
    assert "acme" in layout_names(tmp_path) and "invoice" in layout_names(tmp_path)
    assert translate(b"Bestellung\nB-1\n", layouts_dir=tmp_path).records[0].source.document_type == "acme"
    assert translate(b"po_number\nP-1\n", layouts_dir=tmp_path).records[0].source.document_type == "purchase-order"


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        ('[header]\n"po_numbr" = "PO"\n', "no field 'po_numbr'"),
        ('[line]\n"quantity.valu" = "QTY"\n', "no field 'quantity.valu'"),
        ('[line]\n"quantity.value" = "QTY : money"\n', "unknown conversion"),
        ('[header]\n"parties[role].name" = "N"\n', "field path step"),
    ],
)
def test_a_layout_that_does_not_compile_is_reported_not_raised(tmp_path: Path, body: str, complaint: str) -> None:
    (tmp_path / "broken.toml").write_text(f'[layout]\nrecord = "purchase_order"\nkey = "PO"\n{body}', encoding="utf-8")
    result = translate(b"PO,QTY\n1,2\n", layout="broken", layouts_dir=tmp_path, file="x.csv")
    [problem] = result.issues
    assert problem.code == "csv-bad-layout" and complaint in problem.message
