"""`edigate partner ...` and `edigate secret ...`: thin commands over edigate.partners and edigate.config.

Library errors (ProfileError, ConfigError, SecretError) become one line per problem on stderr and exit 1 here,
at the boundary; the library never prints. The working folder comes from the root command's context object
(`ctx.obj["home"]` or `ctx.obj.home`) when the lead's `--home` sets it, else from EDIGATE_HOME or the cwd.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from ..config import Config, ConfigError, load_config, resolve_home
from ..partners import (
    CheckResult,
    NewPartner,
    Partners,
    ProfileError,
    ProfileProblem,
    SecretError,
    SecretStore,
    check_partners,
    create_profile,
    edit_profile,
    load_key,
    load_profile,
    load_profiles,
    split_assignment,
)
from ..partners.channels import SECRET_NAME
from ..partners.describe import describe, summary_line
from ..partners.profile import PARTNER_ID
from .errors import EXIT_PROBLEMS, EXIT_USAGE

F = TypeVar("F", bound=Callable[..., Any])


def _fail(lines: list[str], code: int = EXIT_PROBLEMS) -> NoReturn:
    for line in lines:
        click.echo(f"edigate: {line}", err=True)
    sys.exit(code)


def boundary(func: F) -> F:
    """Library errors become lines and exit 1; a fault of the program one line and exit 2; never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ProfileError as exc:
            _fail([str(p) for p in exc.problems])
        except ConfigError as exc:
            _fail(exc.problems, EXIT_USAGE)
        except (SecretError, OSError) as exc:
            _fail([str(exc)])
        except (click.exceptions.Abort, click.exceptions.Exit, click.ClickException):
            raise  # click's own: a declined confirmation, a usage error
        except Exception as exc:  # the program's own fault: still one line
            _fail([f"internal error: {type(exc).__name__}: {exc}"], EXIT_USAGE)

    return wrapper  # type: ignore[return-value]


def _home_option(ctx: click.Context) -> str | None:
    obj = ctx.find_root().obj
    if isinstance(obj, dict):
        return obj.get("home")
    return getattr(obj, "home", None)


def current_config(ctx: click.Context) -> Config:
    """The configuration of the working folder this command runs in."""
    return load_config(resolve_home(_home_option(ctx)))


def _profile_path(config: Config, partner: str) -> Path:
    """The profile file of an existing partner; an id like '../edigate' never reaches outside partners/."""
    if not re.fullmatch(PARTNER_ID, partner):
        _fail([f"{partner!r} is not a partner id (lowercase letters, digits, - and _)"], EXIT_USAGE)
    path = config.partners_dir / f"{partner}.toml"
    if not path.is_file():
        raise ProfileError([ProfileProblem(path, "", f"no partner {partner!r}")])
    return path


def map_roots(config: Config) -> list[Path]:
    """The working folder's maps first (local variants), then the maps shipped with edigate."""
    from ..mapping import shipped_maps_dir

    return [config.maps_dir, shipped_maps_dir().parent]


@click.group("partner")
def partner_group() -> None:
    """Trading-partner profiles: partners/<id>.toml in the working folder.

    \b
    Examples:
      edigate partner add acme --qualifier ZZ --isa-id ACMERETAIL
      edigate partner list
      edigate partner edit acme --set x12.usage=production
      edigate partner validate
    """


def _sets(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _interactive() -> NewPartner:
    partner_id = click.prompt("Partner id (lowercase, e.g. acme-retail)")
    return NewPartner(
        id=partner_id,
        name=click.prompt("Name", default=partner_id),
        qualifier=click.prompt("Their ISA qualifier (ISA05, e.g. ZZ, 01, 08)"),
        isa_id=click.prompt("Their ISA id (ISA06)"),
        version=click.prompt("X12 version", default="004010"),
        receive=_sets(click.prompt("Sets they send us (comma separated)", default="850")),
        send=_sets(click.prompt("Sets we send them (comma separated)", default="856,810")),
    )


@partner_group.command("add")
@click.argument("partner_id", required=False)
@click.option("--qualifier", help="Their ISA qualifier (ISA05), e.g. ZZ.")
@click.option("--isa-id", help="Their ISA id (ISA06).")
@click.option("--version", "x12_version", default="004010", show_default=True, help="X12 version (GS08).")
@click.option("--name", default="", help="A readable name.")
@click.option("--app-code", default=None, help="Their GS application code (default: the ISA id).")
@click.option("--receive", multiple=True, help="A set they send us (repeatable; default 850).")
@click.option("--send", multiple=True, help="A set we send them (repeatable; default 856 and 810).")
@click.pass_context
@boundary
def add_command(
    ctx: click.Context,
    partner_id: str | None,
    qualifier: str | None,
    isa_id: str | None,
    x12_version: str,
    name: str,
    app_code: str | None,
    receive: tuple[str, ...],
    send: tuple[str, ...],
) -> None:
    """Add a partner: a working profile (default maps, 997 per group) and its inbox/outbox folders.

    With no PARTNER_ID, asks for each value.

    \b
    Examples:
      edigate partner add acme --qualifier ZZ --isa-id ACMERETAIL
      edigate partner add bigbox --qualifier 01 --isa-id 123456789 --version 005010 --receive 850 --send 856
      edigate partner add            # interactive
    """
    config = current_config(ctx)
    if partner_id is None:
        new = _interactive()
    elif not qualifier or not isa_id:
        _fail(["partner add needs --qualifier and --isa-id (or no arguments, to be asked)"], EXIT_USAGE)
    else:
        sets = {"receive": receive, "send": send}
        new = NewPartner(
            partner_id, qualifier, isa_id, x12_version, name, app_code, **{k: v for k, v in sets.items() if v}
        )
    path, profile = create_profile(config.partners_dir, new)
    click.echo(f"created {path}")
    for folder in (profile.inbox(config.inbox_dir, config.home), profile.outbox(config.outbox_dir, config.home)):
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            click.echo(f"created {folder}{os.sep}")
    single = Partners()
    single.add(path, profile)
    for problem in check_partners(single, map_roots(config)).errors:  # e.g. no shipped map for this version
        click.echo(f"warning: {problem}", err=True)


@partner_group.command("list")
@click.pass_context
@boundary
def list_command(ctx: click.Context) -> None:
    """List the partners: id, ISA sender, version, what they send and receive.

    \b
    Examples:
      edigate partner list
      edigate --home /srv/edigate partner list
    """
    config = current_config(ctx)
    partners = load_profiles(config.partners_dir)
    for profile in partners:
        click.echo(summary_line(profile))
    if not len(partners) and not partners.problems:
        click.echo(f"no partners in {config.partners_dir}")
    if partners.problems:
        click.echo(f"edigate: {len(partners.problems)} problem(s): run `edigate partner validate`", err=True)


@partner_group.command("show")
@click.argument("partner_id")
@click.pass_context
@boundary
def show_command(ctx: click.Context, partner_id: str) -> None:
    """Show one partner's effective settings. Secrets are shown as set or not set, never their value.

    \b
    Examples:
      edigate partner show acme-retail
    """
    config = current_config(ctx)
    profile = load_profile(_profile_path(config, partner_id))
    stored = set(SecretStore(config.secrets_file).names(partner_id))
    folders = (profile.inbox(config.inbox_dir, config.home), profile.outbox(config.outbox_dir, config.home))
    click.echo("\n".join(describe(profile, config.identity, folders, stored)))


@partner_group.command("edit")
@click.argument("partner_id")
@click.option("--set", "assignments", multiple=True, metavar="KEY=VALUE", help="Set a field (repeatable).")
@click.option("--unset", multiple=True, metavar="KEY", help="Remove a field (repeatable).")
@click.pass_context
@boundary
def edit_command(ctx: click.Context, partner_id: str, assignments: tuple[str, ...], unset: tuple[str, ...]) -> None:
    """Change fields of a profile; comments and layout are kept, and an invalid result is not written.

    KEY is dotted (x12.theirs.id, receive.0.map); VALUE is TOML when it parses (true, 4, ["a"]), else text.

    \b
    Examples:
      edigate partner edit acme --set x12.usage=production
      edigate partner edit acme --set ack.level=detail --set 'validation.tolerate=["byte-order-mark"]'
      edigate partner edit acme --unset x12.ours
    """
    config = current_config(ctx)
    if not assignments and not unset:
        _fail(["nothing to change: give --set KEY=VALUE or --unset KEY"], EXIT_USAGE)
    try:
        pairs = [split_assignment(text) for text in assignments]
    except ValueError as exc:
        _fail([str(exc)], EXIT_USAGE)
    path = _profile_path(config, partner_id)
    edit_profile(path, pairs, unset)
    click.echo(f"updated {path}")


@partner_group.command("remove")
@click.argument("partner_id")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
@boundary
def remove_command(ctx: click.Context, partner_id: str, yes: bool) -> None:
    """Remove a partner's profile and secrets. Its inbox/outbox folders are kept: they may hold documents.

    \b
    Examples:
      edigate partner remove acme --yes
    """
    config = current_config(ctx)
    path = _profile_path(config, partner_id)
    if not yes:
        click.confirm(f"Remove partner {partner_id} ({path})?", abort=True)
    path.unlink()
    SecretStore(config.secrets_file).remove(partner_id)
    click.echo(f"removed {path} and its secrets; folders kept")


def _print_check(result: CheckResult) -> None:
    for problem in result.errors:
        click.echo(f"error: {problem}", err=True)
    for problem in result.warnings:
        click.echo(f"warning: {problem}", err=True)


@partner_group.command("validate")
@click.pass_context
@boundary
def validate_command(ctx: click.Context) -> None:
    """Check every profile and the maps they name; exit 1 with the reasons when any is wrong.

    Warnings (an unset secret, a 999 asked of a 004010 partner) do not fail the check.

    \b
    Examples:
      edigate partner validate
      EDIGATE_HOME=/srv/edigate edigate partner validate
    """
    config = current_config(ctx)
    partners = load_profiles(config.partners_dir)
    secrets = SecretStore(config.secrets_file)
    result = check_partners(partners, map_roots(config), {p.id: set(secrets.names(p.id)) for p in partners})
    _print_check(result)
    if result.errors:
        _fail([f"{len(result.errors)} error(s) in {config.partners_dir}"])
    click.echo(f"{len(partners)} partner(s) OK")


@click.group("secret")
def secret_group() -> None:
    """Partner secrets (API tokens, passwords), encrypted at rest; values are never printed.

    \b
    Examples:
      edigate secret set acme-retail erp-token
      edigate secret set acme-retail erp-token --from-env ERP_TOKEN
      edigate secret list acme-retail
    """


@secret_group.command("set")
@click.argument("partner_id")
@click.argument("name")
@click.option("--from-env", "from_env", metavar="VAR", help="Take the value from this environment variable.")
@click.pass_context
@boundary
def secret_set_command(ctx: click.Context, partner_id: str, name: str, from_env: str | None) -> None:
    """Store a secret for a partner, encrypted; asks for the value with hidden input unless --from-env.

    The key is EDIGATE_SECRET_KEY, else the key file from edigate.toml (created with mode 0600 on first use).

    \b
    Examples:
      edigate secret set acme-retail erp-token
      ERP_TOKEN=... edigate secret set acme-retail erp-token --from-env ERP_TOKEN
    """
    config = current_config(ctx)
    _profile_path(config, partner_id)
    if not re.fullmatch(SECRET_NAME, name):
        _fail([f"{name!r} is not a secret name (lowercase letters, digits, . _ -)"], EXIT_USAGE)
    if from_env is not None:
        value = os.environ.get(from_env)
        if not value:
            _fail([f"environment variable {from_env} is not set or empty"], EXIT_USAGE)
    else:
        value = click.prompt(f"Value of {name}", hide_input=True, confirmation_prompt=True)
    existed = config.secret_key_file.exists()
    key = load_key(config.secret_key_file, create=True)
    if not existed and config.secret_key_file.exists():
        click.echo(f"created secret key {config.secret_key_file} (mode 0600): keep it out of the repository")
    SecretStore(config.secrets_file, key).set(partner_id, name, value)
    click.echo(f"secret {name} of {partner_id} set")


@secret_group.command("list")
@click.argument("partner_id")
@click.pass_context
@boundary
def secret_list_command(ctx: click.Context, partner_id: str) -> None:
    """The names of a partner's secrets, and those its profile needs but are not set. Never values.

    \b
    Examples:
      edigate secret list acme-retail
    """
    config = current_config(ctx)
    profile = load_profile(_profile_path(config, partner_id))
    stored = set(SecretStore(config.secrets_file).names(partner_id))
    for name in sorted(stored | profile.secret_names()):
        click.echo(f"{name}: {'set' if name in stored else 'NOT SET'}")


@secret_group.command("remove")
@click.argument("partner_id")
@click.argument("name")
@click.pass_context
@boundary
def secret_remove_command(ctx: click.Context, partner_id: str, name: str) -> None:
    """Forget one secret of a partner.

    \b
    Examples:
      edigate secret remove acme-retail erp-token
    """
    config = current_config(ctx)
    if not SecretStore(config.secrets_file).remove(partner_id, name):
        _fail([f"partner {partner_id!r} has no secret {name!r}"])
    click.echo(f"secret {name} of {partner_id} removed")


def register(main: click.Group) -> None:
    """Add `partner` and `secret` to the root command."""
    from .partner_remote_commands import register_remote  # it imports this module: registered here, not above

    register_remote(partner_group)
    from .partner_sftp_commands import register_sftp  # imports this module too

    register_sftp(partner_group)
    main.add_command(partner_group)
    main.add_command(secret_group)
