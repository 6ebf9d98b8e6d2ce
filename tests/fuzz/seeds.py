"""Seeds for every fuzzer: the third-party corpus read in place (never copied), and a few inputs of our own
so the fuzzers still run where the corpus is absent.

The mutations are plain functions of (data, numbers), so hypothesis (which draws the numbers) and atheris
(which takes them from its FuzzedDataProvider) make the same kinds of damage: byte flips, truncation,
delimiter swaps, inserted, removed and repeated segments, and huge counts.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

OWN_X12 = (
    b"ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260101*1200*U*00401*000000001*0*P*>~\n"
    b"GS*PO*SENDER*RECEIVER*20260101*1200*1*X*004010~\nST*850*0001~\nBEG*00*SA*PO1**20260101~\n"
    b"N1*ST*DOCK 4*92*0042~\nPO1*1*2*EA*9.5**VP*ITEM1~\nCTT*1~\nSE*6*0001~\nGE*1*1~\nIEA*1*000000001~\n"
)
OWN_997 = (
    b"ISA*00*          *00*          *ZZ*RECEIVER       *ZZ*SENDER         *260101*1201*U*00401*000000007*0*P*>~"
    b"GS*FA*RECEIVER*SENDER*20260101*1201*7*X*004010~ST*997*0001~AK1*PO*1~AK2*850*0001~AK3*BEG*2**8~"
    b"AK4*5*373*8*2026~AK5*R*5~AK9*R*1*1*0~SE*8*0001~GE*1*7~IEA*1*000000007~"
)
OWN_XML = b'<?xml version="1.0"?><cXML payloadID="1"><Request><OrderRequest><OrderRequestHeader orderID="P1"/>'
OWN_XML += b'<ItemOut quantity="2" lineNumber="1"><ItemID><SupplierPartID>A</SupplierPartID></ItemID></ItemOut>'
OWN_XML += b"</OrderRequest></Request></cXML>"
OWN_CSV = b"po_number,order_date,line_number,item,quantity,unit,unit_price\nP1,2026-01-01,1,A,2,EA,9.50\n"

SEGMENT_SNIPPETS = (
    b"ST*850*0001",
    b"SE*99999999999999999999*0001",
    b"GS*PO*A*B*20260101*1200*1*X*004010",
    b"GE*1*1",
    b"IEA*1*000000001",
    b"HL*1**S",
    b"HL*2*1*I",
    b"BIN*99999999*",
    b"PO1*1*" + b"9" * 40 + b"*EA",
    b"CTT*" + b"1" * 5000,
    b"AK9*A*" + b"9" * 5000,
    b"DTM*002*2026013\xc2\xb3",
    b"N1*ST*\xe2\x80\xa6*92*1",
    b"ISA",
)


def _read(pattern: str) -> list[bytes]:
    if not CORPUS.is_dir():
        return []
    return [path.read_bytes() for path in sorted(CORPUS.glob(pattern)) if path.is_file()]


@cache
def x12_seeds() -> tuple[bytes, ...]:
    """Every X12 file of the corpus (valid, off-standard and broken ones), then our own."""
    found = [data for data in _read("x12/*/*") + _read("bad/*") if b"ISA" in data[:400] or b"<" not in data[:5]]
    return (*found, OWN_X12, OWN_997)


@cache
def xml_seeds() -> tuple[bytes, ...]:
    return (*_read("xml/*.xml"), *_read("bad/*.xml"), OWN_XML)


@cache
def csv_seeds() -> tuple[bytes, ...]:
    return (*_read("csv/*"), OWN_CSV)


def terminator(data: bytes) -> bytes:
    """The segment terminator the ISA declares (byte 105), '~' when there is no readable ISA."""
    start = data.find(b"ISA")
    if start >= 0 and len(data) > start + 105:
        found = data[start + 105 : start + 106]
        if found not in (b"", b"*", b" ") and not found.isalnum():
            return found
    return b"~"


def element_separator(data: bytes) -> bytes:
    start = data.find(b"ISA")
    return data[start + 3 : start + 4] if start >= 0 and len(data) > start + 3 else b"*"


def flip(data: bytes, at: int, value: int) -> bytes:
    """One byte replaced."""
    if not data:
        return bytes([value & 0xFF])
    at %= len(data)
    return data[:at] + bytes([value & 0xFF]) + data[at + 1 :]


def truncate(data: bytes, at: int) -> bytes:
    return data[: at % (len(data) + 1)]


def swap_delimiters(data: bytes, first: int, second: int) -> bytes:
    """Two delimiter characters exchanged everywhere: a file that says one thing in its ISA and does another."""
    chars = b"*~|:^>\n\r!\x07 "
    a, b = chars[first % len(chars)], chars[second % len(chars)]
    return data.replace(bytes([a]), b"\x00").replace(bytes([b]), bytes([a])).replace(b"\x00", bytes([b]))


def segments(data: bytes) -> tuple[bytes, list[bytes]]:
    term = terminator(data)
    return term, data.split(term)


def insert_segment(data: bytes, at: int, snippet: int) -> bytes:
    term, parts = segments(data)
    piece = SEGMENT_SNIPPETS[snippet % len(SEGMENT_SNIPPETS)].replace(b"*", element_separator(data))
    parts.insert(at % (len(parts) + 1), piece)
    return term.join(parts)


def remove_segment(data: bytes, at: int) -> bytes:
    term, parts = segments(data)
    if len(parts) > 1:
        del parts[at % len(parts)]
    return term.join(parts)


def repeat_segment(data: bytes, at: int, times: int, most: int = 2_000) -> bytes:
    """One segment repeated up to `most` times: loops far over their maximum use, sets of thousands of segments."""
    term, parts = segments(data)
    index = at % len(parts)
    parts[index:index] = [parts[index]] * (times % most)
    return term.join(parts)


def huge_number(data: bytes, at: int, digits: int) -> bytes:
    """The first number-looking element at or after `at` replaced by up to 6,000 digits (int() refuses 4,300)."""
    sep = element_separator(data)
    start = data.find(sep, at % (len(data) + 1))
    if start < 0:
        return data
    end = start + 1
    while end < len(data) and data[end : end + 1].isdigit():
        end += 1
    return data[: start + 1] + b"9" * (1 + digits % 6000) + data[end:]


def splice(data: bytes, other: bytes, at: int, length: int) -> bytes:
    """A stretch of another seed pasted in: near-valid structure from elsewhere."""
    at %= len(data) + 1
    piece = other[at % (len(other) + 1) :][: length % 200]
    return data[:at] + piece + data[at:]


MUTATIONS = ("flip", "truncate", "swap", "insert", "remove", "repeat", "huge", "splice", "noise")


def mutate(data: bytes, kind: str, a: int, b: int, noise: bytes = b"", other: bytes = b"") -> bytes:
    """Apply the mutation named `kind` with its two numbers (what hypothesis or atheris drew)."""
    if kind == "flip":
        return flip(data, a, b)
    if kind == "truncate":
        return truncate(data, a)
    if kind == "swap":
        return swap_delimiters(data, a, b)
    if kind == "insert":
        return insert_segment(data, a, b)
    if kind == "remove":
        return remove_segment(data, a)
    if kind == "repeat":
        return repeat_segment(data, a, b)
    if kind == "huge":
        return huge_number(data, a, b)
    if kind == "splice":
        return splice(data, other or data, a, b)
    at = a % (len(data) + 1)
    return data[:at] + noise + data[at:]
