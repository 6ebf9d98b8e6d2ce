"""Where a running daemon looks and what it leaves for others: the folders it watches, and `daemon.json`."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from .. import __version__
from ..atomic_files import write_text_atomic
from ..config import Config
from ..partners import Profile
from ..pipeline.outbound_files import PENDING

log = logging.getLogger("edigate.daemon")

MARKER = "daemon.json"


def watched_folders(config: Config, partners: Iterable[Profile]) -> tuple[dict[Path, str], dict[Path, str]]:
    """Each enabled partner's inbox and outbox/pending folder (folder -> partner), created when missing. An
    SFTP-inbound partner's inbox is still inbox/<id>/: the remote pull drops its files there."""
    inboxes: dict[Path, str] = {}
    pendings: dict[Path, str] = {}
    for profile in partners:
        if not profile.enabled:
            continue
        inbox = profile.inbox(config.inbox_dir, config.home) or config.inbox(profile.id)
        outbox = profile.outbox(config.outbox_dir, config.home) or config.outbox(profile.id)
        for folder, table in ((inbox, inboxes), (outbox / PENDING, pendings)):
            if folder in table:
                log.error("%s is the folder of both %s and %s: only %s's is watched", folder, table[folder],
                          profile.id, table[folder])  # fmt: skip
                continue
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                log.error("cannot create %s: %s", folder, exc, extra={"partner": profile.id})
            table[folder] = profile.id
    return inboxes, pendings


def write_marker(config: Config, address: tuple[str, int], url: str) -> None:
    """<data_dir>/daemon.json: who runs here and where its API listens (scripts, `edigate status`, tests)."""
    host, port = address
    marker = {
        "pid": os.getpid(),
        "url": url,
        "host": host,
        "port": port,
        "home": str(config.home),
        "version": __version__,
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    write_text_atomic(config.data_dir / MARKER, json.dumps(marker, indent=2) + "\n")


def remove_marker(config: Config) -> None:
    """Remove daemon.json if it is ours (a second daemon refused at start must not remove the first's)."""
    marker = config.data_dir / MARKER
    try:
        if json.loads(marker.read_text()).get("pid") == os.getpid():
            marker.unlink()
    except (OSError, ValueError, AttributeError):
        pass
