"""`edigate translate`, `edigate render` and `edigate schema`: documents to records and records to X12."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

import click
from click.core import ParameterSource
from pydantic import ValidationError

from ..config import ConfigError
from ..mapping import map_folders, partner_maps_dir, render_x12, split_id, translate_document
from ..partners import Profile, load_profiles
from ..records import RECORD_TYPES, BusinessRecord, json_schema, parse_record
from ..x12.delimiters import Delimiters
from .errors import EXIT_PROBLEMS, EXIT_USAGE, no_traceback, read_input
from .partner_commands import current_config
from .x12_commands import format_issue


def _partner_folder(partner: str | None) -> Path | None:
    """A partner's own maps (maps/x12/partners/<ID>/), or None to use the shipped maps alone."""
    if partner is None:
        return None
    folder = partner_maps_dir(partner)
    return folder if folder.is_dir() else None


def _partner_profile(ctx: click.Context, partner: str | None) -> tuple[Profile | None, Path | None]:
    """The partner's profile from the working folder (--home) and that folder's maps/, for translate_document.

    A partner with no profile but shipped map variants (maps/x12/partners/ID/) is read with those and a note;
    an unknown partner, or a profile that does not load, is a usage error: guessing would hide a typo.
    """
    if partner is None:
        return None, None
    try:
        config = current_config(ctx)
    except ConfigError as exc:
        _usage_error(exc.problems)
    partners = load_profiles(config.partners_dir)
    profile = partners.by_id(partner)
    if profile is not None:
        return profile, config.maps_dir
    problems = [str(p) for p in partners.problems if p.file.stem == partner]
    if problems:
        _usage_error(problems)
    if _partner_folder(partner) is None:
        _usage_error([f"no partner {partner!r} in {config.partners_dir} (and no shipped maps for it)"])
    click.echo(f"edigate: no profile for {partner!r} in {config.partners_dir}; using its shipped maps", err=True)
    return Profile(id=partner), config.maps_dir


def _usage_error(lines: list[str]) -> NoReturn:
    for line in lines:
        click.echo(f"edigate: {line}", err=True)
    sys.exit(EXIT_USAGE)


@click.command("translate")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--partner", help="Partner id: read the file as its profile says (maps, CSV layout, XML map).")
@click.pass_context
@no_traceback
def translate_command(ctx: click.Context, file: str, partner: str | None) -> None:
    """Print the records of FILE (X12, CSV or XML, detected from its first bytes) as one JSON array.

    Exit status: 0 when every document became a record, 1 when some could not be mapped (the problems are
    listed on stderr; the records that could be mapped are still printed), 2 usage error or unreadable file.

    \b
    Examples:
      edigate translate inbox/acme/po-1001.edi
      edigate translate po.edi --partner acme | jq '.[0].lines[].item'
      edigate translate order.xml
    """
    profile, maps_dir = _partner_profile(ctx, partner)
    result = translate_document(read_input(file), profile=profile, file=file, maps_dir=maps_dir)
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


def _render_options(ctx: click.Context, partner: str | None, **given: str) -> dict[str, Any]:
    """render_x12's envelope: the partner profile's (version, our and their ids, delimiters, usage, GS codes)
    when --partner names one, else the options; an option typed on the command line wins either way."""
    profile, maps_dir = _partner_profile(ctx, partner)
    options: dict[str, Any] = {"partner_maps": map_folders(maps_dir, partner)}
    if profile is not None:  # the X12 maps its [[send]] specs name, as translate reads its [[receive]] ones
        named = {spec.set: spec.map for spec in profile.send if spec.format == "x12" and spec.set and spec.map}
        options["named_maps"] = named
    if profile is not None and profile.x12 is not None:
        x12, ours = profile.x12, profile.our_party(current_config(ctx).identity)
        options |= {
            "version": x12.version,
            "sender": (ours.qualifier, ours.id),
            "receiver": (x12.theirs.qualifier, x12.theirs.id),
            "delimiters": x12.outbound_delimiters,
            "usage": x12.isa15,
            "gs_codes": (ours.gs_code, x12.theirs.gs_code),
        }
    typed = {name for name in given if ctx.get_parameter_source(name) is ParameterSource.COMMANDLINE}
    try:
        for name in ("sender", "receiver"):
            if name in typed or name not in options:
                options[name] = split_id(given[name])
        if "delimiters" in typed or "delimiters" not in options:
            text = given["delimiters"]
            options["delimiters"] = Delimiters(text[0], text[1], text[2], text[3])
    except (ValueError, IndexError) as exc:
        raise click.BadParameter(str(exc)) from None
    if "version" in typed or "version" not in options:
        options["version"] = given["version"]
    return options


@click.command("render")
@click.argument("records_file", metavar="RECORDS.json", type=click.Path(dir_okay=False))
@click.option("--version", "version", default="004010", show_default=True, help="X12 version (GS08).")
@click.option("--sender", default="ZZ:EDIGATE", show_default=True, help="Our interchange id, QUALIFIER:ID.")
@click.option("--receiver", default="ZZ:PARTNER", show_default=True, help="The partner's id, QUALIFIER:ID.")
@click.option("--partner", help="Partner id: its profile's envelope (version, ids, delimiters) and map variants.")
@click.option("--control-number", default=1, show_default=True, type=int, help="ISA13 (and GS06, ST02 from it).")
@click.option("--delimiters", default="*:^~", show_default=True, help="Element, component, repetition, segment.")
@click.pass_context
@no_traceback
def render_command(
    ctx: click.Context,
    records_file: str,
    version: str,
    sender: str,
    receiver: str,
    partner: str | None,
    control_number: int,
    delimiters: str,
) -> None:
    """Print the X12 interchange for the records in RECORDS.json (one record or a JSON array of them).

    With --partner the envelope is the partner profile's (from --home): its X12 version, our id and theirs,
    its delimiters and usage, and the maps its [[send]] specs name (map = "850.acme"); options typed on the
    command line still win.

    \b
    Examples:
      edigate render invoice.json --partner acme-retail --control-number 17
      edigate render invoice.json --version 004010 --sender ZZ:ACME --receiver 01:123456789
      edigate translate po.edi > po.json && edigate render po.json --version 005010
    """
    options = _render_options(ctx, partner, version=version, sender=sender, receiver=receiver, delimiters=delimiters)
    records = _load_records(records_file)
    try:
        text = render_x12(
            records, interchange_control_number=control_number, group_control_number=control_number, **options
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
