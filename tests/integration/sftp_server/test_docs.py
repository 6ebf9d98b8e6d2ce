"""docs/partners.md's half on our SFTP server stays true: its examples load and its table names every setting."""

from __future__ import annotations

import re
from pathlib import Path

from edigate.config import load_config
from edigate.config.sftp_settings import SftpSettings
from edigate.partners import load_profile
from edigate.partners.sftp_access import key_fingerprint

DOC = Path(__file__).resolve().parents[3] / "docs" / "partners.md"


def _section() -> str:
    text = DOC.read_text(encoding="utf-8")
    return text.split("## Partners who connect to us (our SFTP server)", 1)[1].split("\n## ", 1)[0]


def test_the_config_example_loads_and_enables_the_server(tmp_path: Path) -> None:
    block = re.findall(r"```toml\n(.*?)```", _section(), flags=re.DOTALL)[0]
    (tmp_path / "edigate.toml").write_text(block)
    config = load_config(tmp_path, environ={})
    assert config.sftp.enabled and config.sftp.listen == "0.0.0.0:2222"


def test_the_profile_example_loads_and_its_fingerprint_is_the_one_shown(tmp_path: Path) -> None:
    block = re.findall(r"```toml\n(.*?)```", _section(), flags=re.DOTALL)[1]
    (tmp_path / "acme.toml").write_text(block)
    profile = load_profile(tmp_path / "acme.toml")
    assert profile.sftp.after_download == "move" and len(profile.sftp.authorized_keys) == 1
    assert key_fingerprint(profile.sftp.authorized_keys[0]) in _section()


def test_the_settings_table_names_every_field() -> None:
    names = {
        name
        for row in re.findall(r"^\| ((?:`[a-z0-9_]+`(?:, )?)+) \|", _section(), flags=re.MULTILINE)
        for name in re.findall(r"`([a-z0-9_]+)`", row)
    }
    assert names == set(SftpSettings.model_fields)
