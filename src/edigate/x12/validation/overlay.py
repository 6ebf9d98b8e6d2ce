"""A partner's tightening of an implementation guide: the hook partner profiles fill in.

Profiles name what a trading partner requires beyond the standard (a retailer that insists on REF*IA, or only
accepts some N101 codes). The overlay is data, applied by the validator; it never loosens the standard.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..issues import Level, Severity
from ..segments import Segment
from .elements import INVALID_CODE, Finding


@dataclass(frozen=True, slots=True)
class GuideOverlay:
    """`allowed_codes`: element label ("N101") -> the only codes accepted there.
    `required_qualifiers`: element label ("REF01") -> qualifiers each transaction set must carry at least once.
    `required_segments`: segment ids each transaction set must carry at least once."""

    allowed_codes: dict[str, frozenset[str]] = field(default_factory=dict)
    required_qualifiers: dict[str, frozenset[str]] = field(default_factory=dict)
    required_segments: frozenset[str] = frozenset()

    def check_segment(self, segment: Segment) -> list[Finding]:
        findings = []
        for label, allowed in self.allowed_codes.items():
            if label[:-2] != segment.tag:
                continue
            position = int(label[-2:])
            value = segment.element(position)
            if value and value not in allowed:
                findings.append(
                    Finding(
                        Severity.ERROR,
                        Level.ELEMENT,
                        INVALID_CODE,
                        f"{label} {value!r} is not one of the codes this partner accepts"
                        f" ({', '.join(sorted(allowed))})",
                        position,
                        value=value,
                    )
                )
        return findings

    def check_set(self, segments: Iterable[Segment]) -> list[tuple[str, str]]:
        """(segment id, message) for each requirement the whole set fails."""
        seen_tags: set[str] = set()
        seen: dict[str, set[str]] = {label: set() for label in self.required_qualifiers}
        for segment in segments:
            seen_tags.add(segment.tag)
            for label in seen:
                if label[:-2] == segment.tag:
                    seen[label].add(segment.element(int(label[-2:])))
        missing = [
            (tag, f"this partner requires a {tag} segment") for tag in sorted(self.required_segments - seen_tags)
        ]
        for label, wanted in self.required_qualifiers.items():
            for code in sorted(wanted - seen[label]):
                missing.append((label[:-2], f"this partner requires {label[:-2]} with {label} {code!r}"))
        return missing
