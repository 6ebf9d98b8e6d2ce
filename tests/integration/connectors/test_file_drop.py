"""The file-drop connector on a real folder: atomic writes, idempotent names, crash leftovers ignored and cleaned."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from edigate.connectors import FileDrop, Result, clean_temp_files, is_temp_file, open_connector
from edigate.partners import Profile
from edigate.records import PurchaseOrder, parse_record


def test_a_record_becomes_one_json_file_named_by_type_and_id(tmp_path: Path, order: PurchaseOrder) -> None:
    drop = FileDrop(tmp_path / "erp")
    outcome = drop.deliver(order, attempt=1)
    assert outcome.result is Result.DELIVERED
    (written,) = (tmp_path / "erp").iterdir()
    assert written.name == order.record_id.replace(":", "-") + ".json"
    assert written.name.startswith("purchase_order-")
    assert parse_record(json.loads(written.read_text())) == order
    assert outcome.response == str(written)


def test_redelivery_rewrites_the_same_file(tmp_path: Path, order: PurchaseOrder) -> None:
    drop = FileDrop(tmp_path)
    for attempt in (1, 2, 3):
        assert drop.deliver(order, attempt=attempt).ok
    assert len(list(tmp_path.iterdir())) == 1


def test_csv_format_uses_the_edigate_layout(tmp_path: Path) -> None:
    order = PurchaseOrder(po_number="PO-9", lines=[{"line_number": "1", "quantity": {"value": "2", "unit": "EA"}}])
    drop = FileDrop(tmp_path, "csv")
    assert drop.deliver(order, attempt=1).ok
    (written,) = tmp_path.iterdir()
    assert written.suffix == ".csv" and "PO-9" in written.read_text()


def test_a_crash_before_the_rename_leaves_only_a_hidden_temp_file(
    tmp_path: Path, order: PurchaseOrder, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen_during_write: list[list[str]] = []

    def crash(src: str, dst: str) -> None:
        seen_during_write.append(sorted(p.name for p in tmp_path.iterdir()))
        raise KeyboardInterrupt  # the process dies between fsync and rename

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        FileDrop(tmp_path).deliver(order, attempt=1)
    (names,) = seen_during_write
    assert len(names) == 1 and is_temp_file(tmp_path / names[0])  # only the temp, never the final name
    assert not (tmp_path / FileDrop(tmp_path).path_for(order).name).exists()


def test_temp_files_left_by_a_kill_are_cleaned_when_old(tmp_path: Path, order: PurchaseOrder) -> None:
    stale = tmp_path / ".edigate-abc123.tmp"
    young = tmp_path / ".edigate-def456.tmp"
    for path in (stale, young):
        path.write_bytes(b'{"po_num')
    old = time.time() - 3600
    os.utime(stale, (old, old))
    FileDrop(tmp_path).deliver(order, attempt=1)  # opening the folder cleans what a crash left
    assert not stale.exists() and young.exists()
    assert clean_temp_files(tmp_path, older_than_seconds=0) == [young] or not young.exists()
    assert [p for p in tmp_path.iterdir() if is_temp_file(p)] == []


def test_an_unwritable_folder_is_retried(tmp_path: Path, order: PurchaseOrder) -> None:
    blocker = tmp_path / "erp"
    blocker.write_text("a file where the folder should be")
    outcome = FileDrop(blocker).deliver(order, attempt=1)
    assert outcome.result is Result.RETRY and outcome.retry_at is not None


def test_a_record_type_without_csv_layout_fails(tmp_path: Path) -> None:
    from edigate.records import LoadTender

    tender = LoadTender.model_validate({"shipment_id": "S1"})
    outcome = FileDrop(tmp_path, "csv").deliver(tender, attempt=1)
    assert outcome.result is Result.FAILED and "load_tender" in outcome.response


def test_a_profile_without_connectors_drops_files_under_home_erp(tmp_path: Path, order: PurchaseOrder) -> None:
    profile = Profile(id="acme")
    connector = open_connector(profile, "purchase_order", home=tmp_path, secrets=None)
    assert connector.deliver(order, attempt=1).ok
    assert len(list((tmp_path / "erp").glob("purchase_order-*.json"))) == 1
    connector.close()
