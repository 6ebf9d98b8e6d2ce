"""`edigate partner test|trust-host|poll|push`: reaching a partner's own SFTP server, by hand.

Thin commands over edigate.transports.sftp_client; a transfer problem is a line on stderr and exit 1.
"""

from __future__ import annotations

import sys

import click

from ..config import Config
from ..partners import Profile, SecretError, SecretStore, SftpChannel, edit_profile, load_profile, open_secret_store
from ..transports.sftp_client import Busy, RunResult, SftpError, poll, probe, push_pending, server_host_key
from .errors import EXIT_PROBLEMS
from .partner_commands import _fail, _profile_path, boundary, current_config

LOCK_WAIT_SECONDS = 30.0
"""How long a command waits for the daemon's transfer of the same partner to finish."""


def _sftp_channels(profile: Profile) -> list[tuple[str, SftpChannel]]:
    found = [(side, getattr(profile, side)) for side in ("inbound", "outbound")]
    channels = [(side, channel) for side, channel in found if isinstance(channel, SftpChannel)]
    if not channels:
        _fail([f'partner {profile.id} has no sftp channel (inbound or outbound kind = "sftp")'])
    return channels


def _load(ctx: click.Context, partner_id: str) -> tuple[Config, Profile]:
    config = current_config(ctx)
    return config, load_profile(_profile_path(config, partner_id))


def _secrets(config: Config) -> SecretStore | None:
    try:
        return open_secret_store(config)
    except SecretError as exc:  # reported again by the step that needs a secret
        click.echo(f"warning: {exc}", err=True)
        return None


@click.command("test")
@click.argument("partner_id")
@click.pass_context
@boundary
def test_command(ctx: click.Context, partner_id: str) -> None:
    """Try the partner's SFTP server: connect, host key, login, list the remote folders. Exit 1 if a step fails.

    \b
    Examples:
      edigate partner test acme-carrier
    """
    config, profile = _load(ctx, partner_id)
    secrets, failed = _secrets(config), False
    for side, channel in _sftp_channels(profile):
        click.echo(f"{side}: {channel.address()}")
        for check in probe(profile, side, channel, secrets):
            click.echo(check.line())
            failed = failed or not check.ok
    if failed:
        sys.exit(EXIT_PROBLEMS)


def _trust(config: Config, profile: Profile, side: str, channel: SftpChannel, yes: bool) -> None:
    seen, key_type = server_host_key(profile.id, channel)
    click.echo(f"{side}: {channel.host}:{channel.port} shows {key_type} {seen}")
    if channel.host_key_fingerprint == seen:
        click.echo("  already trusted")
        return
    if channel.host_key_fingerprint:
        click.echo(f"  WARNING: the profile pins {channel.host_key_fingerprint}: the server's key CHANGED", err=True)
    if not yes:
        click.confirm("  Is this the partner's fingerprint (ask them)? Record it", abort=True)
    path = _profile_path(config, profile.id)
    edit_profile(path, [(f"{side}.host_key_fingerprint", seen)])
    click.echo(f"  recorded in {path}")


@click.command("trust-host")
@click.argument("partner_id")
@click.option("--yes", is_flag=True, help="Record without asking (only when the fingerprint was checked otherwise).")
@click.pass_context
@boundary
def trust_host_command(ctx: click.Context, partner_id: str, yes: bool) -> None:
    """Connect to the partner's SFTP server, show its host key fingerprint and pin it in the profile.

    Compare the fingerprint with the one the partner gives you out of band before saying yes: from then on a
    server showing another key is refused.

    \b
    Examples:
      edigate partner trust-host acme-carrier
      edigate partner trust-host acme-carrier --yes
    """
    config, profile = _load(ctx, partner_id)
    for side, channel in _sftp_channels(profile):
        try:
            _trust(config, profile, side, channel, yes)
        except SftpError as exc:
            _fail([str(exc)])


def _report(result: RunResult, verb: str) -> None:
    for name in result.files:
        click.echo(f"{verb} {name}")
    if result.skipped:
        click.echo(f"skipped: {result.skipped}")
    for name in result.waiting:
        click.echo(f"waiting {name}")
    click.echo(f"{len(result.files)} file(s) {verb}")
    if result.problems:
        _fail(result.problems)


def _run(ctx: click.Context, partner_id: str, direction: str) -> None:
    config, profile = _load(ctx, partner_id)
    side = "inbound" if direction == "pull" else "outbound"
    if not isinstance(getattr(profile, side), SftpChannel):
        _fail([f"partner {partner_id}: its {side} channel is not sftp"])
    try:
        if direction == "pull":
            _report(poll(profile, config, _secrets(config), wait_seconds=LOCK_WAIT_SECONDS), "fetched")
        else:
            _report(push_pending(profile, config, _secrets(config), wait_seconds=LOCK_WAIT_SECONDS), "pushed")
    except Busy as exc:
        _fail([f"{exc}; try again in a moment"])


@click.command("poll")
@click.argument("partner_id")
@click.pass_context
@boundary
def poll_command(ctx: click.Context, partner_id: str) -> None:
    """Fetch the partner's files from their SFTP server now, into inbox/<partner>/.

    \b
    Examples:
      edigate partner poll acme-carrier
    """
    _run(ctx, partner_id, "pull")


@click.command("push")
@click.argument("partner_id")
@click.pass_context
@boundary
def push_command(ctx: click.Context, partner_id: str) -> None:
    """Upload everything waiting in outbox/<partner>/ to the partner's SFTP server now (ignores the backoff).

    \b
    Examples:
      edigate partner push acme-carrier
    """
    _run(ctx, partner_id, "push")


def register_remote(partner_group: click.Group) -> None:
    """Add the remote-SFTP commands to `edigate partner`."""
    for command in (test_command, trust_host_command, poll_command, push_command):
        partner_group.add_command(command)
