"""The acknowledgment interchange for each received interchange: TA1 and 997/999s in our envelope.

One acknowledgment interchange answers one received interchange: our ISA (sender and receiver swapped unless
the caller names them; the same usage indicator, so test data is answered as test), the TA1 when the policy
owes one (between our ISA and our first GS, where the standard puts it), then the 997/999s in a functional
group of id FA: one transaction set per acknowledged group. Groups that are themselves acknowledgments (GS01
FA) are never acknowledged; every other group of the interchange is.

The acknowledgments usually share one FA group. They need more when the acknowledged groups need different
GS08 values (a 004010 and a 005010 group in one interchange) or came from different application codes
(GS02/GS03, which our GS03/GS02 must echo): one FA group per such combination, in the order first seen.

Control numbers are the caller's (the store owns the counters): `AckNumbers` gives the first of each, each
further interchange or group takes the next one, and the result says which numbers come next. The clock is
the caller's too (`now`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from ..delimiters import Delimiters
from ..envelope import FunctionalGroup, Interchange
from ..writer import (
    GroupHeader,
    InterchangeHeader,
    SegmentData,
    without_delimiters,
    wrap_group,
    wrap_interchange,
    wrap_set,
    write_segments,
)
from .functional import AckContext, assess_group, render_group_ack
from .model import GroupAck, InterchangeAck
from .policy import AckPolicy
from .ta1 import assess_interchange, interchange_rejected, needs_ta1, render_ta1

MAX_CONTROL_NUMBER = 999_999_999
_ISA_VERSION = re.compile(r"00[2-9]\d\d\Z")  # what the envelope checks accept (TA1 017 otherwise)
_ELEMENT_CHOICES = "*|^!+"
_SEGMENT_CHOICES = "~\n!'"
_COMPONENT_CHOICES = ":^>|\\!"
_REPETITION_CHOICES = "^|!\\{}"
_BLANKS = frozenset(" \t")


@dataclass(frozen=True, slots=True)
class AckNumbers:
    """The first control numbers to use: ISA13, GS06, and the ST02 each acknowledgment group starts at."""

    interchange: int
    group: int
    set: int = 1

    def __post_init__(self) -> None:
        for name in ("interchange", "group", "set"):
            if not 1 <= getattr(self, name) <= MAX_CONTROL_NUMBER:
                raise ValueError(f"the {name} control number must be 1..{MAX_CONTROL_NUMBER}")

    def after(self, interchanges: int, groups: int) -> AckNumbers:
        """The numbers that follow once `interchanges` and `groups` were used (ISA13 and GS06 wrap to 1)."""
        return AckNumbers(_wrap(self.interchange + interchanges), _wrap(self.group + groups), self.set)


def _wrap(number: int) -> int:
    return (number - 1) % MAX_CONTROL_NUMBER + 1


@dataclass(frozen=True, slots=True)
class AckEnvelope:
    """What to put in our envelope instead of what the received interchange implies (None: implied)."""

    sender: tuple[str, str] | None = None  # our ISA05/ISA06; implied: their ISA07/ISA08
    receiver: tuple[str, str] | None = None  # our ISA07/ISA08; implied: their ISA05/ISA06
    app_sender: str | None = None  # our GS02; implied: their GS03
    app_receiver: str | None = None  # our GS03; implied: their GS02
    delimiters: Delimiters | None = None  # implied: theirs (a component separator added if they had none)
    version: str | None = None  # our ISA12; implied: theirs (00401 if unreadable)
    usage: str | None = None  # our ISA15; implied: theirs


DEFAULT_POLICY = AckPolicy()
IMPLIED_ENVELOPE = AckEnvelope()


@dataclass(frozen=True, slots=True)
class Acknowledgment:
    """One acknowledgment interchange, as text and as the values it says."""

    text: str
    acknowledges: str  # the received interchange's ISA13
    control_number: str  # our ISA13
    group_control_numbers: tuple[str, ...]  # our GS06s
    ta1: InterchangeAck | None
    groups: tuple[GroupAck, ...]
    delimiters: Delimiters


@dataclass(frozen=True, slots=True)
class AckBatch:
    """The acknowledgments for a file's interchanges, and the control numbers to use next."""

    acks: tuple[Acknowledgment, ...]
    next_numbers: AckNumbers

    @property
    def text(self) -> str:
        return "".join(ack.text for ack in self.acks)


def build_acks(
    interchanges: Iterable[Interchange],
    now: datetime,
    numbers: AckNumbers,
    policy: AckPolicy = DEFAULT_POLICY,
    envelope: AckEnvelope = IMPLIED_ENVELOPE,
) -> AckBatch:
    """An acknowledgment per received interchange that is owed one (a file may hold several)."""
    acks: list[Acknowledgment] = []
    for interchange in interchanges:
        ack, numbers = build_ack(interchange, now, numbers, policy, envelope)
        if ack is not None:
            acks.append(ack)
    return AckBatch(tuple(acks), numbers)


def build_ack(
    interchange: Interchange,
    now: datetime,
    numbers: AckNumbers,
    policy: AckPolicy = DEFAULT_POLICY,
    envelope: AckEnvelope = IMPLIED_ENVELOPE,
) -> tuple[Acknowledgment | None, AckNumbers]:
    """The acknowledgment for one interchange (None when nothing is owed), and the numbers to use next.

    `interchange` is a tree from `EnvelopeReader(keep=True)` (segments may have been dropped; the headers,
    trailers and issues are what count), with the validator's findings already added to its sets' issues.
    """
    version = envelope.version or _their_isa_version(interchange)
    delimiters = envelope.delimiters or ack_delimiters(interchange.delimiters, version)
    ta1 = assess_interchange(interchange, delimiters) if needs_ta1(interchange, policy) else None
    batches = _batches(groups_to_acknowledge(interchange), policy, delimiters, envelope)
    if ta1 is None and not batches:
        return None, numbers
    gs_numbers = [str(_wrap(numbers.group + i)) for i in range(len(batches))]
    wrapped = [
        _wrap_batch(key, acks, number, numbers.set, now)
        for (key, acks), number in zip(batches, gs_numbers, strict=True)
    ]
    header = _interchange_header(interchange, envelope, version, numbers.interchange, now, delimiters)
    leading: list[SegmentData] = [render_ta1(ta1)] if ta1 is not None else []
    text = write_segments(wrap_interchange(header, wrapped, delimiters, leading), delimiters)
    acknowledged = tuple(ack for _, acks in batches for ack in acks)
    result = Acknowledgment(
        text,
        interchange.control_number,
        f"{numbers.interchange:09d}",
        tuple(gs_numbers),
        ta1,
        acknowledged,
        delimiters,
    )
    return result, numbers.after(1, len(batches))


def _their_isa_version(interchange: Interchange) -> str:
    return interchange.version if _ISA_VERSION.match(interchange.version) else "00401"


def groups_to_acknowledge(interchange: Interchange) -> list[FunctionalGroup]:
    """Every group but acknowledgments (no ack of an ack); none at all when the envelope was rejected."""
    if interchange_rejected(interchange):
        return []
    return [group for group in interchange.groups if group.functional_id != "FA"]


_BatchKey = tuple[str, str, str, str]  # kind, GS08, our GS02, our GS03


def _batches(
    groups: list[FunctionalGroup], policy: AckPolicy, delimiters: Delimiters, envelope: AckEnvelope
) -> list[tuple[_BatchKey, list[GroupAck]]]:
    """The group verdicts, gathered by the FA group they must travel in."""
    batches: dict[_BatchKey, list[GroupAck]] = {}
    for group in groups:
        context = AckContext.for_group(group, policy, delimiters)
        ours = envelope.app_sender or context.clean(group.receiver_code or _isa_id(group, 8), 15)
        theirs = envelope.app_receiver or context.clean(group.sender_code or _isa_id(group, 6), 15)
        key = (context.kind, context.version, ours, theirs)
        batches.setdefault(key, []).append(assess_group(group, context))
    return list(batches.items())


def _isa_id(group: FunctionalGroup, position: int) -> str:
    """An application code when the GS has none: the interchange id on the same side."""
    return group.interchange.header.element(position).strip() or "UNKNOWN"


def _wrap_batch(key: _BatchKey, acks: list[GroupAck], number: str, first_set: int, now: datetime) -> list[SegmentData]:
    kind, version, sender, receiver = key
    convention = version if kind == "999" else None
    sets = [wrap_set(kind, _st02(first_set + i), render_group_ack(ack), convention) for i, ack in enumerate(acks)]
    return wrap_group(GroupHeader("FA", sender, receiver, number, version, now), sets)


def _st02(number: int) -> str:
    return f"{number:04d}"[-9:]


def _interchange_header(
    interchange: Interchange,
    envelope: AckEnvelope,
    version: str,
    number: int,
    now: datetime,
    delimiters: Delimiters,
) -> InterchangeHeader:
    """Our ISA: their receiver is our sender and the other way round, each cut to the ISA's widths."""

    def party(qualifier_at: int) -> tuple[str, str]:
        qualifier = interchange.header.element(qualifier_at).strip()
        identity = interchange.header.element(qualifier_at + 1).strip()
        return without_delimiters(qualifier, delimiters)[:2], without_delimiters(identity, delimiters)[:15]

    usage = envelope.usage or (interchange.usage if interchange.usage in ("P", "T", "I") else "P")
    return InterchangeHeader(envelope.sender or party(7), envelope.receiver or party(5), number, now, version, usage)


def ack_delimiters(theirs: Delimiters, version: str) -> Delimiters:
    """The partner's own delimiters, completed: an ISA always needs a component separator, and from 00402 on
    a repetition separator; when theirs had none (or an unusable one), the first conventional free one.

    A space or tab as element separator or terminator (read by tolerance) cannot be written: the ISA's
    fields are padded with spaces. Those become '*' and '~', or the next free choice when the other delimiter
    already is one; so does a letter or digit read as a component separator (the writer refuses both).
    """
    taken: set[str] = set()
    element = _usable(theirs.element, taken) or _free(_ELEMENT_CHOICES, taken)
    taken.add(element)
    segment = _usable(theirs.segment, taken) or _free(_SEGMENT_CHOICES, taken)
    taken.add(segment)
    component = _usable(theirs.component, taken) or _free(_COMPONENT_CHOICES, taken)
    repetition = ""
    if version >= "00402":
        taken.add(component)
        repetition = _usable(theirs.repetition, taken) or _free(_REPETITION_CHOICES, taken)
    return Delimiters(element, component, repetition, segment, theirs.suffix)


def _usable(delimiter: str, taken: set[str]) -> str:
    """`delimiter` when the writer can use it beside `taken`, else ''."""
    ok = len(delimiter) == 1 and not delimiter.isalnum() and delimiter not in taken | _BLANKS
    return delimiter if ok else ""


def _free(choices: str, taken: set[str]) -> str:
    return next(c for c in choices if c not in taken)
