"""`edigate acks overdue|list`: the acknowledgments partners owe us, for people and monitoring checks."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..pipeline.home import open_gateway
from .conftest import edigate


def _expect(home: Path, partner: str, group: str, due_in: timedelta) -> None:
    gateway = open_gateway(home)
    try:
        gateway.store.expect_ack(
            partner=partner,
            interchange_control_number=group.zfill(9),
            functional_id="SH",
            group_control_number=group,
            set_control_numbers=["0001", "0002"],
            due_at=datetime.now(UTC) + due_in,
        )
    finally:
        gateway.close()


def test_overdue_exits_1_only_when_some_ack_is_late(home: Path) -> None:
    _expect(home, "acme", "11", timedelta(hours=5))
    quiet = edigate(home, "acks", "overdue")
    assert quiet.exit_code == 0 and "no overdue" in quiet.stdout
    _expect(home, "acme", "12", -timedelta(minutes=1))
    late = edigate(home, "acks", "overdue")
    assert late.exit_code == 1
    lines = late.stdout.splitlines()
    assert lines[0].split()[:3] == ["PARTNER", "DOC", "ISA13"]
    assert len(lines) == 2 and " 12 " in lines[1] and "overdue" in lines[1]
    assert json.loads(edigate(home, "acks", "overdue", "--json").stdout)[0]["group_control_number"] == "12"
    other = edigate(home, "acks", "overdue", "--partner", "somebody")
    assert other.exit_code == 0


def test_list_by_status(home: Path) -> None:
    _expect(home, "acme", "21", timedelta(hours=5))
    _expect(home, "acme", "22", -timedelta(minutes=1))
    every = json.loads(edigate(home, "acks", "list", "--json").stdout)
    assert {(a["group_control_number"], a["status"]) for a in every} == {("21", "pending"), ("22", "overdue")}
    pending = json.loads(edigate(home, "acks", "list", "--status", "pending", "--json").stdout)
    assert [a["group_control_number"] for a in pending] == ["21"]
    both = edigate(home, "acks", "list", "--status", "pending", "--status", "overdue")
    assert both.exit_code == 0 and len(both.stdout.splitlines()) == 3
    assert "no acknowledgments match" in edigate(home, "acks", "list", "--status", "rejected").stdout
    assert edigate(home, "acks", "list", "--status", "lost").exit_code == 2
