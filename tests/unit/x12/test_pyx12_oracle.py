"""pyx12 as an independent oracle: where its X12Reader can read a corpus file, it must agree with us on the
envelope facts (interchange, group and set control numbers and set ids) and on the envelope errors it finds."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from edigate.x12.document import parse
from tests.conftest import corpus_params

pyx12_file = pytest.importorskip("pyx12.x12file", reason="pyx12 (the test oracle) is not installed")
pyx12_errors = pytest.importorskip("pyx12.errors")

# pyx12 error kinds -> the level whose codes we use for the same problems
_LEVELS = {"isa": "TA1", "gs": "AK9", "st": "AK5"}


def _pyx12_view(path: Path) -> tuple[list[tuple[str, str, str]], set[str]] | None:
    text = path.read_bytes().decode("utf-8", "replace")
    try:
        reader = pyx12_file.X12Reader(io.StringIO(text))
        facts = []
        for segment in reader:
            tag = segment.get_seg_id()
            if tag in ("ISA", "GS", "ST"):
                number = {"ISA": "ISA13", "GS": "GS06", "ST": "ST02"}[tag]
                ident = segment.get_value("ST01") if tag == "ST" else ""
                facts.append((tag, segment.get_value(number).strip(), ident or ""))
        errors = {f"{_LEVELS[e[0]]}-{e[1]}" for e in reader.pop_errors() if e[0] in _LEVELS}
    except (pyx12_errors.X12Error, pyx12_errors.EngineError):
        return None  # pyx12 cannot read this file (byte-order marks, ISA12 00400, unpadded ISAs, ...)
    return facts, errors


def _our_view(path: Path) -> tuple[list[tuple[str, str, str]], set[str]]:
    doc = parse(path.read_bytes())
    facts = []
    for interchange in doc.interchanges:
        facts.append(("ISA", interchange.control_number, ""))
        for group in interchange.groups:
            facts.append(("GS", group.control_number, ""))
            facts.extend(("ST", tx.control_number, tx.set_id) for tx in group.sets)
    return facts, {i.tag for i in doc.all_issues()}


@pytest.mark.parametrize("path", corpus_params("x12/*/*"))
def test_envelope_facts_agree_with_pyx12(path: Path) -> None:
    theirs = _pyx12_view(path)
    if theirs is None:
        pytest.skip("pyx12 cannot read this file")
    their_facts, their_errors = theirs
    our_facts, our_errors = _our_view(path)
    assert our_facts == their_facts
    assert their_errors <= our_errors, f"pyx12 found {their_errors - our_errors} that we did not"


def test_the_oracle_read_enough_of_the_corpus() -> None:
    read = [p.values[0] for p in corpus_params("x12/*/*") if p.values[0] is not None]
    if not read:
        pytest.skip("corpus not found")
    agreed = sum(_pyx12_view(p) is not None for p in read)
    assert agreed >= 30, f"pyx12 read only {agreed} corpus files: the oracle would prove little"
