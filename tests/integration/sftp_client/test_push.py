"""Push to a real OpenSSH sshd: outbox files appear on the server only under their final name, whole."""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from edigate.transports.sftp_client import load_state, push_pending, transfer_status

from .conftest import PARTNER, Home


def _outbox(home: Home) -> Path:
    folder = home.config.outbox(PARTNER)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


def _push_profile(home: Home, folder: str = "out", **extra: object) -> None:
    home.write_profile(outbound=f"outbound = {home.channel(folder=folder, **extra)}")


def test_push_uploads_every_outbox_file_and_moves_it_to_sent(home: Home) -> None:
    _push_profile(home)
    outbox = _outbox(home)
    (outbox / "810-000000001.x12").write_bytes(b"ISA*invoice~")
    (outbox / "856-000000002.x12").write_bytes(b"ISA*ship notice~")
    (outbox / ".edigate-half.tmp").write_bytes(b"not finished")
    (outbox / "pending").mkdir()
    (outbox / "pending" / "order.json").write_text("{}")
    result = push_pending(home.profile(), home.config, home.secrets)
    assert result.ok, result.problems
    assert sorted(result.files) == ["810-000000001.x12", "856-000000002.x12"]
    assert (home.remote / "out" / "810-000000001.x12").read_bytes() == b"ISA*invoice~"
    assert _names(home.remote / "out") == ["810-000000001.x12", "856-000000002.x12"]  # no .part left
    assert _names(outbox) == [".edigate-half.tmp"]
    assert _names(outbox / "sent") == ["810-000000001.x12", "856-000000002.x12"]
    assert _names(outbox / "pending") == ["order.json"]


def test_an_empty_outbox_does_not_connect(home: Home) -> None:
    home.write_profile(outbound=f"outbound = {home.channel(folder='out', port=1)}")  # nothing listens there
    result = push_pending(home.profile(), home.config, home.secrets)
    assert result.ok and result.files == []
    assert load_state(home.config, PARTNER).push.failures == 0


def test_upload_path_and_no_temp_name_for_partners_that_forbid_renames(home: Home) -> None:
    upload = home.remote / "upload-here"
    upload.mkdir()
    _push_profile(home, upload_path=str(upload), temp_upload="none")
    (_outbox(home) / "810-1.x12").write_bytes(b"ISA*direct~")
    result = push_pending(home.profile(), home.config, home.secrets)
    assert result.ok, result.problems
    assert _names(upload) == ["810-1.x12"] and _names(home.remote / "out") == []


def test_an_interrupted_push_leaves_no_partial_file_under_the_final_name(home: Home) -> None:
    _push_profile(home)
    data = os.urandom(1024 * 1024) * 48
    (_outbox(home) / "810-big.x12").write_bytes(data)
    final, part = home.remote / "out" / "810-big.x12", home.remote / "out" / "810-big.x12.part"
    seen_final = []
    cut = threading.Thread(target=_cut_when_partial, args=(home, part, final, seen_final))
    cut.start()
    first = push_pending(home.profile(), home.config, home.secrets)
    cut.join()
    assert not first.ok and first.files == []
    assert not final.exists() and seen_final == [False]
    assert _names(_outbox(home)) == ["810-big.x12"]  # still waiting locally
    second = push_pending(home.profile(), home.config, home.secrets)
    assert second.ok, second.problems
    assert final.read_bytes() == data and not part.exists()


def _cut_when_partial(home: Home, part: Path, final: Path, seen_final: list[bool]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if part.exists() and part.stat().st_size > 1024 * 1024:
            home.sshd.drop_connections()
            seen_final.append(final.exists())
            return
        time.sleep(0.005)


def test_failures_back_off_and_show_in_the_status(home: Home) -> None:
    _push_profile(home, folder="missing", retry={"initial_delay_seconds": 60, "max_delay_seconds": 600})
    (_outbox(home) / "810-1.x12").write_bytes(b"ISA*x~")
    start = datetime.now(UTC)
    first = push_pending(home.profile(), home.config, home.secrets, force=False)
    assert not first.ok and "missing" in first.problems[0]
    state = load_state(home.config, PARTNER).push
    assert state.failures == 1 and start <= datetime.fromisoformat(state.next_try_at or "") <= start + timedelta(
        seconds=61
    )
    skipped = push_pending(home.profile(), home.config, home.secrets, force=False, clock=lambda: start)
    if datetime.fromisoformat(state.next_try_at or "") > start:
        assert skipped.skipped and skipped.waiting == ["810-1.x12"]
        assert load_state(home.config, PARTNER).push.failures == 1  # not tried: no new failure
    later = start + timedelta(hours=1)
    push_pending(home.profile(), home.config, home.secrets, force=False, clock=lambda: later)
    second = load_state(home.config, PARTNER).push
    assert second.failures == 2 and datetime.fromisoformat(second.next_try_at or "") <= later + timedelta(seconds=120)
    [status] = transfer_status(home.config)
    assert status.direction == "push" and status.failures == 2 and status.waiting == 1
    assert "FAILING x2" in status.line() and "missing" in status.line()
    _push_profile(home)  # the partner created the folder (here: the profile is fixed)
    assert push_pending(home.profile(), home.config, home.secrets).ok
    [status] = transfer_status(home.config)
    assert status.failures == 0 and status.waiting == 0 and status.transferred == 1 and "ok" in status.line()
