"""The `edigate` command line: thin click commands over the library; library errors become messages here."""

from __future__ import annotations

import click

from .. import __version__
from ..config import ConfigError, resolve_home
from .ack_command import ack_command
from .acks_commands import acks_group
from .db_commands import db_group
from .demo_command import demo_command
from .init_command import init_command
from .mapping_commands import register as register_mapping_commands
from .messages_commands import messages_group
from .partner_commands import register as register_partner_commands
from .replay_command import replay_command
from .run_command import run_command
from .send_command import send_command
from .status_command import status_command
from .x12_commands import parse_command, validate_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="edigate")
@click.option(
    "--home",
    metavar="DIR",
    envvar="EDIGATE_HOME",
    help="The working folder (edigate.toml, partners/, inbox/, outbox/). Default: $EDIGATE_HOME, else here.",
)
@click.pass_context
def main(ctx: click.Context, home: str | None) -> None:
    """edigate: an EDI (X12) and file-transfer B2B gateway.

    \b
    Examples:
      edigate validate orders.edi
      edigate parse orders.edi --json
      edigate ack orders.edi > ack.edi
    """
    try:
        ctx.obj = {"home": resolve_home(home)}
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc


main.add_command(parse_command)
main.add_command(validate_command)
main.add_command(ack_command)
main.add_command(demo_command)
main.add_command(run_command)
register_mapping_commands(main)
register_partner_commands(main)
main.add_command(init_command)
main.add_command(db_group)
main.add_command(status_command)
main.add_command(messages_group)
main.add_command(replay_command)
main.add_command(acks_group)
main.add_command(send_command)
