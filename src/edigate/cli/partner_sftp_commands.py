"""`edigate partner keys add|list|remove` and `edigate partner password`: a partner's login to OUR SFTP server.

They change only the profile's `[sftp]` table, through tomlkit so the admin's comments and layout stay, and
validate the whole profile before writing it (atomically), like every other profile edit.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import tomlkit
from tomlkit.exceptions import ParseError

from ..atomic_files import write_text_atomic
from ..partners import Profile, ProfileError, ProfileProblem
from ..partners.loading import profile_from_data
from ..partners.sftp_access import KeyLineError, hash_password, key_blob, key_fingerprint
from .partner_commands import _fail, _profile_path, boundary, current_config


def _edit_sftp(path: Path, change: Callable[[Any], None]) -> Profile:
    """Apply `change` to the profile's [sftp] table (made when missing), validate, write with comments kept."""
    try:
        doc = tomlkit.parse(path.read_text(encoding="utf-8"))
    except (OSError, ParseError) as exc:
        raise ProfileError([ProfileProblem(path, "", f"cannot read: {exc}")]) from None
    if "sftp" not in doc:
        doc["sftp"] = tomlkit.table()
    change(doc["sftp"])
    profile = profile_from_data(path, {"id": path.stem, **doc.unwrap()})
    write_text_atomic(path, tomlkit.dumps(doc))
    return profile


def _key_lines(keyfile: Path) -> list[str]:
    """The public-key lines of a .pub or authorized_keys file; a private key is refused (never stored)."""
    text = keyfile.read_text(encoding="utf-8", errors="replace")
    if "PRIVATE KEY" in text:
        _fail([f"{keyfile} is a private key: give the partner's public key (the .pub file)"])
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if not lines:
        _fail([f"{keyfile} holds no public key"])
    try:
        for line in lines:
            key_blob(line)
    except KeyLineError as exc:
        _fail([f"{keyfile}: {exc}"])
    return lines


@click.group("keys")
def keys_group() -> None:
    """The public keys a partner logs in to our SFTP server with (user name: the partner id).

    \b
    Examples:
      edigate partner keys add acme ./acme_id_ed25519.pub
      edigate partner keys list acme
      edigate partner keys remove acme SHA256:Yt3cLq0Q0o4cY2k0Hn3M9YjJf9Xh1m2b0a6Zr8w5PcQ
    """


@keys_group.command("add")
@click.argument("partner_id")
@click.argument("keyfile", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
@boundary
def keys_add(ctx: click.Context, partner_id: str, keyfile: Path) -> None:
    """Authorize the public key(s) in KEYFILE (an OpenSSH .pub or authorized_keys file) for PARTNER_ID.

    \b
    Examples:
      edigate partner keys add acme ./acme_id_ed25519.pub
    """
    path = _profile_path(current_config(ctx), partner_id)
    lines, added = _key_lines(keyfile), []

    def change(table: Any) -> None:
        known = {key_blob(str(line))[1] for line in table.get("authorized_keys", [])}
        if "authorized_keys" not in table:
            table["authorized_keys"] = tomlkit.array().multiline(True)
        for line in lines:
            if key_blob(line)[1] not in known:
                table["authorized_keys"].append(line)
                known.add(key_blob(line)[1])
                added.append(line)

    _edit_sftp(path, change)
    for line in lines:
        state = "added" if line in added else "already authorized"
        click.echo(f"{state}: {key_fingerprint(line)} {line.split()[0]} {' '.join(line.split()[2:])}".rstrip())


@keys_group.command("list")
@click.argument("partner_id")
@click.pass_context
@boundary
def keys_list(ctx: click.Context, partner_id: str) -> None:
    """The keys PARTNER_ID may log in with: fingerprint (as `ssh-keygen -lf` shows it), type, comment.

    \b
    Examples:
      edigate partner keys list acme
    """
    from ..partners import load_profile

    profile = load_profile(_profile_path(current_config(ctx), partner_id))
    if not profile.sftp.authorized_keys:
        click.echo(f"{partner_id}: no keys (add one with: edigate partner keys add {partner_id} KEYFILE)")
    for line in profile.sftp.authorized_keys:
        parts = line.split(None, 2)
        click.echo(f"{key_fingerprint(line)}  {parts[0]}  {parts[2] if len(parts) > 2 else ''}".rstrip())
    if profile.sftp.password_hash:
        click.echo("password login: enabled")


@keys_group.command("remove")
@click.argument("partner_id")
@click.argument("fingerprint")
@click.pass_context
@boundary
def keys_remove(ctx: click.Context, partner_id: str, fingerprint: str) -> None:
    """Withdraw the key with FINGERPRINT (SHA256:..., from `keys list`); its next login is refused.

    \b
    Examples:
      edigate partner keys remove acme SHA256:Yt3cLq0Q0o4cY2k0Hn3M9YjJf9Xh1m2b0a6Zr8w5PcQ
    """
    path = _profile_path(current_config(ctx), partner_id)
    wanted = fingerprint if fingerprint.startswith("SHA256:") else f"SHA256:{fingerprint}"
    removed: list[str] = []

    def change(table: Any) -> None:
        keys = table.get("authorized_keys", [])
        for index in reversed(range(len(keys))):
            if key_fingerprint(str(keys[index])) == wanted:
                removed.append(str(keys[index]))
                del keys[index]

    _edit_sftp(path, change)
    if not removed:
        _fail([f"partner {partner_id} has no key {wanted} (see: edigate partner keys list {partner_id})"])
    click.echo(f"removed: {wanted}")


@click.command("password")
@click.argument("partner_id")
@click.option("--disable", is_flag=True, help="Remove the password: key login only.")
@click.pass_context
@boundary
def password_command(ctx: click.Context, partner_id: str, disable: bool) -> None:
    """Set (prompted twice, never echoed) or remove the password PARTNER_ID may log in to our SFTP server with.

    Only a salted scrypt hash is stored in the profile. Prefer keys; a password is for partners whose software
    cannot do keys.

    \b
    Examples:
      edigate partner password acme
      edigate partner password acme --disable
    """
    path = _profile_path(current_config(ctx), partner_id)
    if disable:
        _edit_sftp(path, lambda table: table.pop("password_hash", None))
        click.echo(f"{partner_id}: password login disabled")
        return
    password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    if len(password) < 12:
        _fail(["a password of at least 12 characters, please (or use a key)"])
    stored = hash_password(password)
    _edit_sftp(path, lambda table: table.__setitem__("password_hash", stored))
    click.echo(f"{partner_id}: password set (stored as a salted scrypt hash)")


def register_sftp(partner_group: click.Group) -> None:
    """Add `keys` and `password` to `edigate partner`."""
    partner_group.add_command(keys_group)
    partner_group.add_command(password_command)
