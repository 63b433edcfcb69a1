"""The batch's JSON Lines output: appended as debtors finish, reconciled with the store on start.

The store's checkpoint is the commit point (docs/decisions/0003); this module makes the file agree
with it after a kill: torn last line cut, lines of uncheckpointed debtors and duplicates dropped,
checkpointed debtors missing from the file appended from their stored profile.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

from skiptrace.privacy import private_open, replace_private


def dumps_profile(profile: dict[str, Any]) -> str:
    """One profile as one line: stable key order, so equal profiles give equal lines."""
    return json.dumps(profile, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _read_lines(path: Path) -> tuple[list[tuple[str, str]], bool]:
    """(debtor_id, line) pairs of the well-formed lines, and whether anything was dropped."""
    kept: list[tuple[str, str]] = []
    dropped = False
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.endswith("\n"):
                dropped = True  # torn by a kill mid-write
                continue
            try:
                debtor_id = json.loads(line)["debtor_id"]
            except (ValueError, KeyError, TypeError):
                dropped = True
                continue
            kept.append((str(debtor_id), line))
    return kept, dropped


def reconcile(
    path: Path,
    checkpointed: set[str],
    stored_profile: Callable[[str], dict[str, Any] | None],
) -> int:
    """Make the file hold each checkpointed debtor exactly once; return lines appended."""
    lines: list[tuple[str, str]] = []
    rewrite = False
    if path.exists():
        lines, rewrite = _read_lines(path)
    seen: set[str] = set()
    kept: list[str] = []
    for debtor_id, line in lines:
        if debtor_id in seen or debtor_id not in checkpointed:
            rewrite = True
            continue
        seen.add(debtor_id)
        kept.append(line)
    missing = sorted(checkpointed - seen)
    for debtor_id in missing:
        profile = stored_profile(debtor_id)
        if profile is not None:
            kept.append(dumps_profile(profile) + "\n")
    if rewrite or missing or not path.exists():
        _replace(path, kept)
    return len(missing)


def _replace(path: Path, lines: Iterable[str]) -> None:
    """Atomically, never through a link planted at a predictable temporary name."""
    replace_private(path, lambda fh: fh.writelines(lines))


class OutputWriter:
    """Appends one line per finished debtor and flushes it at once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: IO[str] = private_open(path, "a")

    def write(self, profile: dict[str, Any]) -> None:
        self.write_line(dumps_profile(profile))

    def write_line(self, line: str) -> None:
        """One profile already serialised by ``dumps_profile``."""
        self._fh.write(line + "\n")
        self._fh.flush()

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> OutputWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
