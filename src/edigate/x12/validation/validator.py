"""Validating a transaction set against its implementation guide; every problem reported, none raised."""

from __future__ import annotations

from dataclasses import replace

from ..envelope import TransactionSet
from ..guides.loader import load_guide, resolve_version
from ..guides.model import TransactionSetGuide
from ..issues import Issue, Level, Severity, warning
from ..segments import Segment
from .elements import Finding, SegmentChecker
from .hierarchy import HierarchyCheck
from .overlay import GuideOverlay
from .structure_walk import MANDATORY_MISSING, StructureWalker


class Validator:
    """Reusable across sets and files: it keeps compiled segment checkers (and their caches) between calls."""

    def __init__(self, overlay: GuideOverlay | None = None) -> None:
        self.overlay = overlay
        self._checkers: dict[tuple[str, str, str, str], SegmentChecker] = {}

    def guide_for(self, tx: TransactionSet) -> tuple[TransactionSetGuide | None, list[Issue]]:
        version, exact = resolve_version(tx.group.version)
        where = tx.location(tx.header)
        guide = load_guide(tx.set_id, version) if version else None
        if guide is None:
            shown = tx.group.version or "no version"
            return None, [
                warning(
                    Level.FILE,
                    "no-guide",
                    f"no implementation guide for {tx.set_id} in {shown}: only the envelope was checked",
                    where,
                )
            ]
        if not exact:
            return guide, [
                warning(
                    Level.FILE,
                    "guide-version-fallback",
                    f"version {tx.group.version} is checked with the {version} guide",
                    where,
                )
            ]
        return guide, []

    def validate(self, tx: TransactionSet) -> list[Issue]:
        guide, issues = self.guide_for(tx)
        if guide is None:
            return issues
        delimiters = tx.interchange.delimiters
        walker = StructureWalker(guide, tx.location())
        hierarchy = HierarchyCheck(guide.hierarchy) if guide.hierarchy else None
        overlay = self.overlay
        start = tx.header.index
        segments = guide.segments
        for segment in tx.segments:
            tag = segment.tag
            position = segment.index - start + 1
            walker.step(tag, position, segment.line)
            sdef = segments.get(tag)
            if sdef is None:
                continue
            checker = self._checker(guide, tag, delimiters.component, delimiters.repetition)
            findings: tuple[Finding, ...] | list[Finding] = checker.check(segment.elements)
            if hierarchy is not None and tag == "HL":
                findings = [*findings, *hierarchy.step(segment)]
            if overlay is not None:
                findings = [*findings, *overlay.check_segment(segment)]
            if findings:
                issues.extend(_issue(f, tx, segment, position, walker.loop_id) for f in findings)
        last = tx.segments[-1] if tx.segments else tx.header
        walker.finish(last.index - start + 1, last.line, tx.trailer is not None)
        issues.extend(walker.issues)
        if overlay is not None:
            for seg_id, message in overlay.check_set(tx.segments):
                where = replace(tx.location(last), segment_id=seg_id, segment_position=last.index - start + 1)
                issues.append(Issue(Severity.ERROR, Level.SEGMENT, MANDATORY_MISSING, message, where))
        return issues

    def _checker(self, guide: TransactionSetGuide, tag: str, component: str, repetition: str) -> SegmentChecker:
        key = (guide.version, tag, component, repetition)
        checker = self._checkers.get(key)
        if checker is None:
            checker = SegmentChecker(guide.segments[tag], component, repetition, guide.version >= "005010")
            self._checkers[key] = checker
        return checker


def _issue(f: Finding, tx: TransactionSet, segment: Segment, position: int, loop_id: str | None) -> Issue:
    where = replace(
        tx.location(segment),
        segment_position=position,
        loop_id=loop_id,
        element=f.element,
        component=f.component,
        repetition=f.repetition,
        element_ref=f.ref,
    )
    return Issue(f.severity, f.level, f.code, f.message, where, f.value)
