"""The [api] and [daemon] sections: defaults, the file, EDIGATE_* overrides, and bad values named by source."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from edigate.config import ConfigError, load_config
from edigate.daemon.api_token import TokenError, load_or_create_token


def test_defaults_listen_on_loopback_with_two_workers_and_keep_everything(tmp_path: Path) -> None:
    config = load_config(tmp_path, environ={})
    assert config.api.listen == "127.0.0.1:8470"
    assert (config.daemon.workers, config.daemon.retention_days) == (2, 0)


def test_the_file_sets_them_and_the_environment_overrides_field_by_field(tmp_path: Path) -> None:
    (tmp_path / "edigate.toml").write_text(
        '[api]\nlisten = "127.0.0.1:9000"\n[daemon]\nworkers = 3\nretention_days = 30\n'
    )
    env = {"EDIGATE_DAEMON_WORKERS": "5", "EDIGATE_API_TOKEN": "not-a-field-of-the-section"}
    config = load_config(tmp_path, environ=env)
    assert config.api.listen == "127.0.0.1:9000"
    assert (config.daemon.workers, config.daemon.retention_days) == (5, 30)


def test_the_sftp_section_is_set_from_the_environment_like_the_others(tmp_path: Path) -> None:
    """docs/operations.md promises EDIGATE_<SECTION>_<FIELD> for every section: a container turns the partners'
    SFTP server on without editing the file."""
    (tmp_path / "edigate.toml").write_text('[sftp]\nlisten = "127.0.0.1:2222"\nmax_failures = 9\n')
    env = {"EDIGATE_SFTP_ENABLED": "true", "EDIGATE_SFTP_LISTEN": "0.0.0.0:2022"}
    config = load_config(tmp_path, environ=env)
    assert (config.sftp.enabled, config.sftp.listen, config.sftp.max_failures) == (True, "0.0.0.0:2022", 9)


@pytest.mark.parametrize(
    ("text", "env", "where"),
    [
        ('[api]\nlisten = "localhost"\n', {}, "api.listen"),
        ("[daemon]\nworkers = 0\n", {}, "daemon.workers"),
        ("[daemon]\nretention = 3\n", {}, "daemon.retention"),
        ("", {"EDIGATE_API_LISTEN": "127.0.0.1:99999"}, "environment (EDIGATE_*): api.listen"),
        ("", {"EDIGATE_SFTP_LISTEN": "nowhere"}, "environment (EDIGATE_*): sftp.listen"),
    ],
)
def test_bad_values_are_refused_naming_where_they_came_from(tmp_path: Path, text: str, env: dict, where: str) -> None:
    (tmp_path / "edigate.toml").write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path, environ=env)
    assert where in str(caught.value)


def test_the_token_file_is_made_once_private_and_random(tmp_path: Path) -> None:
    config = load_config(tmp_path, environ={})
    token, source = load_or_create_token(config, environ={})
    path = tmp_path / "api.token"
    assert source == str(path) and len(token) >= 32
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_or_create_token(config, environ={})[0] == token
    other = load_config(tmp_path / "other", environ={})
    (tmp_path / "other").mkdir()
    assert load_or_create_token(other, environ={})[0] != token


def test_the_environment_token_wins_and_a_short_one_is_refused(tmp_path: Path) -> None:
    config = load_config(tmp_path, environ={})
    assert load_or_create_token(config, environ={"EDIGATE_API_TOKEN": "x" * 20}) == ("x" * 20, "EDIGATE_API_TOKEN")
    assert not (tmp_path / "api.token").exists()
    with pytest.raises(TokenError):
        load_or_create_token(config, environ={"EDIGATE_API_TOKEN": "short"})
    (tmp_path / "api.token").write_text("tiny\n")
    with pytest.raises(TokenError):
        load_or_create_token(config, environ={})
