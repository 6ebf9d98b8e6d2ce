"""`edigate replay`: rejected documents run again from their kept bytes, failed ones have their deliveries
retried. The daemon picks them up by itself; `--now` runs them through in this process."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable

import click

from ..pipeline import Gateway
from ..store import DocumentQuery, DocumentState, StoreError
from .errors import EXIT_PROBLEMS, EXIT_USAGE, no_traceback
from .operator_support import open_gateway, os_user

#: More documents than this get a progress bar.
BAR_FROM = 5
MAX_REJECTED = 100_000
MAX_DELIVERY_ROUNDS = 1_000


def _targets(gateway: Gateway, ids: Iterable[int], all_rejected: bool, partner: str | None) -> list[int]:
    chosen = list(dict.fromkeys(ids))
    if all_rejected:
        query = DocumentQuery(state=DocumentState.REJECTED, partner=partner, limit=MAX_REJECTED)
        # a duplicate replays through its original (the store refuses it alone), so only originals are taken
        rejected = sorted(d.id for d in gateway.store.search(query) if d.duplicate_of is None)
        chosen += [i for i in rejected if i not in chosen]
    return chosen


def _replay_each(gateway: Gateway, ids: list[int], actor: str) -> tuple[list[int], list[str]]:
    """Replay every id; the ones put back, and one reason per one that could not be."""
    done: list[int] = []
    problems: list[str] = []
    bar = click.progressbar(ids, label="replaying", file=sys.stderr) if len(ids) > BAR_FROM else None
    with bar if bar is not None else contextlib.nullcontext(ids) as items:
        for document_id in items:
            try:
                document = gateway.replay(document_id, actor=actor)
            except (StoreError, OSError) as exc:
                problems.append(f"document {document_id}: {exc or type(exc).__name__}")
                continue
            done.append(document.id)
    return done, problems


def _run_now(gateway: Gateway, ids: list[int]) -> None:
    """Run the work queue dry here (as a daemon worker would), then report where each replayed one ended."""
    while gateway.process_next() is not None:
        pass
    for _ in range(MAX_DELIVERY_ROUNDS):  # retries come back later, so this ends; the cap only guards
        if not gateway.deliver_due():
            break
    for document_id in ids:
        document = gateway.store.document(document_id)
        reason = f": {document.error}" if document.error and document.state != DocumentState.DELIVERED else ""
        click.echo(f"document {document_id}: {document.state}{reason}")


@click.command("replay")
@click.argument("ids", nargs=-1, type=click.IntRange(1, 2**63 - 1))
@click.option("--all-rejected", is_flag=True, help="Every rejected document (of --partner, if given).")
@click.option("--partner", metavar="ID", help="With --all-rejected: only this partner's.")
@click.option("--now", is_flag=True, help="Also run them through here instead of leaving them to the daemon.")
@click.pass_context
@no_traceback
def replay_command(
    ctx: click.Context, ids: tuple[int, ...], all_rejected: bool, partner: str | None, now: bool
) -> None:
    """Put rejected or failed documents back in the pipeline (audited under your user name).

    A rejected document runs again from its kept bytes (fix the partner profile or map first); a failed one has
    its failed deliveries retried under the same idempotency keys. The running daemon picks them up; --now runs
    them through in this process. Exit 1 if any could not be replayed, each reason printed.

    \b
    Examples:
      edigate replay 42
      edigate replay 42 43 44 --now
      edigate replay --all-rejected --partner acme-retail
    """
    if not ids and not all_rejected:
        click.echo("edigate replay: give document ids or --all-rejected", err=True)
        sys.exit(EXIT_USAGE)
    if partner and not all_rejected:
        click.echo("edigate replay: --partner only narrows --all-rejected", err=True)
        sys.exit(EXIT_USAGE)
    with open_gateway(ctx) as gateway:
        targets = _targets(gateway, ids, all_rejected, partner)
        if not targets:
            click.echo("nothing to replay: no rejected documents")
            return
        done, problems = _replay_each(gateway, targets, os_user())
        for document_id in done:
            click.echo(f"document {document_id}: replayed")
        if now and done:
            _run_now(gateway, done)
    for problem in problems:
        click.echo(f"edigate replay: {problem}", err=True)
    click.echo(f"{len(done)} replayed, {len(problems)} could not be")
    if problems:
        sys.exit(EXIT_PROBLEMS)
