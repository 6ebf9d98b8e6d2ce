"""Secret values out of every text a connector produces (outcomes, logs, exception messages).

A server may echo a token back in an error page and an exception may quote a header; rather than trust each
path, every outgoing text passes through one Redactor that knows each secret value in play.
"""

from __future__ import annotations

import base64

MASK = "[redacted]"
_MIN_LENGTH = 4
"""Values shorter than this are not masked: masking 'a' would mangle every text without protecting anything."""


class Redactor:
    """Replaces known secret values (and their usual encodings) with MASK."""

    def __init__(self, values: list[str] | None = None) -> None:
        self._values: set[str] = set()
        for value in values or []:
            self.add(value)

    def add(self, value: str) -> None:
        """Mask this value too (an OAuth2 token learnt at runtime, for example)."""
        if len(value) >= _MIN_LENGTH:
            self._values.add(value)

    def add_basic(self, username: str, password: str) -> None:
        """Mask the base64 form a Basic Authorization header carries, as well as the password itself."""
        self.add(password)
        self.add(base64.b64encode(f"{username}:{password}".encode()).decode("ascii"))

    def __call__(self, text: str) -> str:
        for value in sorted(self._values, key=len, reverse=True):
            text = text.replace(value, MASK)
        return text
