"""What every chaos test shares: a working folder whose partner takes the corpus-derived mix and delivers every
record to a real HTTP ERP, the soak scaling, and the checks that decide "nothing lost, nothing twice".

`EDIGATE_SOAK=1` (set by `make soak`) scales each run up to the figures docs/reliability.md reports; the default
sizes keep the directory within a few minutes on two cores.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from edigate.config import load_config
from edigate.store import DeliveryInfo, DocumentInfo, DocumentState, Store

from ..integration.connectors.erp_server import ErpServer, Seen
from .corpus_mix import SETS, Mix

SOAK = os.environ.get("EDIGATE_SOAK", "") not in ("", "0")
FINAL = {DocumentState.DELIVERED, DocumentState.REJECTED}
RECORD_TYPES = ("purchase_order", "ship_notice", "invoice", "load_tender", "shipment_status")
_ISA13 = re.compile(rb"ISA(.)(?:[^\x00]*?\1){12}(\d{9})")


def scaled(default: int, soak: int) -> int:
    """`soak` under `make soak` (EDIGATE_SOAK=1), else `default`."""
    return soak if SOAK else default


def partner_profile(erp_url: str, *, retry: str, timeout: float = 2.0) -> str:
    """Partner `acme`: takes the five sets from any sender (the corpus has many), refuses duplicates, and sends
    every record type to the test ERP over HTTP."""
    receive = "\n".join(f'[[receive]]\nset = "{s}"\n' for s in SETS)
    deliver = "\n".join(f'{t} = "erp"' for t in RECORD_TYPES)
    return (
        f'id = "acme"\n[x12]\nversion = "004010"\n[x12.theirs]\nqualifier = "ZZ"\nid = "ACMERETAIL"\n{receive}\n'
        f'[ack]\nlevel = "set"\n[validation]\ncheck_sender = false\ncheck_receiver = false\nduplicates = "reject"\n'
        f'[deliver]\n{deliver}\n[connectors.erp]\nkind = "http"\nurl = "{erp_url}/orders"\n'
        f"read_timeout_seconds = {timeout}\nconnect_timeout_seconds = {timeout}\nretry = {retry}\n"
    )


FAST_RETRY = "{ max_attempts = 30, initial_delay_seconds = 0.05, max_delay_seconds = 0.3 }"


def chaos_home(
    root: Path,
    erp_url: str,
    *,
    database_url: str | None = None,
    retry: str = FAST_RETRY,
    timeout: float = 2.0,
    daemon: str = "",
    data_dir: Path | None = None,
) -> Path:
    """A migrated working folder for `edigate run` with the chaos partner; `daemon` adds [daemon] lines."""
    home = root / "home"
    for folder in ("partners", "inbox/acme", "outbox/acme"):
        (home / folder).mkdir(parents=True, exist_ok=True)
    lines = [f'database_url = "{database_url}"'] if database_url else []
    if data_dir is not None:
        lines.append(f'data_dir = "{data_dir}"')
    lines += ['[identity]\nqualifier = "ZZ"\nid = "EDIGATEDEMO"', '[api]\nlisten = "127.0.0.1:0"']
    lines.append(f"[daemon]\nrescan_seconds = 2\ndelivery_interval_seconds = 0.2\n{daemon}")
    (home / "edigate.toml").write_text("\n\n".join(lines) + "\n")
    (home / "partners" / "acme.toml").write_text(partner_profile(erp_url, retry=retry, timeout=timeout))
    with Store.open(load_config(home, environ={}).database_url) as store:
        store.upgrade()
    return home


def drop_all(files: list[Path], inbox: Path) -> None:
    """Move staged files into the inbox (a rename: each appears complete at once, as a careful sender does)."""
    for path in files:
        path.rename(inbox / path.name)


@dataclass
class Outcome:
    documents: list[DocumentInfo]
    deliveries: dict[int, list[DeliveryInfo]]

    @property
    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for document in self.documents:
            counts[document.state] += 1
        return dict(counts)


def outcome(home: Path) -> Outcome:
    with Store.open(load_config(home, environ={}).database_url) as store:
        documents = store.search(limit=1_000_000)
        deliveries = {d.id: store.deliveries_for(d.id) for d in documents if d.state == DocumentState.DELIVERED}
    return Outcome(documents, deliveries)


def settled(home: Path, expected: int) -> Outcome | None:
    """The outcome once `expected` inbound documents are all delivered or rejected (None before)."""
    with Store.open(load_config(home, environ={}).database_url) as store:
        counts = store.state_counts()
    if counts.get("delivered", 0) + counts.get("rejected", 0) < expected:
        return None
    return outcome(home)


def check_every_file_accounted_for(home: Path, mix: Mix, result: Outcome) -> None:
    """Each dropped file has exactly one document, delivered or rejected with its reason, and its bytes kept."""
    by_name: dict[str, list[DocumentInfo]] = defaultdict(list)
    for document in result.documents:
        by_name[document.file_name].append(document)
    missing = [name for name in mix.files if name not in by_name]
    assert not missing, f"{len(missing)} file(s) never recorded, e.g. {missing[:3]}"
    twice = {name: len(docs) for name, docs in by_name.items() if len(docs) > 1}
    assert not twice, f"file(s) recorded more than once: {list(twice.items())[:3]}"
    unfinished = [(d.file_name, d.state, d.error) for d in result.documents if d.state not in FINAL]
    assert not unfinished, f"{len(unfinished)} unfinished, e.g. {unfinished[:3]}"
    silent = [d.file_name for d in result.documents if d.state == DocumentState.REJECTED and not d.error]
    assert not silent, f"rejected without a reason: {silent[:3]}"
    for document in result.documents:
        assert document.sha256 == mix.files[document.file_name].sha256, document.file_name
    kept = kept_digests(home)
    lost = [name for name, dropped in mix.files.items() if dropped.sha256 not in kept]
    assert not lost, f"{len(lost)} file(s) whose bytes are in neither spool nor quarantine, e.g. {lost[:3]}"


def kept_digests(home: Path) -> set[str]:
    """sha256 of every file kept in the spool and the quarantine (reasons aside)."""
    data_dir = load_config(home, environ={}).data_dir
    digests = set()
    for folder in ("spool", "quarantine"):
        for path in (data_dir / folder).rglob("*"):
            if path.is_file() and not path.name.endswith(".reason.txt"):
                digests.add(hashlib.sha256(path.read_bytes()).hexdigest())
    return digests


def check_delivered_exactly_once(result: Outcome, erp: ErpServer) -> int:
    """Every delivery's key reached the ERP, always with the same body; no key the store does not know (a second
    key for one record would be a second order). Repeats of one key are allowed. The number of records."""
    expected = {d.idempotency_key for deliveries in result.deliveries.values() for d in deliveries}
    assert all(d.state == "delivered" for ds in result.deliveries.values() for d in ds)
    bodies: dict[str, set[bytes]] = defaultdict(set)
    for seen in complete_requests(erp):
        bodies[seen.headers["Idempotency-Key"]].add(seen.body)
    unknown = set(bodies) - expected
    assert not unknown, f"{len(unknown)} key(s) the store never scheduled reached the ERP: {sorted(unknown)[:3]}"
    never = expected - set(bodies)
    assert not never, f"{len(never)} record(s) marked delivered never reached the ERP: {sorted(never)[:3]}"
    changed = {key: sorted(len(body) for body in seen) for key, seen in bodies.items() if len(seen) > 1}
    assert not changed, f"a key was sent with different whole bodies (their lengths): {list(changed.items())[:3]}"
    return len(expected)


def complete_requests(erp: ErpServer) -> list[Seen]:
    """The requests whose whole body arrived. A daemon killed while sending leaves the test ERP a body shorter
    than its Content-Length, which a real ERP refuses unread: not a delivery, and not a second body for its key."""
    return [s for s in erp.requests if len(s.body) == int(s.headers.get("Content-Length") or 0)]


def ack_control_numbers(home: Path, partner: str = "acme") -> list[str]:
    """ISA13 of every acknowledgment written to the partner's outbox (sent/ included)."""
    numbers = []
    for path in (home / "outbox" / partner).rglob("*"):
        if path.is_file() and path.suffix == ".x12":
            numbers += [m.group(2).decode() for m in _ISA13.finditer(path.read_bytes())]
    return numbers


def check_control_numbers_unique(home: Path) -> int:
    numbers = ack_control_numbers(home)
    repeated = sorted({n for n in numbers if numbers.count(n) > 1})
    assert not repeated, f"ISA13 handed out twice in the 997s: {repeated[:5]}"
    return len(numbers)


def check_same_fate_per_template(mix: Mix, result: Outcome) -> None:
    """All copies of one corpus file end the same way: a kill must not change what a file comes to. Bad files are
    dropped byte for byte again and again, so their repeats are (rightly) rejected as duplicates: left out here,
    but each must name the document it repeats."""
    fates: dict[str, set[str]] = defaultdict(set)
    for document in result.documents:
        if document.duplicate_of is not None:
            assert mix.files[document.file_name].bad, f"a unique copy was taken for a duplicate: {document.file_name}"
            assert document.state == DocumentState.REJECTED and f"document {document.duplicate_of}" in document.error
            continue
        fates[mix.files[document.file_name].template].add(document.state)
    mixed = {template: states for template, states in fates.items() if len(states) > 1}
    assert not mixed, f"copies of one file ended differently: {mixed}"


def unrecorded_spool_files(home: Path) -> list[Path]:
    """Inbound spool files no row points at: what the next start would record as documents (a half-copied file
    would become a truncated document there)."""
    config = load_config(home, environ={})
    files = [p for p in (config.data_dir / "spool").glob("*/in/*/*") if p.is_file() and not p.name.startswith(".")]
    with Store.open(config.database_url) as store:
        known = store.known_spool_paths([str(p) for p in files])
    return [p for p in files if str(p) not in known]
