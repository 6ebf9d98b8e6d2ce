"""The X12 core: read (streaming), validate, write, envelope, and 997/999/TA1 acknowledgments.

A pure library: it reads from bytes or a binary file object and returns values. It opens no path, touches no
database and logs nothing.

    from edigate import x12
    document = x12.validate(data)            # envelopes + implementation guides, every problem as a value
    for tx in x12.read_transaction_sets(f):  # streaming: memory bounded by the largest set
        ...
    batch = x12.acks.build_acks(document.interchanges, now, x12.acks.AckNumbers(1, 1))
"""

from . import acks, writer
from .delimiters import Delimiters
from .document import Document, StreamValidator, parse, read_transaction_sets, validate
from .envelope import EnvelopeReader, FunctionalGroup, Interchange, TransactionSet
from .issues import Issue, Level, Location, Severity, issue_to_dict
from .segments import Segment
from .tokenizer import Tokenizer
from .validation.overlay import GuideOverlay
from .validation.validator import Validator

__all__ = [
    "Delimiters",
    "Document",
    "EnvelopeReader",
    "FunctionalGroup",
    "GuideOverlay",
    "Interchange",
    "Issue",
    "Level",
    "Location",
    "Segment",
    "Severity",
    "StreamValidator",
    "Tokenizer",
    "TransactionSet",
    "Validator",
    "acks",
    "issue_to_dict",
    "parse",
    "read_transaction_sets",
    "validate",
    "writer",
]
