"""The purchase order record (X12 850, cXML OrderRequest, UBL Order)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from edigate.records._model import Amount, Code, EdiModel, record_part
from edigate.records.charges import AllowanceCharge, PaymentTerms, Tax
from edigate.records.dates import DateValue
from edigate.records.extra import ExtraData
from edigate.records.item import ItemAttribute, ItemIdentifiers
from edigate.records.measure import Quantity
from edigate.records.party import Contact, Party
from edigate.records.record import PURPOSE_DESCRIPTION, BusinessRecord, Lookups, extra_field
from edigate.records.reference import Note, Reference
from edigate.records.transport import Carrier, FobTerms, Packaging


@record_part
class OrderSubLine(EdiModel):
    """A component or variant of an order line (X12 SLN), e.g. the items of a prepack."""

    line_number: str | None = Field(default=None, description="Sub-line id as sent (X12 SLN01, e.g. '1.1').")
    relationship: str | None = Field(
        default=None, description="How it relates to the line (X12 SLN03, e.g. 'I' included, 'A' added)."
    )
    item: ItemIdentifiers = Field(default_factory=ItemIdentifiers, description="Product ids of the sub-line.")
    description: str | None = Field(default=None, description="Product description.")
    quantity: Quantity | None = Field(default=None, description="Quantity with unit (X12 SLN04/SLN05).")
    unit_price: Amount | None = Field(default=None, description="Price per ``price_basis`` unit (X12 SLN06).")
    price_basis: str | None = Field(default=None, description="Basis of the unit price (X12 SLN07 code).")
    extra: list[ExtraData] = extra_field()


@record_part
class OrderLine(EdiModel, Lookups):
    """One ordered product (X12 PO1 loop; cXML ItemOut; UBL OrderLine)."""

    line_number: str | None = Field(
        default=None, description="Line id as the buyer assigned it (X12 PO101); kept as text, e.g. '0010'."
    )
    item: ItemIdentifiers = Field(default_factory=ItemIdentifiers, description="Product ids of the line.")
    description: str | None = Field(default=None, description="Main product description (free-form).")
    attributes: list[ItemAttribute] = Field(
        default_factory=list, description="Further coded descriptions, e.g. color and size."
    )
    quantity: Quantity | None = Field(default=None, description="Ordered quantity with unit (X12 PO102/PO103).")
    unit_price: Amount | None = Field(default=None, description="Price per ``price_basis`` unit (X12 PO104).")
    price_basis: str | None = Field(
        default=None,
        description="Basis of the unit price (X12 PO105, e.g. 'PE' per each, 'CP' current price).",
    )
    line_amount: Amount | None = Field(default=None, description="Extended line amount, if the source gives it.")
    currency: str | None = Field(
        default=None,
        description="ISO 4217 currency of this line's amounts, when the source gives one for the line (X12 CUR02 in "
        "the PO1 loop); None: the order's ``currency``.",
    )
    packaging: Packaging | None = Field(default=None, description="Pack and size of the product (X12 PO4).")
    dates: list[DateValue] = Field(default_factory=list, description="Line dates, e.g. requested delivery.")
    parties: list[Party] = Field(default_factory=list, description="Line-level parties, e.g. a store to ship to.")
    references: list[Reference] = Field(default_factory=list, description="Line-level references.")
    allowances_charges: list[AllowanceCharge] = Field(default_factory=list, description="Line-level adjustments.")
    taxes: list[Tax] = Field(default_factory=list, description="Line-level taxes.")
    notes: list[Note] = Field(default_factory=list, description="Line-level notes.")
    sub_lines: list[OrderSubLine] = Field(default_factory=list, description="Components of this line (X12 SLN).")
    extra: list[ExtraData] = extra_field()


@record_part
class OrderTotals(EdiModel):
    """Control totals as the sender stated them (X12 CTT, AMT); never recomputed, so checks can compare."""

    line_count: int | None = Field(default=None, ge=0, description="Number of line items (X12 CTT01).")
    hash_total: Amount | None = Field(default=None, description="Sum of ordered quantities (X12 CTT02).")
    total_amount: Amount | None = Field(default=None, description="Total order amount (X12 AMT 'TT').")
    total_weight: Quantity | None = Field(default=None, description="Total weight with unit (X12 CTT03/CTT04).")
    total_volume: Quantity | None = Field(default=None, description="Total volume with unit (X12 CTT05/CTT06).")


@record_part
class PurchaseOrder(BusinessRecord, Lookups):
    """A buyer's order for goods or services.

    Read from X12 850, cXML OrderRequest or UBL Order; the same record whichever it was.
    """

    record_type: Literal["purchase_order"] = Field(default="purchase_order", description="Always 'purchase_order'.")
    po_number: Code = Field(description="The buyer's purchase order number (X12 BEG03).")
    purpose: str | None = Field(default=None, description=PURPOSE_DESCRIPTION, examples=["original", "change"])
    order_type: str | None = Field(
        default=None,
        description="Kind of order as coded (X12 BEG02, e.g. 'SA' stand-alone, 'DS' drop ship, 'RL' release, "
        "'BK' blanket).",
        examples=["SA", "DS", "RL", "BK"],
    )
    po_date: dt.date | None = Field(default=None, description="Date of the order (X12 BEG05).")
    currency: str | None = Field(default=None, description="ISO 4217 currency of the amounts (X12 CUR02).")
    release_number: str | None = Field(default=None, description="Release number against a blanket (X12 BEG04).")
    contract_number: str | None = Field(default=None, description="Contract number (X12 BEG06).")
    parties: list[Party] = Field(default_factory=list, description="Buyer, seller, ship_to, bill_to and others.")
    contacts: list[Contact] = Field(
        default_factory=list, description="Who to contact about the order as a whole (X12 heading PER), e.g. the buyer."
    )
    references: list[Reference] = Field(default_factory=list, description="Order references (e.g. department).")
    dates: list[DateValue] = Field(default_factory=list, description="Order dates, e.g. requested ship/delivery.")
    terms: list[PaymentTerms] = Field(default_factory=list, description="Payment terms.")
    carriers: list[Carrier] = Field(default_factory=list, description="Carrier and routing instructions (X12 TD5).")
    fob: list[FobTerms] = Field(default_factory=list, description="Freight payment / FOB terms.")
    allowances_charges: list[AllowanceCharge] = Field(default_factory=list, description="Order-level adjustments.")
    taxes: list[Tax] = Field(default_factory=list, description="Order-level taxes.")
    notes: list[Note] = Field(default_factory=list, description="Notes and special instructions.")
    lines: list[OrderLine] = Field(default_factory=list, description="The ordered products, in source order.")
    totals: OrderTotals | None = Field(default=None, description="Control totals, if the source gives them.")
    extra: list[ExtraData] = extra_field()
