"""Every X12 file of the corpus through the real pipeline: none raises, none is lost; each ends delivered (its
records in the file drop) or rejected with a reason that names the file and partner."""

from __future__ import annotations

from pathlib import Path

import pytest

from edigate.store import DocumentState
from tests.conftest import corpus_files

from .home import make_home, open_gateway

ANY_SENDER = """
[validation]
check_sender = false
check_receiver = false
duplicates = "accept-and-report"
"""
FINAL = {DocumentState.DELIVERED, DocumentState.REJECTED}


def test_every_corpus_x12_file_ends_delivered_or_rejected_with_its_reason(tmp_path: Path) -> None:
    files = corpus_files("x12/**/*") + corpus_files("bad/**/*")
    files = [f for f in files if f.is_file()]
    if not files:
        pytest.skip("corpus not found beside the checkout (../shared/corpus)")
    home = make_home(tmp_path, partner_extra=ANY_SENDER)
    profile = home / "partners" / "acme.toml"
    profile.write_text(profile.read_text().replace('[[receive]]\nset = "850"', _receive_all()))
    with open_gateway(home) as gateway:
        for number, path in enumerate(files):
            copy = home / "inbox" / "acme" / f"{number:04d}-{path.name}"
            copy.write_bytes(path.read_bytes())
            gateway.take_file(copy, "acme")
        finished = []
        while (document := gateway.process_next()) is not None:
            finished.append(document)
        counts = gateway.store.state_counts()
    assert sum(counts.values()) == len(files)
    stuck = [(d.file_name, d.state) for d in finished if d.state not in FINAL]
    assert not stuck
    for document in finished:
        if document.state == DocumentState.REJECTED and document.duplicate_of is None:
            assert document.file_name in document.error or "partner" in document.error
    assert counts["delivered"] >= len(files) // 3, counts
    outcome = {d.file_name.split("-", 1)[1]: d for d in finished}
    for name, state, words in EXPECTED:
        if name in outcome:
            assert outcome[name].state == state, (name, outcome[name].error)
            assert words in (outcome[name].error or ""), (name, outcome[name].error)


#: Files whose fate says something: a TA1-only interchange is consumed (reconciled, nothing to map); one whose
#: envelope is broken is refused with the TA1 rule; a set with no map is refused naming the set.
EXPECTED = [
    ("Inteligenz__X12Parser__Acknowledgments_TechnicalAcknowledgment_Sample1.txt", DocumentState.DELIVERED, ""),
    ("xlate__staedi__x12_interchange_ack_TA1.txt", DocumentState.REJECTED, "TA1-021"),
    ("aaronhuggins__node-x12__855.edi", DocumentState.REJECTED, "no map for transaction set '855'"),
    ("kputnam__stupidedi__PO850-pass-1.edi", DocumentState.DELIVERED, ""),
    ("GT-Logistics__edi-x12__empty-edi.edi", DocumentState.REJECTED, "the file is empty"),
    ("olmelabs__EdiEngine__ControlNumbersMismatch.edi", DocumentState.REJECTED, "IEA02"),
]


def _receive_all() -> str:
    return "\n\n".join(f'[[receive]]\nset = "{s}"' for s in ("850", "856", "810", "204", "214"))
