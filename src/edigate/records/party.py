"""Parties to a business document: who buys, sells, ships, receives, pays."""

from __future__ import annotations

from pydantic import Field

from edigate.records._model import Code, EdiModel, record_part
from edigate.records.reference import Reference


@record_part
class Contact(EdiModel):
    """A person or desk to reach about the document (X12 PER; cXML Contact; UBL Contact)."""

    function_code: str | None = Field(
        default=None,
        description="What the contact is for, as the source coded it (X12 PER01, e.g. 'BD' buyer).",
    )
    name: str | None = Field(default=None, description="Contact name.")
    phone: str | None = Field(default=None, description="Telephone number, as sent.")
    fax: str | None = Field(default=None, description="Fax number, as sent.")
    email: str | None = Field(default=None, description="Email address, as sent.")


@record_part
class Party(EdiModel):
    """A party with its role, identification and address (X12 N1 loop: N1/N2/N3/N4/PER).

    ``role`` is the business meaning that an ERP can rely on whatever the format; ``entity_code`` keeps the
    code the source used, because several codes can share one role and an outbound writer needs the original.
    """

    role: Code = Field(
        description="Business role of the party in snake_case. Common values: buyer, seller, vendor, "
        "ship_to, ship_from, bill_to, remit_to, sold_to, supplier, manufacturer, shipper, consignee, "
        "carrier, warehouse, store, mark_for. A code the map does not know is passed through as sent.",
        examples=["ship_to", "bill_to", "buyer", "remit_to"],
    )
    entity_code: str | None = Field(
        default=None,
        description="The role code as the source sent it (X12 N101 entity identifier code, e.g. 'ST').",
        examples=["ST", "BT", "BY", "VN", "RI", "SF"],
    )
    name: str | None = Field(default=None, description="Party name (X12 N102).")
    id_qualifier: str | None = Field(
        default=None,
        description="What kind of id ``id`` is (X12 N103, e.g. '92' assigned by buyer, '1' DUNS, 'UL' GLN).",
    )
    id: str | None = Field(default=None, description="The party's identification code (X12 N104), e.g. a store number.")
    additional_names: list[str] = Field(default_factory=list, description="Further name lines (X12 N2).")
    address_lines: list[str] = Field(default_factory=list, description="Street address lines in order (X12 N3).")
    city: str | None = Field(default=None, description="City name (X12 N401).")
    state: str | None = Field(default=None, description="State or province code (X12 N402).")
    postal_code: str | None = Field(default=None, description="Postal code (X12 N403).")
    country: str | None = Field(default=None, description="Country code, ISO 3166 where the source uses it (N404).")
    contacts: list[Contact] = Field(default_factory=list, description="People or desks to contact (X12 PER).")
    references: list[Reference] = Field(
        default_factory=list, description="References about this party (X12 REF inside the N1 loop)."
    )
