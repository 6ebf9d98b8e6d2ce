"""The `edigate` command line: thin click commands over the library; library errors become messages here."""

from __future__ import annotations

import click

from .. import __version__
from .ack_command import ack_command
from .demo_command import demo_command
from .mapping_commands import register as register_mapping_commands
from .x12_commands import parse_command, validate_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="edigate")
def main() -> None:
    """edigate: an EDI (X12) and file-transfer B2B gateway.

    \b
    Examples:
      edigate validate orders.edi
      edigate parse orders.edi --json
      edigate ack orders.edi > ack.edi
    """


main.add_command(parse_command)
main.add_command(validate_command)
main.add_command(ack_command)
main.add_command(demo_command)
register_mapping_commands(main)
