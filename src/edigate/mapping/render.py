"""Records to an X12 interchange: one group per functional id, one set per record, by the outbound maps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from ..records import BusinessRecord, SourceFormat
from ..x12.delimiters import Delimiters
from ..x12.guides.loader import load_guide
from ..x12.writer import (
    GroupHeader,
    InterchangeHeader,
    SegmentData,
    wrap_group,
    wrap_set,
    write_interchange,
    write_segments,
)
from .catalog import MapFolders, available_versions, load_map, load_named_map, outbound_defaults
from .writer import SetWriter

SET_FOR_RECORD = {
    "purchase_order": ("850", "PO"),
    "ship_notice": ("856", "SH"),
    "invoice": ("810", "IN"),
    "load_tender": ("204", "SM"),
    "shipment_status": ("214", "QM"),
    "functional_ack": ("997", "FA"),
}
"""Which transaction set (and GS01 functional id) each record type is written as (a 999 ack: see set_for)."""

IMPLEMENTATION_ACK_VERSION = "005010X231"
"""GS08 and ST03 of a 999: the implementation guide it follows, whatever the partner's own version."""


def set_for(record: BusinessRecord) -> tuple[str, str]:
    """The transaction set and functional id a record is written as: a functional ack whose ack_type is '999'
    is a 999 (IK3/IK4/IK5), any other a 997."""
    if record.record_type == "functional_ack" and getattr(record, "ack_type", None) == "999":
        return "999", "FA"
    return SET_FOR_RECORD[record.record_type]


def group_version(set_id: str, version: str) -> str:
    """GS08 for a set: the partner's version, except a 999's, which names its guide (005010X231)."""
    if set_id == "999" and not version.startswith(IMPLEMENTATION_ACK_VERSION):
        return IMPLEMENTATION_ACK_VERSION
    return version


def split_id(text: str) -> tuple[str, str]:
    """'ZZ:ACME' -> ('ZZ', 'ACME'): the ISA qualifier and id as the CLI and profiles write them."""
    qualifier, sep, value = text.partition(":")
    if not sep or not qualifier or not value:
        raise ValueError(f"an interchange id is QUALIFIER:ID, e.g. ZZ:ACME, not {text!r}")
    return qualifier, value


def _key(record: BusinessRecord) -> str:
    """The business key a person would look for: PO number, invoice number, shipment id, group number."""
    for name in ("po_number", "invoice_number", "shipment_id", "group_control_number"):
        if getattr(record, name, None):
            return f"{name}={getattr(record, name)}"
    return record.record_id


def record_segments(
    record: BusinessRecord, version: str, folder: MapFolders = None, named: str | None = None
) -> list[list]:
    """The body of one transaction set (no ST/SE) for a record: by the map `named` when a partner profile names
    one for the set (`map = "850.acme"`, as inbound), else the set's map for the version (or the newest older)."""
    set_id, _ = set_for(record)
    if named is not None:
        try:
            spec, name = load_named_map(named, folder), named
        except FileNotFoundError:
            raise ValueError(
                f"the partner profile names map {named!r} for {set_id}, and there is no {named}.toml"
            ) from None
    else:
        versions = [v for v in available_versions(set_id, folder) if v <= version[:6]] or [version[:6]]
        name = f"{set_id}.{versions[0]}"
        spec = load_map(set_id, versions[0], folder)
    carry = record.source.format not in (SourceFormat.CSV, SourceFormat.XML)  # their extras are not segments
    guide = load_guide(set_id, spec.version if named is not None else name.split(".")[1])
    writer = SetWriter(
        spec,
        carry_extra=carry,
        from_x12=record.source.format == SourceFormat.X12,
        guide=guide.structure if guide is not None else None,
        dictionary=guide.segments if guide is not None else None,
        defaults=outbound_defaults(name, folder),
    )
    return writer.write(record.model_dump(mode="python", exclude={"source"}))


def render_x12(
    records: Sequence[BusinessRecord],
    *,
    version: str = "004010",
    sender: tuple[str, str] = ("ZZ", "SENDER"),
    receiver: tuple[str, str] = ("ZZ", "RECEIVER"),
    delimiters: Delimiters | None = None,
    interchange_control_number: int = 1,
    group_control_number: int = 1,
    first_set_control_number: int = 1,
    usage: str = "P",
    now: datetime | None = None,
    partner_maps: MapFolders = None,
    gs_codes: tuple[str, str] | None = None,
    set_control_numbers: Sequence[int] | None = None,
    group_control_numbers: Sequence[int] | None = None,
    named_maps: Mapping[str, str] | None = None,
) -> str:
    """An interchange holding the records, grouped by functional id in the order first met.

    `version` is GS08 (e.g. '004010', '005010'); ISA12 follows from it. Control numbers count up from the
    given ones (the store allocates them; this function only writes them). ValueError, naming the record, when
    a value holds one of the delimiters: the data is never altered to fit. `gs_codes` are GS02/GS03 (the
    parties' application codes; the ISA ids when not given). `set_control_numbers` (one per record, in record
    order) and `group_control_numbers` (one per group) replace the counting up, for a block the store wrapped
    (ST02 goes from 9999 back to 1). `named_maps` are the maps a partner profile's [[send]] specs name per set
    id ('850' -> '850.acme'), found in `partner_maps` then the shipped maps, as `translate_x12(named=...)` reads.
    """
    moment = now or datetime.now()
    delimiters = delimiters or Delimiters()
    if set_control_numbers is not None and len(set_control_numbers) != len(records):
        raise ValueError(f"{len(set_control_numbers)} set control numbers for {len(records)} records")
    groups: dict[tuple[str, str], list[Sequence[SegmentData]]] = {}
    set_numbers = iter(set_control_numbers or range(first_set_control_number, first_set_control_number + len(records)))
    for record in records:
        set_id, functional_id = set_for(record)
        gs08 = group_version(set_id, version)
        body = record_segments(record, gs08, partner_maps, (named_maps or {}).get(set_id))
        try:
            write_segments(body, delimiters)  # check now, to name the record whose value holds a delimiter
        except ValueError as exc:
            raise ValueError(f"{record.record_type} {_key(record)}: {exc}; choose other delimiters") from None
        convention = gs08 if set_id == "999" else None
        groups.setdefault((functional_id, gs08), []).append(wrap_set(set_id, next(set_numbers), body, convention))
    app_sender, app_receiver = gs_codes or (sender[1], receiver[1])
    group_numbers = group_control_numbers or range(group_control_number, group_control_number + len(groups))
    wrapped = [
        wrap_group(GroupHeader(fid, app_sender, app_receiver, number, gs08, moment), sets)
        for number, ((fid, gs08), sets) in zip(group_numbers, groups.items(), strict=True)
    ]
    isa_version = "00501" if max((gs08 for _, gs08 in groups), default=version) >= "005010" else "00401"
    header = InterchangeHeader(sender, receiver, interchange_control_number, moment, isa_version, usage)
    return write_interchange(header, wrapped, delimiters)
