"""`edigate ack` and `edigate demo` (what `make run` starts): acknowledgments a partner would accept."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from edigate.cli import main
from edigate.x12.acks import read_acks
from edigate.x12.document import parse, validate

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "edigate" / "examples"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.edi")))
def test_examples_are_what_they_say(name: str) -> None:
    errors = [i for i in validate((EXAMPLES / name).read_bytes()).all_issues() if i.is_error]
    assert bool(errors) == ("with-errors" in name), errors


def test_ack_of_a_clean_file_accepts_it_and_validates() -> None:
    code, out, _ = invoke("ack", str(EXAMPLES / "856-ship-notice.edi"), "--control-number", "77")
    assert code == 0
    document = parse(out.encode())
    assert not [i for i in validate(out.encode()).all_issues() if i.is_error]
    (interchange,) = document.interchanges
    assert interchange.control_number == "000000077"
    assert interchange.sender == ("ZZ", "ACMERETAIL") and interchange.receiver == ("ZZ", "EDIGATEDEMO")
    _, groups = read_acks(interchange)
    (group,) = groups
    assert (group.functional_id, group.control_number, group.status) == ("SH", "2001", "A")


def test_ack_of_a_bad_file_rejects_the_set_with_the_reasons() -> None:
    code, out, _ = invoke("ack", str(EXAMPLES / "850-with-errors.edi"), "--sender", "ZZ:OURID")
    assert code == 0
    (interchange,) = parse(out.encode()).interchanges
    assert interchange.sender == ("ZZ", "OURID")
    (group,) = read_acks(interchange)[1]
    assert group.status == "R"
    (tx,) = group.sets
    assert tx.status == "R"
    assert {(n.segment_id, n.position) for n in tx.segments} == {("BEG", 2), ("PO1", 4)}


def test_ack_levels_and_999() -> None:
    _, out, _ = invoke("ack", str(EXAMPLES / "850-with-errors.edi"), "--level", "group")
    assert "AK2" not in out and "AK9*R" in out
    _, out, _ = invoke("ack", str(EXAMPLES / "850-purchase-order.edi"), "--kind", "999")
    assert "ST*997" in out  # a 004010 group always gets a 997


def test_ack_usage_errors() -> None:
    code, _, err = invoke("ack", str(EXAMPLES / "850-purchase-order.edi"), "--sender", "OURID")
    assert code == 2 and "QQ:ID" in err


def test_ack_of_non_x12_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("not an interchange")
    code, out, err = invoke("ack", str(path))
    assert code == 1 and out == "" and "not-x12" in err


def test_demo_validates_and_acknowledges_the_examples(tmp_path: Path) -> None:
    code, out, _ = invoke("demo", str(tmp_path))
    assert code == 0
    assert {p.name for p in (tmp_path / "inbox").iterdir()} == {p.name for p in EXAMPLES.glob("*.edi")}
    acks = sorted((tmp_path / "outbox").iterdir())
    assert len(acks) == len(list(EXAMPLES.glob("*.edi")))
    rejected = (tmp_path / "outbox" / "850-with-errors.edi.997").read_text()
    assert "AK5*R" in rejected
    assert "AK9*A" in (tmp_path / "outbox" / "810-invoice.edi.997").read_text()
    assert "PO102" in (tmp_path / "reports" / "850-with-errors.edi.txt").read_text()
    assert "850-with-errors.edi" in out and "error" in out
