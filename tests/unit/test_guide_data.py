"""Lint for the implementation-guide data under src/edigate/x12/guides/data/.

The validator trusts these files, so a typo here (a swapped min/max, a syntax note naming an element the
segment does not have, a set naming a segment nobody defined) would surface as false errors on real
partners' documents. These checks read the TOML directly, without importing edigate, so they keep working
whatever shape the loader takes.
"""

import re
import tomllib
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "src" / "edigate" / "x12" / "guides" / "data"

REQUIREMENTS = {"M", "O", "X"}
SIMPLE_TYPES = {"AN", "ID", "DT", "TM", "R", "B"} | {f"N{d}" for d in range(10)}
EXTRA_KEYS = {"repeat"}
SYNTAX_NOTE = re.compile(r"[PRECL](\d\d){2,}")
COMPOSITE_REF = re.compile(r"C\d{3}")


def load(path):
    with path.open("rb") as f:
        return tomllib.load(f)


def toml_files():
    return sorted(DATA.rglob("*.toml"))


def version_dirs():
    return sorted(p for p in DATA.iterdir() if p.is_dir() and re.fullmatch(r"\d{6}", p.name))


def own_dictionary(version_dir):
    path = version_dir / "segments.toml"
    if not path.exists():
        return {}, {}
    data = load(path)
    return data.get("segments", {}), data.get("composites", {})


def effective_dictionary(version_dir, seen=()):
    """Segments and composites of a version; what it does not define comes from the version it extends."""
    segments, composites = own_dictionary(version_dir)
    meta = version_dir / "version.toml"
    parent = load(meta).get("extends") if meta.exists() else None
    if parent is None:
        return dict(segments), dict(composites)
    assert parent not in seen, f"{version_dir.name}: extends cycle through {parent}"
    parent_dir = DATA / parent
    assert parent_dir.is_dir(), f"{version_dir.name}/version.toml extends unknown version {parent!r}"
    base_segments, base_composites = effective_dictionary(parent_dir, (*seen, version_dir.name))
    return base_segments | segments, base_composites | composites


def dictionary_tables():
    """(label, table, row key) for every segment and composite of every version folder."""
    out = []
    for vdir in version_dirs():
        segments, composites = own_dictionary(vdir)
        out += [(f"{vdir.name}/segments.{sid}", seg, "elements") for sid, seg in segments.items()]
        out += [(f"{vdir.name}/composites.{cid}", comp, "components") for cid, comp in composites.items()]
    return out


def structure_segment_ids(structure):
    """Segment ids named in a set's structure text (loop lines name loops, not segments)."""
    ids = []
    for raw in structure.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        words = line.split()
        if words[0] != "LOOP":
            ids.append(words[0])
    return ids


def set_files():
    return sorted(DATA.glob("*/sets/*.toml"))


@pytest.mark.parametrize("path", toml_files(), ids=lambda p: str(p.relative_to(DATA)))
def test_every_toml_file_parses(path):
    assert isinstance(load(path), dict)


def test_there_is_a_dictionary():
    assert (DATA / "004010" / "segments.toml").exists()
    assert (DATA / "codes.toml").exists()


TABLES = dictionary_tables()


@pytest.mark.parametrize(("label", "table", "key"), TABLES, ids=[t[0] for t in TABLES])
def test_element_rows_are_well_formed(label, table, key):
    assert isinstance(table.get("name"), str) and table["name"], f"{label}: missing name"
    assert isinstance(table.get("provisional", False), bool), f"{label}: provisional must be true/false"
    rows = table.get(key)
    assert isinstance(rows, list), f"{label}: missing {key}"
    if not table.get("provisional", False):
        assert rows, f"{label}: no {key}"
    for pos, row in enumerate(rows, start=1):
        where = f"{label}{pos:02d}"
        assert isinstance(row, list), where
        ref, name, req = row[0], row[1], row[2]
        assert isinstance(ref, str) and ref, f"{where}: ref"
        assert isinstance(name, str) and name, f"{where}: name"
        assert req in REQUIREMENTS, f"{where}: requirement {req!r}"
        if row[3] == "composite":
            assert key == "elements", f"{where}: composite inside a composite"
            assert COMPOSITE_REF.fullmatch(ref), f"{where}: composite ref {ref!r}"
            rest = row[4:]
        else:
            assert len(row) >= 6, f"{where}: expected [ref, name, req, type, min, max]"
            typ, lo, hi = row[3], row[4], row[5]
            assert typ in SIMPLE_TYPES, f"{where}: type {typ!r}"
            assert isinstance(lo, int) and isinstance(hi, int), f"{where}: min/max must be integers"
            assert 1 <= lo <= hi, f"{where}: min {lo} max {hi}"
            if typ == "DT":
                assert (lo, hi) in {(6, 6), (8, 8)}, f"{where}: DT length {lo}/{hi}"
            rest = row[6:]
        assert len(rest) <= 1, f"{where}: too many items"
        if rest:
            extras = rest[0]
            assert isinstance(extras, dict), f"{where}: 7th item must be an inline table"
            assert set(extras) <= EXTRA_KEYS, f"{where}: unknown extras {set(extras) - EXTRA_KEYS}"
            repeat = extras.get("repeat", 1)
            assert isinstance(repeat, int) and repeat >= 1, f"{where}: repeat {repeat!r}"


@pytest.mark.parametrize(("label", "table", "key"), TABLES, ids=[t[0] for t in TABLES])
def test_syntax_notes_name_existing_positions(label, table, key):
    count = len(table.get(key, []))
    notes = table.get("syntax", [])
    assert isinstance(notes, list), f"{label}: syntax must be a list"
    for note in notes:
        assert SYNTAX_NOTE.fullmatch(note), f"{label}: syntax note {note!r}"
        positions = [int(note[i : i + 2]) for i in range(1, len(note), 2)]
        assert len(set(positions)) == len(positions), f"{label}: {note} repeats a position"
        for p in positions:
            assert 1 <= p <= count, f"{label}: {note} names position {p} of {count}"
        conditional = [int(note[1:3])] if note[0] in "CL" else []
        for p in positions:
            row = table[key][p - 1]
            # an element governed by a relational note other than as its trigger cannot be mandatory
            if p not in conditional:
                assert row[2] != "M", f"{label}: {note} governs mandatory position {p}"


@pytest.mark.parametrize("vdir", version_dirs(), ids=lambda p: p.name)
def test_composite_refs_resolve(vdir):
    segments, composites = effective_dictionary(vdir)
    for sid, seg in segments.items():
        for pos, row in enumerate(seg.get("elements", []), start=1):
            if row[3] == "composite":
                assert row[0] in composites, f"{vdir.name} {sid}{pos:02d}: composite {row[0]} not defined"


@pytest.mark.parametrize("vdir", version_dirs(), ids=lambda p: p.name)
def test_set_structures_name_defined_segments(vdir):
    files = sorted((vdir / "sets").glob("*.toml")) if (vdir / "sets").is_dir() else []
    if not files:
        pytest.skip(f"{vdir.name} has no transaction-set structure files yet")
    segments, _ = effective_dictionary(vdir)
    missing = {}
    for path in files:
        structure = load(path).get("structure")
        assert isinstance(structure, str), f"{path.name}: no structure text"
        unknown = sorted(set(structure_segment_ids(structure)) - set(segments))
        if unknown:
            missing[path.name] = unknown
    assert not missing, f"segments used by {vdir.name} sets but not in its dictionary: {missing}"


def all_element_refs():
    refs = set()
    for _, table, key in TABLES:
        refs.update(row[0] for row in table.get(key, []) if row[3] != "composite")
    return refs


def test_code_lists_are_well_formed_and_used():
    codes = load(DATA / "codes.toml")
    used = all_element_refs()
    assert codes, "codes.toml is empty"
    for ref, entry in codes.items():
        assert ref in used, f"code list {ref} belongs to no element of any segment or composite"
        assert isinstance(entry.get("name"), str) and entry["name"], f"code list {ref}: name"
        assert isinstance(entry.get("closed"), bool), f"code list {ref}: closed must be true/false"
        values = entry.get("codes")
        assert isinstance(values, dict), f"code list {ref}: codes must be a table"
        if entry["closed"]:
            assert values, f"closed code list {ref} is empty"
        for code, text in values.items():
            assert code and code == code.strip(), f"code list {ref}: code {code!r}"
            assert isinstance(text, str) and text, f"code list {ref}: {code} has no description"


def test_code_values_fit_their_element_lengths():
    codes = load(DATA / "codes.toml")
    lengths = {}
    for _, table, key in TABLES:
        for row in table.get(key, []):
            if row[3] == "ID":
                lengths.setdefault(row[0], (row[4], row[5]))
    for ref, entry in codes.items():
        if ref not in lengths:
            continue
        lo, hi = lengths[ref]
        for code in entry["codes"]:
            assert lo <= len(code) <= hi, f"code list {ref}: {code!r} does not fit {lo}/{hi}"


def test_functional_groups():
    groups = load(DATA / "functional_groups.toml")
    known = load(DATA / "codes.toml").get("479", {}).get("codes", {})
    assert groups
    for gs01, sets in groups.items():
        assert re.fullmatch(r"[A-Z0-9]{2}", gs01), f"GS01 {gs01!r}"
        assert not known or gs01 in known, f"GS01 {gs01} is not in code list 479"
        assert isinstance(sets, list) and sets, f"{gs01}: no transaction sets"
        for st01 in sets:
            assert re.fullmatch(r"\d{3}", st01), f"{gs01}: transaction set {st01!r}"
    owners = {}
    for gs01, sets in groups.items():
        for st01 in sets:
            assert st01 not in owners, f"{st01} listed under both {owners.get(st01)} and {gs01}"
            owners[st01] = gs01
