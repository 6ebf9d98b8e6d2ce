"""The running daemon's own HTTP API as an attacker on the network sees it: with no `[api] listen` it binds the
loopback address only (checked on the kernel's socket table, not the daemon's word), and its outbound API turns
away every request without the token from the 0600 token file. The in-process tests of the API's answers are in
tests/integration/daemon; this checks the real process with its default settings."""

from __future__ import annotations

import json
import socket
import stat
from pathlib import Path

import httpx
import pytest

from edigate.config import load_config
from edigate.config.daemon_settings import DEFAULT_LISTEN, split_listen

from ..e2e.daemon_process import Daemon
from ..integration.connectors.erp_server import ErpServer
from . import harness


def listening_addresses(port: int) -> list[str]:
    """Local addresses of the sockets listening on `port` (IPv4 and IPv6), from /proc/net/tcp*."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.append(address)
    return found


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.mark.slow
def test_by_default_the_api_listens_on_loopback_only_and_wants_the_token(tmp_path: Path, erp: ErpServer) -> None:
    host, port = split_listen(DEFAULT_LISTEN)
    if not _port_free(port):
        pytest.skip(f"the default API port {port} is taken on this machine")
    home = harness.chaos_home(tmp_path, erp.url)
    config = home / "edigate.toml"
    config.write_text(config.read_text().replace('[api]\nlisten = "127.0.0.1:0"', ""))
    daemon = Daemon(home).start()
    try:
        marker = json.loads((load_config(home, environ={}).data_dir / "daemon.json").read_text())
        assert (marker["host"], marker["port"]) == (host, port)
        assert listening_addresses(port) == ["0100007F"], "the API must listen on 127.0.0.1 alone"
        token_file = home / "api.token"
        assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
        token = token_file.read_text().strip()
        url = f"http://127.0.0.1:{port}/api/v1/outbound/purchase_order"
        body = {"partner": "acme", "records": [{"record_type": "purchase_order"}]}
        for headers in ({}, {"Authorization": "Bearer " + "0" * len(token)}, {"Authorization": token}):
            answer = httpx.post(url, json=body, headers=headers, timeout=10)
            assert answer.status_code == 401, (headers, answer.text)
        allowed = httpx.post(url, json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert allowed.status_code != 401, allowed.text  # past the lock; the record itself is then judged
        assert token not in daemon.logs()
    finally:
        assert daemon.stop() == 0
