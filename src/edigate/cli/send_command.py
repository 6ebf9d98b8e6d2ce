"""`edigate send`: ERP records (JSON, as `edigate translate` prints them) to X12 for a partner, written to its
outbox with control numbers from the store and a 997 expected, exactly as the daemon sends pending files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..pipeline import Gateway, OutboundResult, UnknownPartner
from ..pipeline.outbound_pending import parse_pending
from ..pipeline.outbound_render import OutboundRefused
from ..store import StoreError
from .errors import EXIT_PROBLEMS, EXIT_USAGE, no_traceback
from .operator_support import echo_json, open_gateway

BAR_FROM = 5


def _send_one(gateway: Gateway, path: Path, partner: str) -> OutboundResult | str:
    """The result of sending one file, or the reason it was not sent (nothing written, no number used)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return f"cannot read it: {exc.strerror or exc}"
    try:
        return gateway.send(partner, parse_pending(data), source=f"cli:{path.name}")
    except OutboundRefused as exc:
        return str(exc)
    except StoreError as exc:
        return f"not recorded: {exc}"


def _show(path: Path, result: OutboundResult) -> str:
    groups = ",".join(result.group_control_numbers)
    return (
        f"{path}: sent as {result.path} (document {result.document_id}, ISA13 {result.interchange_control_number},"
        f" GS06 {groups}, {len(result.set_control_numbers)} set(s))"
    )


@click.command("send")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--partner", required=True, metavar="ID", help="The partner to send to (a profile in partners/).")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.pass_context
@no_traceback
def send_command(ctx: click.Context, files: tuple[Path, ...], partner: str, as_json: bool) -> None:
    """Send records to a partner: each FILE (one JSON record or an array of them) becomes one X12 interchange in
    outbox/<partner>/, with control numbers and a 997 expected.

    A file whose records do not validate, that the partner does not take or that would not be valid X12 is not
    sent (no control number is used); its problems are printed and the exit status is 1.

    \b
    Examples:
      edigate send shipment.json --partner acme-retail
      edigate translate orders.edi > records.json && edigate send records.json --partner acme-retail
      edigate --home /srv/edi send exports/*.json --partner acme-retail --json
    """
    results: list[tuple[Path, OutboundResult | str]] = []
    with open_gateway(ctx) as gateway:
        try:
            gateway.context.profile(partner)
        except UnknownPartner as exc:
            click.echo(f"edigate send: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        if len(files) > BAR_FROM:
            with click.progressbar(files, label="sending", file=sys.stderr) as bar:
                results = [(path, _send_one(gateway, path, partner)) for path in bar]
        else:
            results = [(path, _send_one(gateway, path, partner)) for path in files]
    _report(results, as_json)
    if any(isinstance(outcome, str) for _, outcome in results):
        sys.exit(EXIT_PROBLEMS)


def _report(results: list[tuple[Path, OutboundResult | str]], as_json: bool) -> None:
    if as_json:
        echo_json(
            [
                {"file": str(path), "sent": outcome}
                if not isinstance(outcome, str)
                else {"file": str(path), "error": outcome}
                for path, outcome in results
            ]
        )
        return
    for path, outcome in results:
        if isinstance(outcome, str):
            click.echo(f"edigate send: {path}: not sent: {outcome}", err=True)
        else:
            click.echo(_show(path, outcome))
