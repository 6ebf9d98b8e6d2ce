"""`edigate replay`: a rejected document comes through once its cause is fixed; refusals are listed with
their reasons and exit 1."""

from __future__ import annotations

from pathlib import Path

from edigate.store import DocumentState

from ..pipeline.home import example, open_gateway
from .conftest import edigate, ingest


def _wrong_sender(home: Path) -> str:
    """Make the profile expect another ISA sender (the examples' 850s are refused); the good text returned."""
    profile = home / "partners" / "acme.toml"
    good = profile.read_text()
    profile.write_text(good.replace('id = "ACMERETAIL"', 'id = "SOMEONEELSE"'))
    return good


def test_a_fixed_rejection_replayed_now_is_delivered_and_audited(home: Path) -> None:
    good = _wrong_sender(home)
    (document,) = ingest(home, "850-purchase-order.edi")
    assert document.state == DocumentState.REJECTED and "SOMEONEELSE" in (document.error or "")
    (home / "partners" / "acme.toml").write_text(good)
    result = edigate(home, "replay", str(document.id), "--now")
    assert result.exit_code == 0, result.output
    assert f"document {document.id}: replayed" in result.stdout
    assert f"document {document.id}: delivered" in result.stdout
    assert len(list((home / "erp").rglob("*.json"))) == 1
    gateway = open_gateway(home)
    try:
        assert gateway.store.document(document.id).state == DocumentState.DELIVERED
        (entry,) = gateway.store.audit_entries(action="replay")
        assert entry.target == f"document:{document.id}" and entry.actor
    finally:
        gateway.close()


def test_without_now_the_document_waits_for_the_daemon(home: Path) -> None:
    (bad,) = ingest(home, "850-with-errors.edi")
    result = edigate(home, "replay", str(bad.id))
    assert result.exit_code == 0, result.output
    listed = edigate(home, "messages", "list", "--state", "received", "--json")
    assert f'"id": {bad.id}' in listed.stdout


def test_what_cannot_be_replayed_is_reported_and_exits_1(home: Path) -> None:
    good, bad = ingest(home, "850-purchase-order.edi", "850-with-errors.edi")
    result = edigate(home, "replay", str(good.id), "424242", str(bad.id))
    assert result.exit_code == 1
    assert f"document {good.id} is delivered" in result.stderr
    assert "424242" in result.stderr
    assert f"document {bad.id}: replayed" in result.stdout
    assert "1 replayed, 2 could not be" in result.stdout


def test_all_rejected_of_a_partner_with_a_progress_bar(home: Path) -> None:
    original = example("850-with-errors.edi")
    variants = [original.replace(b"000001002", f"{900 + i:09d}".encode()) for i in range(6)]
    documents = ingest(home, *["850-with-errors.edi"] * 7, data=[*variants, variants[0]])
    assert all(d.state == DocumentState.REJECTED for d in documents)
    assert documents[-1].duplicate_of == documents[0].id  # left out: it replays through its original
    assert edigate(home, "replay", "--all-rejected", "--partner", "nobody").stdout.startswith("nothing to replay")
    result = edigate(home, "replay", "--all-rejected", "--partner", "acme")
    assert result.exit_code == 0, result.output
    assert "6 replayed, 0 could not be" in result.stdout
    assert "replaying" in result.stderr  # click's progress bar


def test_replay_needs_ids_or_all_rejected(home: Path) -> None:
    assert edigate(home, "replay").exit_code == 2
    assert edigate(home, "replay", "1", "--partner", "acme").exit_code == 2
    assert edigate(home, "replay", "not-a-number").exit_code == 2
