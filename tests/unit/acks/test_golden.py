"""Golden acknowledgments: each input under tests/data/acks/ and the exact acknowledgment it gets.

Set EDIGATE_REGENERATE_GOLDEN=1 to rewrite the expected files after a deliberate change, then read the diff.
Every acknowledgment built is also read back: through the envelope reader (no envelope problem in what we
send) and through the 997/999 reader (it says what the builder decided).
"""

from __future__ import annotations

import os

import pytest

from edigate.x12.acks import AckPolicy, build_acks, read_acks
from edigate.x12.issues import Issue, Severity

from ._support import DATA, NOW, NUMBERS, element_issue, load, parse_tree, segment_issue

WARN = Severity.WARNING

CASES: dict[str, tuple[AckPolicy, dict[tuple[int, int, int], list[Issue]]]] = {
    "accepted": (AckPolicy(), {}),
    "accepted_with_errors": (
        AckPolicy(),
        {(0, 0, 1): [element_issue("7", "PO1", 3, 3, "355", "EA", loop_id="PO1", severity=WARN)]},
    ),
    "partially_accepted": (
        AckPolicy(),
        {
            (0, 0, 1): [
                element_issue("7", "BEG", 2, 2, "92", "XX"),
                segment_issue("1", "ZZZ", 3),
                element_issue("6", "PO1", 4, 4, "212", "9.5", loop_id="PO1", severity=WARN),
            ]
        },
    ),
    "rejected_group": (AckPolicy(), {}),
    "rejected_sets": (AckPolicy(), {}),
    "ta1_rejected": (AckPolicy(), {}),
    "ta1_duplicate": (AckPolicy(), {}),
    "implementation_999": (
        AckPolicy(kind="999"),
        {
            (0, 0, 0): [
                element_issue("I6", "BEG", 2, 2, "92", "SA"),
                element_issue("7", "PO1", 3, 6, "235", "VP", component=2, loop_id="PO1"),
                element_issue("12", "PO1", 3, 7, "234", "ITEM1", repetition=2, loop_id="PO1"),
            ]
        },
    ),
    "fa_and_po": (AckPolicy(), {}),
    "mixed_versions": (
        AckPolicy(kind="999"),
        {(0, 0, 0): [element_issue("13", "PO1", 3, 6, "235", "VP", component=2, repetition=3, loop_id="PO1")]},
    ),
}


def build(case: str):
    policy, findings = CASES[case]
    return build_acks(load(case, findings), NOW, NUMBERS, policy)


@pytest.mark.parametrize("case", sorted(CASES))
def test_acknowledgment_matches_golden_file(case: str) -> None:
    text = build(case).text
    expected = DATA / f"{case}.ack.x12"
    if os.environ.get("EDIGATE_REGENERATE_GOLDEN"):
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", sorted(CASES))
def test_acknowledgment_reads_back_as_built(case: str) -> None:
    batch = build(case)
    parsed = parse_tree(batch.text)
    assert len(parsed) == len(batch.acks)
    for ack, interchange in zip(batch.acks, parsed, strict=True):
        assert interchange.issues == []
        assert [g.issues for g in interchange.groups] == [[] for _ in interchange.groups]
        assert all(tx.issues == [] for g in interchange.groups for tx in g.sets)
        assert interchange.control_number == ack.control_number
        assert tuple(g.control_number for g in interchange.groups) == ack.group_control_numbers
        ta1s, groups = read_acks(interchange)
        assert ta1s == ([ack.ta1] if ack.ta1 is not None else [])
        assert groups == list(ack.groups)
        assert all(g.issues == () for g in groups)


def test_every_golden_case_has_an_input_and_an_expected_file() -> None:
    inputs = {p.name.removesuffix(".x12") for p in DATA.glob("*.x12") if not p.name.endswith(".ack.x12")}
    assert inputs == set(CASES)
