"""Small builders the store tests share."""

from __future__ import annotations

import hashlib
from typing import Any

from edigate.store import Received, Store


def receive(store: Store, content: bytes = b"ISA*00*...", partner: str = "acme", **fields: Any) -> Received:
    """Record a file as intake would, with the sha256 of ``content``."""
    digest = hashlib.sha256(content).hexdigest()
    name = fields.pop("file_name", f"{digest[:8]}.edi")
    return store.record_received(
        partner=partner, file_name=name, spool_path=f"/spool/{partner}/{name}", sha256=digest, **fields
    )
