"""Reading numbers out of untrusted elements.

`str.isdigit()` is true for '²' and '٣', and `int()` of a 5,000-digit string raises ValueError (Python's limit
on integer string conversion), so `text.isdigit()` then `int(text)` crashes on hostile input. These helpers
accept ASCII digits only, and counts no longer than any real one.
"""

from __future__ import annotations

MAX_COUNT_DIGITS = 18
"""More digits than any X12 count or control number (N0 9 at most) and still far under int()'s limit."""


def is_digits(text: str) -> bool:
    """True for a non-empty run of ASCII digits '0'-'9' (not '²', not '٣')."""
    return text.isascii() and text.isdigit()


def as_count(text: str) -> int | None:
    """The number an element holds, or None when it is not ASCII digits or has more than 18 of them."""
    return int(text) if len(text) <= MAX_COUNT_DIGITS and is_digits(text) else None
