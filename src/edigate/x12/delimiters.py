"""Delimiters of one interchange, as read from its ISA or as chosen for writing."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Delimiters:
    element: str = "*"
    component: str = ":"  # '' when the interchange's ISA16 could not be trusted
    repetition: str = ""  # '' when not used (ISA11 is the standards id 'U' before version 00402)
    segment: str = "~"
    suffix: str = "\n"  # what follows each terminator (line ending) when writing

    @property
    def terminator(self) -> str:
        return self.segment + self.suffix
