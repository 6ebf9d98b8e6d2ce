"""Secrets at rest: never in clear in CLI output, the secrets file, the profile or the database (grepping the
bytes); the key and the secrets file are created 0600, a key folder the gateway creates is 0700, and atomic
writes give files the mode asked for whatever the umask or the mode of the file they replace."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from edigate.atomic_files import write_file_atomic
from edigate.cli import main
from edigate.config import load_config
from edigate.connectors import HttpJsonConnector
from edigate.partners import HttpConnector, load_key, open_secret_store
from edigate.records import PurchaseOrder
from edigate.store import Store
from tests.integration.connectors.erp_server import ErpServer, echo_request

SECRET = "at-rest-S3CRET-0b9e41"


def _run(home: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(main, ["--home", str(home), *args], env=env)
    assert SECRET not in result.output + (result.stderr or "")
    return result


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "site"
    assert _run(home, "partner", "add", "acme", "--qualifier", "ZZ", "--isa-id", "ACME").exit_code == 0
    auth = 'connectors.erp.auth={ kind = "bearer", secret = "erp-token" }'
    url = "connectors.erp.url=http://127.0.0.1:9/orders"
    edited = _run(home, "partner", "edit", "acme", "--set", "connectors.erp.kind=http", "--set", url, "--set", auth)
    assert edited.exit_code == 0, edited.output
    stored = _run(home, "secret", "set", "acme", "erp-token", "--from-env", "ERP_TOKEN", env={"ERP_TOKEN": SECRET})
    assert stored.exit_code == 0, stored.output
    return home


def _files(home: Path) -> list[Path]:
    return [p for p in home.rglob("*") if p.is_file()]


def test_show_list_and_validate_never_print_the_value(home: Path) -> None:
    for args in (["partner", "show", "acme"], ["secret", "list", "acme"], ["partner", "list"], ["partner", "validate"]):
        result = _run(home, *args)
        assert result.exit_code == 0, result.output
    assert "erp-token: set" in _run(home, "secret", "list", "acme").output


def test_no_file_of_the_working_folder_holds_the_secret_in_clear(home: Path) -> None:
    assert open_secret_store(load_config(home), environ={}).get("acme", "erp-token") == SECRET
    for path in _files(home):
        assert SECRET.encode() not in path.read_bytes(), path


def test_the_database_never_holds_the_secret_even_when_the_erp_echoes_it(home: Path, erp: ErpServer) -> None:
    """A delivery whose ERP answers with the request headers: the attempt the store records is masked."""
    config = load_config(home)
    store = Store(config.database_url)
    store.upgrade()
    secrets = open_secret_store(config, environ={})
    http_config = HttpConnector.model_validate(
        {"kind": "http", "url": erp.url + "/orders", "auth": {"kind": "bearer", "secret": "erp-token"}}
    )
    http = HttpJsonConnector(http_config, secret=lambda name: secrets.get("acme", name))
    erp.then(echo_request(500))
    outcome = http.deliver(PurchaseOrder(po_number="PO-9", currency="USD"), attempt=1)
    assert SECRET in erp.requests[0].headers.get("Authorization", ""), "the ERP did get the token"
    received = store.record_received(partner="acme", file_name="po.edi", spool_path="spool/po.edi", sha256="0" * 64)
    delivery = store.add_delivery(document_id=received.document.id, connector="erp", record_id="purchase_order:1")
    store.record_delivery_attempt(delivery.id, **outcome.attempt_fields())
    store.db.engine.dispose()
    database = Path(config.database_url.removeprefix("sqlite:///"))
    assert database.is_file()
    for path in [database, *database.parent.glob(database.name + "-*")]:
        assert SECRET.encode() not in path.read_bytes(), path


def test_key_and_secrets_file_are_0600(home: Path) -> None:
    config = load_config(home)
    assert stat.S_IMODE(config.secret_key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(config.secrets_file.stat().st_mode) == 0o600


def test_a_key_folder_the_gateway_creates_is_not_readable_by_others(tmp_path: Path) -> None:
    """The key folder was made with the umask's 0755: anyone could list it (and see when the key changed)."""
    key_file = tmp_path / "keys" / "nested" / "secret.key"
    load_key(key_file, environ={}, create=True)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    for folder in (key_file.parent, key_file.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0, folder


def test_a_key_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    key_file = tmp_path / "secret.key"
    load_key(key_file, environ={}, create=True)
    key_file.chmod(0o644)
    with pytest.raises(Exception, match="readable by others"):
        load_key(key_file, environ={})


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077])
@pytest.mark.parametrize("mode", [0o600, 0o640, 0o644])
def test_atomic_writes_keep_the_intended_mode(tmp_path: Path, umask: int, mode: int) -> None:
    target = tmp_path / "file"
    target.write_bytes(b"old")
    target.chmod(0o666)
    previous = os.umask(umask)
    try:
        write_file_atomic(target, b"new", mode=mode)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert target.read_bytes() == b"new"
