"""The invoice record (X12 810, cXML InvoiceDetailRequest, UBL Invoice)."""

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
from edigate.records.party import Party
from edigate.records.record import PURPOSE_DESCRIPTION, BusinessRecord, Lookups, extra_field
from edigate.records.reference import Note, Reference
from edigate.records.transport import Carrier, FobTerms


@record_part
class InvoiceLine(EdiModel, Lookups):
    """One invoiced product or service (X12 IT1 loop; cXML InvoiceDetailItem; UBL InvoiceLine)."""

    line_number: str | None = Field(default=None, description="Line id as sent (X12 IT101), e.g. the PO line.")
    item: ItemIdentifiers = Field(default_factory=ItemIdentifiers, description="Product ids.")
    description: str | None = Field(default=None, description="Main product description.")
    attributes: list[ItemAttribute] = Field(default_factory=list, description="Further coded descriptions.")
    quantity: Quantity | None = Field(default=None, description="Quantity invoiced with unit (X12 IT102/IT103).")
    unit_price: Amount | None = Field(default=None, description="Price per ``price_basis`` unit (X12 IT104).")
    price_basis: str | None = Field(default=None, description="Basis of the unit price (X12 IT105 code).")
    line_amount: Amount | None = Field(default=None, description="Extended line amount, if the source gives it.")
    currency: str | None = Field(
        default=None,
        description="ISO 4217 currency of this line's amounts, when the source gives one for the line (X12 CUR02 in "
        "the IT1 loop); None: the invoice's ``currency``.",
    )
    dates: list[DateValue] = Field(default_factory=list, description="Line dates, e.g. shipped.")
    parties: list[Party] = Field(default_factory=list, description="Line-level parties.")
    references: list[Reference] = Field(default_factory=list, description="Line-level references.")
    allowances_charges: list[AllowanceCharge] = Field(default_factory=list, description="Line-level adjustments.")
    taxes: list[Tax] = Field(default_factory=list, description="Line-level taxes (X12 TXI in the IT1 loop).")
    notes: list[Note] = Field(default_factory=list, description="Line-level notes.")
    extra: list[ExtraData] = extra_field()


@record_part
class InvoiceTotals(EdiModel):
    """Totals as the sender stated them (X12 TDS, CTT); never recomputed, so checks can compare."""

    total_amount: Amount | None = Field(default=None, description="Total invoice amount due (X12 TDS01).")
    amount_subject_to_discount: Amount | None = Field(
        default=None, description="Amount the terms discount applies to (X12 TDS02)."
    )
    discounted_amount_due: Amount | None = Field(
        default=None, description="Amount due if the terms discount is taken (X12 TDS03)."
    )
    terms_discount_amount: Amount | None = Field(default=None, description="Terms discount amount (X12 TDS04).")
    line_count: int | None = Field(default=None, ge=0, description="Number of line items (X12 CTT01).")
    hash_total: Amount | None = Field(default=None, description="Sum of invoiced quantities (X12 CTT02).")


@record_part
class Invoice(BusinessRecord, Lookups):
    """A seller's bill for goods or services, usually against a purchase order."""

    record_type: Literal["invoice"] = Field(default="invoice", description="Always 'invoice'.")
    invoice_number: Code = Field(description="The seller's invoice number (X12 BIG02).")
    invoice_date: dt.date | None = Field(default=None, description="Invoice date (X12 BIG01).")
    po_number: str | None = Field(default=None, description="Buyer's purchase order number (X12 BIG04).")
    po_date: dt.date | None = Field(default=None, description="Purchase order date (X12 BIG03).")
    release_number: str | None = Field(default=None, description="Release number (X12 BIG05).")
    invoice_type: str | None = Field(
        default=None,
        description="Kind of invoice as coded (X12 BIG07, e.g. 'DI' debit invoice, 'CR' credit memo).",
        examples=["DI", "CR", "DR"],
    )
    purpose: str | None = Field(default=None, description=PURPOSE_DESCRIPTION, examples=["original"])
    currency: str | None = Field(default=None, description="ISO 4217 currency of the amounts (X12 CUR02).")
    parties: list[Party] = Field(default_factory=list, description="remit_to, bill_to, ship_to, seller, ...")
    references: list[Reference] = Field(default_factory=list, description="Invoice references.")
    dates: list[DateValue] = Field(default_factory=list, description="Invoice dates, e.g. '011' shipped.")
    terms: list[PaymentTerms] = Field(default_factory=list, description="Payment terms.")
    carriers: list[Carrier] = Field(default_factory=list, description="Carrier details (X12 CAD/TD5).")
    fob: list[FobTerms] = Field(default_factory=list, description="Freight payment / FOB terms.")
    allowances_charges: list[AllowanceCharge] = Field(
        default_factory=list, description="Invoice-level adjustments (X12 SAC after TDS)."
    )
    taxes: list[Tax] = Field(default_factory=list, description="Invoice-level taxes.")
    notes: list[Note] = Field(default_factory=list, description="Notes.")
    lines: list[InvoiceLine] = Field(default_factory=list, description="Invoiced lines, in source order.")
    totals: InvoiceTotals | None = Field(default=None, description="Totals, if the source gives them.")
    extra: list[ExtraData] = extra_field()
