"""The map interpreter on small hand-made documents: outbound validity, partner variants, hooks, map errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from edigate.mapping import load_map, partner_maps_dir, render_x12, translate_x12
from edigate.mapping.conversions import BASIC, code_table
from edigate.records import PurchaseOrder
from edigate.x12.delimiters import Delimiters
from edigate.x12.document import validate

from .samples import all_samples, purchase_order

PO = b"""ISA*00*          *00*          *ZZ*BUYER          *ZZ*SELLER         *260301*1200*U*00401*000000042*0*P*>~
GS*PO*BUYER*SELLER*20260301*1200*42*X*004010~
ST*850*0001~
BEG*00*SA*PO-77**20260301~
REF*IA*V-555*ACME SUPPLY~
REF*DP*042~
REF*ZZ*HAPPY_BIRTHDAY~
PO1*1*2*EA*9.99**UP*012345678905~
ZZZ*SOMETHING*ELSE~
SE*8*0001~
GE*1*42~
IEA*1*000000042~
"""


@pytest.mark.parametrize("version", ["004010", "005010"])
@pytest.mark.parametrize("record", all_samples(), ids=lambda r: r.record_type)
def test_outbound_validates_and_reads_back(record: PurchaseOrder, version: str) -> None:
    text = render_x12([record], version=version, sender=("ZZ", "US"), receiver=("01", "123456789"))
    document = validate(text.encode())
    assert [issue.message for issue in document.all_issues() if issue.is_error] == []
    (back,) = translate_x12(text.encode()).records
    assert back.same_content(record)
    assert back.source.version == version


def test_partner_delimiters_and_envelope_ids() -> None:
    delimiters = Delimiters(element="|", component="^", repetition="", segment="\n", suffix="")
    text = render_x12(
        [purchase_order()],
        version="004010",
        sender=("01", "111111111"),
        receiver=("ZZ", "RETAILER"),
        delimiters=delimiters,
        interchange_control_number=907,
        group_control_number=55,
    )
    assert text.startswith("ISA|00|")
    assert "|01|111111111      |ZZ|RETAILER       |" in text
    assert "\nGS|PO|111111111|RETAILER|" in text and "|55|X|004010\n" in text
    assert not [i for i in validate(text.encode()).all_issues() if i.is_error]
    (back,) = translate_x12(text.encode()).records
    assert back.source.interchange_control_number == "000000907"


def test_unknown_segments_and_qualifiers_go_to_extra() -> None:
    """An unknown segment stays in the loop it was found in (here the PO1 line), never dropped."""
    (order,) = translate_x12(PO).records
    (unknown,) = order.lines[0].extra
    assert (unknown.tag, unknown.values, unknown.loop, unknown.position) == ("ZZZ", ["SOMETHING", "ELSE"], "line", 7)
    assert order.reference("IA") == "V-555", "the base map keeps REF*IA as a plain reference"
    assert order.lines[0].item.upc == "012345678905"


def test_partner_variant_takes_the_vendor_number_from_ref_ia() -> None:
    folder = partner_maps_dir("acme-retail")
    (order,) = translate_x12(PO, partner_maps=folder, partner="acme-retail").records
    vendor = order.party("vendor")
    assert vendor is not None and (vendor.id, vendor.name, vendor.entity_code) == ("V-555", "ACME SUPPLY", "VN")
    assert order.reference("IA") is None
    assert order.reference("DP") == "042", "the rest of the base map still applies"
    assert order.source.partner_id == "acme-retail"
    text = render_x12([order], partner_maps=folder)
    assert "REF*IA*V-555*ACME SUPPLY~" in text and "N1*VN" not in text


def test_partner_map_in_any_folder_with_a_hook(tmp_path: Path) -> None:
    (tmp_path / "850.004010.toml").write_text(
        '[map]\nextends = "850.004010"\nafter_inbound = "tests.unit.mapping.hooks.count_lines"\n\n'
        '[[rule]]\nid = "gift"\nsegment = "REF"\nwhere = { REF01 = "ZZ" }\n'
        'hook = "tests.unit.mapping.hooks.gift_message"\n',
        encoding="utf-8",
    )
    (order,) = translate_x12(PO, partner_maps=tmp_path).records
    assert [(note.code, note.text) for note in order.notes] == [("GFT", "Happy birthday")]
    assert order.reference("ZZ") is None
    assert order.totals is not None and order.totals.line_count == 1


def test_a_map_naming_a_field_the_record_lacks_fails_at_load(tmp_path: Path) -> None:
    (tmp_path / "850.004010.toml").write_text(
        '[map]\nextends = "850.004010"\n\n[[rule]]\nsegment = "REF"\nwhere = { REF01 = "IA" }\n'
        'fields = { REF02 = "vendor_number" }\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="PurchaseOrder has no field 'vendor_number'"):
        load_map("850", "004010", tmp_path)


def test_005010_map_extends_004010_with_only_its_differences() -> None:
    old, new = load_map("997", "004010"), load_map("997", "005010")
    assert [r.id for r in old.rules] == [r.id for r in new.rules]
    ak1 = next(rule for rule in new.rules if rule.id == "ak1")
    assert {f.element for f in ak1.fields} == {1, 2, 3}


def test_a_version_without_a_map_falls_back_with_a_warning() -> None:
    text = render_x12([purchase_order()], version="004010").replace("*004010~", "*004030~")
    result = translate_x12(text.encode())
    assert result.records and result.records[0].po_number == "PO-1001"
    assert any(issue.code == "map-version-fallback" for issue in result.issues)


def test_a_set_without_a_map_is_reported() -> None:
    text = render_x12([purchase_order()]).replace("ST*850*", "ST*855*").replace("GS*PO*", "GS*PR*")
    result = translate_x12(text.encode())
    assert not result.records and [i.code for i in result.issues if i.is_error] == ["no-map"]
    assert not translate_x12(b"not x12 at all").ok


def test_conversions_both_ways() -> None:
    assert BASIC["date"].read("260301") == dt.date(2026, 3, 1) == BASIC["date"].read("20260301")
    assert BASIC["date"].write(dt.date(2026, 3, 1)) == "20260301"
    assert BASIC["date6"].write(dt.date(2026, 3, 1)) == "260301"
    assert BASIC["time"].read("0830") == dt.time(8, 30) and BASIC["time"].read("083015") == dt.time(8, 30, 15)
    assert BASIC["time"].write(dt.time(8, 30)) == "0830" and BASIC["time"].write(dt.time(8, 30, 15)) == "083015"
    assert BASIC["n2"].read("28566") == Decimal("285.66") and BASIC["n2"].write(Decimal("285.66")) == "28566"
    assert BASIC["decimal"].read("9.990") == Decimal("9.990")
    purpose = code_table("purpose", {"00": "original", "01": "cancellation"})
    assert purpose.read("00") == "original" and purpose.write("original") == "00"
    assert purpose.read("ZZ") == "ZZ" and purpose.write("ZZ") == "ZZ", "unknown codes pass through"
    with pytest.raises(ValueError):
        BASIC["date"].read("2026-03-01")


def test_bad_values_are_reported_not_raised() -> None:
    result = translate_x12(PO.replace(b"BEG*00*SA*PO-77**20260301", b"BEG*00*SA*PO-77**20261341"))
    (order,) = result.records
    assert order.po_date is None
    assert [issue.code for issue in result.issues] == ["unconvertible-value"]


@pytest.mark.parametrize("digits", ["\u0661\u0662", "\uff11\uff12"], ids=["arabic-indic", "fullwidth"])
def test_non_ascii_digits_are_not_x12_numbers_or_dates(digits: str) -> None:
    """Python's int(), Decimal() and str.isdigit() take any Unicode digit; X12 numbers and dates are ASCII."""
    assert digits.isdigit() and int(digits) == 12 and Decimal(digits) == 12
    for name in ("decimal", "n2", "int"):
        with pytest.raises(ValueError):
            BASIC[name].read(digits)
    for name, text in [("date", "2026" + digits + "01"), ("date6", "26" + digits + "01"), ("time", digits + "30")]:
        with pytest.raises(ValueError):
            BASIC[name].read(text)
    sent = PO.replace(b"PO1*1*2*EA", f"PO1*1*{digits}*EA".encode()).replace(
        b"PO-77**20260301", f"PO-77**2026{digits}01".encode()
    )
    result = translate_x12(sent)
    (order,) = result.records
    assert order.po_date is None and order.lines[0].quantity is None
    assert [(i.code, i.message.split(" ")[0]) for i in result.issues] == [
        ("unconvertible-value", "BEG05"),
        ("unconvertible-value", "PO102"),
        ("record-part-dropped", "lines.0.quantity.value:"),  # a unit with no number is no quantity
    ]


@pytest.mark.parametrize("name", ["decimal", "n2", "int"])
def test_digit_separators_are_not_x12_numbers(name: str) -> None:
    """int() and Decimal() read '1_000' as 1000 (PEP 515); in X12 it is no number at all."""
    assert int("1_000") == 1000 and Decimal("1_000") == 1000
    with pytest.raises(ValueError):
        BASIC[name].read("1_000")
    assert BASIC[name].read("1000") == (10 if name == "n2" else 1000)


def test_pairs_no_field_holds_and_unmapped_elements_go_to_extra_together() -> None:
    """PER03-PER07 are qualifier/value pairs with no `other` list: an unknown qualifier is named in the note."""
    sent = PO.replace(b"REF*DP*042~", b"PER*BD*JANE*ZZ*123*TE*555*XX*9*MORE~")
    (order,) = translate_x12(sent).records
    assert [(c.function_code, c.name, c.phone) for c in order.contacts] == [("BD", "JANE", "555")]
    (kept,) = [e for e in order.extra if e.tag == "PER"]
    assert kept.note == "not in map: PER09, PER03=ZZ, PER07=XX"
    assert kept.values == ["BD", "JANE", "ZZ", "123", "TE", "555", "XX", "9", "MORE"]


@pytest.mark.parametrize(
    "sent", ["BD*JANE*ZZ*123*TE*555*XX*9*MORE", "BD*JANE*TE*555", "BD", "BD*JANE*EM*A@B*  *X*FX*1"]
)
def test_unrolled_pairs_do_what_the_pair_loop_does(sent: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """compiled.py unrolls a rule's qualifier/value pairs; past UNROLLED_PAIRS it loops: both give the same."""
    from edigate.mapping import compiled
    from edigate.x12.segments import Segment

    rule = next(r for r in load_map("850", "004010").rules if r.segment == "PER" and r.pairs and r.inbound)
    outcomes = []
    for limit in (compiled.UNROLLED_PAIRS, 0):
        monkeypatch.setattr(compiled, "UNROLLED_PAIRS", limit)
        handle = compiled.compile_handler(rule, {})
        elements = ["PER", *sent.split("*")]
        record: dict[str, object] = {}
        kept: list[tuple[list[str], str]] = []
        taken = handle(
            elements, len(elements), [("header", record, True)], 0, Segment("PER", elements), ">",
            lambda *problem: None, lambda stack, segment, elements, note, into=kept: into.append((elements, note)),
        )  # fmt: skip
        outcomes.append((taken, record, kept))
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][1]["contacts"]  # the rule did its work: a contact was added


def test_docs_worked_example_pack_weight() -> None:
    """docs/maps.md, worked example 1: PO4 gross weight per pack reaches the record and is written back."""
    text = PO.replace(
        b"PO1*1*2*EA*9.99**UP*012345678905~\n", b"PO1*1*2*EA*9.99**UP*012345678905~\nPO4*12*16*OZ*CTN*G*1.2*LB~\n"
    )
    (order,) = translate_x12(text.replace(b"SE*8*", b"SE*9*")).records
    packaging = order.lines[0].packaging
    assert packaging is not None and packaging.code == "CTN" and packaging.weight is not None
    assert (packaging.weight.value, packaging.weight.unit) == (Decimal("1.2"), "LB")
    assert "PO4*12*16*OZ*CTN*G*1.2*LB~" in render_x12([order])


def test_a_value_holding_a_delimiter_is_refused_with_the_record_named() -> None:
    order = purchase_order().model_copy(update={"contract_number": "A*B"})
    with pytest.raises(ValueError, match=r"purchase_order po_number=PO-1001: .*'\*'.*choose other delimiters"):
        render_x12([order])
    text = render_x12([order], delimiters=Delimiters(element="|", component="^", segment="~"))
    assert "|A*B" in text


def test_a_set_id_that_looks_like_a_pattern_finds_no_map() -> None:
    """Found by mutating corpus files: ST01 '85*' must not glob its way to the 850 and 856 maps."""
    text = render_x12([purchase_order()]).replace("ST*850*", "ST|85?*", 1).replace("ST|85?", "ST*85?")
    result = translate_x12(text.encode())
    assert not result.records and [i.code for i in result.issues if i.is_error] == ["no-map"]
