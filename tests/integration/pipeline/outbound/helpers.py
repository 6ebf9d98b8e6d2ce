"""A working folder and a hand-built Context for the outbound tests: real config, profiles, store and folders.

Partners: `acme` (004010, '|' elements, '^' components, test usage, application codes of its own), `zenith`
(005010 production, default delimiters, pushed by SFTP so its files stay in outbox/zenith/), `quiet` (expects no
acks), `plain` (no [x12] table), `acme-retail` (whose shipped map variant writes the vendor as REF*IA), `mixed`
(005010; its [[send]] names the 850 map `850.mixed`, which a test writes into the working folder's maps/x12/).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from edigate.config import load_config
from edigate.connectors import ConnectorPool
from edigate.mapping import translate_x12
from edigate.partners import load_profiles
from edigate.pipeline import Context
from edigate.records import BusinessRecord
from edigate.store import Store
from edigate.x12.delimiters import Delimiters
from edigate.x12.writer import GroupHeader, InterchangeHeader, SegmentData, wrap_group, wrap_set, write_interchange

from ...fake_clock import FakeClock

EXAMPLES = Path(__file__).resolve().parents[4] / "src" / "edigate" / "examples"
SETS = ("810", "856", "850", "204", "214")
EXAMPLE_FILES = {
    "810": "810-invoice.edi",
    "856": "856-ship-notice.edi",
    "850": "850-purchase-order.edi",
    "204": "204-load-tender.edi",
    "214": "214-shipment-status.edi",
}
SEND_ALL = "".join(f'\n[[send]]\nset = "{set_id}"\n' for set_id in (*SETS, "997"))

PROFILES = {
    "acme": f"""
id = "acme"
[x12]
version = "004010"
usage = "test"
[x12.theirs]
qualifier = "ZZ"
id = "ACMERETAIL"
application_code = "ACMEAPP"
[x12.ours]
qualifier = "01"
id = "EDIGATEDEMO"
application_code = "EDIGATEAPP"
[x12.delimiters]
element = "|"
component = "^"
segment = "~"
line_ending = "\\n"
[[receive]]
set = "997"
{SEND_ALL}
[ack]
expect_within_hours = 24
""",
    "zenith": f"""
id = "zenith"
[x12]
version = "005010"
usage = "production"
[x12.theirs]
qualifier = "12"
id = "5551234567"
[outbound]
kind = "sftp"
host = "127.0.0.1"
username = "edi"
{SEND_ALL}
""",
    "quiet": """
id = "quiet"
[x12]
[x12.theirs]
qualifier = "ZZ"
id = "QUIET"
[[send]]
set = "810"
[ack]
expect_within_hours = 0
""",
    "plain": """
id = "plain"
""",
    "mixed": """
id = "mixed"
[x12]
version = "005010"
[x12.theirs]
qualifier = "ZZ"
id = "MIXED"
[[send]]
set = "850"
map = "850.mixed"
[[send]]
set = "810"
[[send]]
set = "997"
[[send]]
set = "999"
""",
    "acme-retail": """
id = "acme-retail"
[x12]
[x12.theirs]
qualifier = "ZZ"
id = "ACMEVARIANT"
[[send]]
set = "850"
""",
}


def make_home(root: Path, database_url: str) -> Path:
    """edigate.toml (our identity ZZ/EDIGATEDEMO), the partner profiles, their outbox folders, a migrated store."""
    home = root / "home"
    (home / "partners").mkdir(parents=True)
    (home / "edigate.toml").write_text(
        f'database_url = "{database_url}"\n[identity]\nqualifier = "ZZ"\nid = "EDIGATEDEMO"\n'
    )
    for partner, text in PROFILES.items():
        (home / "partners" / f"{partner}.toml").write_text(text)
        (home / "outbox" / partner / "pending").mkdir(parents=True)
    with Store.open(database_url) as store:
        store.upgrade()
    return home


def make_context(home: Path, clock: FakeClock | None = None, worker_id: str = "tests:0") -> Context:
    """A Context built by hand, as a daemon's would be, on the home's config, profiles and store."""
    config = load_config(home, environ={})
    partners = load_profiles(config.partners_dir)
    assert not partners.problems, partners.problems
    options = {"clock": clock} if clock is not None else {}
    store = Store.open(config.database_url, **options)
    return Context(
        config=config,
        store=store,
        partners=partners,
        secrets=None,
        connectors=ConnectorPool(home=config.home, secrets=None),
        worker_id=worker_id,
        **options,
    )


def example_records(set_id: str) -> list[BusinessRecord]:
    """The records of a shipped example document, as the ERP would hand them back."""
    translation = translate_x12((EXAMPLES / EXAMPLE_FILES[set_id]).read_bytes())
    assert translation.ok, translation.issues
    return list(translation.records)


def outbox_files(home: Path, partner: str) -> list[Path]:
    return sorted(p for p in (home / "outbox" / partner).glob("*.x12"))


def functional_ack(
    answers: list[tuple[str, str, str, list[tuple[str, str, str]]]],
    *,
    sender: tuple[str, str] = ("ZZ", "ACMERETAIL"),
    receiver: tuple[str, str] = ("01", "EDIGATEDEMO"),
    extra_segments: dict[int, list[SegmentData]] | None = None,
) -> bytes:
    """A 997 the partner sends back: per group (functional id, GS06, AK9 code, [(set id, ST02, AK5 code)]).

    `extra_segments` adds AK3/AK4 notes after the AK2 of the set with that index (counting across groups).
    """
    now = datetime(2026, 3, 2, 10, 0)
    sets, index = [], 0
    for number, (functional_id, group, code, set_acks) in enumerate(answers, 1):
        body: list[SegmentData] = [["AK1", functional_id, group]]
        for set_id, control, status in set_acks:
            body.append(["AK2", set_id, control])
            body += (extra_segments or {}).get(index, [])
            body.append(["AK5", status] + (["5"] if status == "R" else []))
            index += 1
        accepted = sum(1 for *_, status in set_acks if status in "AE")
        body.append(["AK9", code, str(len(set_acks)), str(len(set_acks)), str(accepted)])
        sets.append(wrap_set("997", number, body))
    groups = [wrap_group(GroupHeader("FA", sender[1], receiver[1], 777, "004010", now), sets)]
    header = InterchangeHeader(sender, receiver, 777, now, "00401", "T")
    return write_interchange(header, groups, Delimiters()).encode()
