"""What the maps keep in `extra` goes out again where it means something: X12 extras into X12, an XML
document's extras into the same kind of XML document; never a CSV column or an XML path as a segment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from edigate.mapping import csv, render_x12, translate_x12, xml
from edigate.mapping.xml import load_xml_maps
from edigate.records import ExtraData, SourceFormat
from edigate.x12.document import validate
from tests.conftest import corpus_params, without_extra

from .samples import purchase_order


def _extras(data: Any, found: list[tuple[str, str, tuple[Any, ...]]]) -> list[tuple[str, str, tuple[Any, ...]]]:
    if isinstance(data, dict):
        found += [(e["tag"], e["loop"] or "", tuple(map(str, e["values"]))) for e in data.get("extra") or []]
        for key, value in data.items():
            if key != "extra":
                _extras(value, found)
    elif isinstance(data, list):
        for value in data:
            _extras(value, found)
    return found


@pytest.mark.parametrize("path", corpus_params("xml/*"))
def test_an_xml_documents_extras_come_back_from_the_same_kind_of_document(path: Path) -> None:
    result = xml.translate(path.read_bytes(), file=path.name)
    if not result.records:
        pytest.skip("not a document the XML maps read")
    (record,) = result.records
    flavor = next(m.flavor for m in load_xml_maps() if m.document_type == record.source.document_type)
    (back,) = xml.translate(xml.render([record], flavor)).records
    assert sorted(_extras(back.model_dump(), [])) == sorted(_extras(record.model_dump(), []))
    assert without_extra(back).same_content(without_extra(record))


def test_a_cxml_orders_extras_are_not_written_into_a_ubl_order() -> None:
    order = purchase_order()
    order.source.format, order.source.document_type = SourceFormat.XML, "OrderRequest"
    order.extra = [ExtraData(tag="OrderRequestHeader/Extrinsic[2]", values=["GIFT"])]
    assert b"<Extrinsic" in xml.render([order], "cxml") and b"GIFT" in xml.render([order], "cxml")
    assert b"GIFT" not in xml.render([order], "ubl")


def test_an_erps_extra_segment_is_written_and_a_non_segment_refused() -> None:
    order = purchase_order()
    order.extra = [ExtraData(tag="N9", values=["ZZ", "LEAVE AT DOOR"])]
    text = render_x12([order])
    assert "N9*ZZ*LEAVE AT DOOR~" in text
    assert [issue.message for issue in validate(text.encode()).all_issues() if issue.is_error] == []
    assert translate_x12(text.encode()).records[0].extra[0].values == ["ZZ", "LEAVE AT DOOR"]
    for bad in ("GiftMessage", "ST", "n te"):
        order.extra = [ExtraData(tag=bad, values=["X"])]
        with pytest.raises(ValueError, match="cannot be written as an X12 segment"):
            render_x12([order])


def test_a_csv_files_extra_columns_are_not_written_as_segments() -> None:
    data = csv.render([purchase_order()], "purchase-order").replace(b"\r\n", b",\r\n")
    header, *rows = data.split(b"\r\n")
    data = b"\r\n".join([header + b"GIFT_WRAP", *(row + b"YES" for row in rows if row)])
    (record,) = csv.translate(data, layout="purchase-order").records
    assert any(extra.tag == "GIFT_WRAP" for extra in record.extra + record.lines[0].extra)
    text = render_x12([record])
    assert "GIFT_WRAP" not in text and "YES" not in text
