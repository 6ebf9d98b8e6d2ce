"""`edigate partner test|trust-host|poll|push` against the real sshd, through the click commands."""

from __future__ import annotations

from click.testing import CliRunner, Result

from edigate.cli import main

from .conftest import PARTNER, Home


def _run(home: Home, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, ["--home", str(home.config.home), "partner", *args], input=input)


def test_trust_host_records_the_fingerprint_and_keeps_comments(home: Home) -> None:
    text = f"# the carrier's own server, since 2024\ninbound = {home.channel(pin=False)}  # their in folder\n"
    home.profile_path().write_text(text)
    declined = _run(home, "trust-host", PARTNER, input="n\n")
    assert declined.exit_code == 1 and home.sshd.fingerprint in declined.output
    assert home.profile().inbound.host_key_fingerprint is None
    result = _run(home, "trust-host", PARTNER, "--yes")
    assert result.exit_code == 0, result.output
    assert f"shows ssh-ed25519 {home.sshd.fingerprint}" in result.output
    assert home.profile().inbound.host_key_fingerprint == home.sshd.fingerprint
    written = home.profile_path().read_text()
    assert "# the carrier's own server, since 2024" in written and "# their in folder" in written
    again = _run(home, "trust-host", PARTNER, "--yes")
    assert "already trusted" in again.output


def test_trust_host_warns_when_the_key_changed(home: Home) -> None:
    home.write_profile(inbound=f"inbound = {home.channel(host_key_fingerprint='SHA256:' + 'B' * 43)}")
    result = _run(home, "trust-host", PARTNER, "--yes")
    assert result.exit_code == 0 and "CHANGED" in result.output
    assert home.profile().inbound.host_key_fingerprint == home.sshd.fingerprint


def test_partner_test_reports_each_step(home: Home) -> None:
    (home.remote / "in" / "a.edi").write_bytes(b"x")
    home.write_profile(inbound=f"inbound = {home.channel()}", outbound=f"outbound = {home.channel(folder='out')}")
    result = _run(home, "test", PARTNER)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"inbound: sftp://root@127.0.0.1:{home.sshd.port}"
    assert f"  ok    host key ssh-ed25519 {home.sshd.fingerprint} is the pinned one" in lines
    assert "  ok    logged in as root (publickey)" in lines
    assert f"  ok    list {home.remote / 'in'}: 1 entry, 1 to fetch" in lines
    assert f"  ok    list {home.remote / 'out'}: 0 entries" in lines


def test_partner_test_fails_on_an_unpinned_key_and_a_missing_folder(home: Home) -> None:
    home.write_profile(
        inbound=f"inbound = {home.channel(pin=False)}", outbound=f"outbound = {home.channel(folder='absent')}"
    )
    result = _run(home, "test", PARTNER)
    assert result.exit_code == 1
    assert "  FAIL  partner carrier" in result.output and "host key not trusted yet" in result.output
    assert f"  FAIL  list {home.remote / 'absent'}: No such file" in result.output


def test_partner_test_without_credentials_says_which_secret(home: Home) -> None:
    home.secrets.remove(PARTNER, "sftp-key")
    result = _run(home, "test", PARTNER)
    assert result.exit_code == 1 and "secret 'sftp-key' of partner 'carrier' is not set" in result.output


def test_poll_and_push_commands(home: Home) -> None:
    home.write_profile(inbound=f"inbound = {home.channel()}", outbound=f"outbound = {home.channel(folder='out')}")
    (home.remote / "in" / "850-1.edi").write_bytes(b"ISA*in~")
    polled = _run(home, "poll", PARTNER)
    assert polled.exit_code == 0, polled.output
    assert "fetched 850-1.edi" in polled.output and (home.config.inbox(PARTNER) / "850-1.edi").exists()
    outbox = home.config.outbox(PARTNER)
    outbox.mkdir(parents=True)
    (outbox / "810-1.x12").write_bytes(b"ISA*out~")
    pushed = _run(home, "push", PARTNER)
    assert pushed.exit_code == 0, pushed.output
    assert "1 file(s) pushed" in pushed.output and (home.remote / "out" / "810-1.x12").exists()


def test_a_failing_push_exits_1_with_the_reason(home: Home) -> None:
    home.write_profile(outbound=f"outbound = {home.channel(folder='absent')}")
    outbox = home.config.outbox(PARTNER)
    outbox.mkdir(parents=True)
    (outbox / "810-1.x12").write_bytes(b"ISA*out~")
    result = _run(home, "push", PARTNER)
    assert result.exit_code == 1 and "absent" in result.output
    assert (outbox / "810-1.x12").exists()


def test_a_partner_without_sftp_is_told_so(home: Home) -> None:
    home.write_profile()
    result = _run(home, "test", PARTNER)
    assert result.exit_code == 1 and "no sftp channel" in result.output


def test_trust_host_in_a_profile_with_channel_tables(home: Home) -> None:
    table = home.channel(pin=False)[1:-1].replace(", ", "\n")
    home.profile_path().write_text(f"# pulled from their server\n[inbound]\n{table}\n")
    result = _run(home, "trust-host", PARTNER, "--yes")
    assert result.exit_code == 0, result.output
    assert home.profile().inbound.host_key_fingerprint == home.sshd.fingerprint
    assert home.profile_path().read_text().startswith("# pulled from their server\n[inbound]\n")
