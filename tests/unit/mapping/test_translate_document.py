"""translate_document: the partner profile (real partners/<id>.toml files in a working folder) chooses the X12
map, CSV layout and XML map; every issue names the file, every record the partner."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from edigate.cli.mapping_commands import register
from edigate.mapping import (
    csv,
    detect_format,
    map_folders,
    render_document,
    render_x12,
    translate_document,
    translate_x12,
    xml,
)
from edigate.partners import Profile, load_profiles
from edigate.x12.document import validate

from .samples import invoice, purchase_order
from .test_map_engine import PO

X12_TABLE = '[x12]\nversion = "004010"\ntheirs = { qualifier = "ZZ", id = "BUYER" }\n'


def _home(tmp_path: Path, partner: str, profile_toml: str) -> Path:
    (tmp_path / "partners").mkdir(exist_ok=True)
    (tmp_path / "partners" / f"{partner}.toml").write_text(profile_toml, encoding="utf-8")
    return tmp_path


def _profile(home: Path, partner: str) -> Profile:
    partners = load_profiles(home / "partners")
    assert partners.problems == []
    profile = partners.by_id(partner)
    assert profile is not None
    return profile


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_format_is_detected_from_the_first_bytes() -> None:
    assert detect_format(b"\xef\xbb\xbf\r\n  ISA*00*") == "x12"
    assert detect_format(b"  <?xml version='1.0'?><a/>") == "xml"
    assert detect_format(b"PO_NUMBER,LINE\n") == "csv"
    assert detect_format(b"") == "csv"


def test_the_x12_map_a_profile_names_is_used_from_the_working_folder(tmp_path: Path) -> None:
    spec = '[[receive]]\nset = "850"\nmap = "850.vendor-in-ref"\n'
    home = _home(tmp_path, "shopco", X12_TABLE + spec)
    _write(
        home / "maps" / "x12" / "partners" / "shopco" / "850.vendor-in-ref.toml",
        '[map]\nextends = "850.004010"\n\n[[rule]]\nid = "vendor"\nsegment = "REF"\nwhere = { REF01 = "IA" }\n'
        'into = "parties[+]"\nset = { role = "vendor", entity_code = "VN" }\nfields = { REF02 = "id" }\n',
    )
    plain = translate_document(PO, profile=None, file="po.edi")
    assert not any(party.id == "V-555" for party in plain.records[0].parties)

    result = translate_document(PO, profile=_profile(home, "shopco"), file="po.edi", maps_dir=home / "maps")
    (record,) = result.records
    assert [(p.role, p.id) for p in record.parties] == [("vendor", "V-555")]
    assert record.po_number == "PO-77" and record.source.partner_id == "shopco"


def test_a_profile_naming_a_missing_map_is_an_error_naming_the_file_and_map(tmp_path: Path) -> None:
    home = _home(tmp_path, "shopco", X12_TABLE + '[[receive]]\nset = "850"\nmap = "850.nowhere"\n')
    result = translate_document(PO, profile=_profile(home, "shopco"), file="in/po.edi", maps_dir=home / "maps")
    assert result.records == [] and not result.ok
    (issue,) = result.issues
    assert issue.code == "no-map" and "850.nowhere" in issue.message
    assert issue.location.file == "in/po.edi" and issue.location.partner == "shopco"


def test_without_a_named_map_the_shipped_partner_variant_is_used() -> None:
    (record,) = translate_document(PO, profile=Profile(id="acme-retail"), file="po.edi").records
    assert ("vendor", "V-555") in [(p.role, p.id) for p in record.parties]
    assert record.source.partner_id == "acme-retail"


CSV_LAYOUT = """[layout]
record = "purchase_order"
key = "ORDER"
date_format = "%Y%m%d"
lines = "lines"
columns = ["ORDER", "LINE", "QTY", "UNIT"]
[header]
"po_number" = "ORDER"
[line]
"line_number" = "LINE"
"quantity.value" = "QTY : decimal"
"quantity.unit" = "UNIT"
"""


def test_the_csv_layout_a_profile_names_reads_a_file_no_shipped_layout_fits(tmp_path: Path) -> None:
    spec = '[[receive]]\nformat = "csv"\nrecord = "purchase_order"\nmap = "shopco-orders"\n'
    home = _home(tmp_path, "shopco", spec)
    _write(home / "maps" / "csv" / "partners" / "shopco" / "shopco-orders.toml", CSV_LAYOUT)
    data = b"ORDER,LINE,QTY,UNIT\nA-1,1,5,EA\nA-1,2,7,CA\n"

    unknown = translate_document(data, profile=None, file="orders.csv")
    assert unknown.records == [] and unknown.issues[0].code == "csv-unknown-layout"
    assert unknown.issues[0].location.file == "orders.csv"

    result = translate_document(data, profile=_profile(home, "shopco"), file="orders.csv", maps_dir=home / "maps")
    (record,) = result.records
    assert record.po_number == "A-1" and [line.quantity.value for line in record.lines] == [5, 7]
    assert record.source.partner_id == "shopco"


def test_a_shipped_csv_layout_named_by_the_profile_is_found(tmp_path: Path) -> None:
    home = _home(
        tmp_path, "smooks", '[[receive]]\nformat = "csv"\nrecord = "purchase_order"\nmap = "smooks-po-lines"\n'
    )
    data = csv.render([purchase_order()], "smooks-po-lines")
    (record,) = translate_document(data, profile=_profile(home, "smooks"), file="x.csv", maps_dir=home / "maps").records
    assert record.po_number == purchase_order().po_number


def test_the_xml_map_a_profile_names_refuses_another_kind_of_document(tmp_path: Path) -> None:
    home = _home(tmp_path, "eu", '[[receive]]\nformat = "xml"\nrecord = "purchase_order"\nmap = "ubl.order"\n')
    profile = _profile(home, "eu")
    ubl = xml.render([purchase_order()], "ubl")
    (record,) = translate_document(ubl, profile=profile, file="order.xml").records
    assert record.po_number == purchase_order().po_number and record.source.partner_id == "eu"

    cxml = xml.render([purchase_order()], "cxml")
    assert translate_document(cxml, profile=None, file="order.xml").ok
    refused = translate_document(cxml, profile=profile, file="order.xml")
    assert refused.records == [] and refused.issues[0].code == "xml-unknown-document"
    assert "ubl.order" in refused.issues[0].message and refused.issues[0].location.file == "order.xml"


def test_several_xml_specs_take_the_one_that_fits(tmp_path: Path) -> None:
    specs = "".join(
        f'[[receive]]\nformat = "xml"\nrecord = "{kind}"\nmap = "{name}"\n'
        for kind, name in (("invoice", "cxml.invoice-detail-request"), ("purchase_order", "cxml.order-request"))
    )
    profile = _profile(_home(tmp_path, "multi", specs), "multi")
    cxml = xml.render([purchase_order()], "cxml")
    result = translate_document(cxml, profile=profile, file="order.xml")
    assert result.ok and result.records[0].record_type == "purchase_order"


@pytest.fixture
def cli() -> click.Group:
    @click.group()
    @click.option("--home")
    @click.pass_context
    def group(ctx: click.Context, home: str | None) -> None:
        """A stand-in for `edigate` with its global --home."""
        ctx.obj = {"home": home}

    register(group)
    return group


def test_cli_translate_uses_the_partner_profile_of_the_home(cli: click.Group, tmp_path: Path) -> None:
    spec = '[[receive]]\nformat = "csv"\nrecord = "purchase_order"\nmap = "shopco-orders"\n'
    home = _home(tmp_path, "shopco", spec)
    _write(home / "maps" / "csv" / "partners" / "shopco" / "shopco-orders.toml", CSV_LAYOUT)
    (home / "orders.csv").write_bytes(b"ORDER,LINE,QTY,UNIT\nA-1,1,5,EA\n")
    args = ["--home", str(home), "translate", str(home / "orders.csv")]
    result = CliRunner().invoke(cli, [*args, "--partner", "shopco"])
    assert result.exit_code == 0, result.output
    (record,) = json.loads(result.stdout)
    assert record["po_number"] == "A-1" and record["source"]["partner_id"] == "shopco"

    without = CliRunner().invoke(cli, args)
    assert without.exit_code == 1 and "orders.csv" in without.stderr and "csv-unknown-layout" in without.stderr


def test_cli_translate_refuses_an_unknown_partner(cli: click.Group, tmp_path: Path) -> None:
    (tmp_path / "po.edi").write_bytes(PO)
    result = CliRunner().invoke(
        cli, ["--home", str(tmp_path), "translate", str(tmp_path / "po.edi"), "--partner", "nobody"]
    )
    assert result.exit_code == 2 and "no partner 'nobody'" in result.stderr and result.stdout == ""


def test_render_document_writes_what_the_profile_sends_and_it_reads_back(tmp_path: Path) -> None:
    sends = (
        '[[send]]\nformat = "csv"\nrecord = "purchase_order"\nmap = "smooks-po-lines"\n'
        '[[send]]\nformat = "xml"\nrecord = "invoice"\nmap = "ubl.invoice"\n'
    )
    home = _home(tmp_path, "out", sends)
    profile = _profile(home, "out")
    order, bill = purchase_order(), invoice()
    xml_doc, csv_doc = render_document([order, bill], profile=profile, maps_dir=home / "maps")
    assert csv_doc.startswith(b"LINE_NUMBER,UPC_NUMBER") and b":Invoice " in xml_doc
    (back,) = translate_document(csv_doc, profile=None, file="po.csv").records
    assert back.po_number == order.po_number and len(back.lines) == len(order.lines)
    (again,) = translate_document(xml_doc, profile=None, file="inv.xml").records
    assert again.invoice_number == bill.invoice_number and again.totals.total_amount == bill.totals.total_amount


def test_render_document_refuses_a_record_the_profile_does_not_send(tmp_path: Path) -> None:
    profile = _profile(_home(tmp_path, "out", '[[send]]\nformat = "csv"\nrecord = "invoice"\nmap = "invoice"\n'), "out")
    with pytest.raises(ValueError, match="purchase_order"):
        render_document([purchase_order()], profile=profile)


def test_cli_render_takes_the_envelope_from_the_partner_profile(cli: click.Group, tmp_path: Path) -> None:
    x12 = '[x12]\nversion = "005010"\ntheirs = { qualifier = "01", id = "123456789", application_code = "SHOPAPP" }\n'
    home = _home(tmp_path, "shopco", x12 + '[[send]]\nset = "810"\n')
    (home / "edigate.toml").write_text('[identity]\nqualifier = "ZZ"\nid = "OURCO"\n', encoding="utf-8")
    records = home / "invoice.json"
    records.write_text(invoice().model_dump_json(), encoding="utf-8")
    args = ["--home", str(home), "render", str(records), "--partner", "shopco", "--control-number", "17"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    isa, gs = (segment.strip().split("*") for segment in result.stdout.split("~")[:2])
    assert (isa[5], isa[6].strip(), isa[7], isa[8].strip(), isa[12], isa[13], isa[15]) == (
        "ZZ",
        "OURCO",
        "01",
        "123456789",
        "00501",
        "000000017",
        "T",
    )
    assert (gs[2], gs[3], gs[8]) == ("EDIGATE", "SHOPAPP", "005010")
    typed = CliRunner().invoke(cli, [*args, "--version", "004010"])
    assert typed.exit_code == 0 and "*004010~" in typed.stdout and "*01*123456789   " in typed.stdout


VENDOR_IN_REF = (
    '[map]\nextends = "850.004010"\n\n[[rule]]\nid = "vendor"\nsegment = "REF"\nwhere = { REF01 = "IA" }\n'
    'into = "parties[+]"\nset = { role = "vendor", entity_code = "VN" }\nfields = { REF02 = "id", REF03 = "name" }\n'
)


def test_the_x12_map_a_profile_sends_by_is_used_outbound(cli: click.Group, tmp_path: Path) -> None:
    """[[send]] map = "850.vendor-in-ref": render_x12(named_maps=...) and `edigate render --partner` write by it,
    as translate reads by a [[receive]] map: the vendor goes out as REF*IA, not N1*VN."""
    home = _home(tmp_path, "shopco", X12_TABLE + '[[send]]\nset = "850"\nmap = "850.vendor-in-ref"\n')
    _write(home / "maps" / "x12" / "partners" / "shopco" / "850.vendor-in-ref.toml", VENDOR_IN_REF)
    order = purchase_order()
    folders = map_folders(home / "maps", "shopco")
    plain = render_x12([order], partner_maps=folders)
    assert "N1*VN*ACME*92*V77~" in plain and "REF*IA" not in plain
    named = render_x12([order], partner_maps=folders, named_maps={"850": "850.vendor-in-ref"})
    assert "REF*IA*V77*ACME~" in named and "N1*VN" not in named
    assert not [issue.message for issue in validate(named.encode()).all_issues() if issue.is_error]
    (back,) = translate_x12(named.encode(), partner_maps=folders, named={"850": "850.vendor-in-ref"}).records
    vendor = back.party("vendor")
    assert vendor is not None and (vendor.id, vendor.name, vendor.entity_code) == ("V77", "ACME", "VN")
    assert (back.po_number, len(back.lines)) == (order.po_number, len(order.lines))

    records = home / "po.json"
    records.write_text(order.model_dump_json(), encoding="utf-8")
    result = CliRunner().invoke(cli, ["--home", str(home), "render", str(records), "--partner", "shopco"])
    assert result.exit_code == 0, result.output
    assert "REF*IA*V77*ACME~" in result.stdout and "N1*VN" not in result.stdout


def test_a_profile_sending_by_a_missing_map_is_refused_naming_it(cli: click.Group, tmp_path: Path) -> None:
    home = _home(tmp_path, "shopco", X12_TABLE + '[[send]]\nset = "850"\nmap = "850.nowhere"\n')
    records = home / "po.json"
    records.write_text(purchase_order().model_dump_json(), encoding="utf-8")
    result = CliRunner().invoke(cli, ["--home", str(home), "render", str(records), "--partner", "shopco"])
    assert result.exit_code != 0 and "850.nowhere" in result.output
