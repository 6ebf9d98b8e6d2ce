"""The outbound API's bearer token: from $EDIGATE_API_TOKEN, else a 0600 file made with a random token once.

The API takes business documents that go to partners, so it is never open, even on loopback: a local process
that may send must be able to read the token file (the `edigate` user, or whoever was given it).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from ..atomic_files import write_text_atomic
from ..config import Config

TOKEN_ENV = "EDIGATE_API_TOKEN"
MIN_LENGTH = 16


class TokenError(Exception):
    """The token cannot be had (an unreadable or too-short file, a too-short variable)."""


def token_path(config: Config) -> Path:
    return (config.home / config.api.token_file).absolute()


def load_or_create_token(config: Config, environ: Mapping[str, str] | None = None) -> tuple[str, str]:
    """The token and where it came from (the variable's name or the file's path)."""
    env = os.environ if environ is None else environ
    if (value := env.get(TOKEN_ENV, "").strip()) != "":
        if len(value) < MIN_LENGTH:
            raise TokenError(f"{TOKEN_ENV} is shorter than {MIN_LENGTH} characters: use a long random value")
        return value, TOKEN_ENV
    path = token_path(config)
    if not path.exists():
        write_text_atomic(path, secrets.token_urlsafe(32) + "\n", mode=0o600)
    try:
        value = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise TokenError(f"{path}: cannot read the API token: {exc}") from None
    if len(value) < MIN_LENGTH:
        raise TokenError(f"{path}: the API token is shorter than {MIN_LENGTH} characters")
    return value, str(path)
