"""Hostile XML through the reader and the XML maps: bombs, external entities (file and network), DTDs, XInclude,
depth and size. Complements tests/unit/formats/test_xml_reader.py (the reader's own attack fixtures) with the
attacks that need a real file or server to prove nothing was read."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from edigate.formats.xml_reader import XmlInputError, read_xml
from edigate.mapping import xml as xml_mapping

SECRET = "edigate-secret-marker-3141"


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET + "\n")
    return path


@pytest.fixture
def listener() -> Iterator[tuple[str, list[bytes]]]:
    """A real TCP server on 127.0.0.1 recording whatever connects: it must record nothing."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    seen: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except (TimeoutError, OSError):
                continue
            with connection:
                connection.settimeout(0.5)
                seen.append(connection.recv(1024) or b"(connected)")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}", seen
    stop.set()
    thread.join(2)
    server.close()


def _refused_without_leak(data: bytes, code: str = "xml-entity-refused") -> None:
    started = time.perf_counter()
    result = xml_mapping.translate(data, file="attack.xml")
    assert time.perf_counter() - started < 2
    assert not result.records
    assert [issue.code for issue in result.issues] == [code]
    assert SECRET not in repr(result)


def test_file_entity_never_reads_the_file(secret_file: Path) -> None:
    _refused_without_leak(f'<!DOCTYPE cXML [<!ENTITY s SYSTEM "file://{secret_file}">]><cXML>&s;</cXML>'.encode())


def test_parameter_entity_from_a_local_dtd_is_not_loaded(tmp_path: Path, secret_file: Path) -> None:
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY s SYSTEM "file://{secret_file}">')
    for doc in (
        f'<!DOCTYPE cXML [<!ENTITY % d SYSTEM "file://{dtd}"> %d;]><cXML>&s;</cXML>',
        f'<!DOCTYPE cXML SYSTEM "file://{dtd}"><cXML>&s;</cXML>',
    ):
        _refused_without_leak(doc.encode())


def test_network_entities_and_dtds_never_connect(listener: tuple[str, list[bytes]]) -> None:
    url, seen = listener
    for doc in (
        f'<!DOCTYPE cXML [<!ENTITY x SYSTEM "{url}/x">]><cXML>&x;</cXML>',
        f'<!DOCTYPE cXML [<!ENTITY % p SYSTEM "{url}/p.dtd"> %p;]><cXML/>',
        f'<!DOCTYPE cXML SYSTEM "{url}/cXML.dtd"><cXML><Request/></cXML>',
        f'<cXML xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="{url}/inc"/></cXML>',
    ):
        xml_mapping.translate(doc.encode())
    time.sleep(0.3)
    assert seen == []


def test_xinclude_is_not_processed(secret_file: Path) -> None:
    xi = 'xmlns:xi="http://www.w3.org/2001/XInclude"'
    doc = f'<cXML {xi}><xi:include href="file://{secret_file}" parse="text"/></cXML>'
    root = read_xml(doc.encode())
    assert SECRET not in "".join(root.itertext())


@pytest.mark.parametrize("depth", [100, 100_000])
def test_deep_nesting_is_refused_without_recursion(depth: int) -> None:
    data = b"<a>" * depth + b"</a>" * depth
    with pytest.raises(XmlInputError) as caught:
        read_xml(data)
    assert caught.value.code == "xml-too-deep"


def test_a_25_mb_document_is_refused_before_parsing() -> None:
    data = b"<cXML>" + b"<x/>" * (25 * 1024 * 1024 // 4) + b"</cXML>"
    started = time.perf_counter()
    _refused_without_leak(data, "xml-too-large")
    assert time.perf_counter() - started < 1


def test_a_15_mb_text_node_is_refused_by_libxml2s_limit() -> None:
    """huge_tree stays off: one text node over 10 MB is an error, not 15 MB copied into a record."""
    with pytest.raises(XmlInputError):
        read_xml(b"<cXML><Request>" + b"A" * (15 * 1024 * 1024) + b"</Request></cXML>")


def test_quadratic_blowup_in_an_attribute_is_refused() -> None:
    entity = "x" * 50_000
    _refused_without_leak(f'<!DOCTYPE c [<!ENTITY e "{entity}">]><c a="{"&e;" * 5000}"/>'.encode())
