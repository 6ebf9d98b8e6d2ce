"""The outbound room through the lead's Gateway, end to end: records sent to a partner, the partner's own
translator's 997 for that file dropped into the inbox and processed, and the expected ack settled by it."""

from __future__ import annotations

from pathlib import Path

import pytest

from edigate.store import AckStatus
from edigate.x12 import validate
from edigate.x12.acks import AckEnvelope, AckNumbers, AckPolicy, build_acks

from ..home import drop, make_home, open_gateway
from .helpers import example_records


@pytest.fixture
def home(tmp_path: Path, database_url: str) -> Path:
    return make_home(tmp_path, database_url)


def test_sent_file_acknowledged_by_the_partner_settles_through_the_inbound_pipeline(home: Path) -> None:
    with open_gateway(home) as gateway:
        sent = gateway.send("acme", example_records("810"))
        assert sent.path == home / "outbox" / "acme" / "810-000000001.x12"
        [waiting] = gateway.store.acks(AckStatus.PENDING, "acme")
        theirs = validate(sent.path.read_bytes(), keep_segments=True)
        policy = AckPolicy(kind="997", level="set", ta1="never")
        batch = build_acks(theirs.interchanges, waiting.created_at, AckNumbers(321, 321), policy, AckEnvelope())
        gateway.take_file(drop(home, "their-997.edi", batch.acks[0].text.encode()), "acme")
        while gateway.process_next() is not None:
            pass
        [settled] = gateway.store.acks(AckStatus.ACCEPTED, "acme")
        assert (settled.id, settled.group_control_number) == (waiting.id, "1")
        assert gateway.check_overdue_acks() == []
        pending = home / "outbox" / "acme" / "pending"
        pending.mkdir()
        (pending / "asn.json").write_text(example_records("856")[0].model_dump_json())
        taken = gateway.take_pending(pending / "asn.json", "acme")
        assert taken.path.name == "856-000000002.x12" and not (pending / "asn.json").exists()
        assert gateway.resume_outbound() == 0
