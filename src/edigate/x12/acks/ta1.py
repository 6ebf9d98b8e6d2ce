"""The TA1 for one interchange: whether one is owed, and what it says.

An interchange-level error (Severity.ERROR at Level.INTERCHANGE) rejects the whole interchange: the TA1 says R
and no 997/999 is built for its groups, because a receiver that rejects the envelope has not accepted any of
its content, and acknowledging groups inside a rejected envelope would tell the sender two opposite things.
Warnings (a duplicate control number, say) give TA1 E: accepted, errors noted, do not resend.
"""

from __future__ import annotations

from ..delimiters import Delimiters
from ..envelope import Interchange
from ..issues import Issue, Level
from ..writer import SegmentData, without_delimiters
from .model import InterchangeAck
from .policy import AckPolicy

NO_ERROR = "000"


def envelope_problems(interchange: Interchange) -> list[Issue]:
    """The interchange's TA1-coded problems, errors first (TA105 has room for one code: the worst)."""
    found = [i for i in interchange.issues if i.level is Level.INTERCHANGE]
    return sorted(found, key=lambda issue: not issue.is_error)


def interchange_rejected(interchange: Interchange) -> bool:
    return any(i.is_error for i in envelope_problems(interchange))


def acknowledgments_only(interchange: Interchange) -> bool:
    """True when the interchange carries nothing but acknowledgments (TA1s, FA groups), or nothing at all."""
    return all(group.functional_id == "FA" for group in interchange.groups)


def needs_ta1(interchange: Interchange, policy: AckPolicy) -> bool:
    """Whether the policy owes this interchange a TA1."""
    mode = policy.ta1
    if mode == "never":
        return False
    requested = interchange.ack_requested
    if mode == "requested":
        return requested
    problems = bool(envelope_problems(interchange))
    if mode == "errors":
        return requested or problems
    return requested or problems or not acknowledgments_only(interchange)


def assess_interchange(interchange: Interchange, delimiters: Delimiters) -> InterchangeAck:
    """The TA1's values: the interchange's own ISA13/ISA09/ISA10, A/E/R, and the worst problem's note code.

    The echoed fields are cleaned of `delimiters` (the acknowledgment's) and cut to their widths.
    """
    problems = envelope_problems(interchange)
    status = "R" if problems and problems[0].is_error else "E" if problems else "A"
    note = problems[0].code if problems else NO_ERROR
    header = interchange.header

    def echo(position: int, width: int) -> str:
        return without_delimiters(header.element(position).strip(), delimiters)[:width]

    return InterchangeAck(echo(13, 9), echo(9, 6), echo(10, 4), status, note)


def render_ta1(ack: InterchangeAck) -> SegmentData:
    return ["TA1", ack.control_number, ack.date, ack.time, ack.status, ack.note_code]
