"""A working folder for pipeline tests: edigate.toml, one partner profile, a migrated database."""

from __future__ import annotations

from pathlib import Path

from edigate.config import load_config
from edigate.pipeline import Gateway
from edigate.store import Store

EXAMPLES = Path(__file__).resolve().parents[3] / "src" / "edigate" / "examples"

PARTNER = """
id = "acme"
name = "ACME Retail"

[x12]
version = "004010"

[x12.theirs]
qualifier = "ZZ"
id = "ACMERETAIL"

[[receive]]
set = "850"

[[receive]]
set = "997"

[[send]]
set = "856"

[[send]]
set = "810"

[ack]
level = "set"
{extra}
"""


def make_home(root: Path, database_url: str | None = None, partner_extra: str = "") -> Path:
    """A home whose identity is the examples' receiver (ZZ/EDIGATEDEMO) and whose partner `acme` is their 850s'
    sender (ZZ/ACMERETAIL); records go to the built-in file drop (erp/)."""
    home = root / "home"
    (home / "partners").mkdir(parents=True)
    (home / "inbox" / "acme").mkdir(parents=True)
    (home / "outbox" / "acme").mkdir(parents=True)
    url = f'database_url = "{database_url}"\n' if database_url else ""
    (home / "edigate.toml").write_text(f'{url}[identity]\nqualifier = "ZZ"\nid = "EDIGATEDEMO"\n')
    (home / "partners" / "acme.toml").write_text(PARTNER.format(extra=partner_extra))
    config = load_config(home, environ={})
    with Store.open(config.database_url) as store:
        store.upgrade()
    return home


def open_gateway(home: Path) -> Gateway:
    return Gateway.open(load_config(home, environ={}))


def drop(home: Path, name: str, data: bytes, partner: str = "acme") -> Path:
    path = home / "inbox" / partner / name
    path.write_bytes(data)
    return path


def example(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()
