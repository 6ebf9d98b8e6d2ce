"""Qualified references and free-text notes."""

from __future__ import annotations

from pydantic import Field

from edigate.records._model import Code, EdiModel, record_part


@record_part
class Reference(EdiModel):
    """A reference number with what kind it is (X12 REF, also N9, L11, PRF-like data from other formats).

    Qualifiers use the X12 reference identification qualifier codes as the shared vocabulary: maps from CSV or
    XML translate their own names to them, so an ERP looks for 'DP' (department) whatever the format.
    """

    qualifier: Code = Field(
        description="Kind of reference (X12 REF01 code), e.g. 'DP' department, 'IA' vendor number, 'BM' bill "
        "of lading, 'CN' PRO number, 'PK' packing list.",
        examples=["DP", "IA", "BM", "CN", "VN"],
    )
    value: str | None = Field(default=None, description="The reference number itself (X12 REF02).")
    description: str | None = Field(default=None, description="Free-form description (X12 REF03).")


@record_part
class Note(EdiModel):
    """Free text for people: special instructions, gift messages (X12 NTE, MSG; cXML Comments)."""

    code: str | None = Field(
        default=None,
        description="What the note is about, as the source coded it (X12 NTE01, e.g. 'GEN', 'SPH'); None if uncoded.",
    )
    text: str = Field(description="The note text.")
