"""The inbound steps on a real store (SQLite and PostgreSQL): a dropped file ends delivered, rejected with its
reason, or held, and the 997 the partner gets agrees with what was delivered."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from edigate.store import DocumentState
from edigate.x12 import parse

from .home import drop, example, make_home, open_gateway


@pytest.fixture
def home(tmp_path: Path, database_url: str) -> Path:
    return make_home(tmp_path, database_url)


def _run_all(gateway) -> list:
    finished = []
    while (document := gateway.process_next()) is not None:
        finished.append(document)
    return finished


def test_a_good_850_is_delivered_to_the_file_drop_and_acknowledged(home: Path) -> None:
    with open_gateway(home) as gateway:
        path = drop(home, "po.edi", example("850-purchase-order.edi"))
        received = gateway.take_file(path, "acme")
        assert not path.exists() and Path(received.document.spool_path).is_file()
        [document] = _run_all(gateway)
        assert document.state == DocumentState.DELIVERED, document.error
        [record_file] = (home / "erp").rglob("*.json")
        record = json.loads(record_file.read_text())
        assert record["record_type"] == "purchase_order" and record["po_number"]
        [ack] = (home / "outbox" / "acme").glob("997-*.x12")
        segments = {s.tag: s.elements for s in parse(ack.read_bytes()).interchanges[0].groups[0].sets[0].segments}
        assert segments["AK9"][1] == "A"
        assert gateway.store.search(business_key=record["po_number"])[0].id == document.id


def test_an_850_with_errors_is_quarantined_with_its_reason_and_a_rejecting_997(home: Path) -> None:
    with open_gateway(home) as gateway:
        gateway.take_file(drop(home, "bad.edi", example("850-with-errors.edi")), "acme")
        [document] = _run_all(gateway)
        assert document.state == DocumentState.REJECTED
        assert "bad.edi" in document.error and "partner acme" in document.error
        kept = Path(document.spool_path)
        assert kept.is_relative_to(home / "quarantine" / "acme") and kept.is_file()
        assert document.error.splitlines()[0] in kept.with_name(kept.name + ".reason.txt").read_text()
        [ack] = (home / "outbox" / "acme").glob("997-*.x12")
        assert "AK9*R" in ack.read_text()
        assert not list((home / "erp").rglob("*.json"))


def test_a_file_from_someone_else_is_refused_naming_both_identities(home: Path) -> None:
    with open_gateway(home) as gateway:
        gateway.take_file(drop(home, "carrier.edi", example("214-shipment-status.edi")), "acme")
        [document] = _run_all(gateway)
        assert document.state == DocumentState.REJECTED
        assert "FASTFREIGHT" in document.error and "ACMERETAIL" in document.error


def test_the_same_bytes_twice_are_a_reported_duplicate_and_one_delivery(home: Path) -> None:
    data = example("850-purchase-order.edi")
    with open_gateway(home) as gateway:
        gateway.take_file(drop(home, "a.edi", data), "acme")
        second = gateway.take_file(drop(home, "b.edi", data), "acme")
        assert second.is_duplicate and second.document.state == DocumentState.REJECTED
        assert [d.state for d in _run_all(gateway)] == [DocumentState.DELIVERED]
        assert len(list((home / "erp").rglob("*.json"))) == 1


def test_a_resent_interchange_number_is_refused_as_a_duplicate(home: Path) -> None:
    data = example("850-purchase-order.edi")
    with open_gateway(home) as gateway:
        gateway.take_file(drop(home, "a.edi", data), "acme")
        gateway.take_file(drop(home, "b.edi", data.replace(b"\nBEG", b"\n\nBEG", 1) + b"\n"), "acme")
        first, second = _run_all(gateway)
        assert first.state == DocumentState.DELIVERED
        assert second.state == DocumentState.REJECTED and "duplicate interchange" in second.error


def test_an_empty_file_and_garbage_are_rejected_not_raised(home: Path) -> None:
    with open_gateway(home) as gateway:
        gateway.take_file(drop(home, "empty.edi", b""), "acme")
        gateway.take_file(drop(home, "noise.edi", b"\x00\xffhello*world~" * 10), "acme")
        documents = _run_all(gateway)
        assert [d.state for d in documents] == [DocumentState.REJECTED] * 2
        assert "empty" in documents[0].error and "noise.edi" in documents[1].error


def test_a_rejected_file_replays_after_the_partner_profile_is_fixed(home: Path) -> None:
    with open_gateway(home) as gateway:
        gateway.take_file(drop(home, "carrier.edi", example("850-purchase-order.edi")), "acme")
    profile = home / "partners" / "acme.toml"
    profile.write_text(profile.read_text().replace('id = "ACMERETAIL"', 'id = "SOMEONEELSE"'))
    with open_gateway(home) as gateway:
        [rejected] = _run_all(gateway)
        assert rejected.state == DocumentState.REJECTED
    profile.write_text(profile.read_text().replace('id = "SOMEONEELSE"', 'id = "ACMERETAIL"'))
    with open_gateway(home) as gateway:
        replayed = gateway.replay(rejected.id, actor="test")
        assert replayed.state == DocumentState.RECEIVED
        assert not list((home / "quarantine" / "acme").iterdir())
        [done] = _run_all(gateway)
        assert done.id == rejected.id and done.state == DocumentState.DELIVERED
        assert [e.action for e in gateway.store.audit_entries()] == ["replay"]


def test_a_spooled_file_without_its_row_is_recovered_at_start(home: Path) -> None:
    with open_gateway(home) as gateway:
        spool = home / "spool" / "acme" / "in" / "2026-11-24"
        spool.mkdir(parents=True)
        (spool / "0123456789ab-po.edi").write_bytes(example("850-purchase-order.edi"))
        assert gateway.recover_spool() == 1
        assert gateway.recover_spool() == 0
        [document] = _run_all(gateway)
        assert document.file_name == "po.edi" and document.state == DocumentState.DELIVERED


def test_accept_and_report_lets_a_resent_interchange_through_without_a_second_record(tmp_path: Path) -> None:
    home = make_home(tmp_path, partner_extra='\n[validation]\nduplicates = "accept-and-report"\n')
    data = example("850-purchase-order.edi")
    with open_gateway(home) as gateway:
        gateway.take_file(drop(home, "a.edi", data), "acme")
        gateway.take_file(drop(home, "b.edi", data + b"\n"), "acme")  # other bytes, same ISA13
        assert [d.state for d in _run_all(gateway)] == [DocumentState.DELIVERED] * 2
    assert len(list((home / "erp").rglob("*.json"))) == 1  # the same record id: delivered once


def test_warming_up_loads_what_documents_need_and_writes_nothing(tmp_path: Path, database_url: str) -> None:
    """A new worker process runs the shipped examples through validation and the maps before its first document:
    no row, no 997, no record, nothing in the spool."""
    from edigate.mapping.catalog import _load as compiled_maps

    home = make_home(tmp_path, database_url)
    compiled_maps.cache_clear()
    before = sorted(str(p.relative_to(home)) for p in home.rglob("*") if p.is_file())
    with open_gateway(home) as gateway:
        runs = gateway.warm_up()
        assert runs == len(gateway.context.partners) * len(list(example_files()))
        assert gateway.store.state_counts() == {state: 0 for state in gateway.store.state_counts()}
    assert compiled_maps.cache_info().currsize > 0, "the maps are compiled and cached for the first document"
    after = sorted(str(p.relative_to(home)) for p in home.rglob("*") if p.is_file())
    assert [name for name in after if name not in before and "edigate.db" not in name] == []


def example_files() -> list[Path]:
    from importlib import resources

    return [Path(str(p)) for p in (resources.files("edigate") / "examples").iterdir() if p.name.endswith(".edi")]
