"""How `edigate parse` shows a document: an indented outline, or one JSON document."""

from __future__ import annotations

from typing import Any

import click

from ..x12.delimiters import Delimiters
from ..x12.document import Document
from ..x12.envelope import FunctionalGroup, Interchange, TransactionSet
from ..x12.issues import issue_to_dict
from ..x12.segments import Segment


def _text(segment: Segment, delimiters: Delimiters) -> str:
    return delimiters.element.join(segment.elements)


def print_document(path: str, document: Document) -> None:
    click.echo(path)
    for interchange in document.interchanges:
        d = interchange.delimiters
        sender, receiver = (":".join(x) for x in (interchange.sender, interchange.receiver))
        click.echo(
            f"  interchange {interchange.control_number}  {sender} -> {receiver}  version"
            f" {interchange.version}  line {interchange.header.line}"
        )
        click.echo(
            f"    delimiters: element {d.element!r} component {d.component!r} repetition"
            f" {d.repetition!r} segment {d.segment!r}"
        )
        for ta1 in interchange.technical_acks:
            click.echo(f"    {_text(ta1, d)}")
        for group in interchange.groups:
            click.echo(
                f"    group {group.functional_id} {group.control_number}  version {group.version}  "
                f"{group.sender_code} -> {group.receiver_code}"
            )
            for tx in group.sets:
                click.echo(f"      set {tx.set_id} {tx.control_number}  {len(tx.segments)} segments")
                for segment in tx.segments:
                    click.echo(f"        {segment.line:>6}  {_text(segment, d)}")
    for issue in document.all_issues():
        click.echo(f"  {issue.severity.value}: {issue.tag} {issue.message}")


def _segment_json(segment: Segment) -> dict[str, Any]:
    return {
        "tag": segment.tag,
        "elements": segment.elements[1:],
        "index": segment.index,
        "line": segment.line,
        "offset": segment.offset,
    }


def _set_json(tx: TransactionSet) -> dict[str, Any]:
    return {
        "set_id": tx.set_id,
        "control_number": tx.control_number,
        "convention": tx.convention or None,
        "segments": [_segment_json(s) for s in tx.segments],
    }


def _group_json(group: FunctionalGroup) -> dict[str, Any]:
    return {
        "functional_id": group.functional_id,
        "control_number": group.control_number,
        "version": group.version,
        "sender": group.sender_code,
        "receiver": group.receiver_code,
        "sets": [_set_json(tx) for tx in group.sets],
    }


def _interchange_json(interchange: Interchange) -> dict[str, Any]:
    d = interchange.delimiters
    return {
        "control_number": interchange.control_number,
        "sender": {"qualifier": interchange.sender[0], "id": interchange.sender[1]},
        "receiver": {"qualifier": interchange.receiver[0], "id": interchange.receiver[1]},
        "version": interchange.version,
        "usage": interchange.usage,
        "delimiters": {
            "element": d.element,
            "component": d.component,
            "repetition": d.repetition,
            "segment": d.segment,
            "suffix": d.suffix,
        },
        "header": _segment_json(interchange.header),
        "technical_acks": [_segment_json(s) for s in interchange.technical_acks],
        "groups": [_group_json(g) for g in interchange.groups],
    }


def document_json(path: str, document: Document) -> dict[str, Any]:
    return {
        "file": path,
        "interchanges": [_interchange_json(i) for i in document.interchanges],
        "issues": [issue_to_dict(i) for i in document.all_issues()],
    }
