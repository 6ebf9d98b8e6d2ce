"""The scheduled jobs: what the daemon registers, run by a real APScheduler against the real sshd."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

from edigate.partners import load_profiles
from edigate.transports.sftp_client import PUSH_CHECK_SECONDS, jobs, load_state
from edigate.transports.sftp_client.state import partner_lock

from .conftest import PARTNER, Home


def _wait_for(path: Path, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists():
            return True
        time.sleep(0.05)
    return False


def test_jobs_poll_every_poll_seconds_and_push_every_few_seconds(home: Home) -> None:
    home.write_profile(
        inbound=f"inbound = {home.channel(poll_seconds=1)}", outbound=f"outbound = {home.channel(folder='out')}"
    )
    found = jobs(home.config, load_profiles(home.config.partners_dir))
    assert [(seconds, job_id) for _, seconds, job_id in found] == [
        (1.0, f"sftp-pull:{PARTNER}"),
        (float(PUSH_CHECK_SECONDS), f"sftp-push:{PARTNER}"),
    ]
    outbox = home.config.outbox(PARTNER)
    outbox.mkdir(parents=True)
    (outbox / "810-7.x12").write_bytes(b"ISA*out~")
    (home.remote / "in" / "850-7.edi").write_bytes(b"ISA*in~")
    scheduler = BackgroundScheduler()
    for func, seconds, job_id in found:
        scheduler.add_job(func, "interval", seconds=min(seconds, 1.0), id=job_id, max_instances=1)
    scheduler.start()
    try:
        assert _wait_for(home.config.inbox(PARTNER) / "850-7.edi", 10)
        assert _wait_for(home.remote / "out" / "810-7.x12", 10)
    finally:
        scheduler.shutdown()
    assert (outbox / "sent" / "810-7.x12").exists()


def test_a_disabled_or_folder_partner_has_no_job(home: Home) -> None:
    home.write_profile()
    assert jobs(home.config, load_profiles(home.config.partners_dir)) == []
    home.profile_path().write_text(f"enabled = false\ninbound = {home.channel()}\n")
    assert jobs(home.config, load_profiles(home.config.partners_dir)) == []


def test_a_job_never_raises_and_skips_a_partner_busy_elsewhere(home: Home) -> None:
    (home.remote / "in" / "a.edi").write_bytes(b"x")
    [(pull, _, _)] = jobs(home.config, load_profiles(home.config.partners_dir))
    with partner_lock(home.config, PARTNER, "pull"):  # as if `edigate partner poll` were running
        pull()
    assert (home.remote / "in" / "a.edi").exists()
    pull()
    assert not (home.remote / "in" / "a.edi").exists()


def test_a_job_without_a_secret_key_records_the_reason(home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EDIGATE_SECRET_KEY")
    [(pull, _, _)] = jobs(home.config, load_profiles(home.config.partners_dir))
    pull()
    state = load_state(home.config, PARTNER).pull
    assert state.failures == 1 and "secret key" in (state.last_error or "")


def test_the_push_job_honours_the_backoff(home: Home) -> None:
    retry = {"initial_delay_seconds": 3600, "max_delay_seconds": 3600}
    home.write_profile(outbound=f"outbound = {home.channel(folder='absent', retry=retry)}")
    outbox = home.config.outbox(PARTNER)
    outbox.mkdir(parents=True)
    (outbox / "810-1.x12").write_bytes(b"x")
    [(push, _, _)] = jobs(home.config, load_profiles(home.config.partners_dir))
    push()
    first = load_state(home.config, PARTNER).push
    push()
    second = load_state(home.config, PARTNER).push
    assert first.failures == 1 and (first.next_try_at or "") > (first.last_error_at or "")
    assert second == first  # not tried again before its next try


def test_two_polls_at_once_fetch_each_file_once(home: Home) -> None:
    for n in range(20):
        (home.remote / "in" / f"850-{n}.edi").write_bytes(b"ISA*%d~" % n)
    [(pull, _, _)] = jobs(home.config, load_profiles(home.config.partners_dir))
    threads = [threading.Thread(target=pull) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    pull()  # whichever was skipped as busy
    inbox = home.config.inbox(PARTNER)
    assert sorted(p.name for p in inbox.iterdir()) == sorted(f"850-{n}.edi" for n in range(20))
    assert list((home.remote / "in").iterdir()) == []


def _set_when_partial(stopping: threading.Event, part: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not (part.exists() and part.stat().st_size > 1024 * 1024):
        time.sleep(0.005)
    stopping.set()


def test_a_stop_abandons_a_large_download_at_once_and_counts_no_failure(home: Home) -> None:
    data = os.urandom(1024 * 1024) * 48
    (home.remote / "in" / "big.edi").write_bytes(data)
    stopping = threading.Event()
    [(pull, _, _)] = jobs(home.config, load_profiles(home.config.partners_dir), stopping)
    setter = threading.Thread(
        target=_set_when_partial, args=(stopping, home.config.inbox(PARTNER) / ".edigate-pull-big.edi.part")
    )
    setter.start()
    pull()
    setter.join()
    assert list(home.config.inbox(PARTNER).iterdir()) == []
    assert (home.remote / "in" / "big.edi").stat().st_size == len(data)
    assert load_state(home.config, PARTNER).pull.failures == 0


def test_a_stop_abandons_a_large_upload_leaving_it_in_the_outbox(home: Home) -> None:
    home.write_profile(outbound=f"outbound = {home.channel(folder='out')}")
    outbox = home.config.outbox(PARTNER)
    outbox.mkdir(parents=True)
    (outbox / "810-big.x12").write_bytes(os.urandom(1024 * 1024) * 48)
    stopping = threading.Event()
    [(push, _, _)] = jobs(home.config, load_profiles(home.config.partners_dir), stopping)
    setter = threading.Thread(target=_set_when_partial, args=(stopping, home.remote / "out" / "810-big.x12.part"))
    setter.start()
    push()
    setter.join()
    assert list((home.remote / "out").iterdir()) == []  # the temp file was removed, nothing under the final name
    assert [p.name for p in outbox.iterdir() if p.is_file()] == ["810-big.x12"]
    assert load_state(home.config, PARTNER).push.failures == 0
