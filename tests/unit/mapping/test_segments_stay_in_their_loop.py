"""A segment the guide puts both in the heading (before the lines) and inside a line loop stays in the line.

The reader looks a segment up in the innermost open loop first, then outwards. A CUR inside an 850 PO1 loop
used to be taken by the heading CUR rule, which closed the line: the line's PID, PO4, REF and DTM after it then
landed in the heading, and the record was written back as invalid X12. A line CUR is now the line's `currency`;
one the line's rule does not take (another entity code), and any other segment the guide puts in both places
that no line rule takes (an 810's ITD), is kept in the line's `extra` and written back in the line. A segment
the guide also allows after the lines (an AMT*TT total with no CTT before it) still leaves the line as before.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from edigate.mapping import render_x12, translate_x12
from edigate.mapping.catalog import load_map
from edigate.mapping.reader import kept_in_loop
from edigate.records import BusinessRecord, Invoice, LoadTender, PurchaseOrder
from edigate.x12.document import validate
from edigate.x12.guides.loader import load_guide

VERSIONS = ("004010", "005010")


def _interchange(functional_id: str, set_id: str, body: str, version: str) -> bytes:
    segments = [segment.strip() for segment in body.strip().splitlines() if segment.strip()]
    isa_version = "00501" if version >= "005010" else "00401"
    return (
        "ISA*00*          *00*          *ZZ*BUYER          *ZZ*SELLER         "
        f"*261124*0900*U*{isa_version}*000000042*0*P*>~\n"
        f"GS*{functional_id}*BUYER*SELLER*20261124*0900*42*X*{version}~\n"
        f"ST*{set_id}*0001~\n"
        + "".join(f"{segment}~\n" for segment in segments)
        + f"SE*{len(segments) + 2}*0001~\nGE*1*42~\nIEA*1*000000042~\n"
    ).encode()


def _read(data: bytes) -> BusinessRecord:
    result = translate_x12(data)
    assert [issue.message for issue in result.issues] == []
    (record,) = result.records
    return record


def _errors(data: bytes) -> list[str]:
    return [issue.message for issue in validate(data).all_issues() if issue.is_error]


def _kept(record_part: PurchaseOrder | Invoice | object) -> list[tuple[str, str | None, list[object]]]:
    return [(entry.tag, entry.loop, list(entry.values)) for entry in getattr(record_part, "extra", [])]


ORDER_WITH_LINE_CURRENCY = """
BEG*00*SA*PO-77**20261124
CUR*BY*USD
REF*DP*042
N1*ST*STORE 9*92*0009
PO1*1*12*EA*3.50**VP*BOLT-1
CUR*BY*CAD
PID*F****HEX BOLT M8
PO4*6*1*EA
REF*ZZ*DOCK4
DTM*002*20261201
PO1*2*4*EA*7.25**VP*NUT-2
PID*F****WING NUT
CTT*2
"""


@pytest.mark.parametrize("version", VERSIONS)
def test_a_cur_inside_a_po1_loop_keeps_the_lines_pid_po4_ref_and_dtm_in_the_line(version: str) -> None:
    order = _read(_interchange("PO", "850", ORDER_WITH_LINE_CURRENCY, version))
    assert isinstance(order, PurchaseOrder)
    assert order.currency == "USD"  # the heading CUR is still the order's
    assert [(ref.qualifier, ref.value) for ref in order.references] == [("DP", "042")]
    assert order.dates == [] and order.extra == []
    first, second = order.lines
    assert first.description == "HEX BOLT M8"
    assert first.packaging is not None and first.packaging.pack == Decimal("6")
    assert [(ref.qualifier, ref.value) for ref in first.references] == [("ZZ", "DOCK4")]
    assert [(date.qualifier, date.date) for date in first.dates] == [("002", dt.date(2026, 12, 1))]
    assert (first.currency, _kept(first)) == ("CAD", [])
    assert (second.line_number, second.description, second.currency, second.extra) == ("2", "WING NUT", None, [])


@pytest.mark.parametrize("version", VERSIONS)
def test_the_line_cur_is_written_back_in_its_line_and_the_order_stays_valid(version: str) -> None:
    data = _interchange("PO", "850", ORDER_WITH_LINE_CURRENCY, version)
    order = _read(data)
    written = render_x12([order], version=version)
    assert _errors(written.encode()) == []
    segments = [segment.strip() for segment in written.split("~") if segment.strip()]
    line = next(index for index, segment in enumerate(segments) if segment.startswith("PO1*1*"))
    assert segments[line + 1 : line + 3] == ["CUR*BY*CAD", "PID*F****HEX BOLT M8"]
    assert segments.count("CUR*BY*USD") == 1 and segments.index("CUR*BY*USD") < line
    again = _read(written.encode())
    assert isinstance(again, PurchaseOrder)
    assert again.same_content(order)


@pytest.mark.parametrize("version", VERSIONS)
def test_a_line_cur_the_line_rule_does_not_take_stays_in_the_lines_extra_and_is_written_back_there(
    version: str,
) -> None:
    body = ORDER_WITH_LINE_CURRENCY.replace("CUR*BY*CAD", "CUR*PE*CAD")  # the payee's currency: no field says it
    order = _read(_interchange("PO", "850", body, version))
    assert isinstance(order, PurchaseOrder)
    first = order.lines[0]
    assert (order.currency, first.currency, first.description) == ("USD", None, "HEX BOLT M8")
    assert _kept(first) == [("CUR", "line", ["PE", "CAD"])] and order.extra == []
    written = render_x12([order], version=version)
    assert _errors(written.encode()) == []
    segments = [segment.strip() for segment in written.split("~") if segment.strip()]
    line = next(index for index, segment in enumerate(segments) if segment.startswith("PO1*1*"))
    assert segments[line + 1 : line + 3] == ["CUR*PE*CAD", "PID*F****HEX BOLT M8"]
    assert _read(written.encode()).same_content(order)


@pytest.mark.parametrize("version", VERSIONS)
def test_a_total_the_guide_allows_after_the_lines_still_leaves_the_line(version: str) -> None:
    """AMT is in the PO1 loop and in the summary: an AMT*TT after the lines is the order's total, no CTT needed."""
    body = """
    BEG*00*SA*PO-78**20261124
    PO1*1*2*EA*5**VP*PIN-3
    AMT*1*10
    AMT*TT*10
    """
    order = _read(_interchange("PO", "850", body, version))
    assert isinstance(order, PurchaseOrder)
    assert order.totals is not None and order.totals.total_amount == Decimal("10")
    (line,) = order.lines
    assert line.line_amount == Decimal("10") and line.extra == []


@pytest.mark.parametrize("version", VERSIONS)
def test_an_810_line_keeps_its_cur_and_itd_and_what_follows_them(version: str) -> None:
    body = """
    BIG*20261124*INV-5**PO-77
    CUR*SE*USD
    N1*RE*SELLER INC*92*77
    IT1*1*12*EA*3.5**VP*BOLT-1
    CUR*SE*CAD
    ITD*01*3*2**10
    PID*F****HEX BOLT M8
    REF*ZZ*DOCK4
    TDS*4200
    CTT*1
    """
    invoice = _read(_interchange("IN", "810", body, version))
    assert isinstance(invoice, Invoice)
    assert invoice.currency == "USD" and invoice.terms == [] and invoice.extra == []
    (line,) = invoice.lines
    assert line.description == "HEX BOLT M8"
    assert [(ref.qualifier, ref.value) for ref in line.references] == [("ZZ", "DOCK4")]
    assert line.currency == "CAD"
    assert _kept(line) == [("ITD", "line", ["01", "3", "2", "", "10"])]
    written = render_x12([invoice], version=version)
    assert _errors(written.encode()) == []
    again = _read(written.encode())
    assert isinstance(again, Invoice)
    (line_again,) = again.lines
    assert line_again.model_dump(exclude={"extra"}) == line.model_dump(exclude={"extra"})
    assert _kept(line_again) == _kept(line)  # written back in the line (where in it: the guide's place for ITD)


def test_which_loops_keep_which_segments_comes_from_the_guide() -> None:
    """The 850's line keeps the heading-only ids its PO1 loop also holds; the heading's own loops and the HL
    loops of the 856 keep nothing this way (a PO1 after a line, an HL after a level, are new iterations)."""
    order_map = load_map("850", "004010")
    guide = load_guide("850", "004010")
    assert guide is not None
    kept = kept_in_loop(order_map, guide.structure)
    assert {"CUR", "ITD", "PER"} <= kept["line"]
    assert "PO1" not in kept["line"] and "AMT" not in kept["line"]  # a new line; a summary total
    assert "party" not in kept  # the heading N1 loop: a FOB or TD5 there may also be the PO1 loop's
    notice_guide = load_guide("856", "004010")
    assert notice_guide is not None
    assert kept_in_loop(load_map("856", "004010"), notice_guide.structure) == {}


@pytest.mark.parametrize("version", VERSIONS)
def test_a_g62_after_a_204_oid_is_the_orders_and_its_l5_stays_with_it(version: str) -> None:
    """S5 loop: S5, L11, G62 ... then the OID loop with its own G62 and L5; the order's G62 is not the stop's."""
    body = """
    B2**SCAC**SH-9**PP
    B2A*00
    S5*1*LD
    G62*69*20261201*U*0800
    OID*REF-1*PO-77
    G62*70*20261203*U*1700
    L5*1*STEEL BOLTS
    S5*2*UL
    L3*1200*G
    """
    tender = _read(_interchange("SM", "204", body, version))
    assert isinstance(tender, LoadTender)
    first, second = tender.stops
    assert [(date.qualifier, date.date) for date in first.dates] == [("69", dt.date(2026, 12, 1))]
    (order,) = first.orders
    assert order.po_number == "PO-77" and [item.description for item in order.line_items] == ["STEEL BOLTS"]
    assert _kept(order) == [("G62", "stop/order", ["70", "20261203", "U", "1700"])]
    assert second.sequence == 2 and second.orders == []
    written = render_x12([tender], version=version)
    assert _errors(written.encode()) == []
    segments = [segment.strip() for segment in written.split("~") if segment.strip()]
    assert segments[segments.index("G62*70*20261203*U*1700") - 1].startswith("OID*REF-1*PO-77")


@pytest.mark.parametrize("version", VERSIONS)
def test_an_850_sub_lines_sac_stays_in_the_sub_line(version: str) -> None:
    body = """
    BEG*00*SA*PO-79**20261124
    PO1*1*1*EA*20**VP*KIT-1
    SLN*1.1**I*2*EA*5
    SAC*C*D240***100
    SLN*1.2**I*1*EA*10
    CTT*1
    """
    order = _read(_interchange("PO", "850", body, version))
    assert isinstance(order, PurchaseOrder)
    (line,) = order.lines
    assert line.allowances_charges == [] and line.extra == []
    first, second = line.sub_lines
    assert _kept(first) == [("SAC", "line/sub_line", ["C", "D240", "", "", "100"])]
    assert second.line_number == "1.2" and second.extra == []
    assert _errors(render_x12([order], version=version).encode()) == []
