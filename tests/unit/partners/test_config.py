"""edigate.toml: defaults < file < EDIGATE_* environment, and a bad value stops with its source named."""

from __future__ import annotations

from pathlib import Path

import pytest

from edigate.config import ConfigError, load_config, resolve_home


def test_an_empty_home_gets_the_embedded_defaults_under_it(tmp_path: Path) -> None:
    config = load_config(tmp_path, environ={})
    assert config.database_url == f"sqlite:///{tmp_path / 'edigate.db'}"
    assert config.partners_dir == tmp_path / "partners"
    assert config.secret_key_file == tmp_path / "secret.key"
    assert config.inbox("acme") == tmp_path / "inbox" / "acme"
    assert (config.identity.qualifier, config.identity.id) == ("ZZ", "EDIGATE")


def test_the_file_overrides_defaults_and_the_environment_overrides_the_file(tmp_path: Path) -> None:
    (tmp_path / "edigate.toml").write_text(
        'data_dir = "var"\n[identity]\nqualifier = "01"\nid = "123456789"\napplication_code = "OURAPP"\n'
    )
    env = {"EDIGATE_IDENTITY_ID": "987654321", "EDIGATE_SECRETS_FILE": "/etc/edigate/secrets.toml"}
    config = load_config(tmp_path, environ=env)
    assert config.identity.qualifier == "01"  # file
    assert config.identity.id == "987654321"  # environment over file
    assert config.identity.application_code == "OURAPP"  # file, untouched by the partial env override
    assert config.secrets_file == Path("/etc/edigate/secrets.toml")
    assert config.database_url == f"sqlite:///{tmp_path / 'var' / 'edigate.db'}"  # the database follows data_dir


@pytest.mark.parametrize(
    ("file_text", "env", "expected"),
    [
        ("[identity]\nqualifier = 'zz'\n", {}, "edigate.toml: identity.qualifier"),
        ("databse_url = 'sqlite:///x'\n", {}, "edigate.toml: databse_url: Extra inputs"),
        ("", {"EDIGATE_IDENTITY_QUALIFIER": "TOOLONG"}, "environment (EDIGATE_*): identity.qualifier"),
        ("", {"EDIGATE_DATABASE_URL": "mysql://db/x"}, "EDIGATE_DATABASE_URL: database_url: 'mysql://db/x'"),
        ("data_dir = [", {}, "edigate.toml: "),
    ],
)
def test_a_bad_value_fails_fast_naming_where_it_came_from(
    tmp_path: Path, file_text: str, env: dict[str, str], expected: str
) -> None:
    (tmp_path / "edigate.toml").write_text(file_text)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path, environ=env)
    assert any(expected in problem for problem in caught.value.problems), caught.value.problems


def test_home_is_the_option_else_the_environment_else_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolve_home("site", environ={"EDIGATE_HOME": "/elsewhere"}) == tmp_path / "site"
    assert resolve_home(None, environ={"EDIGATE_HOME": "/elsewhere"}) == Path("/elsewhere")
    assert resolve_home(None, environ={}) == tmp_path


def test_a_home_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(ConfigError, match=r"--home: .* is not a folder"):
        resolve_home(tmp_path / "file", environ={})


def test_the_configuration_in_the_documentation_loads(tmp_path: Path) -> None:
    import re

    docs = Path(__file__).resolve().parents[3] / "docs" / "partners-profiles.md"
    block = next(b for b in re.findall(r"```toml\n(.*?)```", docs.read_text(), re.DOTALL) if b.startswith("data_dir"))
    (tmp_path / "edigate.toml").write_text(block.replace('"sqlite:///..."', '"sqlite:///edigate.db"'))
    config = load_config(tmp_path, environ={})
    assert config.maps_dir == tmp_path / "maps"
