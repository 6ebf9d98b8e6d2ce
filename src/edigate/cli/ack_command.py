"""`edigate ack`: the 997/999 (and TA1) that acknowledge a file, on standard output."""

from __future__ import annotations

import sys
from datetime import datetime

import click

from ..x12.acks import AckEnvelope, AckNumbers, AckPolicy, build_acks
from ..x12.document import validate
from .errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, no_traceback, read_input


def _party(value: str | None, option: str) -> tuple[str, str] | None:
    if value is None:
        return None
    qualifier, _, ident = value.partition(":")
    if not (qualifier and ident and len(qualifier) == 2 and len(ident) <= 15):
        click.echo(f"edigate: {option} takes QQ:ID (a two-character qualifier and an id of up to 15)", err=True)
        sys.exit(EXIT_USAGE)
    return qualifier, ident


@click.command("ack")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--sender", metavar="QQ:ID", help="Our ISA05:ISA06 (default: the input's receiver).")
@click.option("--receiver", metavar="QQ:ID", help="Their ISA07:ISA08 (default: the input's sender).")
@click.option(
    "--control-number",
    type=click.IntRange(1, 999_999_999),
    default=1,
    show_default=True,
    help="First control number for our ISA13 and GS06.",
)
@click.option(
    "--kind",
    type=click.Choice(["997", "999"]),
    default="997",
    show_default=True,
    help="999 applies to 005010 groups; a 004010 group always gets a 997.",
)
@click.option(
    "--level",
    type=click.Choice(["group", "set", "detail"]),
    default="detail",
    show_default=True,
    help="group: AK1/AK9 only; set: AK2/AK5 per set; detail: with AK3/AK4 per problem.",
)
@click.option(
    "--ta1",
    type=click.Choice(["never", "requested", "errors", "always"]),
    default="errors",
    show_default=True,
    help="When a TA1 is added: never, when ISA14 asks, also on envelope errors, always.",
)
@no_traceback
def ack_command(
    file: str, sender: str | None, receiver: str | None, control_number: int, kind: str, level: str, ta1: str
) -> None:
    """Write to stdout the acknowledgment of every functional group of FILE.

    One 997 (or 999) per group, except groups that are themselves acknowledgments; a TA1 where the envelope
    asks for one or is in error. Exit status: 0 an acknowledgment was written (or none is owed), 1 FILE holds
    no X12 interchange to acknowledge, 2 usage error or unreadable file.

    \b
    Examples:
      edigate ack inbox/acme/po-1001.edi > outbox/acme/997-1001.edi
      edigate ack po.edi --sender ZZ:OURID --receiver ZZ:ACME --control-number 1042 --kind 999
    """
    document = validate(read_input(file))
    if not document.interchanges:
        for issue in document.issues:
            click.echo(f"{file}: {issue.severity.value}: {issue.tag} {issue.message}", err=True)
        sys.exit(EXIT_PROBLEMS)
    envelope = AckEnvelope(sender=_party(sender, "--sender"), receiver=_party(receiver, "--receiver"))
    policy = AckPolicy(kind=kind, level=level, ta1=ta1)  # type: ignore[arg-type]
    batch = build_acks(
        document.interchanges, datetime.now(), AckNumbers(control_number, control_number), policy, envelope
    )
    if not batch.acks:
        click.echo(f"{file}: nothing to acknowledge (it holds only acknowledgments)", err=True)
    click.echo(batch.text, nl=False)
    sys.exit(EXIT_OK)
