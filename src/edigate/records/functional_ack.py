"""The functional acknowledgment record (X12 997 and 999)."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field

from edigate.records._model import Code, EdiModel, record_part
from edigate.records.extra import ExtraData
from edigate.records.record import BusinessRecord, extra_field


class GroupAckStatus(StrEnum):
    """Verdict on a functional group (X12 AK901 / 999 AK901)."""

    ACCEPTED = "A"
    ACCEPTED_WITH_ERRORS = "E"
    AUTHENTICATION_FAILED = "M"
    PARTIALLY_ACCEPTED = "P"
    REJECTED = "R"
    ASSURANCE_FAILED = "W"
    DECRYPTION_FAILED = "X"


class SetAckStatus(StrEnum):
    """Verdict on one transaction set (X12 AK501 / 999 IK501)."""

    ACCEPTED = "A"
    ACCEPTED_WITH_ERRORS = "E"
    AUTHENTICATION_FAILED = "M"
    REJECTED = "R"
    ASSURANCE_FAILED = "W"
    DECRYPTION_FAILED = "X"


@record_part
class ElementError(EdiModel):
    """A problem with one data element (X12 AK4 / 999 IK4)."""

    position: int = Field(ge=1, description="Element position in the segment (AK401-1).")
    component: int | None = Field(default=None, ge=1, description="Component position in a composite (AK401-2).")
    repetition: int | None = Field(default=None, ge=1, description="Repetition number (999 IK401-3).")
    data_element_ref: str | None = Field(default=None, description="Data element reference number (AK402).")
    code: Code = Field(description="Element error code (AK403, e.g. '1' mandatory missing, '7' invalid code).")
    bad_value: str | None = Field(default=None, description="Copy of the bad data element (AK404).")


@record_part
class SegmentError(EdiModel):
    """A problem with one segment, and the element problems within it (X12 AK3 / 999 IK3)."""

    segment_id: Code = Field(description="Segment id in error (AK301), e.g. 'PO1'.")
    position: int = Field(ge=1, description="Segment position in the transaction set, ST being 1 (AK302).")
    loop_id: str | None = Field(default=None, description="Loop id of the segment (AK303), e.g. 'N1'.")
    code: str | None = Field(default=None, description="Segment error code (AK304, e.g. '8' has data element errors).")
    element_errors: list[ElementError] = Field(default_factory=list, description="Element errors (AK4).")
    extra: list[ExtraData] = extra_field()


@record_part
class SetResult(EdiModel):
    """The verdict on one transaction set (X12 AK2 loop / 999 AK2 loop)."""

    set_id: Code = Field(description="Transaction set id acknowledged (AK201), e.g. '850'.")
    control_number: Code = Field(description="Its transaction set control number, ST02 (AK202).")
    implementation_convention: str | None = Field(
        default=None, description="Implementation convention reference, ST03 (AK203, 005010 and later)."
    )
    status: SetAckStatus = Field(description="Accepted, accepted with errors, or rejected (AK501 / IK501).")
    error_codes: list[str] = Field(default_factory=list, description="Set error codes (AK502-AK506).")
    segment_errors: list[SegmentError] = Field(default_factory=list, description="Segment errors (AK3 loops).")
    extra: list[ExtraData] = extra_field()


@record_part
class FunctionalAck(BusinessRecord):
    """A receiver's verdict on a functional group: which sets were accepted, which rejected, and why."""

    record_type: Literal["functional_ack"] = Field(default="functional_ack", description="Always 'functional_ack'.")
    ack_type: Literal["997", "999"] | None = Field(
        default=None, description="Which acknowledgment set this is: '997' or '999' (implementation ack)."
    )
    functional_id: Code = Field(description="Functional id of the acknowledged group (AK101), e.g. 'PO'.")
    group_control_number: Code = Field(description="Control number of the acknowledged group, GS06 (AK102).")
    version: str | None = Field(default=None, description="Version of the acknowledged group, GS08 (AK103).")
    group_status: GroupAckStatus = Field(description="Verdict on the group (AK901).")
    sets_included: int | None = Field(default=None, ge=0, description="Sets the group said it held (AK902).")
    sets_received: int | None = Field(default=None, ge=0, description="Sets the receiver found (AK903).")
    sets_accepted: int | None = Field(default=None, ge=0, description="Sets accepted (AK904).")
    group_error_codes: list[str] = Field(default_factory=list, description="Group error codes (AK905-AK909).")
    set_results: list[SetResult] = Field(default_factory=list, description="Per-set verdicts (AK2 loops).")
    extra: list[ExtraData] = extra_field()
