"""The 997/999 and TA1 we owe a partner for what they sent, written to their outbox per their ack policy.

Control numbers come from the store inside the caller's transaction, so a step that fails after building the
acknowledgment hands the same numbers out again; the file name is fixed per document, so a re-run replaces the
file instead of sending a second acknowledgment.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from ..atomic_files import write_text_atomic
from ..partners import Profile
from ..store import EnvelopeLevel
from ..x12.acks import AckNumbers, build_ack
from ..x12.envelope import Interchange
from .context import Context

log = logging.getLogger("edigate.pipeline")


def outbox_folder(ctx: Context, profile: Profile) -> Path:
    """The partner's outbox: its folder channel's path, else outbox/<partner>/ (served by SFTP, or pushed)."""
    return profile.outbox(ctx.config.outbox_dir, ctx.config.home) or ctx.config.outbox(profile.id)


def write_acks(
    ctx: Context, session: Session, document_id: int, profile: Profile, interchanges: Sequence[Interchange]
) -> list[Path]:
    """Build, number and write the acknowledgment of each interchange that is owed one; the files written."""
    policy = profile.ack.policy
    now = ctx.clock()
    written: list[Path] = []
    for position, interchange in enumerate(interchanges):
        trial, _ = build_ack(interchange, now, AckNumbers(1, 1), policy)
        if trial is None:
            continue
        groups = len(trial.group_control_numbers)
        isa = ctx.store.allocate_in(session, profile.id, EnvelopeLevel.ISA)[0]
        gs = ctx.store.allocate_in(session, profile.id, EnvelopeLevel.GS, groups)[0] if groups else 1
        ack, _ = build_ack(interchange, now, AckNumbers(isa, gs), policy)
        assert ack is not None
        kind = policy.kind_for(interchange.groups[0].version) if groups and interchange.groups else "ta1"
        name = f"{kind}-{document_id}" + (f"-{position + 1}" if position else "") + ".x12"
        path = outbox_folder(ctx, profile) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, ack.text)
        written.append(path)
        extra = {"document_id": document_id, "partner": profile.id, "file": name}
        log.info("acknowledgment %s written for interchange %s", name, interchange.control_number, extra=extra)
    return written
