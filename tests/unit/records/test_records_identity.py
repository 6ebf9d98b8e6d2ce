"""record_id, the idempotency key: one document always gets one id; different documents never share one."""

from __future__ import annotations

import json

import pytest

from edigate.records import (
    BusinessRecord,
    Invoice,
    PurchaseOrder,
    ShipmentStatus,
    Source,
    SourceFormat,
    parse_record,
    record_id_for,
    record_part,
)


def envelope(**changes: str) -> Source:
    fields = {
        "partner_id": "acme",
        "format": SourceFormat.X12,
        "interchange_control_number": "000000905",
        "group_control_number": "905",
        "transaction_set_control_number": "0001",
    }
    return Source(**(fields | changes))


def test_record_id_is_a_fixed_function_of_type_and_envelope() -> None:
    # Pinned: a change here re-keys every stored document and breaks duplicate detection across an upgrade.
    expected = "purchase_order:1a81ec4885c000e9c9969537758a1db6"
    assert record_id_for("purchase_order", envelope()) == expected
    assert PurchaseOrder(po_number="1", source=envelope()).record_id == expected


def test_record_id_is_the_same_for_equal_records(sample_of) -> None:
    assert sample_of("invoice").record_id == sample_of("invoice").record_id


@pytest.mark.parametrize(
    "change",
    [
        {"interchange_control_number": "000000906"},
        {"group_control_number": "906"},
        {"transaction_set_control_number": "0002"},
        {"partner_id": "globex"},
    ],
)
def test_record_id_differs_when_an_envelope_number_differs(change: dict[str, str]) -> None:
    base = PurchaseOrder(po_number="1", source=envelope())
    other = PurchaseOrder(po_number="1", source=envelope(**change))
    assert base.record_id != other.record_id


def test_record_id_differs_across_record_types_with_one_envelope() -> None:
    po = PurchaseOrder(po_number="1", source=envelope())
    invoice = Invoice(invoice_number="1", source=envelope())
    assert po.record_id.startswith("purchase_order:")
    assert invoice.record_id.startswith("invoice:")
    assert po.record_id.split(":")[1] != invoice.record_id.split(":")[1]


def test_resent_interchange_in_another_file_keeps_its_id() -> None:
    first = PurchaseOrder(po_number="1", source=envelope(file_id="file-1"))
    resent = PurchaseOrder(po_number="1", source=envelope(file_id="file-2"))
    assert first.record_id == resent.record_id


def test_envelope_decides_not_content() -> None:
    # Same control numbers, other content: one document id, so the store can report a control-number reuse.
    assert (
        PurchaseOrder(po_number="1", source=envelope()).record_id
        == PurchaseOrder(po_number="2", source=envelope()).record_id
    )


def test_without_envelope_the_file_and_position_decide() -> None:
    first = Source(partner_id="acme", format=SourceFormat.CSV, file_id="orders.csv#abc", sequence=0)
    second = first.model_copy(update={"sequence": 1})
    assert record_id_for("purchase_order", first) != record_id_for("purchase_order", second)
    assert PurchaseOrder(po_number="1", source=first).record_id == record_id_for("purchase_order", first)


def test_without_envelope_or_file_the_content_decides() -> None:
    erp = Source(partner_id="acme", format=SourceFormat.JSON)
    one = PurchaseOrder(po_number="1", source=erp)
    assert one.record_id == PurchaseOrder(po_number="1", source=erp).record_id
    assert one.record_id != PurchaseOrder(po_number="2", source=erp).record_id


def test_a_content_id_is_pinned_and_ignores_fields_at_their_defaults() -> None:
    """A field a later version adds (as lines gained `currency`) must not re-key documents that lack it: an ERP
    deduplicates by this id, and a pending retry looks its record up by it."""
    erp = Source(partner_id="acme", format=SourceFormat.CSV)
    order = PurchaseOrder.model_validate(
        {"po_number": "PO-1", "source": erp, "lines": [{"line_number": "1", "quantity": {"value": "2", "unit": "EA"}}]}
    )
    content = '{"po_number":"PO-1","lines":[{"line_number":"1","quantity":{"value":"2","unit":"EA"}}]}'
    assert order.record_id == record_id_for("purchase_order", erp, content)

    @record_part
    class LaterPurchaseOrder(PurchaseOrder):
        """The same record as a later version might have it, with one more optional field."""

        incoterms: str | None = None

    later = LaterPurchaseOrder.model_validate(order.model_dump(mode="json"))
    assert later.record_id == order.record_id
    assert LaterPurchaseOrder.model_validate(order.model_dump() | {"incoterms": "FCA"}).record_id != order.record_id


def test_record_id_for_needs_something_to_identify_by() -> None:
    with pytest.raises(ValueError, match="control numbers or file id"):
        record_id_for("purchase_order", Source(partner_id="acme"))


def test_record_id_follows_changes_to_the_source() -> None:
    po = PurchaseOrder(po_number="1", source=envelope())
    before = po.record_id
    po.source = envelope(transaction_set_control_number="0002")
    assert po.record_id != before


def test_given_record_id_is_recomputed_not_trusted(sample: BusinessRecord) -> None:
    data = json.loads(sample.model_dump_json())
    data["record_id"] = "purchase_order:forged"
    again = parse_record(data)
    assert again.record_id == sample.record_id


def test_derived_latest_event_is_accepted_back_and_recomputed(sample_of) -> None:
    status = sample_of("shipment_status")
    data = json.loads(status.model_dump_json())
    assert data["latest_event"]["status_code"] == "D1"
    data["events"].pop()
    again = parse_record(data)
    assert isinstance(again, ShipmentStatus)
    assert again.latest_event is not None
    assert again.latest_event.status_code == "AF"
