"""A partner's X12 envelope: who they are (ISA/GS), which version, and the delimiters we write to them."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..x12 import Delimiters

_ENVELOPE_TEXT = r"^[A-Za-z0-9][A-Za-z0-9 ._&/-]*$"


class Party(BaseModel):
    """One side of an exchange: ISA qualifier and id, and the GS application code (the id when not given)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    qualifier: str = Field(pattern=r"^[A-Z0-9]{2}$")
    id: str = Field(min_length=1, max_length=15, pattern=_ENVELOPE_TEXT)
    application_code: str | None = Field(None, min_length=2, max_length=15, pattern=_ENVELOPE_TEXT)

    @property
    def gs_code(self) -> str:
        return self.application_code or self.id


class OutboundDelimiters(BaseModel):
    """The separators of what we send; some partners' translators accept only their own."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    element: str = "*"
    component: str = ">"
    repetition: str | None = Field(None, description="None: '^' from 00402 on, none before (ISA11 is 'U')")
    segment: str = "~"
    line_ending: Literal["", "\n", "\r\n"] = "\n"

    @model_validator(mode="after")
    def _distinct_single_characters(self) -> Self:
        chosen = {"element": self.element, "component": self.component, "segment": self.segment}
        if self.repetition:
            chosen["repetition"] = self.repetition
        for name, char in chosen.items():
            if len(char) != 1 or char.isalnum() or char.isspace():
                raise ValueError(f"{name} delimiter must be one character, not a letter, digit or space: {char!r}")
        if len(set(chosen.values())) != len(chosen):
            raise ValueError(f"delimiters must all differ: {chosen}")
        return self

    def for_version(self, version: str) -> Delimiters:
        """The Delimiters to write with: no repetition separator before 00402, where ISA11 is a standards id."""
        repetition = self.repetition if self.repetition is not None else "^"
        if version[:5] < "00402":
            repetition = ""
        return Delimiters(self.element, self.component, repetition, self.segment, self.line_ending)


class X12Settings(BaseModel):
    """Everything the envelope of an exchange with this partner needs. `ours` overrides edigate.toml's identity."""

    model_config = ConfigDict(extra="forbid")

    version: str = Field("004010", pattern=r"^\d{6}[A-Z0-9]*$")
    usage: Literal["test", "production"] = "test"
    theirs: Party
    ours: Party | None = None
    delimiters: OutboundDelimiters = OutboundDelimiters()

    @property
    def isa15(self) -> str:
        """ISA15 usage indicator of what we send: T until the partner is certified, then P."""
        return "P" if self.usage == "production" else "T"

    @property
    def outbound_delimiters(self) -> Delimiters:
        return self.delimiters.for_version(self.version)
