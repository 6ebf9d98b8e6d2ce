"""Making a working folder ("home") ready to run: `edigate init`, `make run`, the daemon's tests and the SFTP
set-up all call `initialise`, so a home made by any of them looks the same.

    report = initialise(Path("/srv/edi"), Identity(qualifier="ZZ", id="ACMEGATEWAY"))
    for line in report.lines(): print(line)

It is idempotent: a second run keeps every file an operator may have edited (edigate.toml, partner profiles,
the secret key) and only adds what is missing and migrates the database to the code's schema.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from .home import resolve_home
from .model import CONFIG_FILE, Config, ConfigError, Identity, load_config

#: The example partners are shipped inside the package (edigate/examples/partners, a link to the repository's
#: partners/ folder in a checkout), so a wheel-installed `edigate init` can copy them.
EXAMPLE_PARTNERS = ("examples", "partners")
#: Matches the receiver of the example files in edigate/examples, so they go through a fresh home as they are.
DEFAULT_IDENTITY = Identity(qualifier="ZZ", id="EDIGATEDEMO", application_code="EDIGATEDEMO")


@dataclass
class InitReport:
    """What `initialise` did: paths made, paths kept as they were, and the database revision reached."""

    home: Path
    created: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    database_from: str | None = None
    database_to: str | None = None
    partners: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    host_keys: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """One human line per step, in the order they happened."""
        out = [f"created {self._show(p)}" for p in self.created]
        out += [f"already initialised: {self._show(p)} (kept)" for p in self.kept]
        if self.database_from == self.database_to:
            out.append(f"database already at {self.database_to}")
        else:
            out.append(f"database migrated: {self.database_from or 'empty'} -> {self.database_to}")
        out += [f"SFTP host key (give partners this fingerprint): {line}" for line in self.host_keys]
        out += [f"problem: {p}" for p in self.problems]
        return out

    def _show(self, path: Path) -> str:
        suffix = "/" if path.is_dir() else ""
        return f"{path.relative_to(self.home)}{suffix}" if path.is_relative_to(self.home) else f"{path}{suffix}"


def config_text(identity: Identity) -> str:
    """A commented edigate.toml naming our identity; every other setting keeps its default until edited."""
    return (
        "# edigate working folder configuration. Paths are relative to this folder unless absolute.\n"
        "# Every value can be overridden by an EDIGATE_* environment variable (e.g. EDIGATE_DATABASE_URL).\n\n"
        "[identity]                # our ISA05/06 (ISA07/08 on what partners send us) and GS application code\n"
        f'qualifier = "{identity.qualifier}"\n'
        f'id = "{identity.id}"\n'
        f'application_code = "{identity.application_code}"\n\n'
        '# database_url = "postgresql+psycopg://edigate@db.example.com/edigate"   # default: SQLite edigate.db\n'
        '# data_dir = "."          # edigate.db, spool/, quarantine/, records/\n'
    )


def initialise(home: Path | str | None, identity: Identity | None = None, *, examples: bool = True) -> InitReport:
    """Create (or complete) the working folder `home` and migrate its database; never overwrites a file.

    ConfigError when `home` cannot be a folder or an existing edigate.toml is invalid; OSError when a folder
    cannot be written. `identity` only shapes a new edigate.toml: an existing one is never changed.
    """
    folder = resolve_home(home)
    folder.mkdir(parents=True, exist_ok=True)
    report = InitReport(home=folder)
    _write_config(folder, identity or DEFAULT_IDENTITY, report)
    config = load_config(folder)
    _make_dir(config.partners_dir, report)
    if examples:
        _copy_examples(config.partners_dir, report)
    _partner_folders(config, report)
    _make_dir(config.data_dir, report)
    _migrate(config, report)
    _secret_key(config, report)
    _generate_host_keys(config, report)
    return report


def _write_config(home: Path, identity: Identity, report: InitReport) -> None:
    path = home / CONFIG_FILE
    if path.exists():
        report.kept.append(path)
        return
    path.write_text(config_text(identity), encoding="utf-8")
    report.created.append(path)


def _make_dir(path: Path, report: InitReport) -> None:
    if path.is_dir():
        return
    if path.exists():
        raise ConfigError([f"{path} exists and is not a folder"])
    path.mkdir(parents=True)
    report.created.append(path)


def example_profiles() -> list[Traversable]:
    """The example partner profiles shipped with the package, by file name."""
    folder = resources.files("edigate").joinpath(*EXAMPLE_PARTNERS)
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if p.name.endswith(".toml")), key=lambda p: p.name)


def _copy_examples(partners_dir: Path, report: InitReport) -> None:
    for source in example_profiles():
        target = partners_dir / source.name
        if target.exists():
            report.kept.append(target)
            continue
        with source.open("rb") as reader, open(target, "xb") as writer:
            shutil.copyfileobj(reader, writer)
        report.created.append(target)


def _partner_folders(config: Config, report: InitReport) -> None:
    """inbox/<id>/, outbox/<id>/ and outbox/<id>/pending/ for each valid profile with folder channels."""
    from ..partners import load_profiles

    partners = load_profiles(config.partners_dir)
    report.problems += [str(problem) for problem in partners.problems]
    for profile in partners:
        report.partners.append(profile.id)
        inbox = profile.inbox(config.inbox_dir, config.home)
        outbox = profile.outbox(config.outbox_dir, config.home)
        for folder in (inbox, outbox, outbox / "pending" if outbox else None):
            if folder is not None:
                _make_dir(folder, report)


def _migrate(config: Config, report: InitReport) -> None:
    from ..store import Store
    from ..store.schema import current_revision, head_revision

    with Store.open(config.database_url) as store:
        report.database_from = current_revision(store.db)
        store.upgrade()
        report.database_to = head_revision()


def _secret_key(config: Config, report: InitReport) -> None:
    """The key that encrypts partner secrets (mode 0600); kept when present or given by EDIGATE_SECRET_KEY."""
    from ..partners.secrets import load_key

    existed = config.secret_key_file.exists()
    load_key(config.secret_key_file, create=True)
    if existed:
        report.kept.append(config.secret_key_file)
    elif config.secret_key_file.exists():  # not made when EDIGATE_SECRET_KEY supplies the key
        report.created.append(config.secret_key_file)


def _generate_host_keys(config: Config, report: InitReport) -> None:
    """Our SFTP server's host keys (made once, kept after); their fingerprints are what partners are given."""
    from ..transports.sftp_server import ensure_host_keys

    report.host_keys = ensure_host_keys(config)
