"""When to try again: exponential backoff with full jitter, or the server's own Retry-After.

Full jitter (a uniform delay between 0 and the exponential cap) spreads the retries of many records that failed
together, so a recovering ERP is not hit by all of them at the same instant.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from ..partners import RetryPolicy

MAX_RETRY_AFTER_SECONDS = 24 * 3600.0
"""A Retry-After beyond a day is taken as a day: a server's typo must not park a record for years."""


def backoff_cap(policy: RetryPolicy, attempt: int) -> float:
    """The upper bound of the delay after failed attempt `attempt` (1-based): initial * 2^(attempt-1), capped."""
    exponent = min(max(attempt - 1, 0), 62)
    return min(policy.max_delay_seconds, policy.initial_delay_seconds * 2.0**exponent)


def backoff_delay(policy: RetryPolicy, attempt: int, rand: Callable[[], float] = random.random) -> float:
    """A delay drawn uniformly from [0, cap] (full jitter); `rand` is injectable so tests are exact."""
    return rand() * backoff_cap(policy, attempt)


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None when absent or unreadable."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isascii() and text.isdigit():  # '²'.isdigit() is True too, and float('²') raises
        return min(float(text), MAX_RETRY_AFTER_SECONDS)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max((when - now).total_seconds(), 0.0), MAX_RETRY_AFTER_SECONDS)
