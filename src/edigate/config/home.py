"""Which working folder a command works in: one rule shared by every command and the daemon."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

HOME_ENV = "EDIGATE_HOME"


def resolve_home(option: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """The working folder: the `--home` option, else `EDIGATE_HOME`, else the current folder.

    Returned absolute, so a later `chdir` cannot change what it means. A path that exists but is not a folder is
    refused here, before any command tries to write beneath it.
    """
    from .model import ConfigError

    env = os.environ if environ is None else environ
    chosen = option if option not in (None, "") else env.get(HOME_ENV) or None
    home = Path(chosen).expanduser() if chosen is not None else Path.cwd()
    home = home.absolute()
    if home.exists() and not home.is_dir():
        source = "--home" if option not in (None, "") else HOME_ENV
        raise ConfigError([f"{source}: {home} is not a folder"])
    return home
