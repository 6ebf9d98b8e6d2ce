"""Uploads that never finish leave nothing for intake; a stop lets a transfer in flight finish first."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import paramiko
import pytest

from edigate.transports.sftp_server import SftpServer

from .conftest import SFTP, Peer, make_home, partners_of


def _wait(condition: object, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.02)
    return False


@contextmanager
def _client(peer: Peer) -> Iterator[tuple[paramiko.Transport, paramiko.SFTPClient]]:
    transport = paramiko.Transport(("127.0.0.1", peer.server.port))
    transport.connect(username="acme", pkey=paramiko.Ed25519Key.from_private_key_file(str(peer.key)))
    sftp = paramiko.SFTPClient.from_transport(transport)
    assert sftp is not None
    try:
        yield transport, sftp
    finally:
        transport.close()


def _temps(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".")] if folder.exists() else []


def test_killing_opensshs_sftp_mid_put_leaves_nothing_for_intake(peer: Peer) -> None:
    big = peer.home / "big.edi"
    with big.open("wb") as out:
        out.truncate(200 * 1024 * 1024)  # sparse: fast to make and to read, long enough to kill mid-way
    assert SFTP is not None
    args = [SFTP, "-b", "-", "-P", str(peer.server.port), "-i", str(peer.key), "-o", "StrictHostKeyChecking=no"]
    args += ["-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "acme@127.0.0.1"]
    process = subprocess.Popen(
        args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=peer.home
    )
    assert process.stdin is not None
    process.stdin.write(b"put big.edi /inbox/big.edi\n")
    process.stdin.close()
    inbox = peer.inbox()
    started = _wait(lambda: any((inbox / n).stat().st_size > 1_000_000 for n in _temps(inbox)), timeout=15)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert started, "the upload never got going"
    assert _wait(lambda: peer.server.connections == 0 and not _temps(inbox))
    assert list(inbox.iterdir()) == []


def test_a_socket_closed_mid_write_leaves_nothing(peer: Peer) -> None:
    with _client(peer) as (transport, sftp):
        handle = sftp.open("/inbox/cut.edi", "wb")
        handle.write(b"ISA" + b"*" * 1_000_000)
        handle.flush()
        assert _wait(lambda: bool(_temps(peer.inbox())))
        transport.sock.close()  # the network goes, no CLOSE ever arrives
    assert _wait(lambda: peer.server.connections == 0 and not _temps(peer.inbox()))
    assert list(peer.inbox().iterdir()) == []


def test_a_closed_upload_through_paramiko_is_published(peer: Peer) -> None:
    with _client(peer) as (_transport, sftp):
        with sftp.open("/inbox/ok.edi", "wb") as handle:
            handle.write(b"ISA*complete")
        assert sftp.listdir("/inbox") == ["ok.edi"]
    assert (peer.inbox() / "ok.edi").read_bytes() == b"ISA*complete"


def test_stale_temps_from_a_crash_are_removed_at_start(tmp_path: Path, host_keys: Path) -> None:
    _home, config = make_home(tmp_path, tmp_path / "key", host_keys=host_keys)
    inbox = config.inbox("acme")
    inbox.mkdir(parents=True)
    (inbox / ".order.edi.1a2b3c4d.sftp-upload.part").write_bytes(b"half")
    (inbox / "waiting.edi").write_bytes(b"complete, not ours to touch")
    server = SftpServer(config, lambda: partners_of(config)).start()
    server.stop()
    assert [p.name for p in inbox.iterdir()] == ["waiting.edi"]


def test_stop_lets_an_upload_in_flight_finish(peer: Peer) -> None:
    with _client(peer) as (_transport, sftp):
        handle = sftp.open("/inbox/late.edi", "wb")
        handle.write(b"ISA*first half*")
        handle.flush()
        stopper = threading.Thread(target=peer.server.stop, kwargs={"drain_seconds": 10})
        stopper.start()
        time.sleep(0.3)
        assert stopper.is_alive()  # waiting for the open upload
        handle.write(b"second half~")
        handle.close()
        stopper.join(10)
        assert not stopper.is_alive()
    assert (peer.inbox() / "late.edi").read_bytes() == b"ISA*first half*second half~"
    with pytest.raises((paramiko.SSHException, OSError)):
        paramiko.Transport(("127.0.0.1", peer.server.port)).start_client(timeout=2)


def test_an_upload_with_a_hole_is_discarded_at_close(peer: Peer) -> None:
    """Bytes from an offset on, the start never sent, must not become a file of zeros and a tail."""
    with _client(peer) as (_transport, sftp):
        handle = sftp.open("/inbox/hole.edi", "wb")
        handle.seek(1000)
        handle.write(b"the tail of an interrupted upload")
        handle.close()  # paramiko's client ignores a failed close; OpenSSH's reports it (below)
        assert sftp.listdir("/inbox") == []
    assert list(peer.inbox().iterdir()) == []


def test_opensshs_reput_is_told_the_close_failed(peer: Peer) -> None:
    peer.inbox().mkdir(parents=True)
    (peer.inbox() / "x.edi").write_bytes(b"ISA*first 20 bytes**")  # still waiting for intake
    (peer.home / "x.edi").write_bytes(b"ISA*first 20 bytes**and the rest of the file~")
    result = peer.sftp("reput x.edi /inbox/x.edi\n")
    assert result.returncode != 0 and "close" in result.stderr.lower(), result.stderr
    assert [p.name for p in peer.inbox().iterdir()] == ["x.edi"]
    assert (peer.inbox() / "x.edi").read_bytes() == b"ISA*first 20 bytes**"
