"""Qualified dates and times (X12 DTM, G62, and their equivalents)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from edigate.records._model import EdiModel, record_part


@record_part
class DateValue(EdiModel):
    """A date (and/or time) with what it means, e.g. requested delivery, shipped, no later than.

    One model covers X12 DTM (one qualifier) and G62 (a date qualifier and a separate time qualifier). A range
    (X12 DTM05 'RD8', or a pickup window) is ``date``..``end_date``. Times are wall-clock times in
    ``time_zone``; no conversion is made, so what the partner sent is what the ERP sees.
    """

    qualifier: str | None = Field(
        default=None,
        description="What the date means (X12 DTM01 / G6201 code), e.g. '002' delivery requested, '010' ship "
        "requested, '011' shipped, '017' estimated delivery, '37' ship not before, '38' ship no later than.",
        examples=["002", "010", "011", "017", "37", "38"],
    )
    date: dt.date | None = Field(default=None, description="The date (start of the range for a period).")
    time: dt.time | None = Field(default=None, description="The time of day, if given.")
    time_qualifier: str | None = Field(
        default=None,
        description="What the time means when qualified separately (X12 G6203, e.g. 'G' earliest).",
    )
    time_zone: str | None = Field(
        default=None,
        description="Time zone code as sent (X12 time code, e.g. 'ET', 'CT', 'LT' local, 'UT' universal).",
        examples=["ET", "CT", "LT", "UT"],
    )
    end_date: dt.date | None = Field(default=None, description="Last date of a period, when the source gives one.")
    end_time: dt.time | None = Field(default=None, description="End time of a period, when the source gives one.")

    @model_validator(mode="after")
    def _has_a_moment(self) -> DateValue:
        """Refuse an empty date: it would be noise, and a map bug if produced."""
        if self.date is None and self.time is None:
            raise ValueError("a DateValue needs a date or a time")
        return self
