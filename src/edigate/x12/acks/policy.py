"""What acknowledgments a partner gets: a plain value a partner profile fills in, checked when it is made."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

AckKind = Literal["997", "999"]
AckLevel = Literal["group", "set", "detail"]
Ta1Mode = Literal["never", "requested", "errors", "always"]

_KINDS = ("997", "999")
_LEVELS = ("group", "set", "detail")
_TA1_MODES = ("never", "requested", "errors", "always")

IMPLEMENTATION_ACK_VERSION = "005010X231A1"
"""GS08 and ST03 of every 999 we send: the published 999 implementation guide."""


@dataclass(frozen=True, slots=True)
class AckPolicy:
    """Which acknowledgment, how much detail, and when a TA1 is sent.

    kind: "997", or "999" for partners that want implementation acknowledgments (005010 groups only; a
      004010 group always gets a 997, since the 999 does not exist before 005010).
    level: "group" (AK1/AK9 only), "set" (an AK2/AK5 for every set) or "detail" (the default: also an AK3
      per segment in error and an AK4 per element in error).
    ta1: "never"; "requested" (when ISA14 is 1); "errors" (the default: when requested, or when the
      envelope has TA1-level problems); "always" (except for interchanges that hold nothing but
      acknowledgments, unless they ask for one: two gateways that both always answer would answer each
      other forever).
    """

    kind: AckKind = "997"
    level: AckLevel = "detail"
    ta1: Ta1Mode = "errors"

    def __post_init__(self) -> None:
        for name, value, allowed in (
            ("kind", self.kind, _KINDS),
            ("level", self.level, _LEVELS),
            ("ta1", self.ta1, _TA1_MODES),
        ):
            if value not in allowed:
                raise ValueError(f"ack policy {name} must be one of {', '.join(allowed)}, not {value!r}")

    def kind_for(self, version: str) -> AckKind:
        """The acknowledgment a group of this GS08 version gets."""
        return "999" if self.kind == "999" and version[:6] >= "005010" else "997"


def ack_version(kind: AckKind, group_version: str) -> str:
    """GS08 of the acknowledgment group (and ST03 of a 999): the release the acknowledgment is written in."""
    if kind == "999":
        return IMPLEMENTATION_ACK_VERSION
    return "005010" if group_version[:6] >= "005010" else "004010"
