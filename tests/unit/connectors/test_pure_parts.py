"""Signing, redaction, URL templates and outcome excerpts: the connector's pure parts."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from edigate.connectors import Redactor, UrlTemplateError, file_name, record_body, render_url, sign_body, verify_body
from edigate.connectors.outcome import EXCERPT_CHARS, excerpt, failed
from edigate.records import PurchaseOrder


def test_signature_is_hmac_sha256_of_the_exact_body() -> None:
    body = b'{"po_number":"1"}'
    expected = hmac.new(b"k3y", body, hashlib.sha256).hexdigest()
    assert sign_body("k3y", body) == "sha256=" + expected
    assert verify_body("k3y", body, "sha256=" + expected)
    assert not verify_body("k3y", body + b" ", "sha256=" + expected)


def test_body_is_the_records_json() -> None:
    order = PurchaseOrder(po_number="1", currency="EUR")
    assert record_body(order).startswith(b'{"record_type":"purchase_order"')
    assert order.record_id.encode() in record_body(order)


def test_redactor_masks_values_and_basic_encodings() -> None:
    redact = Redactor(["tok-secret"])
    redact.add_basic("user", "pa55word")
    text = redact("Bearer tok-secret, Basic dXNlcjpwYTU1d29yZA==, pa55word")
    assert text == "Bearer [redacted], Basic [redacted], [redacted]"


def test_redactor_ignores_trivially_short_values() -> None:
    assert Redactor(["a"])("a banana") == "a banana"


def test_url_template_fills_and_percent_encodes_fields() -> None:
    order = PurchaseOrder(po_number="A/1?x=2", currency="USD")
    url = render_url("https://erp/po/{po_number}?c={currency}&id={record_id}", order)
    assert url == f"https://erp/po/A%2F1%3Fx%3D2?c=USD&id={order.record_id.replace(':', '%3A')}"


@pytest.mark.parametrize("template", ["https://erp/{po_number.__class__}", "https://erp/{lines[0]}", "https://e/{}"])
def test_url_template_refuses_anything_but_plain_names(template: str) -> None:
    with pytest.raises(UrlTemplateError):
        render_url(template, PurchaseOrder(po_number="1"))


def test_url_template_names_a_missing_field() -> None:
    with pytest.raises(UrlTemplateError, match="contract_number"):
        render_url("https://erp/{contract_number}", PurchaseOrder(po_number="1"))


def test_outcome_text_is_one_short_line() -> None:
    assert excerpt("a\n  b\tc") == "a b c"
    assert len(failed(500, "x" * 5000).response) == EXCERPT_CHARS


def test_file_name_is_type_and_hex_id() -> None:
    order = PurchaseOrder(po_number="1")
    assert file_name(order, "json") == "purchase_order-" + order.record_id.split(":")[1] + ".json"
