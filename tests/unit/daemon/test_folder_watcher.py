"""The inbox watcher on real files and a real watchdog observer: each complete file once, never a partial one."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from edigate.transports import FolderWatcher, is_temporary_name, json_name


class Taker:
    """A callback that moves each file out of the inbox, as the gateway does, and remembers what it saw."""

    def __init__(self, sink: Path, *, move: bool = True) -> None:
        self.sink = sink
        self.move = move
        self.calls: list[tuple[str, str, bytes]] = []
        self.failures_left = 0
        self.lock = threading.Lock()

    def __call__(self, path: Path, partner: str) -> None:
        with self.lock:
            if self.failures_left:
                self.failures_left -= 1
                raise OSError("the store is down")
            data = path.read_bytes()
            self.calls.append((path.name, partner, data))
            if self.move:
                path.rename(self.sink / f"{len(self.calls)}-{path.name}")

    def names(self) -> list[str]:
        with self.lock:
            return [name for name, _partner, _data in self.calls]


def eventually(predicate: Callable[[], object], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError("condition not reached within the timeout")


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox" / "acme"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def taker(tmp_path: Path) -> Taker:
    (tmp_path / "taken").mkdir()
    return Taker(tmp_path / "taken")


@pytest.fixture
def watcher(inbox: Path, taker: Taker) -> Iterator[FolderWatcher]:
    w = FolderWatcher(taker, stable_seconds=0.3, retry_seconds=0.1).start({inbox: "acme"})
    yield w
    w.stop()


def test_a_complete_file_is_taken_once_with_its_partner(inbox: Path, taker: Taker, watcher: FolderWatcher) -> None:
    (inbox / "po-1.edi").write_bytes(b"ISA*00*~")
    eventually(lambda: taker.calls)
    watcher.scan()
    time.sleep(0.6)  # past the stable-size period: a second offer would have been taken by now
    assert taker.calls == [("po-1.edi", "acme", b"ISA*00*~")]


def test_a_file_left_in_place_by_the_callback_is_not_taken_again(inbox: Path, tmp_path: Path) -> None:
    taker = Taker(tmp_path, move=False)
    with FolderWatcher(taker, stable_seconds=0.2).start({inbox: "acme"}) as w:
        (inbox / "kept.edi").write_bytes(b"x")
        eventually(lambda: taker.calls)
        w.scan()
        time.sleep(0.5)
        assert taker.names() == ["kept.edi"]


def test_temporary_names_are_never_taken_and_a_rename_to_the_final_name_is(
    inbox: Path, taker: Taker, watcher: FolderWatcher
) -> None:
    for name in ("po.edi.part", "po.tmp", ".hidden.edi", "~lock.edi", "po.edi.filepart", "po.crdownload"):
        (inbox / name).write_bytes(b"half")
    watcher.scan()
    time.sleep(0.7)
    assert taker.calls == []
    (inbox / "po.edi.part").rename(inbox / "po.edi")
    eventually(lambda: taker.names() == ["po.edi"])


def test_a_file_moved_into_the_folder_is_taken_at_once_without_the_stable_wait(
    inbox: Path, tmp_path: Path, taker: Taker
) -> None:
    staging = tmp_path / "staging"
    staging.mkdir()
    (staging / "po.edi").write_bytes(b"ISA")
    with FolderWatcher(taker, stable_seconds=30).start({inbox: "acme"}):
        started = time.monotonic()
        (staging / "po.edi").rename(inbox / "po.edi")
        eventually(lambda: taker.calls, timeout=3)
        assert time.monotonic() - started < 3  # the 30 s stable-size path could not have taken it


def test_files_moved_in_one_after_another_are_each_taken_at_once(inbox: Path, tmp_path: Path, taker: Taker) -> None:
    """Taking a file moves it out of the inbox; watchdog held each such "moved out" event for 0.5 s by default,
    and every later event queued behind it, so at a steady trickle each file waited about half a second."""
    staging = tmp_path / "staging"
    staging.mkdir()
    dropped: dict[str, float] = {}
    taken: dict[str, float] = {}

    def take(path: Path, partner: str) -> None:
        taken[path.name] = time.monotonic()
        taker(path, partner)

    with FolderWatcher(take, stable_seconds=30).start({inbox: "acme"}):
        for n in range(8):
            (staging / f"po-{n}.edi").write_bytes(b"ISA")
            dropped[f"po-{n}.edi"] = time.monotonic()
            (staging / f"po-{n}.edi").rename(inbox / f"po-{n}.edi")
            time.sleep(0.03)
        eventually(lambda: len(taken) == 8, timeout=5)
    waits = sorted(taken[name] - dropped[name] for name in dropped)
    assert waits[-2] < 0.25, f"seconds from drop to take: {[round(w, 3) for w in waits]}"


def test_a_file_held_open_is_not_taken_until_its_writer_closes_it(
    inbox: Path, taker: Taker, watcher: FolderWatcher
) -> None:
    with (inbox / "big.edi").open("wb") as f:
        f.write(b"first half ")
        f.flush()
        time.sleep(0.8)  # longer than the stable-size period: only the close says it is complete
        assert taker.calls == []
        f.write(b"second half")
    eventually(lambda: taker.calls)
    assert taker.calls[0][2] == b"first half second half"


def test_without_close_events_a_file_is_taken_once_its_size_is_stable(inbox: Path, taker: Taker) -> None:
    with FolderWatcher(taker, stable_seconds=0.4, polling=True).start({inbox: "acme"}):
        with (inbox / "nfs.edi").open("wb") as f:
            for chunk in range(6):
                f.write(b"%d" % chunk * 100)
                f.flush()
                time.sleep(0.1)  # growing faster than the stable period: not taken mid-write
        eventually(lambda: taker.calls)
        time.sleep(0.5)
    assert len(taker.calls) == 1
    assert len(taker.calls[0][2]) == 600


def test_files_there_before_the_start_are_taken_but_not_subfolders_or_links(
    inbox: Path, taker: Taker, tmp_path: Path
) -> None:
    (inbox / "early-1.edi").write_bytes(b"1")
    (inbox / "early-2.edi").write_bytes(b"2")
    (inbox / "pending").mkdir()
    (inbox / "pending" / "inner.json").write_bytes(b"{}")
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"not for partners")
    os.symlink(secret, inbox / "link.edi")
    with FolderWatcher(taker, stable_seconds=0.2).start({inbox: "acme"}):
        eventually(lambda: len(taker.calls) == 2)
        time.sleep(0.4)
    assert sorted(taker.names()) == ["early-1.edi", "early-2.edi"]
    assert (inbox / "pending" / "inner.json").exists()
    assert secret.read_bytes() == b"not for partners"


def test_a_failing_callback_is_logged_and_the_file_retried_while_others_go_on(
    inbox: Path, taker: Taker, watcher: FolderWatcher, caplog: pytest.LogCaptureFixture
) -> None:
    taker.failures_left = 2
    (inbox / "first.edi").write_bytes(b"1")
    eventually(lambda: taker.names() == ["first.edi"])
    assert sum("taking it failed" in r.getMessage() for r in caplog.records) == 2
    (inbox / "second.edi").write_bytes(b"2")
    eventually(lambda: taker.names() == ["first.edi", "second.edi"])


def test_folders_can_be_replaced_while_running(inbox: Path, taker: Taker, watcher: FolderWatcher) -> None:
    other = inbox.parent / "globex"
    other.mkdir()
    (other / "waiting.edi").write_bytes(b"g")
    watcher.set_folders({inbox: "acme", other: "globex"})
    eventually(lambda: taker.calls)
    assert taker.calls[0][:2] == ("waiting.edi", "globex")
    watcher.set_folders({other: "globex"})
    (inbox / "after-removal.edi").write_bytes(b"a")
    (other / "new.edi").write_bytes(b"n")
    eventually(lambda: len(taker.calls) == 2)
    time.sleep(0.5)
    assert taker.names() == ["waiting.edi", "new.edi"]
    assert (inbox / "after-removal.edi").exists()


def test_a_missing_folder_is_reported_and_watched_once_it_exists(
    tmp_path: Path, taker: Taker, caplog: pytest.LogCaptureFixture
) -> None:
    later = tmp_path / "later"
    with FolderWatcher(taker, stable_seconds=0.2).start({later: "acme"}) as w:
        assert "not a folder" in caplog.text
        later.mkdir()
        w.set_folders({later: "acme"})
        (later / "po.edi").write_bytes(b"x")
        eventually(lambda: taker.calls)


def test_names() -> None:
    assert is_temporary_name(Path("a.edi.part")) and is_temporary_name(Path(".edigate-x.tmp"))
    assert not is_temporary_name(Path("a.edi"))
    assert json_name(Path("orders.json")) and not json_name(Path("orders.json.tmp"))
    assert not json_name(Path("orders.edi"))


def test_two_watchers_of_one_folder_take_each_file_once_and_quietly(
    inbox: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sink = tmp_path / "taken"
    sink.mkdir()

    def take(path: Path, partner: str) -> None:
        path.rename(sink / path.name)  # FileNotFoundError for the watcher that comes second

    with FolderWatcher(take).start({inbox: "acme"}), FolderWatcher(take).start({inbox: "acme"}):
        for number in range(20):
            (inbox / f"po-{number}.edi").write_bytes(b"x")
        eventually(lambda: len(list(sink.iterdir())) == 20)
        time.sleep(0.3)
    assert not list(inbox.iterdir())
    assert "taking it failed" not in caplog.text


def test_a_hard_link_into_the_folder_is_taken_though_no_close_event_comes(
    inbox: Path, tmp_path: Path, taker: Taker, watcher: FolderWatcher
) -> None:
    original = tmp_path / "uploaded.edi"
    original.write_bytes(b"ISA*linked")
    past = time.time() - 30
    os.utime(original, (past, past))  # written a while ago, as an upload finished before it is published
    started = time.monotonic()
    os.link(original, inbox / "uploaded.edi")
    eventually(lambda: taker.calls)
    assert time.monotonic() - started < 5  # not the 60 s wait for a close event that never comes
    assert taker.calls[0][2] == b"ISA*linked"
