"""Turning what goes wrong into one clear line and an exit code: never a traceback for the user."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, BinaryIO, TypeVar

import click

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2

F = TypeVar("F", bound=Callable[..., Any])


def read_input(path: str) -> bytes:
    """The whole file, or a usage-class exit naming the file and the reason."""
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as exc:
        click.echo(f"edigate: cannot read {path}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_USAGE)


def open_input(path: str) -> BinaryIO:
    """The file opened for streaming (a 2 GB interchange is never read into memory), or a usage-class exit."""
    try:
        return open(path, "rb")  # the caller closes it
    except OSError as exc:
        click.echo(f"edigate: cannot read {path}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_USAGE)


def no_traceback(func: F) -> F:
    """A fault of the program itself is reported in one line (exit 2), never as a Python traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # the boundary: library faults become one line
            click.echo(f"edigate: internal error: {type(exc).__name__}: {exc}", err=True)
            sys.exit(EXIT_USAGE)

    return wrapper  # type: ignore[return-value]
