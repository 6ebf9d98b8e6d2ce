"""Reading interchanges, functional groups and transaction sets, and checking their envelopes.

`EnvelopeReader` turns the tokenizer's segments into a stream of events, each object yielded when it closes:
a `TransactionSet` at its SE, a `FunctionalGroup` at its GE, an `Interchange` at its IEA (or where the missing
trailer is noticed). Memory stays bounded by the largest transaction set: groups and interchanges keep only
counts unless `keep=True` asks for the whole tree (what `parse` does).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import BinaryIO

from .delimiters import Delimiters
from .envelope_checks import check_gs, check_isa
from .guides.catalog import sets_of_group
from .interchange import FunctionalGroup, Interchange, TransactionSet
from .issues import Issue, Level, Location, error, warning
from .numbers import as_count, is_digits
from .segments import Segment
from .tokenizer import Tokenizer

Event = TransactionSet | FunctionalGroup | Interchange


class EnvelopeReader:
    """Iterate for events; `issues` holds file-level findings (tolerances, data outside any envelope)."""

    def __init__(self, source: bytes | bytearray | BinaryIO, keep: bool = False) -> None:
        self._tokens = Tokenizer(source)
        self.keep = keep
        self.interchanges: list[Interchange] = []  # filled only when keep
        self._interchange: Interchange | None = None
        self._group: FunctionalGroup | None = None
        self._set: TransactionSet | None = None
        self._seen_isa13: set[str] = set()
        self._seen_gs06: set[str] = set()
        self._seen_st02: set[str] = set()

    @property
    def issues(self) -> list[Issue]:
        return self._tokens.issues  # the reader's own findings join the tokenizer's, in file order

    def __iter__(self) -> Iterator[Event]:
        handlers = {
            "ISA": self._isa,
            "GS": self._gs,
            "ST": self._st,
            "SE": self._se,
            "GE": self._ge,
            "IEA": self._iea,
        }
        for segment in self._tokens:
            handler = handlers.get(segment.tag)
            if handler is not None:
                yield from handler(segment)
            elif self._set is not None:
                self._set.segments.append(segment)
            else:
                self._outside(segment)
        yield from self._close_interchange(None)

    # -- openers -----------------------------------------------------------------------------------------------
    def _isa(self, segment: Segment) -> Iterator[Event]:
        yield from self._close_interchange(None)
        delimiters = self._tokens.delimiters or Delimiters()
        interchange = Interchange(segment, delimiters)
        interchange.issues.extend(check_isa(segment))
        number = interchange.control_number
        if number in self._seen_isa13:
            # A warning, not a rejection: both interchanges are whole and readable; whether a repeated
            # interchange is a duplicate to drop is the partner's duplicate policy, decided by the pipeline.
            interchange.issues.append(
                warning(
                    Level.INTERCHANGE,
                    "025",
                    f"interchange control number {number} appears twice in this file",
                    self._where(segment, interchange.location()),
                )
            )
        self._seen_isa13.add(number)
        self._seen_gs06 = set()
        self._interchange = interchange

    def _gs(self, segment: Segment) -> Iterator[Event]:
        if self._interchange is None:
            self._orphan(segment, "a GS segment outside any interchange")
            return
        yield from self._close_group(None)
        group = FunctionalGroup(segment, self._interchange)
        group.issues.extend(check_gs(segment, group.location()))
        number = group.control_number
        if number in self._seen_gs06:
            code = "19" if group.base_version >= "005010" else "6"
            group.issues.append(
                error(
                    Level.GROUP,
                    code,
                    f"group control number {number} is not unique within the interchange",
                    self._where(segment, group.location()),
                )
            )
        self._seen_gs06.add(number)
        self._seen_st02 = set()
        self._interchange.group_count += 1
        self._group = group

    def _st(self, segment: Segment) -> Iterator[Event]:
        if self._group is None:
            if self._interchange is None:
                self._orphan(segment, "a transaction set outside any interchange")
                return
            self._interchange.issues.append(
                error(
                    Level.INTERCHANGE,
                    "024",
                    "a transaction set (ST) outside any functional group (no GS)",
                    self._where(segment, self._interchange.location()),
                )
            )
            self._group = FunctionalGroup(
                Segment("GS", ["GS"], segment.index, segment.offset, segment.line), self._interchange
            )
            self._interchange.group_count += 1
        yield from self._close_set(None)
        tx = TransactionSet(segment, self._group, [segment])
        self._check_st(tx)
        self._set = tx

    def _check_st(self, tx: TransactionSet) -> None:
        if not (len(tx.set_id) == 3 and is_digits(tx.set_id) and tx.set_id >= "100"):
            tx.issues.append(
                error(
                    Level.SET,
                    "6",
                    f"ST01 {tx.set_id!r} is not an X12 transaction set identifier (three digits, 100 to 999)",
                    tx.location(tx.header),
                    tx.set_id,
                )
            )
        else:
            expected = sets_of_group(tx.group.functional_id)
            if expected is not None and tx.set_id not in expected:
                # Noted, not rejected: the set itself is whole and readable (aerospace guides put 850s in SC).
                tx.issues.append(
                    warning(
                        Level.SET,
                        "6",
                        f"a {tx.set_id} does not belong in a group of functional id {tx.group.functional_id!r}"
                        f" (expected {', '.join(sorted(expected))})",
                        tx.location(tx.header),
                    )
                )
        number = tx.control_number
        if not 4 <= len(number) <= 9:  # ST02 is AN 4/9
            tx.issues.append(
                error(Level.SET, "7", f"ST02 control number {number!r} is missing or invalid", tx.location(tx.header))
            )
        elif number in self._seen_st02:
            tx.issues.append(
                error(
                    Level.SET,
                    "23",
                    f"transaction set control number {number} is not unique in its group",
                    tx.location(tx.header),
                )
            )
        self._seen_st02.add(number)

    # -- closers -----------------------------------------------------------------------------------------------
    def _se(self, segment: Segment) -> Iterator[Event]:
        tx = self._set
        if tx is None:
            self._misplaced_trailer(segment, "an SE with no transaction set open")
            return
        tx.segments.append(segment)
        tx.trailer = segment
        count = segment.element(1).strip()
        actual = len(tx.segments)
        if count != str(actual):
            tx.issues.append(
                error(
                    Level.SET,
                    "4",
                    f"SE01 says {count or 'nothing'} segments but the set has {actual}",
                    tx.location(segment),
                    count,
                )
            )
        if segment.element(2).strip() != tx.control_number:
            tx.issues.append(
                error(
                    Level.SET,
                    "3",
                    f"SE02 {segment.element(2).strip()!r} does not match ST02 {tx.control_number!r}",
                    tx.location(segment),
                )
            )
        yield from self._close_set(segment)

    def _ge(self, segment: Segment) -> Iterator[Event]:
        if self._group is None:
            self._misplaced_trailer(segment, "a GE with no functional group open")
            return
        yield from self._close_group(segment)

    def _iea(self, segment: Segment) -> Iterator[Event]:
        if self._interchange is None:
            self._orphan(segment, "an IEA with no interchange open")
            return
        yield from self._close_interchange(segment)

    def _close_set(self, trailer: Segment | None) -> Iterator[Event]:
        tx = self._set
        if tx is None:
            return
        self._set = None
        if trailer is None:
            tx.issues.append(
                error(
                    Level.SET,
                    "2",
                    f"transaction set {tx.control_number} has no SE trailer",
                    tx.location(tx.header),
                )
            )
        tx.group.set_count += 1
        if self.keep:
            tx.group.sets.append(tx)
        yield tx
        if not self.keep:
            tx.segments = []

    def _close_group(self, trailer: Segment | None) -> Iterator[Event]:
        yield from self._close_set(None)
        group = self._group
        if group is None:
            return
        self._group = None
        group.trailer = trailer
        where = self._where(group.header, group.location())
        if trailer is None:
            group.issues.append(
                error(Level.GROUP, "3", f"functional group {group.control_number} has no GE trailer", where)
            )
        else:
            where = self._where(trailer, where)
            count = trailer.element(1).strip()
            if count != str(group.set_count):
                group.issues.append(
                    error(
                        Level.GROUP,
                        "5",
                        f"GE01 says {count or 'nothing'} transaction sets but the group has {group.set_count}",
                        where,
                        count,
                    )
                )
            if trailer.element(2).strip() != group.control_number:
                group.issues.append(
                    error(
                        Level.GROUP,
                        "4",
                        f"GE02 {trailer.element(2).strip()!r} does not match GS06 {group.control_number!r}",
                        where,
                    )
                )
        if self.keep:
            group.interchange.groups.append(group)
        yield group

    def _close_interchange(self, trailer: Segment | None) -> Iterator[Event]:
        yield from self._close_group(None)
        interchange = self._interchange
        if interchange is None:
            return
        self._interchange = None
        interchange.trailer = trailer
        if trailer is None:
            interchange.issues.append(
                error(
                    Level.INTERCHANGE,
                    "023",
                    f"interchange {interchange.control_number} ends without an IEA trailer",
                    self._where(interchange.header, interchange.location()),
                )
            )
        else:
            self._check_iea(interchange, trailer)
        if self.keep:
            self.interchanges.append(interchange)
        yield interchange

    def _check_iea(self, interchange: Interchange, trailer: Segment) -> None:
        where = self._where(trailer, interchange.location())
        count = trailer.element(1).strip()
        if count != str(interchange.group_count):
            interchange.issues.append(
                error(
                    Level.INTERCHANGE,
                    "021",
                    f"IEA01 says {count or 'nothing'} groups but the interchange has {interchange.group_count}",
                    where,
                    count,
                )
            )
        number = trailer.element(2).strip()
        if number == interchange.control_number:
            return
        ours = as_count(interchange.control_number)
        if ours is not None and as_count(number) == ours:
            interchange.issues.append(
                warning(
                    Level.FILE,
                    "control-number-padding",
                    f"IEA02 {number!r} is ISA13 {interchange.control_number!r} without its leading zeros",
                    where,
                )
            )
            return
        interchange.issues.append(
            error(
                Level.INTERCHANGE,
                "001",
                f"IEA02 {number!r} does not match ISA13 {interchange.control_number!r}",
                where,
            )
        )

    # -- strays ------------------------------------------------------------------------------------------------
    def _outside(self, segment: Segment) -> None:
        if segment.tag == "TA1" and self._interchange is not None and self._group is None:
            self._interchange.technical_acks.append(segment)
            return
        if self._interchange is not None:
            where = self._group.location() if self._group is not None else self._interchange.location()
            place = "transaction set" if self._group is not None else "functional group"
            self._interchange.issues.append(
                error(
                    Level.INTERCHANGE,
                    "024",
                    f"segment {segment.tag} is outside any {place}",
                    self._where(segment, where),
                )
            )
            return
        self._orphan(segment, f"segment {segment.tag} outside any interchange")

    def _misplaced_trailer(self, segment: Segment, what: str) -> None:
        owner = self._group or self._interchange
        if owner is None:
            self._orphan(segment, what)
            return
        owner.issues.append(error(Level.INTERCHANGE, "024", what, self._where(segment, owner.location())))

    def _orphan(self, segment: Segment, what: str) -> None:
        self._tokens.issues.append(
            error(
                Level.FILE,
                "data-outside-interchange",
                what,
                Location(segment_id=segment.tag, line=segment.line, offset=segment.offset),
            )
        )

    @staticmethod
    def _where(segment: Segment, base: Location) -> Location:
        return replace(
            base, segment_id=segment.tag, segment_position=segment.index, line=segment.line, offset=segment.offset
        )
