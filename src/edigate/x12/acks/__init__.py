"""Acknowledgments: build the TA1 and 997/999 we owe for what we received, and read the ones partners send.

Building is a pure function of the problems the envelope reader and the validator found (their codes are the
acknowledgment codes): `build_acks(reader.interchanges, now, numbers, policy)`. Reading turns a received TA1
or 997/999 into the same values (`read_acks(interchange)`), so what we expected and what they said compare.
"""

from .build import AckBatch, AckEnvelope, Acknowledgment, AckNumbers, ack_delimiters, build_ack, build_acks
from .functional import AckContext, assess_group, assess_set, render_group_ack
from .model import ElementNote, GroupAck, InterchangeAck, SegmentNote, SetAck
from .policy import AckPolicy
from .read import read_acks, read_functional_ack, read_ta1
from .ta1 import assess_interchange, needs_ta1

__all__ = [
    "AckBatch",
    "AckContext",
    "AckEnvelope",
    "AckNumbers",
    "AckPolicy",
    "Acknowledgment",
    "ElementNote",
    "GroupAck",
    "InterchangeAck",
    "SegmentNote",
    "SetAck",
    "ack_delimiters",
    "assess_group",
    "assess_interchange",
    "assess_set",
    "build_ack",
    "build_acks",
    "needs_ta1",
    "read_acks",
    "read_functional_ack",
    "read_ta1",
    "render_group_ack",
]
