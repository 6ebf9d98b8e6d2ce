"""`edigate parse` and `edigate validate`: the X12 core's contract on the command line."""

from __future__ import annotations

import json
import sys

import click

from ..x12.document import StreamValidator, parse
from ..x12.envelope import TransactionSet
from ..x12.issues import Issue, Severity, format_issue, issue_to_dict
from .errors import EXIT_OK, EXIT_PROBLEMS, no_traceback, open_input, read_input
from .structure_view import document_json, print_document


@click.command("validate")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of one line per problem.")
@no_traceback
def validate_command(file: str, as_json: bool) -> None:
    """Check FILE's envelopes and every transaction set against its implementation guide.

    Prints one line per problem as FILE:LINE: SEVERITY SEGID[pos] CODE message. Exit status: 0 no errors
    (warnings allowed), 1 the document has errors, 2 usage error or unreadable file.

    \b
    Examples:
      edigate validate inbox/acme/po-1001.edi
      edigate validate po.edi --json | jq '.issues[] | select(.severity == "error")'
    """
    with open_input(file) as source:
        _validate_stream(file, StreamValidator(source), as_json)


def _validate_stream(file: str, stream: StreamValidator, as_json: bool) -> None:
    counts = {Severity.ERROR: 0, Severity.WARNING: 0}
    collected: list[Issue] = []
    shown = 0
    sets = 0

    def report(issues: list[Issue]) -> None:
        for issue in issues:
            counts[issue.severity] += 1
            if as_json:
                collected.append(issue)
            else:
                click.echo(format_issue(file, issue))

    for event in stream:
        report(stream.issues[shown:])
        shown = len(stream.issues)
        sets += isinstance(event, TransactionSet)
        report(event.issues)
    report(stream.issues[shown:])
    if as_json:
        summary = {
            "file": file,
            "valid": counts[Severity.ERROR] == 0,
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "transaction_sets": sets,
            "issues": [issue_to_dict(i) for i in collected],
        }
        click.echo(json.dumps(summary, indent=2))
    sys.exit(EXIT_PROBLEMS if counts[Severity.ERROR] else EXIT_OK)


@click.command("parse")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the structure as one JSON document.")
@no_traceback
def parse_command(file: str, as_json: bool) -> None:
    """Show FILE's structure: interchanges, functional groups, transaction sets and their segments.

    Exit status: 0 when an interchange could be read, 1 when the file holds no readable X12, 2 when it cannot
    be read at all.

    \b
    Examples:
      edigate parse po.edi
      edigate parse po.edi --json | jq '.interchanges[0].groups[0].sets[].set_id'
    """
    document = parse(read_input(file))
    if as_json:
        click.echo(json.dumps(document_json(file, document), indent=2))
    else:
        print_document(file, document)
    sys.exit(EXIT_OK if document.interchanges else EXIT_PROBLEMS)
