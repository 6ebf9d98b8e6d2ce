"""A partner's tightening of a guide: allowed codes and required qualifiers become ordinary AK3/AK4 errors."""

from __future__ import annotations

from pathlib import Path

from edigate.x12 import GuideOverlay, validate

EXAMPLE = (Path(__file__).resolve().parents[3] / "src" / "edigate" / "examples" / "850-purchase-order.edi").read_bytes()


def errors(overlay: GuideOverlay) -> list[tuple[str, str | None, int | None]]:
    found = validate(EXAMPLE, overlay=overlay).all_issues()
    return [(i.tag, i.location.segment_id, i.location.element) for i in found if i.is_error]


def test_the_example_passes_the_plain_standard() -> None:
    assert errors(GuideOverlay()) == []


def test_allowed_codes_narrow_a_code_list() -> None:
    overlay = GuideOverlay(allowed_codes={"N101": frozenset({"ST"})})
    assert errors(overlay) == [("AK4-7", "N1", 1)]  # the BT party is not accepted by this partner


def test_required_qualifiers_and_segments() -> None:
    overlay = GuideOverlay(required_qualifiers={"REF01": frozenset({"IA", "VN"})}, required_segments=frozenset({"SAC"}))
    found = errors(overlay)
    assert ("AK3-3", "SAC", None) in found
    assert ("AK3-3", "REF", None) in found  # REF*IA is there, REF*VN is not
    assert len(found) == 2
