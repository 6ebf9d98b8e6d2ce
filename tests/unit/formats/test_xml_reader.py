"""The hardened XML reader refuses entity tricks, never reaches the network, and says where XML is broken."""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from edigate.formats.xml_reader import XmlInputError, XmlLimits, read_xml
from edigate.mapping.xml import translate
from tests.conftest import corpus_params

DATA = Path(__file__).resolve().parent / "data"
ATTACKS = ["billion-laughs.xml", "quadratic-blowup.xml", "xxe-file.xml", "xxe-parameter-entity.xml"]


@pytest.mark.parametrize("name", ATTACKS)
def test_entity_attacks_are_refused_quickly_without_expansion(name: str) -> None:
    data = (DATA / name).read_bytes()
    started = time.perf_counter()
    with pytest.raises(XmlInputError) as caught:
        read_xml(data)
    assert caught.value.code == "xml-entity-refused"
    assert "refused" in caught.value.message
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("name", ATTACKS)
def test_translate_reports_the_attack_as_an_error_and_no_record(name: str) -> None:
    result = translate((DATA / name).read_bytes(), file=name)
    assert result.records == []
    [problem] = result.issues
    assert problem.is_error and problem.code == "xml-entity-refused"
    assert problem.location.file == name
    assert "root:" not in problem.message  # /etc/passwd content never reaches a message


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A TCP server on a free local port, to prove the reader never connects to it."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.3)
    yield server
    server.close()


def _connected(server: socket.socket) -> bool:
    try:
        connection, _ = server.accept()
    except TimeoutError:
        return False
    connection.close()
    return True


@pytest.mark.parametrize(
    "template",
    [
        '<!DOCTYPE cXML [<!ENTITY x SYSTEM "{url}">]><cXML>&x;</cXML>',
        '<!DOCTYPE cXML [<!ENTITY % p SYSTEM "{url}"> %p;]><cXML/>',
        '<!DOCTYPE cXML SYSTEM "{url}"><cXML><Request/></cXML>',
    ],
    ids=["external-entity", "parameter-entity", "external-dtd"],
)
def test_no_network_access_for_entities_or_dtds(listener: socket.socket, template: str) -> None:
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/evil.dtd"
    with contextlib.suppress(XmlInputError):
        read_xml(template.format(url=url).encode())
    assert not _connected(listener)


def test_an_external_doctype_is_allowed_but_not_fetched() -> None:
    """cXML documents name their DTD by URL; reading them must not need (or try) the network."""
    root = read_xml(b'<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.050/cXML.dtd"><cXML a="1"/>')
    assert root.tag == "cXML" and root.get("a") == "1"


def test_not_well_formed_xml_gives_its_line() -> None:
    with pytest.raises(XmlInputError) as caught:
        read_xml(b"<a>\n<b>\n</a>\n")
    assert caught.value.code == "xml-not-well-formed"
    assert caught.value.line == 3
    assert "mismatch" in caught.value.message


def test_limits_on_size_depth_and_element_count() -> None:
    with pytest.raises(XmlInputError, match="over the limit") as too_big:
        read_xml(b"<a>" + b"x" * 200 + b"</a>", XmlLimits(max_bytes=100))
    assert too_big.value.code == "xml-too-large"
    deep = b"<a>" * 20 + b"</a>" * 20
    with pytest.raises(XmlInputError) as too_deep:
        read_xml(deep, XmlLimits(max_depth=10))
    assert too_deep.value.code == "xml-too-deep"
    with pytest.raises(XmlInputError) as libxml_cap:
        read_xml(b"<a>" * 300 + b"</a>" * 300, XmlLimits(max_depth=10_000))
    assert libxml_cap.value.code == "xml-too-deep"  # libxml2's own cap (256) stays on: huge_tree=False
    wide = b"<a>" + b"<b/>" * 50 + b"</a>"
    with pytest.raises(XmlInputError, match="more than 20 elements"):
        read_xml(wide, XmlLimits(max_elements=20))
    assert len(read_xml(wide)) == 50


def test_empty_input_is_not_well_formed() -> None:
    with pytest.raises(XmlInputError, match="empty") as caught:
        read_xml(b"  \n")
    assert caught.value.code == "xml-not-well-formed"


@pytest.mark.parametrize("path", corpus_params("bad/*bad-syntax.xml"))
def test_corpus_bad_syntax_names_line_50(path: Path) -> None:
    result = translate(path.read_bytes(), file=path.name)
    assert result.records == []
    [problem] = result.issues
    assert problem.code == "xml-not-well-formed"
    assert problem.location.line == 50
    assert problem.location.file == path.name


@pytest.mark.parametrize("path", corpus_params("bad/*bad-code.xml") + corpus_params("bad/*bad-model.xml"))
def test_corpus_bad_code_and_bad_model_translate_with_the_odd_data_kept(path: Path) -> None:
    """Well-formed UBL with a bad code-list value or a misspelt element: not schema-validated here (see
    docs/formats.md); the order is read and the element the map does not know is kept in extra, verbatim."""
    result = translate(path.read_bytes(), file=path.name)
    assert result.ok
    [order] = result.records
    assert order.po_number == "AEG012345"
    buyer = order.party("buyer")
    assert buyer is not None and buyer.name == "IYT Corporation"
    kept = {entry.tag.rsplit("/", 1)[-1]: entry.values for entry in order.extra}
    expected_tag = "cbc:ChannelCod" if "bad-model" in path.name else "cbc:ChannelCode"
    assert kept[expected_tag] == ["LA"]


def test_many_unmapped_siblings_stay_linear() -> None:
    """Extras name their position among same-named siblings; that must not cost a scan of the siblings each."""
    junk = b"<Junk>x</Junk>" * 20_000
    head = b'<cXML><Request><OrderRequest><OrderRequestHeader orderID="1"/>'
    data = head + junk + b"</OrderRequest></Request></cXML>"
    started = time.perf_counter()
    result = translate(data)
    assert time.perf_counter() - started < 5.0
    [order] = result.records
    assert len(order.extra) == 20_000 and order.extra[-1].tag == "Junk[20000]"
