"""The outbound planner groups records by the set each becomes, and writes each by the map the profile names."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from edigate.cli import main
from edigate.pipeline import Context
from edigate.pipeline.outbound import OutboundRefused, send_records
from edigate.records import BusinessRecord, FunctionalAck
from edigate.store import AckStatus
from edigate.x12 import parse
from edigate.x12.guides.catalog import sets_of_group

from .helpers import EXAMPLES, example_records

VENDOR_IN_REF = """[map]
extends = "850.004010"

[[rule]]
id = "vendor"
segment = "REF"
where = { REF01 = "IA" }
into = "parties[+]"
set = { role = "vendor", entity_code = "VN" }
fields = { REF02 = "id", REF03 = "name" }
"""


def _ack(ack_type: str, functional_id: str, group: str) -> FunctionalAck:
    return FunctionalAck.model_validate(
        {
            "record_type": "functional_ack",
            "ack_type": ack_type,
            "functional_id": functional_id,
            "group_control_number": group,
            "group_status": "A",
            "sets_included": 1,
            "sets_received": 1,
            "sets_accepted": 1,
            "set_results": [{"set_id": "850", "control_number": "0001", "status": "A"}],
        }
    )


def _mixed_batch() -> list[BusinessRecord]:
    from edigate.mapping import partner_maps_dir, translate_x12

    data = (EXAMPLES / "850-purchase-order.edi").read_bytes()  # its REF*IA read as the vendor party
    [order] = translate_x12(data, partner_maps=partner_maps_dir("acme-retail"), partner="acme-retail").records
    [invoice] = example_records("810")
    return [order, _ack("997", "PO", "11"), invoice, _ack("999", "IN", "12"), order, _ack("997", "IN", "13")]


def test_a_997_and_a_999_go_in_groups_of_their_own_each_gs01_and_gs08_matching_its_sets(
    ctx: Context, home: Path
) -> None:
    (home / "maps" / "x12").mkdir(parents=True)
    (home / "maps" / "x12" / "850.mixed.toml").write_text(VENDOR_IN_REF)
    result = send_records(ctx, "mixed", _mixed_batch(), source="test")
    outcome = CliRunner().invoke(main, ["validate", str(result.path)])
    assert outcome.exit_code == 0, outcome.output
    [interchange] = parse(result.path.read_bytes()).interchanges
    groups = [
        (g.header.elements[1], g.header.elements[6], g.header.elements[8], [tx.set_id for tx in g.sets])
        for g in interchange.groups
    ]
    assert groups == [
        ("PO", "1", "005010", ["850", "850"]),
        ("FA", "2", "005010", ["997", "997"]),
        ("IN", "3", "005010", ["810"]),
        ("FA", "4", "005010X231", ["999"]),
    ]
    for gs01, _, _, set_ids in groups:
        assert set(set_ids) <= (sets_of_group(gs01) or set())
    assert result.group_control_numbers == ("1", "2", "3", "4")
    assert result.set_control_numbers == ("0001", "0002", "0003", "0004", "0005", "0006")
    waiting = ctx.store.acks(AckStatus.PENDING, "mixed")  # none for the acks' groups
    assert [(a.functional_id, a.group_control_number, a.set_control_numbers) for a in waiting] == [
        ("PO", "1", ["1", "5"]),
        ("IN", "3", ["3"]),
    ]
    # The 850s were written by the map its [[send]] names (850.mixed, in the working folder's maps/x12/: the
    # vendor as REF*IA; the shipped 850 map would write N1*VN).
    text = result.path.read_text()
    assert "REF*IA*VEND-7781~" in text and "N1*VN" not in text


def test_the_planner_names_the_set_a_record_becomes_when_the_partner_does_not_take_it(ctx: Context) -> None:
    with pytest.raises(OutboundRefused, match="X12 999"):  # acme's [[send]] lists 997, not 999
        send_records(ctx, "acme", [_ack("999", "PO", "11")], source="test")
