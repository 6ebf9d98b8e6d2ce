"""`edigate init`: a working folder ready for `edigate run` (config, example partners, folders, database, key)."""

from __future__ import annotations

from pathlib import Path

import click
from pydantic import ValidationError

from ..config import CONFIG_FILE, ConfigError, Identity
from ..config.init_home import DEFAULT_IDENTITY, InitReport, initialise
from ..store import StoreError
from .errors import EXIT_USAGE, no_traceback
from .operator_support import fail


def _identity(qualifier: str | None, our_id: str | None, application_code: str | None) -> Identity:
    """Our ISA identity from the options (defaults: the examples' receiver), or exit 2 with what is wrong."""
    our = our_id or DEFAULT_IDENTITY.id
    values = {
        "qualifier": (qualifier or DEFAULT_IDENTITY.qualifier).upper(),
        "id": our,
        "application_code": application_code or (our if our_id else DEFAULT_IDENTITY.application_code),
    }
    try:
        return Identity(**values)
    except ValidationError as exc:
        problems = [f"--{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        fail("; ".join(problems).replace("--application_code", "--application-code"), EXIT_USAGE)
        raise


def _next_steps(report: InitReport, home_given: bool) -> list[str]:
    home = report.home
    prefix = f"edigate --home {home} " if home_given or home != Path.cwd() else "edigate "
    drop = f"{home}/inbox/{report.partners[0]}/" if report.partners else f"{home}/inbox/<partner>/"
    steps = [
        "",
        "next steps:",
        f"  {prefix}run                      # start the gateway (Ctrl-C stops it)",
        f"  drop an X12 file into {drop}; its records appear in {home}/erp/, the 997 in outbox/<partner>/",
        f"  {prefix}status                   # queues, errors, overdue acks",
    ]
    if not report.partners:
        steps.insert(2, f"  {prefix}partner add ID --qualifier QQ --isa-id THEIRID   # your first partner")
    return steps


@click.command("init")
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@click.option("--qualifier", metavar="QQ", help="Our ISA05/07 qualifier (default ZZ).")
@click.option("--id", "our_id", metavar="OURID", help="Our ISA06/08 id (default EDIGATEDEMO, the examples').")
@click.option("--application-code", metavar="CODE", help="Our GS02/03 application code (default: the id).")
@click.option("--examples/--no-examples", default=True, help="Copy the example partners (default) or none.")
@click.pass_context
@no_traceback
def init_command(
    ctx: click.Context,
    folder: Path | None,
    qualifier: str | None,
    our_id: str | None,
    application_code: str | None,
    examples: bool,
) -> None:
    """Create a working folder: edigate.toml (our identity), partners/, inbox/ and outbox/ per partner, the
    database (migrated to the newest schema) and the secret key (mode 0600).

    FOLDER defaults to --home (or $EDIGATE_HOME, or here). Running it again keeps every existing file (says
    "already initialised" for each) and only adds what is missing and migrates the database.

    \b
    Examples:
      edigate init /srv/edi --qualifier ZZ --id ACMEGATEWAY
      edigate --home /srv/edi init --no-examples
      edigate init            # the current folder, with the example partners
    """
    identity = _identity(qualifier, our_id, application_code)
    target = folder.expanduser().absolute() if folder is not None else ctx.obj["home"]
    if target.exists() and not target.is_dir():
        fail(f"{target} exists and is not a folder")
    try:
        report = initialise(target, identity, examples=examples)
    except ConfigError as exc:
        fail(f"bad configuration: {exc}")
    except StoreError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot initialise {target}: {exc.strerror or exc} ({exc.filename or target})")
    click.echo(f"working folder {report.home}")
    for line in report.lines():
        click.echo(f"  {line}")
    if (qualifier or our_id or application_code) and report.home / CONFIG_FILE in report.kept:
        click.echo(f"  note: {CONFIG_FILE} was kept, so the identity options were not applied; edit its [identity]")
    if report.partners:
        click.echo(f"  partners: {', '.join(report.partners)}")
    for line in _next_steps(report, folder is not None):
        click.echo(line)
