"""`edigate translate`, `render` and `schema`, run through click on a group of their own (the lead registers them)."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from edigate.cli.mapping_commands import register
from edigate.x12.document import validate

from .samples import purchase_order
from .test_map_engine import PO


@pytest.fixture(scope="module")
def cli() -> click.Group:
    @click.group()
    def group() -> None:
        """A stand-in for `edigate`."""

    register(group)
    return group


def test_translate_prints_records_as_one_json_array(cli: click.Group, tmp_path: Path) -> None:
    path = tmp_path / "po.edi"
    path.write_bytes(PO)
    result = CliRunner().invoke(cli, ["translate", str(path), "--partner", "acme-retail"])
    assert result.exit_code == 0, result.output
    (record,) = json.loads(result.stdout)
    assert record["record_type"] == "purchase_order" and record["po_number"] == "PO-77"
    assert record["source"]["partner_id"] == "acme-retail"
    assert {"role": "vendor", "id": "V-555"}.items() <= record["parties"][0].items()


def test_translate_of_an_unmappable_file_lists_problems_and_exits_1(cli: click.Group, tmp_path: Path) -> None:
    path = tmp_path / "bad.edi"
    path.write_bytes(PO.replace(b"BEG*00*SA*PO-77*", b"BEG*00*SA**"))
    result = CliRunner().invoke(cli, ["translate", str(path)])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []
    assert "unmappable-set" in result.stderr and "Traceback" not in result.output


def test_translate_of_a_missing_file_is_a_usage_error(cli: click.Group, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["translate", str(tmp_path / "nope.edi")])
    assert result.exit_code == 2 and "cannot read" in result.stderr


def test_render_writes_a_valid_interchange(cli: click.Group, tmp_path: Path) -> None:
    path = tmp_path / "records.json"
    path.write_text(json.dumps([purchase_order().model_dump(mode="json")]), encoding="utf-8")
    args = ["render", str(path), "--version", "005010", "--sender", "ZZ:ME", "--receiver", "01:123456789"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ISA*") and "*005010~" in result.stdout
    assert not [i for i in validate(result.stdout.encode()).all_issues() if i.is_error]


def test_render_refuses_bad_ids_and_bad_records(cli: click.Group, tmp_path: Path) -> None:
    path = tmp_path / "records.json"
    path.write_text('[{"record_type": "purchase_order"}]', encoding="utf-8")
    assert CliRunner().invoke(cli, ["render", str(path), "--sender", "NOCOLON"]).exit_code == 2
    result = CliRunner().invoke(cli, ["render", str(path)])
    assert result.exit_code == 1 and "po_number" in result.stderr


def test_schema_lists_types_and_prints_one(cli: click.Group) -> None:
    listing = CliRunner().invoke(cli, ["schema"])
    assert listing.exit_code == 0 and "purchase_order" in listing.stdout and "functional_ack" in listing.stdout
    schema = CliRunner().invoke(cli, ["schema", "invoice"])
    assert json.loads(schema.stdout)["title"] == "Invoice"
    assert CliRunner().invoke(cli, ["schema", "nothing"]).exit_code == 2


@pytest.mark.parametrize("command", ["translate", "render", "schema"])
def test_every_command_has_examples_in_its_help(cli: click.Group, command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and "Examples:" in result.stdout and "edigate " + command in result.stdout
