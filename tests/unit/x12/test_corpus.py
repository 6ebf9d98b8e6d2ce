"""The whole third-party corpus through the reader and validator, read in place from ../shared/corpus.

[VALID] files (their envelopes check out) validate with no errors, except the few whose bodies break the
standard's implementation guide: those are listed with the exact problems and why (the corpus tags come from an
envelope check, not from guide validation). [NONCONF] files are read and what is off is reported, as their
descriptions in SOURCES.tsv say. [BROKEN] files and everything under bad/ yield errors; none raises.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from edigate.x12.document import validate
from tests.conftest import CORPUS, corpus_params, corpus_tags

TAGS = corpus_tags()

# [VALID] files whose transaction sets break the X12 standard's tables: the errors we must report, and why.
VALID_WITH_GUIDE_ERRORS = {
    "x12/214/aws-samples__aws-b2b-data-interchange-toolkit__214-samples.edi": (
        {"AK3-7", "AK3-5"},
        "heading N1 loop is N1 N3 N4 N3 N4: N3 after N4 and N4 twice (max use 1)",
    ),
    "x12/810/kputnam__stupidedi__IN810-pass-1.edi": (
        {"AK4-2"},
        "IT1**4**70: IT102 and IT104 without IT103 break syntax note P020304",
    ),
    "x12/850/ballerina-platform__module-ballerina-edi__x12-sender.edi": (
        {"AK4-5", "AK4-2"},
        "PO1*1*10*EA*25.00*BP*SKU-A: the part number sits in PO106, the qualifier",
    ),
    "x12/850/hellooops__vscode-edi-support__850-lineBreak.x12": (
        {"AK3-3"},
        "no PO1: the PO1 loop is mandatory in the 004010 850",
    ),
    "x12/850/hellooops__vscode-edi-support__850.x12": (
        {"AK3-3"},
        "no PO1: the PO1 loop is mandatory in the 004010 850",
    ),
    "x12/850/hellooops__vscode-edi-support__850-loop.edi": (
        {"AK4-2"},
        "SAC*A***100.00: neither SAC02 nor SAC03 (R0203), SAC04 without SAC03 (P0304)",
    ),
    "x12/856/Inteligenz__X12Parser__856_Example4.txt": (
        {"AK4-5"},
        "N4*LOCCITY*LOCSTATE*LOCZIP: N402 is a two-character state code",
    ),
    "x12/other/xlate__staedi__simple_with_binary_segment.edi": (
        {"AK5-6"},
        "ST*000 is a test set: no X12 transaction set identifier is below 100",
    ),
}

# [NONCONF] files: what must be reported for the oddity their description names.
NONCONF_REPORTS = {
    "x12/214/ballerina-platform__module-ballerina-edi__edi-214-output.edi": {"isa-not-fixed-width"},
    "x12/214/indice-co__EDI.Net__x12.214.edi": {
        "byte-order-mark",
        "line-break-in-isa",
        "isa-not-fixed-width",
    },
    "x12/214/xlate__staedi__ts214_ellipses_segterm.edi": {"non-ascii-delimiter"},
    "x12/810/Forworddash__EDI-Parser__sample_810.edi": {"isa-not-fixed-width", "AK5-4"},
    "x12/810/Inteligenz__X12Parser__810_Example4_Adobe.txt": {"newline-terminator", "TA1-017"},
    "x12/810/freight-trust__libedi__Sample_4010_810.txt": {"AK5-4"},
    "x12/810/indice-co__EDI.Net__x12.810a.edi": {
        "indented-segments",
        "byte-order-mark",
        "isa-not-fixed-width",
    },
    "x12/810/indice-co__EDI.Net__x12.810c.edi": {
        "indented-segments",
        "byte-order-mark",
        "isa-not-fixed-width",
    },
    "x12/810/indice-co__EDI.Net__x12.810d.edi": {
        "indented-segments",
        "byte-order-mark",
        "isa-not-fixed-width",
    },
    "x12/850/Forworddash__EDI-Parser__sample_850.edi": {"isa-not-fixed-width"},
    "x12/850/Forworddash__EDI-Parser__sample_850_extended.edi": {"isa-not-fixed-width", "AK5-4"},
    "x12/850/Inteligenz__X12Parser__850_Example4_Adobe_ShrinkWrapped.txt": {
        "whitespace-terminator",
        "isa-not-fixed-width",
    },
    "x12/850/indice-co__EDI.Net__x12.850.edi": {"byte-order-mark", "isa-non-ascii", "TA1-001"},
    "x12/850/indice-co__EDI.Net__x12.850.issue135.edi": {"ambiguous-delimiters"},
    "x12/850/kputnam__stupidedi__PO850-pass-1.edi": {"isa-not-fixed-width"},
    "x12/856/Inteligenz__X12Parser__856_Example3.txt": {"non-ascii-delimiter"},
    "x12/997/kputnam__stupidedi__FA997-pass-1.edi": {"newline-terminator", "isa-not-fixed-width"},
    "x12/other/EDIandXML__OBOE__DMX830.TXT": {"AK9-2"},
    "x12/other/Inteligenz__X12Parser__860_Example1.txt": {"isa-not-fixed-width"},
    "x12/other/hellooops__vscode-edi-support__X12-interchanges.x12": {"blank-application-code", "AK5-6"},
    "x12/other/olmelabs__EdiEngine__MultipleInterchangesAndGroups-940.edi": {"control-number-padding"},
    "x12/other/xlate__staedi__x12_interchange_ack_TA1.txt": {"TA1-021"},
}

# bad/ files we read without an error, and why that is right (or as far as edigate can see).
BROKEN_WITHOUT_ERRORS = {
    "bad/kputnam__stupidedi__PO850-003050-fail-1.edi": (
        "a 003050 850: edigate has guides for 004010 and 005010 only, so the set is reported as unchecked"
        " ('no-guide'); its envelope is sound and stupidedi's failure comes from its own 003050 grammar"
    ),
}


def _relative(path: Path) -> str:
    return path.relative_to(CORPUS).as_posix()


def _tags(path: Path) -> tuple[set[str], set[str]]:
    issues = validate(path.read_bytes()).all_issues()
    return {i.tag for i in issues if i.is_error}, {i.tag for i in issues if not i.is_error}


@pytest.mark.parametrize("path", corpus_params("x12/*/*"))
def test_x12_corpus_file(path: Path) -> None:
    name = _relative(path)
    tag = TAGS.get(name)
    errors, warnings = _tags(path)
    if tag == "[VALID]":
        expected = VALID_WITH_GUIDE_ERRORS.get(name, (set(), ""))[0]
        assert errors == expected
    elif tag == "[NONCONF]":
        assert NONCONF_REPORTS[name] <= errors | warnings
    else:
        pytest.fail(f"{name} has no tag in SOURCES.tsv")


@pytest.mark.parametrize("path", corpus_params("bad/*"))
def test_bad_corpus_file_is_reported_never_raised(path: Path) -> None:
    errors, warnings = _tags(path)
    name = _relative(path)
    if name in BROKEN_WITHOUT_ERRORS:
        assert "no-guide" in warnings and not errors
    else:
        assert errors, f"{name} yielded no error"


def test_every_exception_in_the_tables_is_still_a_corpus_file() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    for name in [*VALID_WITH_GUIDE_ERRORS, *NONCONF_REPORTS, *BROKEN_WITHOUT_ERRORS]:
        assert (CORPUS / name).is_file(), name
    assert all(TAGS.get(name) == "[NONCONF]" for name in NONCONF_REPORTS)
    assert all(TAGS.get(name) == "[VALID]" for name in VALID_WITH_GUIDE_ERRORS)
