"""The partner and secret commands through click, in a temporary working folder, as a user would run them."""

from __future__ import annotations

import stat
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from edigate.cli.partner_commands import register
from edigate.config import load_config
from edigate.partners import SecretStore, load_key, load_profile, open_secret_store

SECRET = "s3cr3t-erp-t0ken"


@click.group()
@click.option("--home", default=None)
@click.pass_context
def root(ctx: click.Context, home: str | None) -> None:
    """Stands in for the lead's root command: it puts --home in the context object."""
    ctx.obj = {"home": home}


register(root)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "site"


def run(home: Path, *args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(root, ["--home", str(home), *args], input=input, env=env)


def add_acme(home: Path) -> Result:
    return run(home, "partner", "add", "acme", "--qualifier", "ZZ", "--isa-id", "ACMERETAIL")


def test_add_creates_a_working_profile_and_its_folders(home: Path) -> None:
    result = add_acme(home)
    assert result.exit_code == 0, result.output
    assert (home / "inbox" / "acme").is_dir()
    assert (home / "outbox" / "acme").is_dir()
    profile = load_profile(home / "partners" / "acme.toml")
    assert (profile.x12.theirs.qualifier, profile.x12.theirs.id, profile.x12.version) == ("ZZ", "ACMERETAIL", "004010")
    assert [d.map_name("004010") for d in profile.receive] == ["850.004010"]
    assert [d.set for d in profile.send] == ["856", "810"]
    assert (profile.ack.kind, profile.ack.level) == ("997", "group")
    assert run(home, "partner", "validate").exit_code == 0


def test_add_with_chosen_sets_and_version(home: Path) -> None:
    args = ["--version", "005010", "--receive", "204", "--send", "214"]
    result = run(home, "partner", "add", "swift", "--qualifier", "02", "--isa-id", "SWFT", *args)
    assert result.exit_code == 0, result.output
    profile = load_profile(home / "partners" / "swift.toml")
    assert [(d.set, d.map_name("005010")) for d in profile.receive + profile.send] == [
        ("204", "204.005010"),
        ("214", "214.005010"),
    ]


def test_add_interactively(home: Path) -> None:
    answers = "bigbox\nBig Box Stores\n08\n9251234567\n004010\n850\n856\n"
    result = run(home, "partner", "add", input=answers)
    assert result.exit_code == 0, result.output
    profile = load_profile(home / "partners" / "bigbox.toml")
    assert (profile.name, profile.x12.theirs.id) == ("Big Box Stores", "9251234567")
    assert [d.set for d in profile.send] == ["856"]


def test_add_refuses_a_second_partner_with_the_same_id_and_bad_values(home: Path) -> None:
    add_acme(home)
    again = add_acme(home)
    assert again.exit_code == 1
    assert "partner 'acme' already exists" in again.output
    bad = run(home, "partner", "add", "other", "--qualifier", "zz", "--isa-id", "X")
    assert bad.exit_code == 1
    assert "other.toml: x12.theirs.qualifier" in bad.output
    assert "Traceback" not in bad.output
    assert not (home / "partners" / "other.toml").exists()
    assert run(home, "partner", "add", "other").exit_code != 0  # no input to the prompts: aborted, nothing written


def test_add_without_an_isa_id_is_a_usage_error(home: Path) -> None:
    result = run(home, "partner", "add", "acme", "--qualifier", "ZZ")
    assert result.exit_code == 2
    assert "--isa-id" in result.output


def test_list_and_show(home: Path) -> None:
    add_acme(home)
    listed = run(home, "partner", "list")
    assert listed.exit_code == 0
    assert "acme" in listed.output and "ZZ/ACMERETAIL" in listed.output and "in 850  out 856,810" in listed.output
    shown = run(home, "partner", "show", "acme")
    assert shown.exit_code == 0
    assert "997 per group" in shown.output
    assert str(home / "inbox" / "acme") in shown.output
    missing = run(home, "partner", "show", "nobody")
    assert missing.exit_code == 1
    assert "no partner 'nobody'" in missing.output


def test_edit_keeps_hand_written_comments_and_refuses_an_invalid_result(home: Path) -> None:
    add_acme(home)
    path = home / "partners" / "acme.toml"
    path.write_text(path.read_text().replace("[ack]", "# Agreed with Jane at ACME, 2026-03-02\n[ack]"))
    result = run(home, "partner", "edit", "acme", "--set", "ack.level=detail", "--set", "x12.usage=production")
    assert result.exit_code == 0, result.output
    text = path.read_text()
    assert "# Agreed with Jane at ACME, 2026-03-02\n[ack]" in text
    assert '# ISA15 "T" until certified' in text  # an inline comment on the changed line survives too
    profile = load_profile(path)
    assert (profile.ack.level, profile.x12.usage) == ("detail", "production")

    before = path.read_bytes()
    bad = run(home, "partner", "edit", "acme", "--set", "ack.kind=998")
    assert bad.exit_code == 1
    assert "acme.toml: ack.kind" in bad.output
    assert path.read_bytes() == before


def test_edit_reads_values_as_toml_but_keeps_text_fields_text(home: Path) -> None:
    add_acme(home)
    result = run(
        home,
        "partner",
        "edit",
        "acme",
        "--set",
        'validation.tolerate=["byte-order-mark"]',
        "--set",
        "x12.theirs.id=12345",
        "--set",
        "enabled=false",
    )
    assert result.exit_code == 0, result.output
    profile = load_profile(home / "partners" / "acme.toml")
    assert profile.validation.tolerate == ["byte-order-mark"]
    assert profile.x12.theirs.id == "12345"
    assert profile.enabled is False


def test_edit_needs_a_change(home: Path) -> None:
    add_acme(home)
    assert run(home, "partner", "edit", "acme").exit_code == 2
    assert run(home, "partner", "edit", "acme", "--set", "novalue").exit_code == 2


def test_validate_fails_with_the_reason_on_a_bad_map_reference_or_a_bad_file(home: Path) -> None:
    add_acme(home)
    run(home, "partner", "edit", "acme", "--set", "receive.0.map=850.009999")
    result = run(home, "partner", "validate")
    assert result.exit_code == 1
    assert "acme.toml: receive.0.map: no map 850.009999.toml" in result.output
    run(home, "partner", "edit", "acme", "--set", "receive.0.map=850.004010")
    (home / "partners" / "broken.toml").write_text("[x12\n")
    result = run(home, "partner", "validate")
    assert result.exit_code == 1
    assert "broken.toml: not valid TOML" in result.output


def test_remove_deletes_the_profile_and_secrets_but_keeps_the_folders(home: Path) -> None:
    add_acme(home)
    run(home, "secret", "set", "acme", "erp-token", input=f"{SECRET}\n{SECRET}\n")
    assert run(home, "partner", "remove", "acme", input="n\n").exit_code == 1  # declined: nothing removed
    assert (home / "partners" / "acme.toml").exists()
    result = run(home, "partner", "remove", "acme", "--yes")
    assert result.exit_code == 0
    assert not (home / "partners" / "acme.toml").exists()
    assert (home / "inbox" / "acme").is_dir()
    assert SecretStore(home / "secrets.toml").names("acme") == []


def test_secret_set_prompts_hidden_encrypts_and_show_never_prints_it(home: Path) -> None:
    add_acme(home)
    assert run(home, "partner", "edit", "acme", "--set", "connectors.erp.kind=http").exit_code == 1  # no url
    result = run(home, "secret", "set", "acme", "erp-token", input=f"{SECRET}\n{SECRET}\n")
    assert result.exit_code == 0, result.output
    assert SECRET not in result.output  # hidden input is not echoed
    assert SECRET.encode() not in (home / "secrets.toml").read_bytes()
    assert stat.S_IMODE((home / "secret.key").stat().st_mode) == 0o600
    key = load_key(home / "secret.key", environ={})
    assert SecretStore(home / "secrets.toml", key).get("acme", "erp-token") == SECRET
    for args in (["partner", "show", "acme"], ["secret", "list", "acme"], ["partner", "list"]):
        output = run(home, *args).output
        assert SECRET not in output
    assert "erp-token: set" in run(home, "partner", "show", "acme").output


def test_secret_set_from_the_environment_for_scripts(home: Path) -> None:
    add_acme(home)
    result = run(home, "secret", "set", "acme", "erp-token", "--from-env", "ERP_TOKEN", env={"ERP_TOKEN": SECRET})
    assert result.exit_code == 0, result.output
    missing = run(home, "secret", "set", "acme", "erp-token", "--from-env", "NOPE_NOT_SET")
    assert missing.exit_code == 2
    assert "NOPE_NOT_SET is not set" in missing.output


def test_secret_set_for_an_unknown_partner_or_with_a_wrong_key_fails_in_one_line(home: Path) -> None:
    add_acme(home)
    assert run(home, "secret", "set", "nobody", "x", input="v\nv\n").exit_code == 1
    run(home, "secret", "set", "acme", "erp-token", input=f"{SECRET}\n{SECRET}\n")
    (home / "secret.key").chmod(0o644)
    loose = run(home, "secret", "set", "acme", "other", input="v\nv\n")
    assert loose.exit_code == 1
    assert loose.output.strip().endswith(f"chmod 600 {home / 'secret.key'}")


def test_home_comes_from_the_environment_when_the_root_sets_none(home: Path) -> None:
    result = CliRunner().invoke(
        root, ["partner", "add", "acme", "--qualifier", "ZZ", "--isa-id", "A1"], env={"EDIGATE_HOME": str(home)}
    )
    assert result.exit_code == 0, result.output
    assert (home / "partners" / "acme.toml").is_file()


def test_a_bad_config_value_is_one_line_and_exit_2(home: Path) -> None:
    home.mkdir()
    (home / "edigate.toml").write_text("[identity]\nqualifier = 'toolong'\n")
    result = add_acme(home)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "edigate.toml: identity.qualifier" in result.output


def _commands(group: click.Group) -> list[click.Command]:
    ctx = click.Context(group)
    return [cmd for name in group.list_commands(ctx) if (cmd := group.get_command(ctx, name))]


def test_every_command_has_examples_in_its_help() -> None:
    groups = [root.get_command(click.Context(root), name) for name in ("partner", "secret")]
    for group in groups:
        assert isinstance(group, click.Group)
        for command in [group, *_commands(group)]:
            assert "Examples:" in (command.help or ""), command.name


def test_a_partner_id_cannot_reach_outside_the_partners_folder(home: Path) -> None:
    add_acme(home)
    (home / "edigate.toml").write_text("# ours\n")
    result = run(home, "partner", "remove", "../edigate", "--yes")
    assert result.exit_code == 2
    assert (home / "edigate.toml").exists()


@pytest.mark.parametrize(
    "change",
    [
        ["--set", "receive.5.map=x"],  # no sixth document
        ["--set", "x12.theirs.id.sub=1"],  # a text field has no fields
        ["--set", "receive.0.5=x"],  # a document is a table, not an array
        ["--unset", "nothing"],
        ["--set", "x12=5"],  # replaces a table with a number: invalid profile
    ],
)
def test_an_edit_that_does_not_fit_the_profile_is_one_line_and_changes_nothing(home: Path, change: list[str]) -> None:
    add_acme(home)
    path = home / "partners" / "acme.toml"
    before = path.read_bytes()
    result = run(home, "partner", "edit", "acme", *change)
    assert result.exit_code == 1
    assert result.output.startswith("edigate: ") and "Traceback" not in result.output
    assert path.read_bytes() == before


def test_an_edit_can_add_a_connector_and_route_a_record_type_to_it(home: Path) -> None:
    add_acme(home)
    result = run(
        home,
        "partner",
        "edit",
        "acme",
        "--set",
        "connectors.erp.kind=http",
        "--set",
        "connectors.erp.url=https://erp.example.com/orders",
        "--set",
        'connectors.erp.auth={ kind = "bearer", secret = "erp-token" }',
        "--set",
        "deliver.purchase_order=erp",
    )
    assert result.exit_code == 0, result.output
    profile = load_profile(home / "partners" / "acme.toml")
    name, connector = profile.connector_for("purchase_order")
    assert (name, connector.url, connector.secret_names()) == ("erp", "https://erp.example.com/orders", ["erp-token"])
    validated = run(home, "partner", "validate")
    assert validated.exit_code == 0  # an unset secret is a warning, not a failure
    assert "secret 'erp-token' is not set: edigate secret set acme erp-token" in validated.output


def test_add_warns_when_no_map_exists_for_the_chosen_version(home: Path) -> None:
    result = run(home, "partner", "add", "old", "--qualifier", "ZZ", "--isa-id", "OLD", "--version", "003050")
    assert result.exit_code == 0  # the profile is made; the maps can follow
    assert "warning: " in result.output and "receive.0.map: no map 850.003050.toml" in result.output


def test_a_root_whose_context_object_has_a_home_attribute_is_followed(home: Path) -> None:
    class Settings:
        def __init__(self, home: str) -> None:
            self.home = home

    @click.group()
    @click.pass_context
    def other_root(ctx: click.Context) -> None:
        ctx.obj = Settings(str(home))

    register(other_root)
    result = CliRunner().invoke(other_root, ["partner", "add", "acme", "--qualifier", "ZZ", "--isa-id", "A1"])
    assert result.exit_code == 0, result.output
    assert (home / "partners" / "acme.toml").is_file()


def test_a_connector_reads_the_secret_the_cli_stored(home: Path) -> None:
    add_acme(home)
    run(home, "secret", "set", "acme", "erp-token", input=f"{SECRET}\n{SECRET}\n")
    config = load_config(home, environ={})
    assert open_secret_store(config, environ={}).get("acme", "erp-token") == SECRET
