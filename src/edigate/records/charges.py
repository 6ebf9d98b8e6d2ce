"""Money terms of a document: allowances and charges, taxes, payment terms."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from edigate.records._model import Amount, EdiModel, record_part
from edigate.records.measure import Quantity


class ChargeIndicator(StrEnum):
    """Whether an AllowanceCharge lowers or raises the amount (X12 SAC01 / ITA01: A, C, N)."""

    ALLOWANCE = "allowance"
    CHARGE = "charge"
    NEITHER = "neither"


@record_part
class AllowanceCharge(EdiModel):
    """A discount, fee or other adjustment (X12 SAC/ITA; cXML Modifications; UBL AllowanceCharge)."""

    indicator: ChargeIndicator = Field(description="Allowance (lowers), charge (raises), or neither (information).")
    code: str | None = Field(
        default=None,
        description="What it is for (X12 SAC02 code, e.g. 'D240' freight, 'C310' discount, 'H850' tax).",
        examples=["D240", "C310", "F050"],
    )
    amount: Amount | None = Field(default=None, description="Amount, unsigned; ``indicator`` gives the direction.")
    percent: Amount | None = Field(default=None, description="Percentage, e.g. 2.5 for 2.5 %.")
    percent_basis: str | None = Field(
        default=None, description="What the percentage applies to (X12 SAC06 qualifier code)."
    )
    rate: Amount | None = Field(default=None, description="Rate per unit (X12 SAC08).")
    quantity: Quantity | None = Field(default=None, description="Quantity the rate applies to (X12 SAC09/SAC10).")
    handling_code: str | None = Field(
        default=None,
        description="How it is settled (X12 SAC12, e.g. '02' off invoice, '06' paid by customer).",
    )
    reference: str | None = Field(default=None, description="Reference id, e.g. an agreement number (X12 SAC13).")
    description: str | None = Field(default=None, description="Free-form description (X12 SAC15).")


@record_part
class Tax(EdiModel):
    """A tax on the document or a line (X12 TXI; UBL TaxTotal/TaxSubtotal; cXML Tax)."""

    tax_type: str | None = Field(
        default=None,
        description="Kind of tax (X12 TXI01 code, e.g. 'ST' state sales, 'GS' goods and services, 'VA' VAT).",
        examples=["ST", "GS", "VA", "LS"],
    )
    amount: Amount | None = Field(default=None, description="Tax amount.")
    percent: Amount | None = Field(default=None, description="Tax rate as a percentage, e.g. 8.25.")
    taxable_amount: Amount | None = Field(default=None, description="Amount the tax was computed on, if given.")
    jurisdiction_qualifier: str | None = Field(
        default=None, description="Kind of jurisdiction code (X12 TXI04, e.g. 'CD' customer defined)."
    )
    jurisdiction: str | None = Field(default=None, description="Tax jurisdiction code (X12 TXI05).")
    exemption_code: str | None = Field(default=None, description="Tax exempt code (X12 TXI06).")
    tax_id: str | None = Field(default=None, description="Tax registration or exemption id (X12 TXI09).")
    description: str | None = Field(default=None, description="Free-form description.")


@record_part
class PaymentTerms(EdiModel):
    """When and how an amount is due, with any early-payment discount (X12 ITD; UBL PaymentTerms)."""

    type_code: str | None = Field(
        default=None, description="Terms type (X12 ITD01, e.g. '01' basic, '05' discount not applicable)."
    )
    basis_date_code: str | None = Field(
        default=None, description="Date the terms count from (X12 ITD02, e.g. '3' invoice date)."
    )
    discount_percent: Amount | None = Field(default=None, description="Early-payment discount, percent (ITD03).")
    discount_due_date: dt.date | None = Field(default=None, description="Last date for the discount (ITD04).")
    discount_days: int | None = Field(default=None, ge=0, description="Days for the discount (ITD05).")
    net_due_date: dt.date | None = Field(default=None, description="Date the net amount is due (ITD06).")
    net_days: int | None = Field(default=None, ge=0, description="Days until the net amount is due (ITD07).")
    discount_amount: Amount | None = Field(default=None, description="Discount amount if paid early (ITD08).")
    day_of_month: int | None = Field(
        default=None, ge=1, le=31, description="Day of month payment is due, for proximo terms (ITD13)."
    )
    description: str | None = Field(default=None, description="Terms in words, e.g. '2% 10 NET 30' (ITD12).")
