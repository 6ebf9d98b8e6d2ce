"""`edigate run` with a partner whose own SFTP server (a real OpenSSH sshd) we use both ways: their 850 is
pulled and delivered to the ERP, and its 997 and an outbound 810 from the ERP's pending JSON are pushed back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from edigate.config import load_config
from edigate.partners import new_key, open_secret_store
from edigate.partners.secrets import KEY_ENV
from edigate.store import Store
from edigate.transports.sftp_client import transfer_status

from ..integration.pipeline.home import EXAMPLES, PARTNER
from ..integration.pipeline.outbound.helpers import example_records
from ..integration.sftp_client.conftest import sshd  # noqa: F401  (the fixture: one real sshd per session)
from ..integration.sftp_client.sshd_server import Sshd
from .daemon_process import Daemon, wait_until

CHANNELS = """
[inbound]
kind = "sftp"
host = "127.0.0.1"
port = {port}
username = "root"
remote_path = "{remote}/to-us"
private_key_secret = "sftp-key"
host_key_fingerprint = "{fingerprint}"
poll_seconds = 1
min_age_seconds = 0

[outbound]
kind = "sftp"
host = "127.0.0.1"
port = {port}
username = "root"
upload_path = "{remote}/from-us"
private_key_secret = "sftp-key"
host_key_fingerprint = "{fingerprint}"
"""


def _home(root: Path, server: Sshd, remote: Path) -> Path:
    home = root / "home"
    (home / "partners").mkdir(parents=True)
    (home / "edigate.toml").write_text(
        '[identity]\nqualifier = "ZZ"\nid = "EDIGATEDEMO"\n\n[api]\nlisten = "127.0.0.1:0"\n'
    )
    channels = CHANNELS.format(port=server.port, remote=remote, fingerprint=server.fingerprint)
    (home / "partners" / "acme.toml").write_text(PARTNER.format(extra=channels))
    config = load_config(home)
    open_secret_store(config).set("acme", "sftp-key", server.client_key_text())
    with Store.open(config.database_url) as store:
        store.upgrade()
    return home


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


@pytest.mark.slow
def test_pulled_850_is_delivered_and_its_997_and_an_810_are_pushed(
    tmp_path: Path,
    sshd: Sshd,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(KEY_ENV, new_key())
    remote = tmp_path / "remote"
    (remote / "to-us").mkdir(parents=True)
    (remote / "from-us").mkdir()
    home = _home(tmp_path, sshd, remote)
    (remote / "to-us" / "po-1001.edi").write_bytes((EXAMPLES / "850-purchase-order.edi").read_bytes())
    pending = home / "outbox" / "acme" / "pending"
    pending.mkdir(parents=True)
    invoices = [r.model_dump(mode="json", exclude={"record_id"}) for r in example_records("810")]
    (pending / "invoice.json").write_text(json.dumps(invoices))
    daemon = Daemon(home).start()
    try:
        pushed = wait_until(
            lambda: (names := _names(remote / "from-us")) and any(n.startswith("997-") for n in names)
            and any(n.startswith("810-") for n in names) and names,
            timeout=60,
            what="the 997 and the 810 on the partner's server",
        )  # fmt: skip
        wait_until(lambda: list((home / "erp").glob("purchase_order-*.json")), 30, "the order in the ERP drop")
        assert _names(remote / "to-us") == []  # fetched, then deleted on their server
        assert not any(name.endswith(".part") for name in pushed)
        assert sorted(_names(home / "outbox" / "acme" / "sent")) == pushed
        assert b"ST*810*" in (remote / "from-us" / next(n for n in pushed if n.startswith("810-"))).read_bytes()
    finally:
        assert daemon.stop() == 0, daemon.logs()[-3000:]
    status = {s.direction: s for s in transfer_status(load_config(home))}
    assert status["pull"].failures == 0 and status["pull"].transferred == 1
    assert status["push"].failures == 0 and status["push"].transferred == 2 and status["push"].waiting == 0
