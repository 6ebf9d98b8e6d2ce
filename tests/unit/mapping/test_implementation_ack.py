"""A FunctionalAck with ack_type '999' is written as a 999 (IK3/IK4/IK5, 005010X231) and reads back the same."""

from __future__ import annotations

import pytest

from edigate.mapping import render_x12, set_for, translate_x12
from edigate.records import FunctionalAck
from edigate.x12.document import validate

from .samples import functional_ack, purchase_order


def _ack(kind: str) -> FunctionalAck:
    return functional_ack().model_copy(update={"ack_type": kind, "version": "005010"})


@pytest.mark.parametrize("partner_version", ["004010", "005010", "005010X231A1"])
def test_a_999_record_is_written_as_a_999_that_validates_and_reads_back(partner_version: str) -> None:
    record = _ack("999")
    text = render_x12([record], version=partner_version, sender=("ZZ", "US"), receiver=("ZZ", "THEM"))
    segments = [segment.strip().split("*") for segment in text.split("~") if segment.strip()]
    tags = [segment[0] for segment in segments]
    assert "AK3" not in tags and "AK4" not in tags and "AK5" not in tags
    assert tags.count("IK5") == 2 and "IK3" in tags and "IK4" in tags
    gs08 = partner_version if partner_version.startswith("005010X231") else "005010X231"
    assert segments[tags.index("GS")][8] == gs08 and segments[tags.index("ST")] == ["ST", "999", "0001", gs08]
    assert segments[tags.index("IK4")][1:5] == ["3", "", "7", "XX"]
    document = validate(text.encode())
    assert [issue.message for issue in document.all_issues() if issue.is_error] == []
    result = translate_x12(text.encode())
    assert result.issues == []
    (back,) = result.records
    assert back.same_content(record) and back.source.document_type == "999"


def test_a_997_record_stays_a_997_and_a_999_gets_its_own_group() -> None:
    assert set_for(_ack("997")) == ("997", "FA") and set_for(_ack("999")) == ("999", "FA")
    assert set_for(_ack("999").model_copy(update={"ack_type": None})) == ("997", "FA")
    records = [_ack("997"), _ack("999"), purchase_order()]
    text = render_x12(records, version="004010", sender=("ZZ", "US"), receiver=("ZZ", "THEM"))
    groups = [segment.strip().split("*") for segment in text.split("~") if segment.strip().startswith("GS")]
    assert [(gs[1], gs[8]) for gs in groups] == [("FA", "004010"), ("FA", "005010X231"), ("PO", "004010")]
    document = validate(text.encode())
    assert [issue.message for issue in document.all_issues() if issue.is_error] == []
    kinds = [record.source.document_type for record in translate_x12(text.encode()).records]
    assert kinds == ["997", "999", "850"]
