"""The gateway's steps (DESIGN.md section 1): take a file in, parse, validate, acknowledge, map, deliver; and
the way back, records from the ERP to X12 for a partner. Each step moves one document from one state to the next
in one store transaction, after the bytes it depends on are safely on disk.

    gateway = Gateway.open(config)              # refuses an old schema (SchemaOutdated says `edigate db upgrade`)
    gateway.take_file(path, "acme-retail")      # inbox file -> spool + row (received); from now on it can't be lost
    while gateway.process_next():               # received -> ... -> delivered / rejected (quarantine) / failed
        pass
    gateway.deliver_due()                        # retries whose time has come
    gateway.send("acme-retail", records)        # records -> X12 in outbox/acme-retail/, 997 expected
"""

from .context import Context, UnknownPartner
from .gateway import Gateway
from .results import GatewayStatus, OutboundResult

__all__ = ["Context", "Gateway", "GatewayStatus", "OutboundResult", "UnknownPartner"]
