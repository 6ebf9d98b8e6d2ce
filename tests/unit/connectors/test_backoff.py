"""Backoff math and Retry-After parsing: pure functions, exact with an injected random source."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from edigate.connectors import backoff_cap, backoff_delay, parse_retry_after
from edigate.partners import RetryPolicy

POLICY = RetryPolicy(max_attempts=10, initial_delay_seconds=1.5, max_delay_seconds=20)
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.mark.parametrize(("attempt", "cap"), [(1, 1.5), (2, 3.0), (3, 6.0), (4, 12.0), (5, 20.0), (500, 20.0)])
def test_cap_doubles_per_attempt_up_to_the_maximum(attempt: int, cap: float) -> None:
    assert backoff_cap(POLICY, attempt) == cap


def test_full_jitter_spans_zero_to_the_cap() -> None:
    assert backoff_delay(POLICY, 3, lambda: 0.0) == 0.0
    assert backoff_delay(POLICY, 3, lambda: 0.25) == 1.5
    assert backoff_delay(POLICY, 3, lambda: 0.999) == pytest.approx(5.994)
    assert all(0 <= backoff_delay(POLICY, 4) <= 12 for _ in range(200))


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        (" 0 ", 0.0),
        (format_datetime(NOW + timedelta(seconds=90), usegmt=True), 90.0),
        ("Fri, 02 Jan 2026 03:05:05 GMT", 60.0),
        (format_datetime(NOW - timedelta(hours=1), usegmt=True), 0.0),  # a date in the past: now
        ("99999999", 86400.0),  # capped at a day
        (None, None),
        ("", None),
        ("soon", None),
        ("-5", None),
    ],
)
def test_retry_after_seconds_and_http_dates(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, NOW) == seconds
