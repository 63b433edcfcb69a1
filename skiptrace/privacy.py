"""Files that hold personal data are born private.

Law 09-08 makes the agency answer for who can read a debtor file. Creating a file and chmod-ing it
afterwards leaves a window where it is world-readable under a permissive umask, so files are
created with mode 0600 by ``os.open`` itself and directories with 0700; files that already exist
are tightened on open.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import IO, Any

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
    fd = os.open(path, flags, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)  # an existing file keeps its old mode through os.open
        if "b" in mode:
            return os.fdopen(fd, mode)
        return os.fdopen(fd, mode, encoding=encoding, newline=newline)
    except BaseException:
        os.close(fd)
        raise


__all__ = ["DIR_MODE", "FILE_MODE", "create_private", "ensure_private", "private_dir", "private_open"]


def write_private_text(target: str | os.PathLike[str] | IO[str], text: str) -> None:
    """Write ``text`` to an open file, or to a path created 0600 (it holds personal data)."""
    if hasattr(target, "write"):
        target.write(text)
        return
    with private_open(target, "w") as fh:
        fh.write(text)
