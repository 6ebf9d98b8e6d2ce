"""Request credentials for an HTTP connector: fixed headers (bearer, API key, basic) or an OAuth2 token.

The profile names secrets; the values are resolved once, when the connector is opened, and each is registered
with the connector's Redactor so no outcome or log can carry it.
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Callable
from typing import Protocol

import httpx

from ..partners.connectors import ApiKeyAuth, Auth, BasicAuth, BearerAuth, OAuth2ClientCredentials
from .redact import Redactor

TOKEN_SKEW_SECONDS = 30.0
"""A token is renewed this long before it expires, so a request never leaves with one about to lapse."""
DEFAULT_TOKEN_LIFETIME = 300.0
"""Lifetime assumed when the token endpoint gives no expires_in: short, so a wrong guess costs one refresh."""


class TokenError(Exception):
    """The token endpoint could not give a token. `transient` says whether trying later may help."""

    def __init__(self, message: str, *, transient: bool, status: int | None = None) -> None:
        super().__init__(message)
        self.transient = transient
        self.status = status


class Credentials(Protocol):
    """Headers that authenticate one request; `refresh_after_401` says whether a fresh try may succeed."""

    def headers(self, client: httpx.Client) -> dict[str, str]: ...

    def refresh_after_401(self) -> bool: ...


class StaticCredentials:
    """Bearer, API-key and basic auth: the same header on every request; a 401 is final."""

    def __init__(self, headers: dict[str, str]) -> None:
        self._headers = headers

    def headers(self, client: httpx.Client) -> dict[str, str]:
        return dict(self._headers)

    def refresh_after_401(self) -> bool:
        return False


class OAuth2Token:
    """OAuth2 client credentials: a cached token, fetched on first use, renewed before expiry or after a 401.

    The client authenticates to the token endpoint with HTTP Basic (client_id, secret), as RFC 6749 2.3.1
    recommends; the grant and optional scope go in the form body.
    """

    def __init__(
        self, auth: OAuth2ClientCredentials, secret: str, redact: Redactor, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._auth = auth
        self._secret = secret
        self._redact = redact
        self._clock = clock
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = threading.Lock()

    def headers(self, client: httpx.Client) -> dict[str, str]:
        """The cached token, fetched first when absent or near expiry; locked so parallel deliveries that find
        it stale fetch one new token, not one each."""
        with self._lock:
            if self._token is None or self._clock() >= self._expires_at:
                self._fetch(client)
            return {"Authorization": f"Bearer {self._token}"}

    def refresh_after_401(self) -> bool:
        """Forget the token so the next request fetches a new one (it may have been revoked early)."""
        self._token = None
        return True

    def _fetch(self, client: httpx.Client) -> None:
        form = {"grant_type": "client_credentials"} | ({"scope": self._auth.scope} if self._auth.scope else {})
        try:
            response = client.post(str(self._auth.token_url), data=form, auth=(self._auth.client_id, self._secret))
        except httpx.TransportError as exc:
            message = f"token endpoint unreachable: {type(exc).__name__}"
            raise TokenError(message, transient=True) from None
        self._accept(response)

    def _accept(self, response: httpx.Response) -> None:
        status = response.status_code
        if status != 200:
            transient = status >= 500 or status in (408, 429)
            text = f"token endpoint answered {status}: {self._redact(response.text)[:200]}"  # mask, then cut
            raise TokenError(text, transient=transient, status=status)
        try:
            payload = response.json()
            token = str(payload["access_token"])
            lifetime = float(payload.get("expires_in") or DEFAULT_TOKEN_LIFETIME)
        except (ValueError, KeyError, TypeError):
            raise TokenError("token endpoint gave no access_token", transient=False, status=status) from None
        self._redact.add(token)
        self._token = token
        self._expires_at = self._clock() + max(lifetime - min(TOKEN_SKEW_SECONDS, lifetime / 10), 0.0)


def credentials_for(
    auth: Auth | None, secret: Callable[[str], str], redact: Redactor, monotonic: Callable[[], float] = time.monotonic
) -> Credentials:
    """The credentials an auth block describes, its secret resolved by name and registered for redaction."""
    if auth is None:
        return StaticCredentials({})
    value = secret(auth.secret)
    redact.add(value)
    if isinstance(auth, BearerAuth):
        return StaticCredentials({"Authorization": f"Bearer {value}"})
    if isinstance(auth, ApiKeyAuth):
        return StaticCredentials({auth.header: value})
    if isinstance(auth, BasicAuth):
        redact.add_basic(auth.username, value)
        encoded = base64.b64encode(f"{auth.username}:{value}".encode()).decode("ascii")
        return StaticCredentials({"Authorization": f"Basic {encoded}"})
    redact.add_basic(auth.client_id, value)
    return OAuth2Token(auth, value, redact, monotonic)
