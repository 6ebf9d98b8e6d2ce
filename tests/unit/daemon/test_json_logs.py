"""Every log line is one JSON object with ts, level, logger, msg, and the document's context when given."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from edigate.daemon import configure_logging


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    buffer = io.StringIO()
    root = logging.getLogger()
    level = root.level
    handler = configure_logging(logging.INFO, buffer)
    yield buffer
    root.removeHandler(handler)
    root.setLevel(level)


def lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_each_record_is_one_parseable_line_with_its_context(stream: io.StringIO) -> None:
    log = logging.getLogger("edigate.pipeline")
    log.info("received %s", "po.edi", extra={"document_id": 7, "partner": "acme", "file": "po.edi"})
    log.warning('a message\nover two lines with "quotes" and ünïcode')
    first, second = lines(stream)
    assert first["msg"] == "received po.edi" and first["level"] == "INFO" and first["logger"] == "edigate.pipeline"
    assert (first["document_id"], first["partner"], first["file"]) == (7, "acme", "po.edi")
    assert str(first["ts"]).endswith("Z")
    assert second["msg"] == 'a message\nover two lines with "quotes" and ünïcode'
    assert "partner" not in second


def test_an_sftp_event_says_which_address_it_came_from(stream: io.StringIO) -> None:
    """A refused login is only useful to an operator (or fail2ban) with the client's address in its own field."""
    logging.getLogger("edigate.sftp").warning("login refused", extra={"partner": "acme", "address": "10.0.0.9"})
    (line,) = lines(stream)
    assert (line["partner"], line["address"]) == ("acme", "10.0.0.9")


def test_a_traceback_stays_inside_its_line(stream: io.StringIO) -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("edigate.daemon").exception("worker failed")
    (line,) = lines(stream)
    assert line["msg"] == "worker failed"
    assert "ValueError: boom" in str(line["exc"])


def test_debug_is_left_out_at_info_and_chatty_libraries_are_quieted(stream: io.StringIO) -> None:
    logging.getLogger("edigate").debug("not shown")
    logging.getLogger("apscheduler.scheduler").info("Added job")
    assert stream.getvalue() == ""
