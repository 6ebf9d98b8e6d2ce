"""A trading-partner profile: one `partners/<id>.toml`, everything the gateway needs to exchange with them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..config import Identity
from ..records import RECORD_TYPES
from .channels import Channel, FolderChannel
from .connectors import CONNECTOR_NAME, FILE_DROP, Connector, FileDropConnector
from .policies import AckSettings, ValidationSettings
from .sftp_access import SftpAccess
from .x12_settings import Party, X12Settings

PARTNER_ID = r"^[a-z0-9][a-z0-9_-]{0,63}$"
ConnectorName = Annotated[str, Field(pattern=CONNECTOR_NAME)]

X12_SET_RECORDS: dict[str, str] = {
    "850": "purchase_order",
    "856": "ship_notice",
    "810": "invoice",
    "204": "load_tender",
    "214": "shipment_status",
    "997": "functional_ack",
    "999": "functional_ack",
}
"""The record type each mapped X12 set becomes (a test checks it against the maps' own `record`)."""


class DocumentSpec(BaseModel):
    """One kind of document exchanged: an X12 set, or a CSV/XML document for one record type, and its map."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["x12", "csv", "xml"] = "x12"
    set: str | None = Field(None, pattern=r"^\d{3}$")
    record: str | None = None
    map: str | None = Field(None, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")

    @model_validator(mode="after")
    def _complete(self) -> Self:
        if self.record is not None and self.record not in RECORD_TYPES:
            raise ValueError(f"unknown record type {self.record!r}; known: {', '.join(RECORD_TYPES)}")
        if self.format == "x12" and self.set is None:
            raise ValueError('an x12 document names its transaction set: set = "850"')
        if self.format != "x12" and (self.record is None or self.map is None):
            raise ValueError(f"a {self.format} document names its record type and its map")
        return self

    @property
    def record_type(self) -> str | None:
        return self.record or X12_SET_RECORDS.get(self.set or "")

    def map_name(self, version: str) -> str:
        """The map by name: given, or `<set>.<version>` (maps/x12/850.004010.toml)."""
        return self.map or f"{self.set}.{version[:6]}"


class Profile(BaseModel):
    """A trading partner. Quirks are data here (tolerances, guide overlay, delimiters), never code elsewhere."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=PARTNER_ID)
    name: str = ""
    enabled: bool = True
    x12: X12Settings | None = None
    receive: list[DocumentSpec] = []
    send: list[DocumentSpec] = []
    ack: AckSettings = AckSettings()
    inbound: Channel = FolderChannel()
    outbound: Channel = FolderChannel()
    deliver: dict[str, str] = {}
    connectors: dict[ConnectorName, Connector] = {}
    validation: ValidationSettings = ValidationSettings()
    sftp: SftpAccess = SftpAccess()

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.x12 is None and any(doc.format == "x12" for doc in (*self.receive, *self.send)):
            raise ValueError("x12 documents are exchanged, so the [x12] table (version, their ISA id) is required")
        for record_type, connector in self.deliver.items():
            if record_type not in RECORD_TYPES:
                raise ValueError(f"deliver: unknown record type {record_type!r}; known: {', '.join(RECORD_TYPES)}")
            if connector != FILE_DROP and connector not in self.connectors:
                raise ValueError(f"deliver.{record_type}: no connector {connector!r} in [connectors]")
        return self

    def our_party(self, identity: Identity) -> Party:
        """Who we are to this partner (ISA05/06 and GS02 of what we send): [x12.ours], else edigate.toml's."""
        if self.x12 is not None and self.x12.ours is not None:
            return self.x12.ours
        return Party(qualifier=identity.qualifier, id=identity.id, application_code=identity.application_code)

    def inbox(self, inbox_root: Path, home: Path) -> Path | None:
        """The local folder their files arrive in, or None when they arrive by SFTP."""
        return _folder(self.inbound, inbox_root / self.id, home)

    def outbox(self, outbox_root: Path, home: Path) -> Path | None:
        """The local folder our files to them are written to, or None when they go by SFTP."""
        return _folder(self.outbound, outbox_root / self.id, home)

    def connector_for(self, record_type: str) -> tuple[str, Connector]:
        """Where records of this type go: the named connector, else the built-in file drop."""
        name = self.deliver.get(record_type, FILE_DROP)
        if name in self.connectors:
            return name, self.connectors[name]
        return FILE_DROP, FileDropConnector(kind="file-drop")

    def secret_names(self) -> set[str]:
        """Every secret this profile refers to (by name): what `validate` checks is set."""
        names = {name for connector in self.connectors.values() for name in connector.secret_names()}
        for channel in (self.inbound, self.outbound):
            if channel.kind == "sftp":
                names |= {n for n in (channel.password_secret, channel.private_key_secret) if n}
        return names


def _folder(channel: Channel, default: Path, home: Path) -> Path | None:
    if not isinstance(channel, FolderChannel):
        return None
    return (home / channel.path).absolute() if channel.path else default
