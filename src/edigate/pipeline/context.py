"""What every pipeline step works with: the configuration, the store, the partners, the connectors and a clock.

One `Context` per process (the daemon's, or one CLI command's). Steps are functions of it and one document, so
the daemon, `edigate replay` and the tests all run the very same code.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..config import Config
from ..connectors import ConnectorPool
from ..partners import Partners, Profile, SecretStore, load_profiles
from ..store import Store
from ..store.models import utc_now


class UnknownPartner(LookupError):
    """A file or a request names a partner that has no (enabled) profile."""


@dataclass
class Context:
    config: Config
    store: Store
    partners: Partners
    secrets: SecretStore | None
    connectors: ConnectorPool
    clock: Callable[[], datetime] = utc_now
    worker_id: str = "edigate"
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def profile(self, partner: str) -> Profile:
        """The enabled profile of `partner`, or UnknownPartner with the reason."""
        profile = self.partners.by_id(partner)
        if profile is None:
            raise UnknownPartner(f"no partner profile {partner!r} in {self.config.partners_dir}")
        if not profile.enabled:
            raise UnknownPartner(f"partner {partner!r} is disabled (enabled = false in its profile)")
        return profile

    def reload_partners(self) -> list[str]:
        """Re-read partners/*.toml (SIGHUP); the problems of files left out, as text."""
        partners = load_profiles(self.config.partners_dir)
        with self._lock:
            self.partners = partners
        return [str(problem) for problem in partners.problems]

    # -- where bytes live ----------------------------------------------------------------------------------------

    @property
    def spool_dir(self) -> Path:
        """Every file taken in (and every outbound document made), kept until retention removes it."""
        return self.config.data_dir / "spool"

    @property
    def quarantine_dir(self) -> Path:
        """Rejected files, with a `.reason.txt` beside each, for an operator to read and `edigate replay`."""
        return self.config.data_dir / "quarantine"

    @property
    def records_dir(self) -> Path:
        """The mapped records of each document (`<document id>.json`), what deliveries send."""
        return self.config.data_dir / "records"
