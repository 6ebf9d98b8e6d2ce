"""OpenSSH's `sftp` client against our server: uploads, downloads, and every refusal a partner can run into."""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

import pytest

from .conftest import Peer, keygen, write_partner

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _records(caplog: pytest.LogCaptureFixture, text: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "edigate.sftp" and text in r.getMessage()]


def test_upload_with_a_key_lands_whole_in_the_partners_inbox(peer: Peer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, "edigate.sftp")
    data = os.urandom(300_000)
    (peer.home / "order.edi").write_bytes(data)
    result = peer.sftp("put order.edi /inbox/order.edi\nls /inbox\n")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in peer.inbox().iterdir()] == ["order.edi"]  # no temp name left behind
    assert (peer.inbox() / "order.edi").read_bytes() == data
    uploaded = _records(caplog, "uploaded order.edi")
    assert uploaded and uploaded[0].partner == "acme" and uploaded[0].file == "order.edi"  # type: ignore[attr-defined]
    assert _records(caplog, "login")[0].address == "127.0.0.1"  # type: ignore[attr-defined]


def test_root_lists_inbox_and_outbox_only(peer: Peer) -> None:
    result = peer.sftp("ls -1 /\n")
    assert result.returncode == 0, result.stderr
    assert [Path(line.strip()).name for line in result.stdout.splitlines()[1:]] == ["inbox", "outbox"]


def test_a_997_is_downloaded_then_moved_to_sent(peer: Peer) -> None:
    outbox = peer.outbox()
    (outbox / "pending").mkdir(parents=True)
    (outbox / "pending" / "order.json").write_text("{}")
    (outbox / "997_000000001.x12").write_bytes(b"ISA*00*~GS*FA~ST*997*0001~")
    listing = peer.sftp("ls -1 /outbox\n")
    assert [Path(line.strip()).name for line in listing.stdout.splitlines()[1:]] == [
        "997_000000001.x12"
    ]  # not pending/
    result = peer.sftp("get /outbox/997_000000001.x12 got.x12\n")
    assert result.returncode == 0, result.stderr
    assert (peer.home / "got.x12").read_bytes() == b"ISA*00*~GS*FA~ST*997*0001~"
    assert not (outbox / "997_000000001.x12").exists()
    assert (outbox / "sent" / "997_000000001.x12").read_bytes() == b"ISA*00*~GS*FA~ST*997*0001~"


def test_after_download_delete(peer: Peer) -> None:
    write_partner(peer.home, "acme", [Path(f"{peer.key}.pub").read_text().strip()], 'after_download = "delete"\n')
    peer.outbox().mkdir(parents=True)
    (peer.outbox() / "810_1.x12").write_bytes(b"ISA*810~")
    assert peer.sftp("get /outbox/810_1.x12 got.x12\n").returncode == 0
    assert (peer.home / "got.x12").read_bytes() == b"ISA*810~"
    assert not (peer.outbox() / "810_1.x12").exists() and not (peer.outbox() / "sent").exists()


def test_a_name_already_in_the_inbox_is_kept_and_the_upload_gets_a_unique_name(peer: Peer) -> None:
    peer.inbox().mkdir(parents=True)
    (peer.inbox() / "a.edi").write_bytes(b"first")
    (peer.home / "a.edi").write_bytes(b"second")
    assert peer.sftp("put a.edi /inbox/a.edi\n").returncode == 0
    assert (peer.inbox() / "a.edi").read_bytes() == b"first"
    assert (peer.inbox() / "a~1.edi").read_bytes() == b"second"


def test_wrong_key_and_wrong_user_are_refused(peer: Peer, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, "edigate.sftp")
    other = tmp_path / "other_key"
    keygen(other)
    (peer.home / "x.edi").write_bytes(b"x")
    wrong_key = peer.sftp("put x.edi /inbox/x.edi\n", key=other)
    wrong_user = peer.sftp("put x.edi /inbox/x.edi\n", user="globex")
    assert wrong_key.returncode != 0 and "Permission denied" in wrong_key.stderr
    assert wrong_user.returncode != 0 and "Permission denied" in wrong_user.stderr
    assert not peer.inbox().exists() or not list(peer.inbox().iterdir())
    refused = _records(caplog, "login refused")
    assert {r.partner for r in refused} >= {"acme", "globex"}  # type: ignore[attr-defined]
    assert any("not authorized" in r.getMessage() for r in refused)


@pytest.mark.parametrize(
    ("commands", "reason"),
    [
        ("cd ..\n", "'..' in the path"),
        ("cd /inbox\ncd ..\n", "'..' in the path"),
        ("put x.edi ../../etc/x\n", "'..' in the path"),
        ("put x.edi /inbox/../../x\n", "'..' in the path"),
        ("put x.edi /etc/x\n", "outside /inbox and /outbox"),
        ("get /etc/passwd got\n", "outside /inbox and /outbox"),
        ("put x.edi /outbox/x.edi\n", "/outbox is read-only"),
        ("put x.edi /inbox/.hidden\n", "hidden, temporary"),
        ("put x.edi /inbox/x.edi.part\n", "hidden, temporary"),
        ("mkdir /inbox/sub\n", "mkdir is not allowed"),
        ("rm /outbox/keep.x12\n", "remove is not allowed"),
        ("rename /outbox/keep.x12 /inbox/keep.x12\n", "rename is not allowed"),
        ("symlink /etc/passwd /inbox/p\n", "symlinks are not allowed"),
    ],
)
def test_escapes_and_changes_are_refused_and_logged(
    peer: Peer, commands: str, reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "edigate.sftp")
    (peer.home / "x.edi").write_bytes(b"x")
    peer.outbox().mkdir(parents=True)
    (peer.outbox() / "keep.x12").write_bytes(b"keep")
    result = peer.sftp(commands)
    assert result.returncode != 0
    assert not peer.inbox().exists() or not list(peer.inbox().iterdir())
    assert (peer.outbox() / "keep.x12").read_bytes() == b"keep"
    refused = _records(caplog, "refused")
    assert any(reason in r.getMessage() for r in refused), [r.getMessage() for r in caplog.records]
    assert all(r.partner == "acme" and r.address == "127.0.0.1" for r in refused)  # type: ignore[attr-defined]


def test_a_symlink_planted_in_the_outbox_is_not_followed(peer: Peer, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not for partners")
    peer.outbox().mkdir(parents=True)
    (peer.outbox() / "997_2.x12").symlink_to(secret)
    listing = peer.sftp("ls -1 /outbox\n")
    assert "997_2.x12" not in listing.stdout
    result = peer.sftp("get /outbox/997_2.x12 got\n")
    assert result.returncode != 0 and not (peer.home / "got").exists()
    assert (peer.outbox() / "997_2.x12").is_symlink() and secret.read_text() == "not for partners"


def test_an_upload_over_a_planted_symlink_never_writes_through_it(peer: Peer, tmp_path: Path) -> None:
    target = tmp_path / "outside.txt"
    target.write_text("untouched")
    peer.inbox().mkdir(parents=True)
    (peer.inbox() / "x.edi").symlink_to(target)
    (peer.home / "x.edi").write_bytes(b"payload")
    assert peer.sftp("put x.edi /inbox/x.edi\n").returncode == 0
    assert target.read_text() == "untouched"
    assert (peer.inbox() / "x~1.edi").read_bytes() == b"payload"


def test_no_shell_no_exec_no_forwarding(peer: Peer) -> None:
    base = ["ssh", "-p", str(peer.server.port), "-i", str(peer.key), "-o", "StrictHostKeyChecking=no"]
    base += ["-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "acme@127.0.0.1"]
    exec_ = subprocess.run([*base, "id"], capture_output=True, text=True, timeout=20)
    assert exec_.returncode != 0 and "uid=" not in exec_.stdout
    shell = subprocess.run([*base, "-T"], input="id\n", capture_output=True, text=True, timeout=20)
    assert shell.returncode != 0 and "uid=" not in shell.stdout
    forward = subprocess.run(
        [*base, "-W", f"127.0.0.1:{peer.server.port}"], input="", capture_output=True, text=True, timeout=20
    )
    assert forward.returncode != 0 and "SSH-2.0" not in forward.stdout


def test_a_partner_added_after_start_can_log_in(peer: Peer, tmp_path: Path) -> None:
    key = tmp_path / "globex_key"
    write_partner(peer.home, "globex", [keygen(key)])
    (peer.home / "y.edi").write_bytes(b"y")
    assert peer.sftp("put y.edi /inbox/y.edi\n", user="globex", key=key).returncode == 0
    assert (peer.inbox("globex") / "y.edi").read_bytes() == b"y"
