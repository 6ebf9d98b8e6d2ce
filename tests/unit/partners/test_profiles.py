"""Profiles: the shipped examples load, bad files are reported by file and field, quirks become x12 values."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from edigate.config import Identity
from edigate.mapping import shipped_maps_dir
from edigate.partners import (
    TOLERANCE_NAMES,
    X12_SET_RECORDS,
    ProfileError,
    check_partners,
    load_profile,
    load_profiles,
    untolerated,
)
from edigate.x12 import Delimiters, GuideOverlay, Issue, Level, Severity
from edigate.x12.acks import AckPolicy

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "partners"
X12_SOURCE = ROOT / "src" / "edigate" / "x12"

MINIMAL = """
[x12]
theirs = { qualifier = "ZZ", id = "THEM" }

[[receive]]
set = "850"
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_example_profile_loads_and_validates_against_the_shipped_maps() -> None:
    partners = load_profiles(EXAMPLES)
    assert partners.problems == []
    assert sorted(p.id for p in partners) == ["acme-retail", "northwind-supply", "swift-freight"]
    result = check_partners(partners, [ROOT / "maps", shipped_maps_dir().parent])
    assert result.errors == []


def test_inbound_interchanges_are_routed_by_their_isa_sender_with_padding_ignored() -> None:
    partners = load_profiles(EXAMPLES)
    assert partners.by_isa("02", "SWFT           ").id == "swift-freight"
    assert partners.by_isa("ZZ", "ACMERETAIL").id == "acme-retail"
    assert partners.by_isa("01", "ACMERETAIL") is None  # same id, other qualifier: someone else
    assert partners.by_id("northwind-supply").x12 is None


def test_the_retailer_example_builds_the_overlay_ack_policy_and_delimiters_it_declares() -> None:
    acme = load_profile(EXAMPLES / "acme-retail.toml")
    assert acme.validation.guide.overlay == GuideOverlay(
        allowed_codes={"N101": frozenset({"ST", "BT", "VN", "BY"})},
        required_qualifiers={"REF01": frozenset({"IA"})},
        required_segments=frozenset({"REF"}),
    )
    assert acme.ack.policy == AckPolicy(kind="997", level="group", ta1="errors")
    assert acme.validation.tolerances == {"isa-not-fixed-width", "newline-terminator"}
    # 004010 has no repetition separator (ISA11 is the standards id U).
    assert acme.x12.outbound_delimiters == Delimiters("*", ">", "", "~", "\n")
    # Orders go to the file drop until the ERP's secrets are set (the example works out of the box); the ERP
    # connector stays declared, ready to be named in [deliver].
    assert acme.connector_for("purchase_order")[0] == "file-drop"
    assert acme.connectors["erp"].kind == "http"
    assert acme.connector_for("invoice")[0] == "file-drop"
    assert acme.secret_names() == {"erp-token", "erp-signing"}


def test_a_005010_partner_gets_a_repetition_separator_and_production_usage(tmp_path: Path) -> None:
    text = MINIMAL.replace("[x12]", '[x12]\nversion = "005010"\nusage = "production"')
    profile = load_profile(write(tmp_path, "p", text))
    assert profile.x12.outbound_delimiters.repetition == "^"
    assert profile.x12.isa15 == "P"
    assert profile.receive[0].map_name(profile.x12.version) == "850.005010"


def test_only_the_tolerances_a_partner_is_allowed_pass(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, "p", MINIMAL + '[validation]\ntolerate = ["byte-order-mark"]\n'))
    bom = Issue(Severity.WARNING, Level.FILE, "byte-order-mark", "BOM")
    padding = Issue(Severity.WARNING, Level.FILE, "control-number-padding", "padded")
    real_error = Issue(Severity.ERROR, Level.SEGMENT, "8", "not a tolerance")
    assert untolerated([bom, padding, real_error], profile.validation.tolerances) == [padding]


def test_bad_profiles_report_every_problem_with_file_and_field(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "bad",
        """
[x12]
version = "4010"
theirs = { qualifier = "zz", id = "THEM" }
colour = "blue"

[[receive]]
set = "850"

[ack]
level = "everything"

[validation]
tolerate = ["be-nice"]
""",
    )
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    fields = {(p.file, p.field) for p in caught.value.problems}
    assert fields == {
        (path, "x12.version"),
        (path, "x12.theirs.qualifier"),
        (path, "x12.colour"),
        (path, "ack.level"),
        (path, "validation.tolerate"),
    }
    text = str(caught.value)
    assert f"{path}: x12.colour: unknown field" in text
    assert "be-nice" in text


def test_one_bad_file_does_not_hide_another_or_the_good_ones(tmp_path: Path) -> None:
    write(tmp_path, "good", MINIMAL)
    write(tmp_path, "broken", "id = [")
    write(tmp_path, "renamed", 'id = "someone-else"\n' + MINIMAL.replace("THEM", "OTHER"))
    write(tmp_path, "twin", MINIMAL)  # claims the same ISA sender as good
    partners = load_profiles(tmp_path)
    assert [p.id for p in partners] == ["good"]
    by_file = {p.file.name: p for p in partners.problems}
    assert set(by_file) == {"broken.toml", "renamed.toml", "twin.toml"}
    assert "not valid TOML" in by_file["broken.toml"].message
    assert by_file["renamed.toml"].field == "id"
    assert "already partner 'good'" in by_file["twin.toml"].message


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ('[deliver]\npurchase_order = "erp"\n', "no connector 'erp'"),
        ('[deliver]\npurchase_orders = "file-drop"\n', "unknown record type 'purchase_orders'"),
        ('[x12.delimiters]\nelement = "*"\nsegment = "*"\n', "delimiters must all differ"),
        ('[[send]]\nformat = "csv"\nrecord = "invoice"\n', "names its record type and its map"),
        ('[connectors.erp]\nkind = "http"\nurl = "https://x/y"\nauth = { kind = "bearer", token = "abc" }\n', "auth"),
    ],
)
def test_inconsistent_settings_are_refused_with_the_reason(tmp_path: Path, extra: str, reason: str) -> None:
    with pytest.raises(ProfileError) as caught:
        load_profile(write(tmp_path, "p", MINIMAL + extra))
    assert reason in str(caught.value)


def test_x12_documents_need_the_x12_table(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match=r"\[x12\] table .* is required"):
        load_profile(write(tmp_path, "p", '[[receive]]\nset = "850"\n'))


def test_a_missing_map_is_an_error_and_a_map_of_the_wrong_record_too(tmp_path: Path) -> None:
    write(tmp_path, "p", MINIMAL + '\n[[send]]\nset = "856"\nmap = "810.004010"\n\n[[send]]\nset = "990"\n')
    result = check_partners(load_profiles(tmp_path), [shipped_maps_dir().parent])
    messages = {p.field: p.message for p in result.errors}
    assert set(messages) == {"send.0.map", "send.1.map"}
    assert "maps invoice, not ship_notice" in messages["send.0.map"]
    assert "no map 990.004010.toml" in messages["send.1.map"]


def test_the_tolerance_names_are_exactly_the_file_level_warnings_of_the_x12_core() -> None:
    """If the X12 core learns a new tolerance, profiles must be able to name it (and no stale name may stay)."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in X12_SOURCE.rglob("*.py"))
    calls = re.findall(r'(?:warning\(\s*Level\.FILE,|Severity\.WARNING,\s*Level\.FILE,)\s*"([a-z0-9-]+)"', source)
    keyword = re.findall(r'severity=Severity\.WARNING,\s*level=Level\.FILE,\s*code="([a-z0-9-]+)"', source)
    assert set(calls) | set(keyword) == TOLERANCE_NAMES


def test_the_set_to_record_table_agrees_with_the_shipped_maps() -> None:
    for path in shipped_maps_dir().glob("*.004010.toml"):
        declared = tomllib.loads(path.read_text(encoding="utf-8"))["map"]["record"]
        assert X12_SET_RECORDS[path.name.split(".")[0]] == declared, path.name


def test_we_are_the_configured_identity_unless_the_profile_says_otherwise() -> None:
    partners = load_profiles(EXAMPLES)
    ours = Identity(qualifier="ZZ", id="WIDGETCO", application_code="WIDGETAPP")
    acme = partners.by_id("acme-retail").our_party(ours)
    assert (acme.qualifier, acme.id, acme.gs_code) == ("ZZ", "WIDGETCO", "WIDGETAPP")
    swift = partners.by_id("swift-freight").our_party(ours)
    assert (swift.qualifier, swift.id) == ("01", "123456789")  # their profile: they know us by DUNS


def test_a_bad_value_is_quoted_in_its_problem(tmp_path: Path) -> None:
    with pytest.raises(ProfileError) as caught:
        load_profile(write(tmp_path, "p", MINIMAL + '[ack]\nta1 = "sometimes"\n'))
    assert "p.toml: ack.ta1: 'sometimes': Input should be" in str(caught.value)


def _doc_blocks() -> list[str]:
    text = (ROOT / "docs" / "partners-profiles.md").read_text(encoding="utf-8")
    return re.findall(r"```toml\n(.*?)```", text, flags=re.DOTALL)


def test_the_profile_in_the_documentation_is_a_valid_profile(tmp_path: Path) -> None:
    profile_block = next(block for block in _doc_blocks() if "[x12.theirs]" in block)
    profile = load_profile(write(tmp_path, "acme-retail", profile_block))
    assert profile.connector_for("purchase_order")[0] == "erp"
    assert [doc.record_type for doc in profile.receive] == ["purchase_order", "invoice"]


def test_the_tolerance_names_in_the_documentation_are_the_real_ones() -> None:
    text = (ROOT / "docs" / "partners-profiles.md").read_text(encoding="utf-8")
    section = text.split("### Tolerances", 1)[1].split("##", 1)[0]
    listed = set(re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)+)`", section))
    assert listed == TOLERANCE_NAMES
