"""A partner's view of our disk: `/`, `/inbox`, `/outbox` and the files directly in them, nothing else.

Every path a client sends is taken apart here before any file is touched. `..` is refused outright (not
normalised away) so a probing client is visible in the log; hidden and temporary names are refused because
intake would ignore them forever; anything deeper than one file below a folder does not exist. The real file is
then checked again on disk: a symlink (planted by anyone) is never followed out of the partner's folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..local import is_temporary_name

INBOX, OUTBOX = "inbox", "outbox"
FOLDERS = (INBOX, OUTBOX)


class PathRefused(Exception):
    """A path outside what the partner may see; `reason` is for the log, the client only hears "no"."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path!r}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True, slots=True)
class VirtualPath:
    """A checked path: the root, one of the two folders, or one file name in a folder."""

    folder: Literal["inbox", "outbox"] | None
    name: str | None

    @property
    def text(self) -> str:
        return "/" + "/".join(part for part in (self.folder, self.name) if part)

    @property
    def is_dir(self) -> bool:
        return self.name is None


def parse(path: str) -> VirtualPath:
    """The partner's path as a VirtualPath (relative paths start at `/`); PathRefused saying why not."""
    if "\x00" in path or "\\" in path:
        raise PathRefused(path, "control character or backslash in the path")
    parts = [part for part in path.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise PathRefused(path, "'..' in the path")
    if not parts:
        return VirtualPath(None, None)
    if parts[0] not in FOLDERS:
        raise PathRefused(path, "outside /inbox and /outbox")
    if len(parts) > 2:
        raise PathRefused(path, "no sub-folders below /inbox and /outbox")
    folder: Literal["inbox", "outbox"] = INBOX if parts[0] == INBOX else OUTBOX
    return VirtualPath(folder, parts[1] if len(parts) == 2 else None)


def check_file_name(path: VirtualPath, original: str) -> str:
    """The file name of a path that must name a file; PathRefused for folders, hidden or temporary names."""
    if path.name is None:
        raise PathRefused(original, "a folder, not a file")
    if is_temporary_name(Path(path.name)) or len(path.name.encode("utf-8", "surrogateescape")) > 200:
        raise PathRefused(original, "hidden, temporary (.part, .tmp, ~...) or over-long file name")
    return path.name


def canonical(path: str) -> str:
    """What REALPATH answers: the normalised virtual path (the client's idea of where it is)."""
    return parse(path).text


def confined(folder: Path, name: str) -> Path:
    """`folder/name` if it stays inside `folder` once symlinks are resolved; PathRefused otherwise."""
    target = folder / name
    real_folder = os.path.realpath(folder)
    if os.path.islink(target) or os.path.dirname(os.path.realpath(target)) != real_folder:
        raise PathRefused(str(target), "a symlink (not followed)")
    return target
