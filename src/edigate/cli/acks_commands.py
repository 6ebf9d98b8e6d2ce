"""`edigate acks overdue|list`: the 997/999s we wait for from partners, for operators and monitoring checks."""

from __future__ import annotations

import sys

import click

from ..store import AckExpectedInfo, AckStatus
from .errors import EXIT_PROBLEMS, no_traceback
from .operator_support import echo_json, echo_table, one_line, open_store, when

STATUSES = [s.value for s in AckStatus]


def _print(acks: list[AckExpectedInfo], as_json: bool, empty: str) -> None:
    if as_json:
        echo_json(acks)
        return
    if not acks:
        click.echo(empty)
        return
    rows = [
        (
            a.partner,
            a.document_id if a.document_id is not None else "-",
            a.interchange_control_number,
            a.functional_id,
            a.group_control_number,
            a.status,
            when(a.created_at),
            when(a.due_at),
            one_line(",".join(a.set_control_numbers), 30),
        )
        for a in acks
    ]
    echo_table(["PARTNER", "DOC", "ISA13", "GS01", "GS06", "STATUS", "SENT (UTC)", "DUE (UTC)", "ST02"], rows)


@click.group("acks")
def acks_group() -> None:
    """The acknowledgments (997/999) partners owe us for the groups we sent them.

    \b
    Examples:
      edigate acks overdue
      edigate acks list --status pending --partner acme-retail
    """


@acks_group.command("overdue")
@click.option("--partner", metavar="ID", help="Only this partner's.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
@no_traceback
def overdue_command(ctx: click.Context, partner: str | None, as_json: bool) -> None:
    """List groups whose acknowledgment is past due (marking them overdue); exit 1 when there is any.

    \b
    Examples:
      edigate acks overdue
      edigate acks overdue --partner acme-retail --json
    """
    with open_store(ctx) as store:
        overdue = store.acks_overdue(partner)
    _print(overdue, as_json, "no overdue acknowledgments")
    if overdue:
        sys.exit(EXIT_PROBLEMS)


@acks_group.command("list")
@click.option("--status", type=click.Choice(STATUSES), multiple=True, help="Only these statuses (repeatable).")
@click.option("--partner", metavar="ID", help="Only this partner's.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
@no_traceback
def list_command(ctx: click.Context, status: tuple[str, ...], partner: str | None, as_json: bool) -> None:
    """List expected acknowledgments by status (default: every status), newest first.

    \b
    Examples:
      edigate acks list
      edigate acks list --status pending --status overdue --partner acme-retail
      edigate acks list --status rejected --json
    """
    with open_store(ctx) as store:
        store.acks_overdue()  # pending ones past due are listed as overdue, as the daemon's check would mark them
        found = [ack for name in (status or STATUSES) for ack in store.acks(name, partner)]
    found.sort(key=lambda a: a.id, reverse=True)
    _print(found, as_json, "no acknowledgments match")
