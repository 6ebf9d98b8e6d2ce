"""The HTTP JSON connector: one request per record to the ERP/WMS API, judged into delivered / retry / failed.

The connector makes one attempt per `deliver` call and never sleeps: when a transient failure (5xx, 408, 429,
a timeout, a dropped connection) may clear, it says when to come back (`retry_at`) and the pipeline's scheduler
calls again then. The `Idempotency-Key` header is the record's stable `record_id`, the same on every attempt,
so an ERP that saw a request whose answer we lost can recognise the retry instead of creating a second order.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx

from ..partners import HttpConnector
from ..records import BusinessRecord
from .auth import TokenError, credentials_for
from .backoff import backoff_delay, parse_retry_after
from .outcome import DeliveryOutcome, delivered, failed, retry
from .redact import Redactor
from .signing import SIGNATURE_HEADER, sign_body
from .url_template import UrlTemplateError, render_url

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_RESPONSE_BYTES = 64 * 1024
"""Only this much of an answer is read: the outcome keeps an excerpt, and an ERP's runaway error page (or a
hostile one) must not fill the gateway's memory."""
RETRYABLE_4XX = frozenset({408, 429})
"""Client errors that say 'later', not 'never': request timeout and too many requests."""

log = logging.getLogger(__name__)


def _utcnow() -> datetime:
    return datetime.now(UTC)


def record_body(record: BusinessRecord) -> bytes:
    """The JSON sent (and signed): the record as `model_dump(mode="json")`, compact, UTF-8."""
    return json.dumps(record.model_dump(mode="json"), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True, slots=True)
class Answer:
    """What is kept of a response: its status, Retry-After, and the start of its body as text."""

    status_code: int
    retry_after: str | None
    text: str


def _read_capped(response: httpx.Response) -> str:
    """At most MAX_RESPONSE_BYTES of the body, decoded leniently (an excerpt, not data)."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size >= MAX_RESPONSE_BYTES:
            break
    data = b"".join(chunks)[:MAX_RESPONSE_BYTES]
    try:
        return data.decode(response.charset_encoding or "utf-8", errors="replace")
    except LookupError:  # a charset Python does not know: the excerpt is still worth having
        return data.decode("utf-8", errors="replace")


class HttpJsonConnector:
    """Delivers records to one configured HTTP endpoint over a pooled httpx client."""

    def __init__(
        self,
        config: HttpConnector,
        *,
        secret: Callable[[str], str],
        clock: Callable[[], datetime] = _utcnow,
        rand: Callable[[], float] = random.random,
        transport: httpx.BaseTransport | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """`secret(name)` gives a secret's value (SecretStore.get bound to the partner); values are read now,
        so a missing secret stops the connector from opening rather than failing each record."""
        self._config = config
        self._clock = clock
        self._rand = rand
        self._redact = Redactor()
        self._credentials = credentials_for(config.auth, secret, self._redact, monotonic)
        self._hmac_key = secret(config.hmac_secret) if config.hmac_secret else None
        if self._hmac_key:
            self._redact.add(self._hmac_key)
        timeout = httpx.Timeout(
            connect=config.connect_timeout_seconds,
            read=config.read_timeout_seconds,
            write=config.read_timeout_seconds,
            pool=config.connect_timeout_seconds,
        )
        self._client = httpx.Client(
            timeout=timeout, headers=config.headers, follow_redirects=False, transport=transport
        )

    def close(self) -> None:
        self._client.close()

    def deliver(self, record: BusinessRecord, *, attempt: int) -> DeliveryOutcome:
        """One attempt; `attempt` (from 1) decides whether a transient failure still earns a retry."""
        outcome = self._attempt(record, attempt)
        log.info(
            "delivery attempt",
            extra={"record_id": record.record_id, "attempt": attempt, "result": str(outcome.result),
                   "status": outcome.status, "response": outcome.response},
        )  # fmt: skip
        return outcome

    def _attempt(self, record: BusinessRecord, attempt: int) -> DeliveryOutcome:
        try:
            url = render_url(self._config.url, record)
        except UrlTemplateError as exc:
            return failed(response=str(exc))
        try:
            response = self._send(url, record_body(record), record.record_id)
        except TokenError as exc:
            if exc.transient:
                return self._transient(attempt, exc.status, str(exc))
            return failed(exc.status, str(exc))
        except httpx.TimeoutException as exc:
            return self._transient(attempt, None, f"timed out ({type(exc).__name__})")
        except httpx.TransportError as exc:
            return self._transient(attempt, None, self._redact(f"connection failed ({type(exc).__name__}: {exc})"))
        except httpx.HTTPError as exc:  # e.g. a body that does not decode: whether the ERP acted is unknown
            return self._transient(attempt, None, self._redact(f"unreadable answer ({type(exc).__name__}: {exc})"))
        return self._judge(response, attempt)

    def _send(self, url: str, body: bytes, key: str) -> Answer:
        """The request, and once more with fresh credentials when a 401 may be a token revoked early."""
        response = self._request(url, body, key)
        if response.status_code == 401 and self._credentials.refresh_after_401():
            response = self._request(url, body, key)
        return response

    def _request(self, url: str, body: bytes, key: str) -> Answer:
        headers = {"Content-Type": "application/json", IDEMPOTENCY_HEADER: key}
        headers |= self._credentials.headers(self._client)
        if self._hmac_key:
            headers[SIGNATURE_HEADER] = sign_body(self._hmac_key, body)
        request = self._client.build_request(self._config.method, url, content=body, headers=headers)
        response = self._client.send(request, stream=True)
        try:
            return Answer(response.status_code, response.headers.get("Retry-After"), _read_capped(response))
        finally:
            response.close()

    def _judge(self, response: Answer, attempt: int) -> DeliveryOutcome:
        status = response.status_code
        text = self._redact(response.text)
        if 200 <= status < 300:
            return delivered(status, text)
        if status >= 500 or status in RETRYABLE_4XX:
            wait = parse_retry_after(response.retry_after, self._clock())
            return self._transient(attempt, status, text or f"HTTP {status}", wait)
        return failed(status, text or f"HTTP {status}")

    def _transient(self, attempt: int, status: int | None, reason: str, wait: float | None = None) -> DeliveryOutcome:
        """Retry later, unless this was the profile's last attempt: then failed, saying so."""
        policy = self._config.retry
        if attempt >= policy.max_attempts:
            return failed(status, f"gave up after {attempt} attempts: {reason}")
        delay = wait if wait is not None else backoff_delay(policy, attempt, self._rand)
        return retry(self._clock() + timedelta(seconds=delay), status, reason)
