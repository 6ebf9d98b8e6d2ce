"""The whole path through `edigate run` with `[sftp] enabled`: a partner puts an 850 with OpenSSH's sftp, the
order reaches the HTTP test ERP, and the same partner fetches its 997 from /outbox (then moved to sent/)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from edigate.config import load_config
from edigate.daemon import Daemon

from ..connectors.erp_server import ErpServer
from ..pipeline.home import example, make_home
from .conftest import Peer, keygen

TOKEN = "test-token-0123456789abcdef"


def eventually(predicate: Callable[[], object], timeout: float = 15.0) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.05)
    raise AssertionError("condition not reached within the timeout")


def test_an_850_put_over_sftp_reaches_the_erp_and_its_997_is_downloadable(
    tmp_path: Path, host_keys: Path, erp: ErpServer
) -> None:
    key = tmp_path / "acme_key"
    extra = (
        '[deliver]\npurchase_order = "erp"\n'
        f'[connectors.erp]\nkind = "http"\nurl = "{erp.url}/orders"\n'
        f'[sftp]\nauthorized_keys = ["{keygen(key)}"]\n'
    )
    home = make_home(tmp_path, partner_extra=extra)
    with (home / "edigate.toml").open("a") as toml:
        toml.write(
            f'[sftp]\nenabled = true\nlisten = "127.0.0.1:0"\nhost_ed25519_key = "{host_keys}/host_ed25519_key"\n'
        )
        toml.write(f'host_rsa_key = "{host_keys}/host_rsa_key"\n')
    config = load_config(home, environ={"EDIGATE_API_LISTEN": "127.0.0.1:0"})
    daemon = Daemon(config, environ={"EDIGATE_API_TOKEN": TOKEN})
    daemon.start()
    try:
        assert daemon.sftp is not None
        peer = Peer(home, config, daemon.sftp, key)
        (home / "po.edi").write_bytes(example("850-purchase-order.edi"))
        assert peer.sftp("put po.edi /inbox/po.edi\n").returncode == 0
        eventually(lambda: [r for r in erp.requests if r.method == "POST"])
        ack = eventually(lambda: [p.name for p in config.outbox("acme").glob("997*")])
        assert isinstance(ack, list) and len(ack) == 1
        fetched = peer.sftp(f"ls -1 /outbox\nget /outbox/{ack[0]} ack.x12\n")
        assert fetched.returncode == 0, fetched.stderr
        assert b"ST*997*" in (home / "ack.x12").read_bytes()
        assert (config.outbox("acme") / "sent" / ack[0]).exists()
        assert not (config.outbox("acme") / ack[0]).exists()
    finally:
        daemon.stop()
    assert daemon.sftp is None
