"""Files that hold personal data are born private.

Law 09-08 makes the agency answer for who can read a debtor file. Creating a file and chmod-ing it
afterwards leaves a window where it is world-readable under a permissive umask, so files are
created with mode 0600 by ``os.open`` itself and directories with 0700; files that already exist
are tightened on open.

Nothing here writes through a symbolic link: a link planted where a file is expected (in a shared
reports folder, say) would otherwise get its target overwritten and chmodded. Opens use
``O_NOFOLLOW``, and whole-file writes go to a fresh temporary file in the same folder that
``os.replace`` then moves into place (a rename replaces a link, never its target).
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from skiptrace.errors import ConfigError

FILE_MODE = 0o600
DIR_MODE = 0o700


def ensure_private(path: str | os.PathLike[str]) -> None:
    """Tighten an existing file (0600) or directory (0700); a missing path is left alone."""
    p = Path(path)
    try:
        mode = p.stat().st_mode
    except FileNotFoundError:
        return
    wanted = DIR_MODE if stat.S_ISDIR(mode) else FILE_MODE
    if stat.S_IMODE(mode) != wanted:
        os.chmod(p, wanted)


def private_dir(path: str | os.PathLike[str]) -> Path:
    """Create a directory (and its missing parents) with mode 0700 and return it."""
    p = Path(path)
    if not p.exists():
        # makedirs applies the umask; chmod afterwards makes the leaf exactly 0700.
        os.makedirs(p, mode=DIR_MODE, exist_ok=True)
    ensure_private(p)
    return p


def create_private(path: str | os.PathLike[str]) -> Path:
    """Make sure ``path`` exists as a 0600 file without truncating it (e.g. before sqlite opens it)."""
    p = Path(path)
    fd = os.open(p, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    os.close(fd)
    ensure_private(p)
    return p


def private_open(
    path: str | os.PathLike[str],
    mode: str = "w",
    encoding: str | None = "utf-8",
    newline: str | None = None,
) -> IO[Any]:
    """``open()`` for personal data: the file is created 0600 from its first byte.

    Supports the write modes "w", "a", "x" (text or binary, with "+"); use plain ``open`` to read.
    """
    if "r" in mode and "+" not in mode:
        raise ValueError("private_open is for writing; read with open()")
    flags = os.O_CREAT
    flags |= os.O_RDWR if "+" in mode else os.O_WRONLY
    if "w" in mode:
        flags |= os.O_TRUNC
    elif "a" in mode:
        flags |= os.O_APPEND
    elif "x" in mode:
        flags |= os.O_EXCL
    fd = _open_no_follow(path, flags)
    try:
        os.fchmod(fd, FILE_MODE)  # an existing file keeps its old mode through os.open
        if "b" in mode:
            return os.fdopen(fd, mode)
        return os.fdopen(fd, mode, encoding=encoding, newline=newline)
    except BaseException:
        os.close(fd)
        raise


def _open_no_follow(path: str | os.PathLike[str], flags: int) -> int:
    """``os.open`` that refuses a symbolic link as the last path component, with a clear error."""
    try:
        return os.open(path, flags | os.O_NOFOLLOW, FILE_MODE)
    except OSError as exc:
        if Path(path).is_symlink():
            raise ConfigError(
                f"{path} is a symbolic link: skiptrace does not write personal data through links"
            ) from exc
        raise


def replace_private(path: str | os.PathLike[str], write: Callable[[IO[str]], object]) -> Path:
    """Write a whole file atomically: ``write`` fills a new 0600 temporary file in the same folder,
    which is fsynced and moved over ``path`` with ``os.replace``.

    A reader sees the old file or the new one, never half of it; a symbolic link at ``path`` is
    replaced by the file (its target is untouched); the temporary name is random and created with
    ``O_EXCL``, so nothing planted in advance can redirect it."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:40]}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


__all__ = [
    "DIR_MODE", "FILE_MODE", "create_private", "ensure_private", "private_dir", "private_open",
    "replace_private", "write_private_text",
]


def write_private_text(target: str | os.PathLike[str] | IO[str], text: str) -> None:
    """Write ``text`` to an open file, or to a path created 0600 (it holds personal data)."""
    if hasattr(target, "write"):
        target.write(text)
        return
    with private_open(target, "w") as fh:
        fh.write(text)
