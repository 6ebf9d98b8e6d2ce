"""HMAC-SHA256 signature of a request body, so the ERP can tell our requests from anyone else's.

The signature covers exactly the bytes sent as the body (the record's JSON), nothing else; the receiver computes
HMAC-SHA256 over the raw body it read with the shared secret and compares in constant time.
"""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Edigate-Signature"
SIGNATURE_PREFIX = "sha256="


def sign_body(secret: str, body: bytes) -> str:
    """The header value: 'sha256=' followed by the lowercase hex HMAC-SHA256 of `body` under `secret`."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return SIGNATURE_PREFIX + digest


def verify_body(secret: str, body: bytes, header: str) -> bool:
    """What a receiver does (and what tests use): constant-time comparison with the expected signature."""
    return hmac.compare_digest(sign_body(secret, body), header)
