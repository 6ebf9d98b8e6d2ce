"""Corpus-derived files made unique per copy, for the chaos runs: every copy of a third-party 850/856/810/204/214
gets its own ISA13/IEA02, GS06/GE02 and business number (BEG03, BSN02, BIG02, B204, B1002), so the gateway sees
each as a new document, never a duplicate; beside them, known-bad files that must be rejected with a reason.

The corpus is read in place (never copied into the project); without it the tests skip with the reason.
"""

from __future__ import annotations

import hashlib
import itertools
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import corpus_files

SETS = ("850", "856", "810", "204", "214")
#: (segment id, element position) of the business number each set carries, made unique per copy.
BUSINESS_NUMBER = {"BEG": 3, "BSN": 2, "BIG": 2, "B2": 4, "B10": 2}
_TAG = re.compile(rb"^(?:\s|\xef\xbb\xbf)*([A-Z][A-Z0-9]{1,2})$")  # a BOM or line break may lead


def uniquify(data: bytes, numbers: Iterator[int]) -> bytes:
    """`data` with each interchange's ISA13/IEA02 and each group's GS06/GE02 taken from `numbers`, and each
    business number suffixed with the interchange's number. The delimiters are the file's own (ISA offsets)."""
    start = data.find(b"ISA")
    if start < 0 or len(data) < start + 106:
        return data
    element = data[start + 3 : start + 4]
    fields = data[start:].split(element, 16)
    if len(fields) < 17:
        return data
    terminator = fields[16][1:2]
    segments = data.split(terminator)
    interchange = group = 0
    for index, segment in enumerate(segments):
        parts = segment.split(element)
        tag = _TAG.match(parts[0])
        if tag is None:
            continue
        name = tag.group(1).decode()
        if name == "ISA" and len(parts) > 13:
            interchange = next(numbers)
            parts[13] = b"%09d" % interchange
        elif name == "IEA" and len(parts) > 2:
            parts[2] = b"%09d" % interchange
        elif name == "GS" and len(parts) > 6:
            group = next(numbers)
            parts[6] = b"%d" % group
        elif name == "GE" and len(parts) > 2:
            parts[2] = b"%d" % group
        elif name in BUSINESS_NUMBER and len(parts) > BUSINESS_NUMBER[name]:
            parts[BUSINESS_NUMBER[name]] = b"U%08d" % interchange
        segments[index] = element.join(parts)
    return terminator.join(segments)


def good_templates() -> list[Path]:
    """The corpus files of the sets the chaos partner receives (some of them the gateway rightly rejects)."""
    return [f for s in SETS for f in corpus_files(f"x12/{s}/*") if f.is_file()]


def bad_templates() -> list[Path]:
    """Files that must be rejected: the corpus's broken envelopes and the like."""
    return [f for f in corpus_files("bad/*") if f.is_file()]


@dataclass
class Dropped:
    name: str
    sha256: str
    template: str
    bad: bool


@dataclass
class Mix:
    """Writes `count` files into `folder` (about one in ten bad), remembering each one's name and digest."""

    seed: int = 1
    bad_share: float = 0.1
    files: dict[str, Dropped] = field(default_factory=dict)
    _numbers: Iterator[int] = field(default_factory=lambda: itertools.count(100_001))

    def write(self, folder: Path, count: int, prefix: str = "f") -> list[Path]:
        rng = random.Random(self.seed)
        good, bad = good_templates(), bad_templates()
        written = []
        for _ in range(count):
            is_bad = bool(bad) and rng.random() < self.bad_share
            template = rng.choice(bad if is_bad else good)
            data = template.read_bytes() if is_bad else uniquify(template.read_bytes(), self._numbers)
            name = f"{prefix}{len(self.files):05d}-{template.name}"
            path = folder / name
            path.write_bytes(data)
            self.files[name] = Dropped(name, hashlib.sha256(data).hexdigest(), template.name, is_bad)
            written.append(path)
        return written
