"""The SFTP channel settings and docs/partners.md agree: its example loads, its table lists every field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from edigate.partners import SftpChannel, load_profile

DOC = Path(__file__).resolve().parents[3] / "docs" / "partners.md"


def _section() -> str:
    return DOC.read_text(encoding="utf-8").split("## Partners whose server we use", 1)[1]


def test_the_example_in_the_docs_is_a_valid_profile(tmp_path: Path) -> None:
    block = re.findall(r"```toml\n(.*?)```", _section(), flags=re.DOTALL)[0]
    path = tmp_path / "carrier.toml"
    path.write_text(block)
    profile = load_profile(path)
    assert isinstance(profile.inbound, SftpChannel) and profile.inbound.after_fetch == "move"
    assert isinstance(profile.outbound, SftpChannel) and profile.outbound.upload_folder == "/in/from-edigate"


def test_the_field_table_lists_every_field() -> None:
    names = {
        name
        for row in re.findall(r"^\| ((?:`[a-z_]+`(?:, )?)+) \|", _section(), flags=re.MULTILINE)
        for name in re.findall(r"`([a-z_]+)`", row)
    }
    assert names == set(SftpChannel.model_fields) - {"kind"}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"after_fetch": "move"}, "needs archive_path"),
        ({"host_key_fingerprint": "MD5:aa:bb"}, "should match pattern"),
        ({"temp_upload": "rename"}, "'suffix' or 'none'"),
        ({"patterns": []}, "at least 1 item"),
        ({"retry": {"initial_delay_seconds": 0}}, "greater than 0"),
    ],
)
def test_bad_channel_settings_are_refused_with_the_reason(extra: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        SftpChannel.model_validate({"kind": "sftp", "host": "h", "username": "u", **extra})
