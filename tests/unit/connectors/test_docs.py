"""docs/connectors.md stays true: its example profile fragment loads, and the header names it gives are the code's."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from edigate.connectors import IDEMPOTENCY_HEADER, SIGNATURE_HEADER
from edigate.partners import HttpConnector, Profile

DOC = Path(__file__).resolve().parents[3] / "docs" / "connectors.md"


def test_example_connectors_load_as_a_profile() -> None:
    block = re.search(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert block is not None
    profile = Profile.model_validate({"id": "acme", **tomllib.loads(block.group(1))})
    name, connector = profile.connector_for("purchase_order")
    assert name == "erp" and isinstance(connector, HttpConnector)
    assert connector.secret_names() == ["erp-client", "erp-signing"]


def test_documented_header_names_are_the_real_ones() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert f"`{SIGNATURE_HEADER}: sha256=<hex>`" in text
    assert f"`{IDEMPOTENCY_HEADER}`" in text
