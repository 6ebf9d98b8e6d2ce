"""The document state machine as data: every state reachable, the happy path legal, the exits replayable."""

from __future__ import annotations

from itertools import pairwise

from edigate.store import TRANSITIONS, DocumentState, is_legal

S = DocumentState
HAPPY_PATH = [S.RECEIVED, S.PARSED, S.VALIDATED, S.MAPPED, S.DELIVERED]


def test_the_happy_path_is_legal_step_by_step_and_skipping_a_step_is_not() -> None:
    for source, target in pairwise(HAPPY_PATH):
        assert is_legal(source, target)
    assert not is_legal(S.RECEIVED, S.VALIDATED)
    assert not is_legal(S.PARSED, S.DELIVERED)


def test_every_state_is_reachable_from_received() -> None:
    seen, frontier = {S.RECEIVED}, [S.RECEIVED]
    while frontier:
        for target in TRANSITIONS[frontier.pop()]:
            if target not in seen:
                seen.add(target)
                frontier.append(target)
    assert seen == set(S)


def test_delivered_is_final_and_rejected_and_failed_can_be_replayed() -> None:
    assert TRANSITIONS[S.DELIVERED] == frozenset()
    assert is_legal(S.REJECTED, S.RECEIVED)
    assert is_legal(S.FAILED, S.RECEIVED) and is_legal(S.FAILED, S.MAPPED)
    assert all(S.REJECTED in TRANSITIONS[s] for s in (S.RECEIVED, S.PARSED, S.VALIDATED, S.MAPPED))
    assert is_legal("mapped", "failed"), "plain strings from the database are accepted too"


def test_no_state_moves_to_itself() -> None:
    assert all(state not in targets for state, targets in TRANSITIONS.items())
