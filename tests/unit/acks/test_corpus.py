"""Every corpus file, good or broken, gets an acknowledgment that is clean X12 and reads back as built."""

from __future__ import annotations

from pathlib import Path

import pytest

from edigate.x12.acks import AckPolicy, build_acks, read_acks
from edigate.x12.document import validate
from edigate.x12.issues import Level
from tests.conftest import corpus_params

from ._support import NOW, NUMBERS, parse_tree


@pytest.mark.parametrize("path", corpus_params("x12/*/*") + corpus_params("bad/*"))
def test_corpus_file_gets_a_clean_acknowledgment(path: Path) -> None:
    document = validate(path.read_bytes())
    batch = build_acks(document.interchanges, NOW, NUMBERS, AckPolicy(ta1="always"))
    if not batch.acks:
        return  # nothing but acknowledgments (or nothing readable) in the file: nothing is owed
    parsed = parse_tree(batch.text)
    coded = [i for x in parsed for i in x.issues if i.level is not Level.FILE]
    coded += [i for x in parsed for g in x.groups for i in g.issues + [j for t in g.sets for j in t.issues]]
    assert coded == []  # the partner's own delimiters may still be tolerances of ours (FILE level)
    assert [read_acks(x) for x in parsed] == [([a.ta1] if a.ta1 else [], list(a.groups)) for a in batch.acks]
