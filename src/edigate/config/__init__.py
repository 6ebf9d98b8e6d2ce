"""Gateway configuration: `edigate.toml` in the working folder, overridden by `EDIGATE_*` environment variables.

Layering is defaults < file < environment. A bad value anywhere stops the program with the reason (file or
variable, field, what was wrong): a gateway silently falling back to a default database or identity would
route business documents to the wrong place.

    home = resolve_home(option_from_cli)      # --home, else EDIGATE_HOME, else the current folder
    config = load_config(home)                # Config; ConfigError with every problem
"""

from .home import HOME_ENV, resolve_home
from .model import CONFIG_FILE, Config, ConfigError, Identity, load_config

__all__ = [
    "CONFIG_FILE",
    "HOME_ENV",
    "Config",
    "ConfigError",
    "Identity",
    "InitReport",
    "initialise",
    "load_config",
    "resolve_home",
]


def __getattr__(name: str) -> object:
    """`initialise`/`InitReport` load on first use: they import the store and partners, which import config."""
    if name in ("initialise", "InitReport"):
        from . import init_home

        return getattr(init_home, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
