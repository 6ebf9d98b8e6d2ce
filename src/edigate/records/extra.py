"""Data a map did not place, kept verbatim so nothing a partner sent is ever dropped."""

from __future__ import annotations

from pydantic import Field

from edigate.records._model import Code, EdiModel, record_part


@record_part
class ExtraData(EdiModel):
    """One piece of source data no record field holds: an unknown segment, qualifier or CSV column.

    It is kept as the source had it so an analyst can see it, a later map version can place it, and an
    outbound writer can emit it again.
    """

    tag: Code = Field(
        description="What the data is called in the source: an X12 segment id ('PER'), a CSV column header "
        "or an XML element path.",
        examples=["PER", "REF", "GiftMessage", "/cXML/Request/OrderRequest/Extrinsic[@name='Dept']"],
    )
    loop: str | None = Field(
        default=None,
        description="Where it sat: the X12 loop path (e.g. 'PO1/N1') or the parent XML path; None at top.",
    )
    position: int | None = Field(
        default=None,
        ge=0,
        description="Segment position within the transaction set (X12, counted from ST as 1) or row/element "
        "index for other formats, when known.",
    )
    values: list[str | list[str]] = Field(
        default_factory=list,
        description="The values in source order, verbatim: X12 elements after the segment id (a composite "
        "element as a list of its components; an empty element as ''), or the single text value.",
    )
    note: str | None = Field(
        default=None,
        description="Why the map left it here, e.g. 'unknown REF qualifier ZZ' or 'segment not in map'.",
    )
