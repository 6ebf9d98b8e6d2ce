"""Pull from a real OpenSSH sshd: each complete remote file lands in inbox/<partner>/ once and whole."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from edigate.transports.sftp_client import load_state, poll

from .conftest import PARTNER, Home, PasswordUser


def _inbox(home: Home) -> Path:
    return home.config.inbox(PARTNER)


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


def test_pull_with_a_key_fetches_every_file_and_deletes_it_remotely(home: Home) -> None:
    (home.remote / "in" / "a.edi").write_bytes(b"ISA*first~")
    (home.remote / "in" / "b.edi").write_bytes(b"ISA*second~")
    result = poll(home.profile(), home.config, home.secrets)
    assert result.ok, result.problems
    assert sorted(result.files) == ["a.edi", "b.edi"]
    assert (_inbox(home) / "b.edi").read_bytes() == b"ISA*second~"
    assert _names(home.remote / "in") == []
    state = load_state(home.config, PARTNER)
    assert state.pull.failures == 0 and state.pull.transferred == 2 and state.fetched == {}


def test_pull_with_a_password(home: Home, password_user: PasswordUser) -> None:
    remote = password_user.home / "in"
    remote.mkdir(exist_ok=True)
    os.chown(remote, *_owner(password_user.home))
    (remote / "po.edi").write_bytes(b"ISA*by password~")
    os.chown(remote / "po.edi", *_owner(password_user.home))
    home.secrets.set(PARTNER, "sftp-password", password_user.password)
    channel = home.channel(auth="password", username=password_user.name, remote_path=str(remote))
    home.write_profile(inbound=f"inbound = {channel}")
    result = poll(home.profile(), home.config, home.secrets)
    assert result.ok, result.problems
    assert (_inbox(home) / "po.edi").read_bytes() == b"ISA*by password~"
    assert not (remote / "po.edi").exists()


def _owner(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_uid, info.st_gid


def test_a_wrong_password_is_refused_and_recorded(home: Home, password_user: PasswordUser) -> None:
    home.secrets.set(PARTNER, "sftp-password", "not-the-password")
    home.write_profile(inbound=f"inbound = {home.channel(auth='password', username=password_user.name)}")
    (home.remote / "in" / "a.edi").write_bytes(b"x")
    result = poll(home.profile(), home.config, home.secrets)
    assert not result.ok
    assert "authentication refused" in result.problems[0] and password_user.name in result.problems[0]
    assert (home.remote / "in" / "a.edi").exists()


def test_only_files_matching_the_patterns_are_fetched(home: Home) -> None:
    for name in ("order.edi", "ORDER.X12", "readme.txt", ".hidden.edi", "upload.edi.part"):
        (home.remote / "in" / name).write_bytes(b"data")
    (home.remote / "in" / "sub.edi").mkdir()
    home.write_profile(inbound=f"inbound = {home.channel(patterns=['*.edi', '*.X12'])}")
    result = poll(home.profile(), home.config, home.secrets)
    assert result.ok, result.problems
    assert sorted(result.files) == ["ORDER.X12", "order.edi"]
    assert _names(home.remote / "in") == [".hidden.edi", "readme.txt", "upload.edi.part"]


def test_move_puts_the_fetched_file_in_the_archive(home: Home) -> None:
    archive = str(home.remote / "archive")
    home.write_profile(inbound=f"inbound = {home.channel(after_fetch='move', archive_path=archive)}")
    (home.remote / "in" / "a.edi").write_bytes(b"ISA*moved~")
    result = poll(home.profile(), home.config, home.secrets)
    assert result.ok, result.problems
    assert (home.remote / "archive" / "a.edi").read_bytes() == b"ISA*moved~"
    assert _names(home.remote / "in") == [] and _names(_inbox(home)) == ["a.edi"]


def test_leave_remembers_a_file_by_name_size_and_mtime(home: Home) -> None:
    home.write_profile(inbound=f"inbound = {home.channel(after_fetch='leave')}")
    remote = home.remote / "in" / "a.edi"
    remote.write_bytes(b"ISA*v1~")
    assert poll(home.profile(), home.config, home.secrets).files == ["a.edi"]
    (_inbox(home) / "a.edi").unlink()  # intake took it
    second = poll(home.profile(), home.config, home.secrets)
    assert second.ok and second.files == [] and remote.exists()
    remote.write_bytes(b"ISA*version 2~")  # the partner replaced it: a new version is fetched
    os.utime(remote, (time.time() - 100, time.time() - 100))
    assert poll(home.profile(), home.config, home.secrets).files == ["a.edi"]
    assert (_inbox(home) / "a.edi").read_bytes() == b"ISA*version 2~"


def test_a_file_still_being_written_waits_for_a_stable_listing(home: Home) -> None:
    home.write_profile(inbound=f"inbound = {home.channel(min_age_seconds=3600)}")
    remote = home.remote / "in" / "growing.edi"
    remote.write_bytes(b"ISA*part")
    first = poll(home.profile(), home.config, home.secrets)
    assert first.files == [] and first.waiting == ["growing.edi"]
    with remote.open("ab") as f:
        f.write(b" more~")
    second = poll(home.profile(), home.config, home.secrets)
    assert second.files == [] and second.waiting == ["growing.edi"]
    third = poll(home.profile(), home.config, home.secrets)  # unchanged since the previous listing
    assert third.files == ["growing.edi"]
    assert (_inbox(home) / "growing.edi").read_bytes() == b"ISA*part more~"


def test_a_name_already_waiting_in_the_inbox_is_not_overwritten(home: Home) -> None:
    _inbox(home).mkdir(parents=True)
    (_inbox(home) / "a.edi").write_bytes(b"earlier, not taken yet")
    (home.remote / "in" / "a.edi").write_bytes(b"ISA*new~")
    result = poll(home.profile(), home.config, home.secrets)
    assert result.files == ["a-1.edi"]
    assert (_inbox(home) / "a.edi").read_bytes() == b"earlier, not taken yet"


# paramiko's own read-ahead thread dies with EOFError when the connection is cut under it; the transfer itself
# reports the cut as a failure (asserted below), so that thread's traceback is expected here.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_an_interrupted_download_leaves_the_remote_file_and_the_next_poll_gets_it_whole(home: Home) -> None:
    data = os.urandom(1024 * 1024) * 48
    (home.remote / "in" / "big.edi").write_bytes(data)
    inbox = _inbox(home)
    cut = threading.Thread(target=_cut_when_partial, args=(home, inbox / ".edigate-pull-big.edi.part"))
    cut.start()
    first = poll(home.profile(), home.config, home.secrets)
    cut.join()
    assert not first.ok and first.files == []
    assert (home.remote / "in" / "big.edi").stat().st_size == len(data)
    assert _names(inbox) == []  # no partial file, not even the hidden one
    assert load_state(home.config, PARTNER).pull.failures == 1
    second = poll(home.profile(), home.config, home.secrets)
    assert second.ok and second.files == ["big.edi"]
    assert (inbox / "big.edi").read_bytes() == data
    assert load_state(home.config, PARTNER).pull.failures == 0


def _cut_when_partial(home: Home, part: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if part.exists() and part.stat().st_size > 1024 * 1024:
            home.sshd.drop_connections()
            return
        time.sleep(0.005)


def test_a_temp_file_left_by_a_killed_pull_is_removed_by_the_next(home: Home) -> None:
    inbox = _inbox(home)
    inbox.mkdir(parents=True)
    (inbox / ".edigate-pull-old.edi.part").write_bytes(b"half")
    (inbox / ".someone-else.part").write_bytes(b"not ours")
    assert poll(home.profile(), home.config, home.secrets).ok
    assert sorted(p.name for p in inbox.iterdir()) == [".someone-else.part"]


def test_a_missing_remote_folder_is_a_recorded_failure_with_a_next_try(home: Home) -> None:
    home.write_profile(inbound=f"inbound = {home.channel(folder='nowhere')}")
    result = poll(home.profile(), home.config, home.secrets)
    assert not result.ok and "nowhere" in result.problems[0]
    state = load_state(home.config, PARTNER).pull
    assert state.failures == 1 and state.next_try_at is not None and "nowhere" in (state.last_error or "")


def test_a_failed_move_is_finished_by_the_next_poll_without_fetching_again(home: Home) -> None:
    archive = home.remote / "not-yet"
    home.write_profile(inbound=f"inbound = {home.channel(after_fetch='move', archive_path=str(archive))}")
    (home.remote / "in" / "a.edi").write_bytes(b"ISA*once~")
    first = poll(home.profile(), home.config, home.secrets)
    assert first.files == ["a.edi"] and "move a.edi" in first.problems[0]
    assert (home.remote / "in" / "a.edi").exists()  # the move failed: still there, but remembered
    (_inbox(home) / "a.edi").unlink()  # intake took it
    archive.mkdir()
    second = poll(home.profile(), home.config, home.secrets)
    assert second.ok and second.files == []
    assert (archive / "a.edi").read_bytes() == b"ISA*once~" and _names(_inbox(home)) == []
    assert load_state(home.config, PARTNER).fetched == {}
