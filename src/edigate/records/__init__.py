"""Canonical business records: what an ERP or WMS receives instead of X12.

One record per business document, the same whichever partner, X12 version or format it came in. Each model is
documented field by field, so ``json_schema(name)`` is the contract to give an ERP team. Money and other exact
numbers are Decimals (strings in JSON); dates are ``datetime.date``; codes are plain strings except where the
value set is small and fixed.
"""

from edigate.records._model import EdiModel, is_record_part, record_part
from edigate.records.charges import AllowanceCharge, ChargeIndicator, PaymentTerms, Tax
from edigate.records.dates import DateValue
from edigate.records.extra import ExtraData
from edigate.records.functional_ack import (
    ElementError,
    FunctionalAck,
    GroupAckStatus,
    SegmentError,
    SetAckStatus,
    SetResult,
)
from edigate.records.invoice import Invoice, InvoiceLine, InvoiceTotals
from edigate.records.item import ItemAttribute, ItemIdentifiers, QualifiedValue
from edigate.records.load_tender import LoadTender, Stop, TenderLineItem, TenderOrder
from edigate.records.measure import Quantity
from edigate.records.party import Contact, Party
from edigate.records.purchase_order import OrderLine, OrderSubLine, OrderTotals, PurchaseOrder
from edigate.records.record import BusinessRecord
from edigate.records.reference import Note, Reference
from edigate.records.registry import (
    RECORD_TYPES,
    AnyRecord,
    json_schema,
    parse_record,
    parse_record_json,
    record_model,
    record_type_name,
)
from edigate.records.ship_notice import Pack, Shipment, ShipNotice, ShippedItem, ShippedOrder
from edigate.records.shipment_status import EventLocation, ShipmentStatus, StatusEvent
from edigate.records.source import Source, SourceFormat, record_id_for
from edigate.records.transport import Carrier, Equipment, FobTerms, Packaging

__all__ = [
    "RECORD_TYPES",
    "AllowanceCharge",
    "AnyRecord",
    "BusinessRecord",
    "Carrier",
    "ChargeIndicator",
    "Contact",
    "DateValue",
    "EdiModel",
    "ElementError",
    "Equipment",
    "EventLocation",
    "ExtraData",
    "FobTerms",
    "FunctionalAck",
    "GroupAckStatus",
    "Invoice",
    "InvoiceLine",
    "InvoiceTotals",
    "ItemAttribute",
    "ItemIdentifiers",
    "LoadTender",
    "Note",
    "OrderLine",
    "OrderSubLine",
    "OrderTotals",
    "Pack",
    "Packaging",
    "Party",
    "PaymentTerms",
    "PurchaseOrder",
    "QualifiedValue",
    "Quantity",
    "Reference",
    "SegmentError",
    "SetAckStatus",
    "SetResult",
    "ShipNotice",
    "Shipment",
    "ShipmentStatus",
    "ShippedItem",
    "ShippedOrder",
    "Source",
    "SourceFormat",
    "StatusEvent",
    "Stop",
    "Tax",
    "TenderLineItem",
    "TenderOrder",
    "is_record_part",
    "json_schema",
    "parse_record",
    "parse_record_json",
    "record_id_for",
    "record_model",
    "record_part",
    "record_type_name",
]
