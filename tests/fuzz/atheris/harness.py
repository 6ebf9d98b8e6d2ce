"""What the atheris harnesses share: where the corpus is, the libFuzzer arguments, and the target table.

A harness is run as a script (`python tests/fuzz/atheris/fuzz_x12.py [libFuzzer flags]`). It reads the third-party
corpus in place: the corpus folders are passed to libFuzzer after a scratch folder of our own, because libFuzzer
writes the new inputs it finds into the first folder only, so ../shared/corpus is never written to.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT.parent / "shared" / "corpus"
SEED_FOLDERS = {
    "x12": ["x12", "bad"],
    "acks": ["x12/997", "x12/other", "bad"],
    "xml": ["xml", "bad"],
    "csv": ["csv"],
}


def seed_folders(kind: str) -> list[str]:
    """The corpus folders a harness starts from (none when the corpus is absent: it then starts from nothing)."""
    return [str(CORPUS / name) for name in SEED_FOLDERS[kind] if (CORPUS / name).is_dir()]


def prepare() -> None:
    """Make `edigate` and `tests.fuzz` importable when a harness runs as a script."""
    for path in (str(ROOT / "src"), str(ROOT)):
        if path not in sys.path:
            sys.path.insert(0, path)


def arguments(kinds: tuple[str, ...], argv: list[str]) -> list[str]:
    """libFuzzer's argv: ours, then the scratch folder (first, so new inputs go there), then the corpus folders.

    Without a folder of its own in argv the harness is given none; libFuzzer then fuzzes from the seeds alone.
    """
    flags = [a for a in argv[1:] if a.startswith("-")]
    folders = [a for a in argv[1:] if not a.startswith("-")]
    defaults = ["-timeout=10", "-rss_limit_mb=2048", "-max_len=200000"]
    chosen = [d for d in defaults if not any(f.startswith(d.split("=")[0] + "=") for f in flags)]
    seeds = [folder for kind in kinds for folder in seed_folders(kind)]
    return [argv[0], *chosen, *flags, *folders, *dict.fromkeys(seeds)]
