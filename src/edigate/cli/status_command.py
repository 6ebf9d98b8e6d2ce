"""`edigate status`: the queues, the last errors, overdue acks and the daemon, with an exit code a monitoring
script can act on (1 when something needs a person)."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import click

from ..store import DocumentState
from .errors import EXIT_PROBLEMS, no_traceback
from .operator_support import config_of, echo_json, echo_table, one_line, open_gateway, plain, when

MARKER = "daemon.json"
RECENT = timedelta(hours=24)


def daemon_running(data_dir: Path) -> dict[str, Any] | None:
    """What <data_dir>/daemon.json says, when the process it names is alive (a stale file means not running)."""
    try:
        marker = json.loads((data_dir / MARKER).read_text(encoding="utf-8"))
        pid = int(marker["pid"])
    except (OSError, ValueError, TypeError, KeyError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # alive, run by another user
    except OSError:
        return None
    return marker


def collect(ctx: click.Context) -> dict[str, Any]:
    """Everything the status shows, as plain data; `attention` lists why it would exit 1."""
    config = config_of(ctx)
    with open_gateway(ctx) as gateway:
        store = gateway.store
        store.acks_overdue()  # pending acks past due become overdue even when no daemon runs the check
        status = gateway.status()
        rejected_recent = store.count(state=DocumentState.REJECTED, received_from=store.clock() - RECENT)
    attention = []
    if status.deliveries_failed:
        attention.append(f"{status.deliveries_failed} failed deliveries")
    if rejected_recent:
        attention.append(f"{rejected_recent} documents rejected in the last 24 h")
    if status.acks_overdue:
        attention.append(f"{len(status.acks_overdue)} overdue acknowledgments")
    from ..transports.sftp_client import transfer_status  # paramiko only for the command that needs it

    transfers = transfer_status(config)
    failing = [t for t in transfers if not t.healthy]
    if failing:
        attention.append(f"{len(failing)} SFTP transfers failing")
    return {
        "home": str(config.home),
        "documents": status.documents,
        "deliveries": {"pending": status.deliveries_pending, "failed": status.deliveries_failed},
        "rejected_last_24h": rejected_recent,
        "acks_overdue": plain(status.acks_overdue),
        "last_errors": [_error(d) for d in status.last_errors],
        "daemon": daemon_running(config.data_dir),
        "transfers": [dataclasses.asdict(t) | {"healthy": t.healthy} for t in transfers],
        "transfer_lines": [t.line() for t in transfers],
        "attention": attention,
    }


def _error(document: Any) -> dict[str, Any]:
    return {
        "id": document.id,
        "partner": document.partner,
        "file": document.file_name,
        "state": document.state,
        "at": document.updated_at.isoformat(),
        "error": document.error,
    }


def _print(report: dict[str, Any]) -> None:
    daemon = report["daemon"]
    running = f"running, pid {daemon.get('pid')}, {daemon.get('url', '')}" if daemon else "not running"
    click.echo(f"home     {report['home']}")
    click.echo(f"daemon   {running}")
    counts = "  ".join(f"{state} {count}" for state, count in report["documents"].items())
    click.echo(f"documents  {counts}")
    deliveries = report["deliveries"]
    click.echo(f"deliveries pending {deliveries['pending']}  failed {deliveries['failed']}")
    click.echo(f"acks overdue {len(report['acks_overdue'])}   rejected in the last 24 h {report['rejected_last_24h']}")
    if report["acks_overdue"]:
        click.echo("\noverdue acknowledgments:")
        rows = [
            (a["partner"], a["functional_id"], a["group_control_number"], a["due_at"]) for a in report["acks_overdue"]
        ]
        echo_table(["PARTNER", "GS01", "GS06", "DUE"], rows[:10])
    if report["last_errors"]:
        click.echo("\nlast errors:")
        rows = [
            (e["id"], e["partner"], one_line(e["file"], 30), e["state"], when_text(e["at"]), e["error"] or "")
            for e in report["last_errors"]
        ]
        echo_table(["ID", "PARTNER", "FILE", "STATE", "AT", "ERROR"], rows)
    if report["transfer_lines"]:
        click.echo("\nSFTP transfers:")
        for line in report["transfer_lines"]:
            click.echo(f"  {line}")
    if report["attention"]:
        click.echo(f"\nneeds attention: {'; '.join(report['attention'])}")


def when_text(iso: str) -> str:
    return when(datetime.fromisoformat(iso))


@click.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
@no_traceback
def status_command(ctx: click.Context, as_json: bool) -> None:
    """Show documents per state, pending/failed deliveries, overdue acks, the last 10 errors and the daemon.

    Exit 1 when something needs attention (failed deliveries, documents rejected in the last 24 h, overdue
    acknowledgments), else 0: a monitoring check can run it as it is.

    \b
    Examples:
      edigate status
      edigate --home /srv/edi status --json | jq .deliveries
      edigate status >/dev/null || echo "edigate needs attention"
    """
    report = collect(ctx)
    if as_json:
        echo_json(report)
    else:
        _print(report)
    if report["attention"]:
        sys.exit(EXIT_PROBLEMS)
