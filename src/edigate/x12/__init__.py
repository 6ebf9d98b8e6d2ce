"""The X12 core: read (streaming), validate, write, envelope, and 997/999/TA1 acknowledgments.

A pure library: it reads from bytes or a binary file object and returns values. It opens no path, touches no
database and logs nothing.
"""

from .delimiters import Delimiters
from .envelope import EnvelopeReader, FunctionalGroup, Interchange, TransactionSet
from .issues import Issue, Level, Location, Severity
from .segments import Segment
from .tokenizer import Tokenizer

__all__ = [
    "Delimiters",
    "EnvelopeReader",
    "FunctionalGroup",
    "Interchange",
    "Issue",
    "Level",
    "Location",
    "Segment",
    "Severity",
    "Tokenizer",
    "TransactionSet",
]
