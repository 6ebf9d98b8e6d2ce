"""Streaming X12 tokenizer: bytes in, segments out, memory flat however large the input.

The input is read in chunks, decoded (UTF-8, falling back to latin-1 per chunk so no byte ever stops it) and
split on the segment terminator that the interchange's ISA declares. Delimiters are read again at every ISA, so a
file may hold several interchanges with different delimiters. What real partners get wrong and we still read
(byte-order marks, unpadded ISAs, newline or space terminators, indentation, a missing final terminator, ...) is
reported once per interchange as a FILE-level warning, named by its tolerance flag.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import BinaryIO

from .delimiters import Delimiters
from .isa import IsaHeader, isa_from_piece, parse_isa
from .issues import Issue, Level, Location, error, warning
from .numbers import as_count
from .segments import Segment, make_segment

CHUNK_SIZE = 1 << 20
MAX_SEGMENT_CHARS = 16 << 20
"""A longer segment is refused ('segment-too-long') and skipped as it streams by: a 10 MB element is read, a 100 MB
segment cannot make the reader hold it (nor the validator copy it three times over)."""
_WHITESPACE = " \t\r\n\x0b\x0c"
_BINARY_TAGS = frozenset({"BIN", "BDS"})
_ESCAPED = re.compile("[\udc80-\udcff]")  # what surrogateescape makes of a byte that is not UTF-8
_UNESCAPE = {0xDC00 + byte: byte for byte in range(0x80, 0x100)}  # ... and back to that byte's latin-1 character
_START = Location(line=1, offset=0)  # where file-level findings about the whole file point


class _BytesSource:
    """A minimal file object over bytes, so one code path serves both."""

    def __init__(self, data: bytes) -> None:
        self._view = memoryview(data)
        self._pos = 0

    def read(self, size: int) -> bytes:
        chunk = bytes(self._view[self._pos : self._pos + size])
        self._pos += len(chunk)
        return chunk


class Tokenizer:
    """Iterate to get segments; `issues` collects the reader's own findings as they happen.

    `delimiters` and `isa` describe the interchange whose segments are being handed out.
    """

    def __init__(self, source: bytes | bytearray | BinaryIO, chunk_size: int = CHUNK_SIZE) -> None:
        self._src = _BytesSource(bytes(source)) if isinstance(source, bytes | bytearray) else source
        self._chunk_size = chunk_size
        self._decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        self._buf = ""
        self._eof = False
        self._offset = 0  # byte offset of self._buf[0]
        self._line = 1  # line number at self._buf[0]
        self._latin1_reported = False
        self.issues: list[Issue] = []
        self.delimiters: Delimiters | None = None
        self.isa: IsaHeader | None = None
        self.interchanges = 0

    # -- input -------------------------------------------------------------------------------------------------
    def _fill(self) -> bool:
        """Append one more chunk of text to the buffer; False at end of input.

        A byte that is not part of valid UTF-8 becomes the latin-1 character of the same value, byte by byte, so
        the text (and every issue) is the same however the input is cut into reads.
        """
        if self._eof:
            return False
        chunk = self._src.read(self._chunk_size)
        if not chunk:
            self._eof = True
        text = self._decoder.decode(chunk, final=not chunk)
        escaped = _ESCAPED.search(text)
        if escaped is not None:
            self._latin1(len(self._buf) + escaped.start())
            text = text.translate(_UNESCAPE)
        self._buf += text
        return bool(chunk) or bool(text)

    def _latin1(self, at_char: int) -> None:
        if not self._latin1_reported:
            self._latin1_reported = True
            self.issues.append(
                warning(
                    Level.FILE,
                    "latin-1-fallback",
                    "bytes that are not UTF-8 were read as latin-1",
                    Location(offset=self._offset + at_char),
                )
            )

    def _byte_len(self, text: str) -> int:
        return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))

    def _advance(self, chars: int) -> None:
        """Drop `chars` characters from the front of the buffer, keeping offset and line in step."""
        consumed = self._buf[:chars]
        self._offset += self._byte_len(consumed)
        self._line += consumed.count("\n")
        self._buf = self._buf[chars:]

    # -- iteration ---------------------------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Segment]:
        while not self._buf and self._fill():
            pass  # a read may end inside the first character (a byte-order mark is three bytes)
        if self._buf.startswith("\ufeff"):
            self.issues.append(
                warning(Level.FILE, "byte-order-mark", "the file starts with a UTF-8 byte-order mark", _START)
            )
            self._advance(1)
        if not self._buf and self._eof:
            self.issues.append(error(Level.FILE, "empty-file", "the file is empty: no X12 interchange in it", _START))
            return
        while self._sync_to_isa():
            isa = self._take_isa()
            if isa is None:
                continue
            yield isa
            yield from self._body(isa.index + 1)

    def _sync_to_isa(self) -> bool:
        """Skip to the next 'ISA'; whitespace is tolerated, anything else is reported. False at end of input.

        What is skipped is dropped as it is read, so a file of nothing but blanks or garbage costs one chunk of
        memory however large it is.
        """
        blank = False
        while True:
            stripped = self._buf.lstrip(_WHITESPACE)
            if len(stripped) < len(self._buf):
                blank = True
                self._advance(len(self._buf) - len(stripped))
            if len(self._buf) < 3 and not self._eof:
                self._fill()
                continue
            if blank and self._buf and self.interchanges == 0:
                self.issues.append(
                    warning(Level.FILE, "leading-whitespace", "blank lines or spaces before the first ISA", _START)
                )
            blank = False
            if not self._buf:
                if self.interchanges == 0 and not any(i.code == "not-x12" for i in self.issues):
                    where = Location(offset=self._offset, line=self._line)
                    self.issues.append(error(Level.FILE, "not-x12", "no ISA segment found: this is not X12", where))
                return False
            if self._buf.startswith("ISA"):
                return True
            self._skip_garbage()

    def _skip_garbage(self) -> None:
        where = Location(offset=self._offset, line=self._line)
        head = ""  # the first 40 characters skipped, to show in the issue
        found = self._buf.find("ISA")
        while found < 0 and not self._eof:
            drop = len(self._buf) - 2  # keep two characters: an 'ISA' may straddle two reads
            if drop > 0:
                head += self._buf[: max(0, 40 - len(head))][:drop]
                self._advance(drop)
            self._fill()
            found = self._buf.find("ISA")
        end = found if found >= 0 else len(self._buf)
        head += self._buf[:end][: max(0, 40 - len(head))]
        if self.interchanges == 0 and found < 0:
            self.issues.append(error(Level.FILE, "not-x12", "no ISA segment found: this is not X12", where))
        else:
            self.issues.append(
                error(
                    Level.FILE,
                    "data-outside-interchange",
                    f"data that belongs to no interchange was skipped: {head.strip()!r}",
                    where,
                )
            )
        self._advance(end)

    def _take_isa(self) -> Segment | None:
        while len(self._buf) < 600 and not self._eof:
            self._fill()
        index = 1
        header, issues = parse_isa(self._buf, peek_next=True)
        self.issues.extend(i.at(offset=self._offset, line=self._line, segment_id="ISA") for i in issues)
        if header is None:
            self._advance(3)
            return None
        self.interchanges += 1
        self.isa = header
        self.delimiters = header.delimiters
        segment = make_segment(Segment, ("ISA", header.elements, None, index, self._offset, self._line))
        self._advance(header.length)
        return segment

    def _body(self, index: int) -> Iterator[Segment]:
        """Segments after the ISA, until input ends or another ISA needs its delimiters read afresh."""
        assert self.isa is not None
        sep = self.isa.separator
        elem = self.isa.delimiters.element
        strip = self.isa.strip
        tags: dict[str, str] = {}  # one string per distinct tag, shared by every segment that has it
        sep_bytes = self._byte_len(sep)
        sep_lines = sep.count("\n")
        offset, line = self._offset, self._line
        done = False
        while not done:
            if len(self._buf) > MAX_SEGMENT_CHARS and sep not in self._buf:
                if self._buf.strip(_WHITESPACE):
                    self._skip_long_segment(sep, offset, line)
                else:  # blank lines after the IEA (or between segments): drop them as they come
                    self._advance(len(self._buf))
                    self._fill()
                offset, line = self._offset, self._line
                continue
            if not self._eof and sep not in self._buf:
                self._fill()
                continue
            parts = self._buf.split(sep)
            rest = parts.pop() if not self._eof else ""
            if self._eof:
                unterminated = bool(parts) and parts[-1].strip(_WHITESPACE) != ""
                while parts and parts[-1].strip(_WHITESPACE) == "":
                    parts.pop()  # the terminator after the last segment, followed by nothing or whitespace
                if unterminated:
                    self._missing_final_terminator(parts[-1], line)
            used = 0
            more = False
            i = 0
            count = len(parts)
            while i < count:
                piece = parts[i]
                text = piece.lstrip(_WHITESPACE) if piece[:1] in _WHITESPACE else piece
                lead = len(piece) - len(text)
                if lead:
                    lead_text = piece[:lead]
                    offset += self._byte_len(lead_text)
                    line += lead_text.count("\n")
                if not text:
                    self._empty_segment(offset, line)
                    i += 1
                    used += len(piece) + len(sep)
                    offset += sep_bytes
                    line += sep_lines
                    continue
                raw = text
                if strip and text.endswith(strip):
                    text = text[:-1]
                cut = text.find(elem)
                tag = text if cut < 0 else text[:cut]
                if len(tag) < 4:
                    tag = tags.get(tag) or tags.setdefault(tag, tag)
                if tag[:3] == "ISA" and (len(tag) == 3 or not tag[3].isalnum()):
                    header = isa_from_piece(raw, self.isa) if len(tag) == 3 else None
                    if header is None:
                        used += lead
                        done = True
                        break
                    self.isa, self.interchanges, index = header, self.interchanges + 1, 1
                    yield make_segment(Segment, (tag, header.elements, None, index, offset, line))
                elif tag in _BINARY_TAGS:
                    found = self._binary(parts, i, sep, elem, text)
                    if found is None:  # the payload runs past what has been read: read more, split again
                        used += lead
                        more = True
                        break
                    elements, taken = found
                    if taken:
                        piece = sep.join(parts[i : i + taken + 1])  # with its leading blanks, for `used`
                        raw = sep.join([raw, *parts[i + 1 : i + taken + 1]])  # without: offset counted them
                        i += taken
                    yield make_segment(Segment, (tag, elements, None, index, offset, line))
                else:
                    yield make_segment(Segment, (tag, text, elem, index, offset, line))
                index += 1
                offset += self._byte_len(raw) + sep_bytes
                line += raw.count("\n") + sep_lines
                used += len(piece) + len(sep)
                i += 1
            else:
                if self._eof:
                    self._buf = ""
                    self._offset, self._line = offset, line
                    return
                self._buf = rest
                self._offset, self._line = offset, line
                self._fill()
                continue
            self._buf = self._buf[used:]
            self._offset, self._line = offset, line
            if more:
                self._fill()

    def _skip_long_segment(self, sep: str, offset: int, line: int) -> None:
        """Refuse a segment longer than MAX_SEGMENT_CHARS: report it, then drop it as it is read, not hold it."""
        start = self._buf[:40].lstrip()[:20]
        self.issues.append(
            error(
                Level.FILE,
                "segment-too-long",
                f"a segment starting {start!r} is longer than {MAX_SEGMENT_CHARS} characters; it was skipped",
                Location(offset=offset, line=line),
            )
        )
        while True:
            cut = self._buf.find(sep)
            if cut >= 0 or self._eof:
                self._advance(cut + len(sep) if cut >= 0 else len(self._buf))
                return
            self._advance(len(self._buf) - len(sep) + 1)  # keep what may be the start of a split terminator
            self._fill()

    def _binary(self, parts: list[str], i: int, sep: str, elem: str, text: str) -> tuple[list[str], int] | None:
        """A BIN/BDS segment's payload may hold the terminator: rejoin pieces until its declared length.

        None when the pieces read so far end before that length (the caller reads more first, so the result never
        depends on where a read ended). A length over MAX_SEGMENT_CHARS is not trusted: the segment is split as any.
        """
        elements = text.split(elem)
        length_at = 1 if elements[0] == "BIN" else 2
        declared = as_count(elements[length_at]) if len(elements) > length_at else None
        if declared is None or declared > MAX_SEGMENT_CHARS:
            return elements, 0
        head = elem.join(elements[: length_at + 1]) + elem
        taken = 0
        while len(text) - len(head) < declared and i + taken + 1 < len(parts):
            taken += 1
            text = text + sep + parts[i + taken]
        if len(text) - len(head) < declared and not self._eof:
            return None
        payload = text[len(head) :]
        return [*elements[: length_at + 1], payload], taken

    def _missing_final_terminator(self, piece: str, line: int) -> None:
        self.issues.append(
            warning(
                Level.FILE,
                "missing-final-terminator",
                f"the last segment {piece.strip()[:3]!r} has no segment terminator",
                Location(line=line),
            )
        )

    def _empty_segment(self, offset: int, line: int) -> None:
        self.issues.append(
            warning(
                Level.FILE,
                "empty-segment",
                "two segment terminators with nothing between them",
                Location(offset=offset, line=line),
            )
        )
