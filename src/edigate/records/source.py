"""Where a record came from, down to the control numbers, and the stable id derived from it."""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum

from pydantic import Field

from edigate.records._model import EdiModel, record_part


class SourceFormat(StrEnum):
    """The family of format a record was read from (or, for outbound records, first given to us in)."""

    X12 = "x12"
    CSV = "csv"
    XML = "xml"
    JSON = "json"


@record_part
class Source(EdiModel):
    """The trace from a record back to its bytes: which partner, which file, which envelope.

    Every field is optional because a record built by an ERP for sending has no envelope yet; records read
    from a partner's document carry as much of this as the format has.
    """

    partner_id: str | None = Field(
        default=None, description="Our id of the trading partner (the name of its profile in partners/)."
    )
    format: SourceFormat | None = Field(default=None, description="Format family of the source document.")
    document_type: str | None = Field(
        default=None,
        description="The source's own name for the document: X12 set id ('850'), cXML request "
        "('OrderRequest'), UBL document ('Order'), or the CSV layout name.",
        examples=["850", "856", "OrderRequest", "DespatchAdvice"],
    )
    file_id: str | None = Field(
        default=None,
        description="Id of the received (or produced) file in the store, as the store assigned it.",
    )
    sequence: int | None = Field(
        default=None,
        ge=0,
        description="0-based position of this document within its file, for files holding several documents.",
    )
    sender_id: str | None = Field(
        default=None, description="Interchange sender id (X12 ISA06, trimmed) or the format's equivalent."
    )
    receiver_id: str | None = Field(
        default=None, description="Interchange receiver id (X12 ISA08, trimmed) or the format's equivalent."
    )
    interchange_control_number: str | None = Field(
        default=None, description="X12 interchange control number (ISA13), as sent."
    )
    group_control_number: str | None = Field(
        default=None, description="X12 functional group control number (GS06), as sent."
    )
    transaction_set_control_number: str | None = Field(
        default=None, description="X12 transaction set control number (ST02), as sent."
    )
    version: str | None = Field(
        default=None,
        description="Standard version of the source: X12 GS08 ('004010', '005010VICS') or the XML version.",
        examples=["004010", "005010", "1.2.050"],
    )

    def has_envelope(self) -> bool:
        """True when any X12 control number is known: the envelope, not the file, identifies the document."""
        numbers = (
            self.interchange_control_number,
            self.group_control_number,
            self.transaction_set_control_number,
        )
        return any(number is not None for number in numbers)


def _digest(parts: list[object]) -> str:
    """Hash a list of parts unambiguously (JSON keeps 'a|b' + 'c' apart from 'a' + 'b|c')."""
    text = json.dumps(parts, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def envelope_key(record_type: str, source: Source) -> list[object] | None:
    """The parts that identify a document without reading its content, or None when the source has none.

    For X12 it is the partner and the three control numbers (ISA13, GS06, ST02): the same interchange sent
    again in another file is the same document. Otherwise it is the partner, file id and position within the
    file.
    """
    if source.has_envelope():
        return [
            record_type,
            source.partner_id,
            "envelope",
            source.interchange_control_number,
            source.group_control_number,
            source.transaction_set_control_number,
        ]
    if source.file_id is not None:
        return [record_type, source.partner_id, "file", source.file_id, source.sequence]
    return None


def record_id_for(record_type: str, source: Source, content: str | None = None) -> str:
    """A stable id for a document: '<record_type>:<32 hex digits>', the same every time for the same inputs.

    The envelope (or file position) decides when the source has one, so the pipeline can compute the id before
    a record is mapped. Without either, ``content`` (a canonical serialisation of the record) decides; without
    that too, a ValueError is raised since no stable id can exist.
    """
    key = envelope_key(record_type, source)
    if key is None:
        if content is None:
            raise ValueError("source has no control numbers or file id; pass the record content to derive an id")
        key = [record_type, source.partner_id, "content", content]
    return f"{record_type}:{_digest(key)}"
