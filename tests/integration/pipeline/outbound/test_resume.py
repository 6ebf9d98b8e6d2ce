"""A send stopped at every step between its parts: before the commit nothing is left (the numbers go back), after
it `resume_outbound` finishes the document, and the outbox file exists exactly once under its name."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest

from edigate.pipeline import Context, outbound
from edigate.pipeline.outbound import resume_outbound, send_records
from edigate.store import DocumentState, EnvelopeLevel
from edigate.store import outbound as store_outbound

from ...fake_clock import FakeClock
from . import workers
from .helpers import example_records, make_context, outbox_files

BEFORE_COMMIT = ("allocated", "rendered", "spooled")
AFTER_COMMIT = ("recorded", "written")


class Crash(Exception):
    """Stands for the process dying at a step (a real kill -9 is tested below too)."""


def _crash_at(monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    def crash(reached: str) -> None:
        if reached == step:
            raise Crash(step)

    monkeypatch.setattr(outbound, "checkpoint", crash)


def _counters(ctx: Context) -> list[int]:
    return [ctx.store.last_control_number("acme", level) for level in EnvelopeLevel]


@pytest.mark.parametrize("step", BEFORE_COMMIT)
def test_a_stop_before_the_commit_leaves_nothing_and_spends_no_number(
    ctx: Context, home: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    _crash_at(monkeypatch, step)
    with pytest.raises(Crash):
        send_records(ctx, "acme", example_records("810"), source="test")
    monkeypatch.undo()
    assert _counters(ctx) == [0, 0, 0] and ctx.store.search(direction="out") == []
    assert not list(ctx.spool_dir.rglob("*.x12")) and outbox_files(home, "acme") == []
    assert resume_outbound(ctx) == 0
    assert send_records(ctx, "acme", example_records("810"), source="test").interchange_control_number == "000000001"


@pytest.mark.parametrize("step", AFTER_COMMIT)
def test_a_stop_after_the_commit_is_finished_by_resume_with_one_outbox_file(
    ctx: Context, home: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    _crash_at(monkeypatch, step)
    with pytest.raises(Crash):
        send_records(ctx, "acme", example_records("810"), source="test")
    monkeypatch.undo()
    [document] = ctx.store.search(direction="out")
    assert document.state == DocumentState.MAPPED and document.claimed_by is None  # released on the way out
    written_before = [p.stat().st_ino for p in outbox_files(home, "acme")]
    assert resume_outbound(ctx) == 1
    [path] = outbox_files(home, "acme")
    assert path.name == "810-000000001.x12" and path.read_bytes() == Path(document.spool_path).read_bytes()
    if written_before:  # the file was already there: not written a second time
        assert written_before == [path.stat().st_ino]
    assert ctx.store.document(document.id).state == DocumentState.DELIVERED
    assert resume_outbound(ctx) == 0 and outbox_files(home, "acme") == [path]
    assert send_records(ctx, "acme", example_records("810"), source="test").interchange_control_number == "000000002"


def test_a_file_already_transferred_to_sent_is_not_written_again(
    ctx: Context, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _crash_at(monkeypatch, "written")
    with pytest.raises(Crash):
        send_records(ctx, "zenith", example_records("850"), source="test")
    monkeypatch.undo()
    [path] = outbox_files(home, "zenith")
    (path.parent / "sent").mkdir()
    path.rename(path.parent / "sent" / path.name)  # the SFTP push job took it before the stop was noticed
    assert resume_outbound(ctx) == 1
    assert outbox_files(home, "zenith") == [] and (path.parent / "sent" / path.name).is_file()


def test_a_document_held_by_a_live_worker_waits_for_its_lease(
    ctx: Context, home: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    _crash_at(monkeypatch, "recorded")
    with pytest.raises(Crash):
        send_records(ctx, "acme", example_records("810"), source="test")
    monkeypatch.undo()
    [document] = ctx.store.search(direction="out")
    with ctx.store.write() as session:  # another daemon (another host) is finishing it right now
        assert store_outbound.claim_unfinished(session, clock(), document.id, "elsewhere:1", outbound.OUTBOUND_LEASE)
    assert resume_outbound(ctx) == 0 and outbox_files(home, "acme") == []
    clock.advance(minutes=3)  # its lease ran out: it stopped too
    assert resume_outbound(ctx) == 1 and len(outbox_files(home, "acme")) == 1


def test_a_lost_spool_file_fails_the_document_with_the_reason(
    ctx: Context, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _crash_at(monkeypatch, "recorded")
    with pytest.raises(Crash):
        send_records(ctx, "acme", example_records("810"), source="test")
    monkeypatch.undo()
    [document] = ctx.store.search(direction="out")
    Path(document.spool_path).unlink()
    assert resume_outbound(ctx) == 0
    failed = ctx.store.document(document.id)
    assert failed.state == DocumentState.FAILED and "cannot be finished" in (failed.error or "")
    assert outbox_files(home, "acme") == []


def test_old_spool_files_without_a_row_are_removed_young_ones_kept(ctx: Context) -> None:
    folder = ctx.spool_dir / "acme" / "out" / "2026-03-01"
    folder.mkdir(parents=True)
    old, young = folder / "810-000000007.x12", folder / "810-000000008.x12"
    old.write_bytes(b"ISA...")
    young.write_bytes(b"ISA...")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    assert resume_outbound(ctx) == 0
    assert not old.exists() and young.exists()


@pytest.mark.parametrize(("step", "finished"), [("spooled", 0), ("recorded", 1)])
def test_kill_9_mid_send_then_resume(ctx: Context, home: Path, step: str, finished: int) -> None:
    """A real process killed at a step: its claim names a pid that is gone, so resume takes it up at once."""
    child = multiprocessing.get_context("spawn").Process(target=workers.die_at, args=(str(home), step))
    child.start()
    child.join(timeout=60)
    assert child.exitcode == -signal.SIGKILL
    resumer = make_context(home, ctx.clock, worker_id="resumer:1")
    try:
        assert resume_outbound(resumer) == finished
        result = send_records(resumer, "acme", example_records("810"), source="test")
    finally:
        resumer.store.close()
    names = [p.name for p in outbox_files(home, "acme")]
    assert names == (["810-000000001.x12"] if step == "spooled" else ["810-000000001.x12", "810-000000002.x12"])
    assert result.path.name == names[-1]


def test_an_outbox_that_cannot_be_written_is_retried_by_resume_not_by_the_caller(ctx: Context, home: Path) -> None:
    outbox = home / "outbox" / "acme"
    for path in outbox.rglob("*"):
        path.rmdir()
    outbox.rmdir()
    outbox.write_text("not a folder")  # any OSError on the outbox side: a full disk, a folder taken away
    result = send_records(ctx, "acme", example_records("810"), source="test")  # recorded: no retry into a copy
    document = ctx.store.document(result.document_id)
    assert (document.state, document.claimed_by) == (DocumentState.MAPPED, None)
    assert resume_outbound(ctx) == 0 and ctx.store.document(result.document_id).state == DocumentState.MAPPED
    outbox.unlink()
    assert resume_outbound(ctx) == 1
    assert outbox_files(home, "acme") == [result.path] and result.path.name == "810-000000001.x12"
