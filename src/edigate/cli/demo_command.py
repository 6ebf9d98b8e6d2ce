"""`edigate demo`: what `make run` starts until the daemon exists: the example partners' files, read,
validated and acknowledged, with the results written where a person can look at them."""

from __future__ import annotations

from datetime import datetime
from importlib import resources
from pathlib import Path

import click

from ..atomic_files import write_text_atomic
from ..x12.acks import AckNumbers, build_acks
from ..x12.document import validate
from .errors import no_traceback


def _examples() -> list[tuple[str, bytes]]:
    folder = resources.files("edigate") / "examples"
    return sorted((p.name, p.read_bytes()) for p in folder.iterdir() if p.name.endswith(".edi"))


def _status(text: str) -> str:
    for line in text.splitlines():
        if line.startswith(("AK9", "TA1")):
            return line.rstrip("~")
    return "-"


@click.command("demo")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default=Path("demo"))
@no_traceback
def demo_command(folder: Path) -> None:
    """Validate and acknowledge the example partners' files in FOLDER/inbox (created with the examples).

    Each file's problems go to FOLDER/reports/<file>.txt and its 997 to FOLDER/outbox/<file>.997; drop your own
    X12 files into FOLDER/inbox and run it again.

    \b
    Examples:
      edigate demo
      edigate demo /tmp/edigate-demo
    """
    inbox, outbox, reports = folder / "inbox", folder / "outbox", folder / "reports"
    for path in (inbox, outbox, reports):
        path.mkdir(parents=True, exist_ok=True)
    for name, data in _examples():
        if not (inbox / name).exists():
            (inbox / name).write_bytes(data)
    number = 1
    for path in sorted(p for p in inbox.iterdir() if p.is_file()):
        document = validate(path.read_bytes())
        issues = document.all_issues()
        errors = sum(i.is_error for i in issues)
        report = "".join(
            f"{path.name}:{i.location.line or 1}: {i.severity.value} {i.tag} {i.message}\n" for i in issues
        )
        (reports / f"{path.name}.txt").write_text(report or "no problems\n")
        batch = build_acks(document.interchanges, datetime.now(), AckNumbers(number, number))
        number = batch.next_numbers.interchange
        if batch.text:
            write_text_atomic(outbox / f"{path.name}.997", batch.text)
        verdict = "ok" if not errors else f"{errors} error(s)"
        click.echo(f"{path.name:<28} {verdict:<12} {_status(batch.text) if batch.text else 'no ack owed'}")
    click.echo(f"\nreports: {reports}/   acknowledgments: {outbox}/")
    click.echo(f"drop an X12 file into {inbox}/ and run `make run` (or `edigate demo {folder}`) again")
