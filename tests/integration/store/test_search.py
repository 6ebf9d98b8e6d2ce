"""Finding documents by partner, set, state, date, control number and business key; duplicate interchanges."""

from __future__ import annotations

from datetime import timedelta

import pytest

from edigate.store import DocumentQuery, DocumentState, GroupEntry, InterchangeEntry, SetEntry, Store

from ..fake_clock import FakeClock
from .helpers import receive


def _interchange(isa13: str, gs06: str, sets: list[SetEntry], functional_id: str = "PO") -> InterchangeEntry:
    group = GroupEntry(functional_id=functional_id, control_number=gs06, version="004010", sets=sets)
    return InterchangeEntry(isa13, "ZZ", "ACME", "ZZ", "US", usage_indicator="P", groups=[group])


@pytest.fixture
def documents(store: Store, clock: FakeClock) -> dict[str, int]:
    """Three documents a day apart: an 850 from acme, an 856 from acme (two POs), an 810 from globex."""
    ids = {}
    order = receive(store, b"850").document.id
    store.record_envelopes(
        order, "acme", [_interchange("000000101", "11", [SetEntry("850", "0001", "rec-850", [("po", "PO-1")])])]
    )
    ids["order"] = order
    clock.advance(days=1)
    notice = receive(store, b"856").document.id
    keys = [("po", "PO-1"), ("po", "PO-2"), ("bol", "BOL-9"), ("shipment", "SH-7")]
    store.record_envelopes(
        notice, "acme", [_interchange("000000102", "12", [SetEntry("856", "0001", "rec-856", keys)], "SH")]
    )
    store.transition(notice, DocumentState.RECEIVED, DocumentState.PARSED)
    ids["notice"] = notice
    clock.advance(days=1)
    invoice = receive(store, b"810", partner="globex").document.id
    keys = [("invoice", "INV-5"), ("po", "PO-2")]
    store.record_envelopes(
        invoice, "globex", [_interchange("000000500", "7", [SetEntry("810", "0042", "rec-810", keys)], "IN")]
    )
    ids["invoice"] = invoice
    return ids


def _ids(store: Store, **criteria) -> list[int]:
    return [d.id for d in store.search(**criteria)]


def test_search_by_partner_state_and_set(store: Store, documents: dict[str, int]) -> None:
    assert _ids(store, partner="acme") == [documents["notice"], documents["order"]], "newest first"
    assert _ids(store, state="parsed") == [documents["notice"]]
    assert _ids(store, set_id="810") == [documents["invoice"]]
    assert _ids(store, partner="acme", set_id="810") == []


def test_search_by_received_date(store: Store, clock: FakeClock, documents: dict[str, int]) -> None:
    second_day = clock.now.replace(hour=0) - timedelta(days=1)
    assert _ids(store, received_from=second_day) == [documents["invoice"], documents["notice"]]
    assert _ids(store, received_before=second_day) == [documents["order"]]


def test_search_by_control_number_at_any_level_ignoring_leading_zeros(store: Store, documents: dict[str, int]) -> None:
    assert _ids(store, control_number="000000500") == [documents["invoice"]]
    assert _ids(store, control_number="101") == [documents["order"]], "ISA13 without its zeros"
    assert _ids(store, control_number="0012") == [documents["notice"]], "GS06"
    assert _ids(store, control_number="42") == [documents["invoice"]], "ST02"
    assert _ids(store, control_number="1") == [documents["notice"], documents["order"]], "ST02 0001 in both"


def test_search_by_business_key_with_and_without_kind(store: Store, documents: dict[str, int]) -> None:
    assert _ids(store, business_key="PO-2") == [documents["invoice"], documents["notice"]]
    assert _ids(store, business_key="PO-1", partner="acme") == [documents["notice"], documents["order"]]
    assert _ids(store, business_key="BOL-9", key_kind="bol") == [documents["notice"]]
    assert _ids(store, business_key="BOL-9", key_kind="po") == []
    assert _ids(store, business_key="INV-5", key_kind="invoice") == [documents["invoice"]]


def test_count_limit_and_offset(store: Store, documents: dict[str, int]) -> None:
    assert store.count() == 3
    assert store.count(DocumentQuery(business_key="PO-2")) == 2
    assert _ids(store, limit=1) == [documents["invoice"]]
    assert _ids(store, limit=1, offset=1) == [documents["notice"]]


def test_record_envelopes_returns_set_ids_and_a_repeated_isa13_is_seen(store: Store, documents: dict[str, int]) -> None:
    again = receive(store, b"850 resent with new date").document.id
    set_ids = store.record_envelopes(
        again, "acme", [_interchange("000000101", "11", [SetEntry("850", "0001"), SetEntry("850", "0002")])]
    )
    assert len(set_ids) == 2 and set_ids[0] < set_ids[1]
    assert store.interchange_seen("acme", "000000101", excluding=again) == [documents["order"]]
    assert store.interchange_seen("acme", "000000101") == [documents["order"], again]
    assert store.interchange_seen("globex", "000000101") == []


def test_an_unknown_business_key_kind_is_refused(store: Store) -> None:
    with pytest.raises(ValueError):
        store.search(business_key="X", key_kind="sku")
