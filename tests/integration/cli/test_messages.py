"""`edigate messages list|show|search` over documents the real pipeline processed, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from edigate.store import DocumentState

from ..pipeline.home import example
from .conftest import edigate, ingest


def _ids(result_stdout: str) -> list[int]:
    return [row["id"] for row in json.loads(result_stdout)]


def test_list_filters_by_partner_state_set_direction_and_date(home: Path) -> None:
    good, bad = ingest(home, "850-purchase-order.edi", "850-with-errors.edi")
    assert (good.state, bad.state) == (DocumentState.DELIVERED, DocumentState.REJECTED)
    table = edigate(home, "messages", "list")
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert lines[0].split()[:5] == ["ID", "DIR", "PARTNER", "SETS", "STATE"]
    assert all(len(line) <= 120 for line in lines)
    assert len(lines) == 3
    cases = {
        (): [bad.id, good.id],
        ("--state", "rejected"): [bad.id],
        ("--partner", "acme", "--set", "850", "--state", "delivered"): [good.id],
        ("--partner", "someone-else"): [],
        ("--set", "856"): [],
        ("--direction", "out"): [],
        ("--since", "2000-01-01", "--until", "2999-12-31"): [bad.id, good.id],
        ("--until", "2000-01-01"): [],
        ("--limit", "1"): [bad.id],
    }
    for options, expected in cases.items():
        result = edigate(home, "messages", "list", *options, "--json")
        assert result.exit_code == 0, (options, result.output)
        assert _ids(result.stdout) == expected, options
    assert json.loads(edigate(home, "messages", "list", "--json").stdout)[1]["sets"] == ["850"]


def test_a_bad_date_or_state_is_a_usage_error(home: Path) -> None:
    assert edigate(home, "messages", "list", "--since", "2026-13-01").exit_code == 2
    assert edigate(home, "messages", "list", "--state", "lost").exit_code == 2


def test_show_tells_envelopes_keys_deliveries_and_where_the_bytes_are(home: Path) -> None:
    (good,) = ingest(home, "850-purchase-order.edi")
    result = edigate(home, "messages", "show", str(good.id), "--json")
    assert result.exit_code == 0, result.output
    detail = json.loads(result.stdout)
    assert detail["state"] == "delivered" and detail["partner"] == "acme"
    (interchange,) = detail["envelopes"]
    assert interchange["control_number"] == "000001001"
    assert interchange["sender"] == "ZZ/ACMERETAIL"
    (group,) = interchange["groups"]
    (item,) = group["sets"]
    assert (group["control_number"], item["set_id"], item["control_number"]) == ("1001", "850", "0001")
    assert {"kind": "po", "value": "PO-45001"} in item["keys"]
    (delivery,) = detail["deliveries"]
    assert delivery["state"] == "delivered" and delivery["attempts"] == 1
    assert detail["kept"]["exists"] and not detail["kept"]["quarantined"]
    text = edigate(home, "messages", "show", str(good.id))
    assert "ISA13 000001001" in text.stdout and "po PO-45001" in text.stdout and "spool" in text.stdout
    deliveries = text.stdout.split("deliveries:\n", 1)[1].splitlines()  # the table; paths above are printed whole
    assert deliveries[0].startswith("ID") and all(len(line) <= 120 for line in deliveries)


def test_show_of_a_rejected_document_names_the_quarantine_and_its_reason(home: Path) -> None:
    (bad,) = ingest(home, "850-with-errors.edi")
    text = edigate(home, "messages", "show", str(bad.id))
    assert text.exit_code == 0
    assert "quarantine" in text.stdout and "reason file" in text.stdout and "error" in text.stdout
    raw = edigate(home, "messages", "show", str(bad.id), "--raw")
    assert raw.stdout_bytes == example("850-with-errors.edi")


def test_show_of_an_unknown_document_exits_1(home: Path) -> None:
    result = edigate(home, "messages", "show", "999999")
    assert result.exit_code == 1
    assert "no document 999999" in result.stderr


def test_search_by_business_key_and_control_number(home: Path) -> None:
    good, bad = ingest(home, "850-purchase-order.edi", "850-with-errors.edi")
    by_po = edigate(home, "messages", "search", "PO-45001", "--json")
    assert _ids(by_po.stdout) == [good.id]
    assert _ids(edigate(home, "messages", "search", "PO-45001", "--kind", "invoice", "--json").stdout) == []
    by_isa = edigate(home, "messages", "search", "1001", "--json")
    assert good.id in _ids(by_isa.stdout)
    assert _ids(edigate(home, "messages", "search", "424242", "--json").stdout) == []
    assert "no documents match" in edigate(home, "messages", "search", "nothing-like-this").stdout
    assert edigate(home, "messages", "search", "  ").exit_code == 2
    assert bad.state == DocumentState.REJECTED
