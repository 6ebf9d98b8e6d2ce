"""Acknowledgment, validation and duplicate policies: partner quirks as named values, never code branches."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..x12 import GuideOverlay
from ..x12.acks import AckPolicy
from .tolerances import TOLERANCE_NAMES

ElementLabel = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]{1,2}\d{2}$")]
SegmentId = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]{1,2}$")]


class AckSettings(BaseModel):
    """What we send for what they send (997/999, detail, TA1), and how long their 997 to ours may take."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["997", "999"] = "997"
    level: Literal["group", "set", "detail"] = "group"
    ta1: Literal["never", "requested", "errors", "always"] = "errors"
    expect_within_hours: float = Field(24.0, ge=0, description="0: we do not expect acknowledgments from them")

    @property
    def policy(self) -> AckPolicy:
        return AckPolicy(kind=self.kind, level=self.level, ta1=self.ta1)


class GuideSettings(BaseModel):
    """A tightening of the implementation guide for this partner: the data behind a GuideOverlay."""

    model_config = ConfigDict(extra="forbid")

    allowed_codes: dict[ElementLabel, list[str]] = {}
    required_qualifiers: dict[ElementLabel, list[str]] = {}
    required_segments: list[SegmentId] = []

    @property
    def overlay(self) -> GuideOverlay:
        return GuideOverlay(
            allowed_codes={label: frozenset(codes) for label, codes in self.allowed_codes.items()},
            required_qualifiers={label: frozenset(codes) for label, codes in self.required_qualifiers.items()},
            required_segments=frozenset(self.required_segments),
        )


class ValidationSettings(BaseModel):
    """How strict we are with this partner: which reader tolerances they are allowed, their guide, duplicates."""

    model_config = ConfigDict(extra="forbid")

    tolerate: list[str] = []
    duplicates: Literal["reject", "accept-and-report"] = "reject"
    check_sender: bool = Field(True, description="refuse an interchange whose ISA05/06 is not this partner's")
    check_receiver: bool = Field(True, description="refuse an interchange whose ISA07/08 is not our identity")
    guide: GuideSettings = GuideSettings()

    @field_validator("tolerate")
    @classmethod
    def _known_tolerances(cls, names: list[str]) -> list[str]:
        unknown = sorted(set(names) - TOLERANCE_NAMES)
        if unknown:
            raise ValueError(f"unknown tolerance {', '.join(unknown)}; known: {', '.join(sorted(TOLERANCE_NAMES))}")
        return names

    @property
    def tolerances(self) -> frozenset[str]:
        return frozenset(self.tolerate)
