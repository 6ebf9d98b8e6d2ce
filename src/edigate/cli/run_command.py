"""`edigate run`: the gateway in the foreground (systemd, a container or a terminal supervise it)."""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

import click

from ..config import ConfigError, load_config
from ..store import StoreError
from .errors import EXIT_USAGE, no_traceback

if TYPE_CHECKING:
    from ..daemon import Daemon


@click.command("run")
@click.option("--workers", type=click.IntRange(1, 64), help="Worker threads ([daemon] workers; default 2).")
@click.option(
    "--log-level",
    type=click.Choice(["debug", "info", "warning", "error"], case_sensitive=False),
    default="info",
    show_default=True,
    help="Least important log lines shown (JSON, one per line, on stderr).",
)
@click.pass_context
@no_traceback
def run_command(ctx: click.Context, workers: int | None, log_level: str) -> None:
    """Run the gateway until SIGTERM or Ctrl-C: watch the inboxes, process, deliver, acknowledge, serve the API.

    Files dropped into inbox/<partner>/ are taken, validated, acknowledged (997 in outbox/<partner>/) and
    delivered to the partner's ERP connector (by default one JSON file per record in erp/). JSON records dropped
    into outbox/<partner>/pending/ are sent to the partner as X12. SIGHUP re-reads partners/*.toml.

    \b
    Examples:
      edigate --home /var/lib/edigate run
      EDIGATE_API_LISTEN=127.0.0.1:0 edigate run --workers 4
    """
    from ..daemon import Daemon, DaemonError, configure_logging

    home = ctx.obj["home"]
    configure_logging(log_level.upper())
    try:
        config = load_config(home)
        daemon = Daemon(config, workers=workers, on_ready=_banner if sys.stdout.isatty() else None)
        status = daemon.run()
    except ConfigError as exc:
        _refuse(f"bad configuration: {exc}")
    except (DaemonError, StoreError, OSError) as exc:  # SchemaOutdated says to run `edigate db upgrade`
        _refuse(str(exc))
    sys.exit(status)


def _banner(daemon: Daemon) -> None:
    """For a person at a terminal (`make run`): where to drop a file and where to look, in plain words."""
    config = daemon.config
    rows = [(f"drop {partner}'s files into", f"{folder}/") for folder, partner in sorted(daemon.inboxes.items())]
    rows += [
        ("acknowledgments appear in", f"{config.outbox_dir}/<partner>/"),
        ("delivered records appear in", f"{config.home / 'erp'}/ (the file drop) or your ERP"),
        ("rejected files, with why, in", f"{config.data_dir / 'quarantine'}/<partner>/"),
        ("health and metrics", f"{daemon.api.url if daemon.api else '-'}/healthz and /metrics"),
    ]
    width = max(len(label) for label, _ in rows)
    lines = ["edigate is running (Ctrl-C stops it; the JSON lines on stderr are its log)."]
    lines += [f"  {label.ljust(width)}  {value}" for label, value in rows]
    click.echo("\n".join(lines))


def _refuse(reason: str) -> None:
    """Say why in one log line and one plain line (a terminal reads the second, journald keeps both)."""
    logging.getLogger("edigate.daemon").error("edigate run: %s", reason)
    click.echo(f"edigate run: {reason}", err=True)
    sys.exit(EXIT_USAGE)
