"""Which transaction sets of a validated X12 file are accepted: exactly what the 997/TA1 we send says.

The verdict is computed at set level whatever detail the partner's acknowledgment carries, so a group-level 997
saying "P" (partially accepted) and the records delivered always agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..x12.acks import AckPolicy
from ..x12.acks.build import ack_delimiters
from ..x12.acks.functional import AckContext, assess_group
from ..x12.acks.ta1 import assess_interchange
from ..x12.envelope import Interchange
from ..x12.issues import Issue

SetKey = tuple[str, str, str]
"""(ISA13, GS06, ST02) as they appear in the file: how a record's source names its transaction set."""

_SET_LEVEL = AckPolicy(level="set")


@dataclass(slots=True)
class Verdicts:
    accepted: set[SetKey] = field(default_factory=set)
    rejected: set[SetKey] = field(default_factory=set)
    reasons: list[Issue] = field(default_factory=list)

    @property
    def nothing_accepted(self) -> bool:
        return not self.accepted


def judge(interchanges: Iterable[Interchange]) -> Verdicts:
    """Accepted (A/E) and rejected sets, and the errors behind every rejection."""
    verdicts = Verdicts()
    for interchange in interchanges:
        delimiters = ack_delimiters(interchange.delimiters, "00401")
        envelope_rejected = assess_interchange(interchange, delimiters).status == "R"
        if envelope_rejected:
            verdicts.reasons += [i for i in interchange.issues if i.is_error]
        for group in interchange.groups:
            context = AckContext.for_group(group, _SET_LEVEL, delimiters)
            group_ack = assess_group(group, context)
            statuses = {s.control_number: s.status for s in group_ack.sets}
            group_rejected = envelope_rejected or group_ack.status == "R"
            if group_rejected and not envelope_rejected:
                verdicts.reasons += [i for i in group.issues if i.is_error]
            for tx in group.sets:
                key = (interchange.control_number, group.control_number, tx.control_number)
                if not group_rejected and statuses.get(tx.control_number, "R") in ("A", "E"):
                    verdicts.accepted.add(key)
                else:
                    verdicts.rejected.add(key)
                    verdicts.reasons += [i for i in tx.issues if i.is_error]
    return verdicts
