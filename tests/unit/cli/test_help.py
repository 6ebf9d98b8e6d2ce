"""Every command `edigate` registers explains itself with examples: operators learn the CLI from --help."""

from __future__ import annotations

from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner

from edigate.cli import main


def _walk(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    for name, command in sorted(group.commands.items()):
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from _walk(command, (*path, name))


COMMANDS = list(_walk(main))


def test_the_operator_commands_are_registered() -> None:
    names = {" ".join(path) for path, _ in COMMANDS}
    expected = {"init", "db upgrade", "db current", "status", "messages list", "messages show", "messages search"}
    expected |= {"replay", "acks overdue", "acks list", "send"}
    assert expected <= names


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_has_help_with_an_example(path: tuple[str, ...], command: click.Command) -> None:
    assert "Example" in (command.help or ""), f"edigate {' '.join(path)} has no example in its help"
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output
