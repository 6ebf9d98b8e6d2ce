"""Working folders for the operator commands on both backends (a fresh SQLite file or PostgreSQL schema per
test), documents put through the real pipeline, and a way to run `edigate` against them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from edigate.cli import main
from edigate.store import DocumentInfo

from ..pipeline.home import drop, example, make_home, open_gateway


@pytest.fixture
def home(tmp_path: Path, database_url: str) -> Path:
    """A migrated home (partner `acme`, records to the file drop erp/) on the backend of `database_url`."""
    return make_home(tmp_path, database_url)


def edigate(home: Path, *args: str) -> Result:
    """`edigate --home HOME ARGS`, in process, with the environment unable to point elsewhere."""
    env = {"EDIGATE_DATABASE_URL": None, "EDIGATE_HOME": None}
    result = CliRunner().invoke(main, ["--home", str(home), *args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def ingest(home: Path, *names: str, partner: str = "acme", data: list[bytes] | None = None) -> list[DocumentInfo]:
    """Drop example files (or `data`, one per name) into the partner's inbox and run the pipeline until it has
    no work: the documents as they ended, in the order given."""
    gateway = open_gateway(home)
    try:
        ids = []
        for position, name in enumerate(names):
            content = data[position] if data is not None else example(name)
            path = drop(home, f"{position}-{name}", content, partner)
            ids.append(gateway.take_file(path, partner).document.id)
        while gateway.process_next() is not None:
            pass
        return [gateway.store.document(i) for i in ids]
    finally:
        gateway.close()
