"""`edigate messages list|show|search`: find documents the way operators ask (partner, set, state, date,
control number, PO/BOL/PRO/invoice/shipment number) and see everything known about one."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

import click

from ..store import BusinessKeyKind, DocumentInfo, DocumentNotFound, DocumentQuery, DocumentState, Store
from .errors import EXIT_PROBLEMS, no_traceback
from .messages_detail import envelopes, kept_files, set_ids_of
from .operator_support import echo_json, echo_table, fail, one_line, open_store, plain, when

DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M")
STATES = [s.value for s in DocumentState]
KINDS = [k.value for k in BusinessKeyKind]


def _moment(text: str | None, option: str, *, end_of_day: bool = False) -> datetime | None:
    """A date or date-time given on the command line, in UTC; a date alone with `end_of_day` covers that day."""
    if text is None:
        return None
    for fmt in DATE_FORMATS:
        try:
            moment = datetime.strptime(text, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
        return moment + timedelta(days=1) if end_of_day and fmt == "%Y-%m-%d" else moment
    raise click.BadParameter(
        f"{text!r} is not a date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM:SS)", param_hint=option
    )


def _rows(store: Store, documents: list[DocumentInfo]) -> list[tuple[object, ...]]:
    sets = set_ids_of(store, [d.id for d in documents])
    return [
        (
            d.id,
            d.direction,
            d.partner,
            ",".join(sets.get(d.id, [])) or "-",
            d.state,
            when(d.received_at),
            one_line(d.file_name, 32),
            d.error or "",
        )
        for d in documents
    ]


def _print_documents(store: Store, documents: list[DocumentInfo], as_json: bool) -> None:
    if as_json:
        sets = set_ids_of(store, [d.id for d in documents])
        echo_json([{**plain(d), "sets": sets.get(d.id, [])} for d in documents])
        return
    if not documents:
        click.echo("no documents match")
        return
    echo_table(["ID", "DIR", "PARTNER", "SETS", "STATE", "RECEIVED (UTC)", "FILE", "ERROR"], _rows(store, documents))


@click.group("messages")
def messages_group() -> None:
    """Find documents and look at one: list with filters, show one, search by business or control number.

    \b
    Examples:
      edigate messages list --partner acme-retail --state rejected
      edigate messages show 42
      edigate messages search 4500012345 --kind po
    """


@messages_group.command("list")
@click.option("--partner", metavar="ID", help="Only this partner's documents.")
@click.option("--set", "set_id", metavar="SET", help="Only documents carrying this transaction set (850, 856...).")
@click.option("--state", type=click.Choice(STATES), help="Only documents in this state.")
@click.option("--since", metavar="DATE", help="Received at or after (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, UTC).")
@click.option("--until", metavar="DATE", help="Received before (a date alone includes that whole day).")
@click.option("--direction", type=click.Choice(["in", "out"]), help="Inbound (from partners) or outbound.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True, help="At most this many.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
@no_traceback
def list_command(ctx: click.Context, **options: Any) -> None:
    """List documents, newest first, filtered by partner, set, state, date and direction.

    \b
    Examples:
      edigate messages list
      edigate messages list --partner acme-retail --set 850 --state rejected --since 2026-11-01
      edigate messages list --direction out --until 2026-11-30 --limit 200 --json
    """
    query = DocumentQuery(
        partner=options["partner"],
        state=options["state"],
        direction=options["direction"],
        set_id=options["set_id"],
        received_from=_moment(options["since"], "--since"),
        received_before=_moment(options["until"], "--until", end_of_day=True),
        limit=options["limit"],
    )
    with open_store(ctx) as store:
        _print_documents(store, store.search(query), options["as_json"])


@messages_group.command("search")
@click.argument("text")
@click.option("--kind", type=click.Choice(KINDS), help="Only this kind of business number (no control numbers).")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True, help="At most this many.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
@no_traceback
def search_command(ctx: click.Context, text: str, kind: str | None, limit: int, as_json: bool) -> None:
    """Find documents by a business number (PO, BOL, PRO, invoice, shipment) or a control number (ISA13, GS06,
    ST02; leading zeros ignored).

    \b
    Examples:
      edigate messages search 4500012345
      edigate messages search BOL778899 --kind bol
      edigate messages search 1001 --json
    """
    text = text.strip()
    if not text:
        fail("nothing to search for: give a business or control number")
    with open_store(ctx) as store:
        found = {d.id: d for d in store.search(business_key=text, key_kind=kind, limit=limit)}
        if kind is None and text.isascii() and text.isdigit():
            found.update({d.id: d for d in store.search(control_number=text, limit=limit)})
        documents = sorted(found.values(), key=lambda d: d.id, reverse=True)[:limit]
        _print_documents(store, documents, as_json)


@messages_group.command("show")
@click.argument("document_id", type=click.IntRange(1, 2**63 - 1))
@click.option("--raw", is_flag=True, help="Print the document's kept bytes (as received or sent) instead.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
@no_traceback
def show_command(ctx: click.Context, document_id: int, raw: bool, as_json: bool) -> None:
    """Show one document: its row, envelopes and control numbers, business keys, deliveries (attempts, last
    response), its error and where its bytes are kept (spool, or quarantine when rejected).

    \b
    Examples:
      edigate messages show 42
      edigate messages show 42 --json
      edigate messages show 42 --raw > copy.edi
    """
    with open_store(ctx) as store:
        try:
            document = store.document(document_id)
        except DocumentNotFound:
            fail(f"no document {document_id}", EXIT_PROBLEMS)
        if raw:
            _print_raw(document)
            return
        detail = {
            **plain(document),
            "kept": kept_files(document.spool_path),
            "envelopes": envelopes(store, document_id),
            "deliveries": plain(store.deliveries_for(document_id)),
        }
    if as_json:
        echo_json(detail)
    else:
        _print_detail(detail)


def _print_raw(document: DocumentInfo) -> None:
    try:
        with open(document.spool_path, "rb") as kept:
            data = kept.read()
    except OSError as exc:
        fail(f"document {document.id}: its kept bytes cannot be read ({document.spool_path}): {exc.strerror}", 1)
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    except BrokenPipeError:  # `| head`: the reader has what it wanted
        sys.stderr.close()
        os._exit(0)


def _print_detail(detail: dict[str, Any]) -> None:
    fields = ("partner", "direction", "format", "state", "file_name", "size_bytes", "sha256", "received_at")
    click.echo(f"document {detail['id']}")
    for name in (*fields, "updated_at", "duplicate_of", "claimed_by"):
        if detail.get(name) is not None:
            click.echo(f"  {name:<12} {detail[name]}")
    kept = detail["kept"]
    where = "quarantine" if kept["quarantined"] else "spool"
    click.echo(f"  {where:<12} {kept['path']}{'' if kept['exists'] else '  (missing)'}")
    if kept["reason_file"]:
        click.echo(f"  {'reason file':<12} {kept['reason_file']}")
    if detail["error"]:
        click.echo(f"  {'error':<12} {detail['error']}")
    _print_envelopes(detail["envelopes"])
    _print_deliveries(detail["deliveries"])


def _print_envelopes(interchanges: list[dict[str, Any]]) -> None:
    if not interchanges:
        click.echo("\nno envelopes recorded (not parsed yet, or refused before parsing)")
        return
    click.echo("\nenvelopes:")
    for isa in interchanges:
        click.echo(
            f"  ISA13 {isa['control_number']}  {isa['sender']} -> {isa['receiver']}  usage {isa['usage'] or '-'}"
        )
        for gs in isa["groups"]:
            click.echo(f"    GS06 {gs['control_number']}  {gs['functional_id']}  {gs['version'] or ''}")
            for st in gs["sets"]:
                keys = ", ".join(f"{k['kind']} {k['value']}" for k in st["keys"]) or "no business keys"
                click.echo(f"      ST {st['set_id']} {st['control_number']}  {one_line(keys, 80)}")


def _print_deliveries(deliveries: list[dict[str, Any]]) -> None:
    if not deliveries:
        click.echo("\nno deliveries")
        return
    click.echo("\ndeliveries:")
    rows = [
        (
            d["id"],
            one_line(d["connector"], 24),
            one_line(d["record_id"], 28),
            d["state"],
            d["attempts"],
            when(datetime.fromisoformat(d["next_attempt_at"])) if d["next_attempt_at"] else "-",
            f"{d['last_status'] or ''} {d['last_response'] or ''}".strip(),
        )
        for d in deliveries
    ]
    echo_table(["ID", "CONNECTOR", "RECORD", "STATE", "TRIES", "NEXT", "LAST RESPONSE"], rows)
