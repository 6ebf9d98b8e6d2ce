"""`edigate translate`, `edigate render` and `edigate schema`: documents to records and records to X12."""

from __future__ import annotations

import importlib
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError

from ..mapping import Translation, partner_maps_dir, render_x12, split_id, translate_x12
from ..records import RECORD_TYPES, BusinessRecord, json_schema, parse_record
from ..x12.delimiters import Delimiters
from .errors import EXIT_PROBLEMS, EXIT_USAGE, no_traceback, read_input
from .x12_commands import format_issue


def _partner_folder(partner: str | None) -> Path | None:
    """A partner's own maps (maps/x12/partners/<ID>/), or None to use the shipped maps alone."""
    if partner is None:
        return None
    folder = partner_maps_dir(partner)
    return folder if folder.is_dir() else None


def _format_translator(data: bytes) -> Any:
    """X12 when the file starts with ISA, XML when with '<', else CSV; CSV/XML modules are imported lazily."""
    text = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"ISA"):
        return None
    module = "edigate.mapping.xml" if text.startswith(b"<") else "edigate.mapping.csv"
    try:
        return importlib.import_module(module).translate
    except (ImportError, AttributeError):
        click.echo(f"edigate: {module} is not available in this installation; cannot read this file", err=True)
        sys.exit(EXIT_USAGE)


def _translate(data: bytes, partner: str | None) -> Translation:
    translator = _format_translator(data)
    if translator is None:
        return translate_x12(data, partner_maps=_partner_folder(partner), partner=partner)
    return translator(data)


@click.command("translate")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--partner", help="Partner id: use its map variants (maps/x12/partners/ID/) and name it in sources.")
@no_traceback
def translate_command(file: str, partner: str | None) -> None:
    """Print the records of FILE (X12, CSV or XML, detected from its first bytes) as one JSON array.

    Exit status: 0 when every document became a record, 1 when some could not be mapped (the problems are
    listed on stderr; the records that could be mapped are still printed), 2 usage error or unreadable file.

    \b
    Examples:
      edigate translate inbox/acme/po-1001.edi
      edigate translate po.edi --partner acme | jq '.[0].lines[].item'
      edigate translate order.xml
    """
    result = _translate(read_input(file), partner)
    records = [record.model_dump(mode="json") for record in result.records]
    click.echo(json.dumps(records, indent=2, ensure_ascii=False))
    for issue in result.issues:
        click.echo(format_issue(file, issue), err=True)
    if not result.ok:
        sys.exit(EXIT_PROBLEMS)


def _load_records(path: str) -> list[BusinessRecord]:
    """Records from a JSON file: one record object or an array of them (what `translate` prints)."""
    try:
        data = json.loads(read_input(path), parse_float=Decimal)
        items = data if isinstance(data, list) else [data]
        return [parse_record(item) for item in items]
    except (ValueError, ValidationError) as exc:
        click.echo(f"edigate: {path} does not hold records: {exc}", err=True)
        sys.exit(EXIT_PROBLEMS)


@click.command("render")
@click.argument("records_file", metavar="RECORDS.json", type=click.Path(dir_okay=False))
@click.option("--version", "version", default="004010", show_default=True, help="X12 version (GS08).")
@click.option("--sender", default="ZZ:EDIGATE", show_default=True, help="Our interchange id, QUALIFIER:ID.")
@click.option("--receiver", default="ZZ:PARTNER", show_default=True, help="The partner's id, QUALIFIER:ID.")
@click.option("--partner", help="Partner id: use its map variants (profiles' envelope settings come later).")
@click.option("--control-number", default=1, show_default=True, type=int, help="ISA13 (and GS06, ST02 from it).")
@click.option("--delimiters", default="*:^~", show_default=True, help="Element, component, repetition, segment.")
@no_traceback
def render_command(
    records_file: str,
    version: str,
    sender: str,
    receiver: str,
    partner: str | None,
    control_number: int,
    delimiters: str,
) -> None:
    """Print the X12 interchange for the records in RECORDS.json (one record or a JSON array of them).

    \b
    Examples:
      edigate render invoice.json --version 004010 --sender ZZ:ACME --receiver 01:123456789
      edigate translate po.edi > po.json && edigate render po.json --version 005010
    """
    try:
        ids = split_id(sender), split_id(receiver)
        chosen = Delimiters(delimiters[0], delimiters[1], delimiters[2], delimiters[3])
    except (ValueError, IndexError) as exc:
        raise click.BadParameter(str(exc)) from None
    records = _load_records(records_file)
    try:
        text = render_x12(
            records,
            version=version,
            sender=ids[0],
            receiver=ids[1],
            delimiters=chosen,
            interchange_control_number=control_number,
            group_control_number=control_number,
            partner_maps=_partner_folder(partner),
        )
    except ValueError as exc:
        click.echo(f"edigate: cannot render {records_file}: {exc}", err=True)
        sys.exit(EXIT_PROBLEMS)
    click.echo(text, nl=False)


@click.command("schema")
@click.argument("name", required=False)
@no_traceback
def schema_command(name: str | None) -> None:
    """List the record types, or print the JSON Schema of record type NAME (the contract for an ERP team).

    \b
    Examples:
      edigate schema
      edigate schema purchase_order > purchase_order.schema.json
    """
    if name is None:
        for type_name, model in RECORD_TYPES.items():
            summary = (model.__doc__ or "").strip().splitlines()[0]
            click.echo(f"{type_name:18} {summary}")
        return
    if name not in RECORD_TYPES:
        click.echo(f"edigate: unknown record type {name!r}; known: {', '.join(RECORD_TYPES)}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(json.dumps(json_schema(name), indent=2))


def register(main: click.Group) -> None:
    """Add translate, render and schema to the `edigate` command group."""
    for command in (translate_command, render_command, schema_command):
        main.add_command(command)
