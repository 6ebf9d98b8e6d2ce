"""`edigate init` and `edigate.config.initialise`: a working folder ready to run, made again without losing an
edit, and refusals (exit 2) that say what is wrong."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from edigate.cli import main
from edigate.config import Identity, initialise, load_config
from edigate.partners import load_profiles
from edigate.store import Store

EXAMPLE_PARTNERS = ["acme-retail", "northwind-supply", "swift-freight"]


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(main, list(args), env={"EDIGATE_DATABASE_URL": None, **(env or {})})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_init_makes_a_complete_working_folder(tmp_path: Path) -> None:
    home = tmp_path / "edi"
    result = run("init", str(home), "--qualifier", "zz", "--id", "ACMEGATEWAY")
    assert result.exit_code == 0, result.output
    identity = tomllib.loads((home / "edigate.toml").read_text())["identity"]
    assert identity == {"qualifier": "ZZ", "id": "ACMEGATEWAY", "application_code": "ACMEGATEWAY"}
    assert sorted(p.stem for p in (home / "partners").glob("*.toml")) == EXAMPLE_PARTNERS
    for partner in EXAMPLE_PARTNERS:
        assert (home / "inbox" / partner).is_dir()
        assert (home / "outbox" / partner / "pending").is_dir()
    assert stat.S_IMODE((home / "secret.key").stat().st_mode) == 0o600
    with Store.open(load_config(home, environ={}).database_url) as store:
        assert store.schema_is_current()
    assert not load_profiles(home / "partners").problems
    assert "edigate --home" in result.output and " run" in result.output
    assert f"{home}/inbox/acme-retail/" in result.output


def test_init_again_keeps_every_edit_and_says_so(tmp_path: Path) -> None:
    home = tmp_path / "edi"
    assert run("init", str(home)).exit_code == 0
    (home / "partners" / "acme-retail.toml").write_text(
        (home / "partners" / "acme-retail.toml").read_text() + "# mine\n"
    )
    key = (home / "secret.key").read_bytes()
    config = (home / "edigate.toml").read_text()
    result = run("init", str(home), "--id", "OTHER")
    assert result.exit_code == 0, result.output
    assert (home / "partners" / "acme-retail.toml").read_text().endswith("# mine\n")
    assert (home / "secret.key").read_bytes() == key
    assert (home / "edigate.toml").read_text() == config
    assert "already initialised: edigate.toml" in result.output
    for partner in EXAMPLE_PARTNERS:
        assert f"already initialised: partners/{partner}.toml" in result.output
    assert "database already at" in result.output
    assert "identity options were not applied" in result.output


def test_init_uses_home_when_no_folder_is_given(tmp_path: Path) -> None:
    assert run("--home", str(tmp_path), "init", "--no-examples").exit_code == 0
    assert (tmp_path / "edigate.toml").is_file()
    assert list((tmp_path / "partners").iterdir()) == []
    assert not (tmp_path / "inbox").exists() or not list((tmp_path / "inbox").iterdir())
    other = tmp_path / "by-env"
    other.mkdir()
    assert run("init", "--no-examples", env={"EDIGATE_HOME": str(other)}).exit_code == 0
    assert (other / "edigate.toml").is_file()


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        (["--qualifier", "Z"], "--qualifier"),
        (["--id", "A*B"], "--id"),
        (["--id", "X" * 16], "--id"),
        (["--application-code", "A"], "--application-code"),
    ],
)
def test_a_bad_identity_is_refused_with_exit_2(tmp_path: Path, options: list[str], reason: str) -> None:
    result = run("init", str(tmp_path / "edi"), *options)
    assert result.exit_code == 2
    assert reason in result.stderr
    assert not (tmp_path / "edi").exists()


def test_a_file_where_the_folder_should_be_is_refused(tmp_path: Path) -> None:
    (tmp_path / "edi").write_text("not a folder")
    result = run("init", str(tmp_path / "edi"))
    assert result.exit_code == 2
    assert "not a folder" in result.stderr


def test_a_broken_existing_config_is_refused_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "edigate.toml").write_text("[identity]\nqualifier = 7\n")
    result = run("init", str(tmp_path))
    assert result.exit_code == 2
    assert "bad configuration" in result.stderr and "qualifier" in result.stderr
    assert (tmp_path / "edigate.toml").read_text() == "[identity]\nqualifier = 7\n"


def test_initialise_is_a_library_call_with_a_report(tmp_path: Path) -> None:
    report = initialise(tmp_path / "h", Identity(qualifier="01", id="123456789"), examples=False)
    assert report.partners == []
    assert report.database_from is None and report.database_to
    assert (tmp_path / "h" / "edigate.toml") in report.created
    assert load_config(tmp_path / "h", environ={}).identity.qualifier == "01"
    again = initialise(tmp_path / "h", examples=False)
    assert again.created == [] and again.database_from == again.database_to
