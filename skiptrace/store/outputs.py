"""Files the product wrote personal data into, registered so that ``forget`` can reach them.

``files`` rows: kind, absolute path, job id, debtor id (None for a whole-job file). A kind says
how forget treats the file: a single-debtor file is deleted, a JSON Lines file loses the lines
of the forgotten debtors, a CSV file the rows that carry their id or identifiers, a whole-job
page (the portfolio page) is deleted when it names them (the next run of the job writes it
again from the store). Files are
rewritten in place safely: read without following a symlink (a symlinked path is left alone),
written to a temporary file in the same folder, fsync'd, moved over the original with
``os.replace`` (:func:`skiptrace.privacy.replace_private`).
"""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import stat
from collections.abc import Callable, Iterable
from typing import Any

from skiptrace import csvsafe
from skiptrace.model import utcnow
from skiptrace.privacy import replace_private

SINGLE = "single"  # the file is about one debtor: deleted with them
JSONL = "jsonl"  # one JSON object a line with a "debtor_id"
CSV = "csv"  # a table with a header row
PAGE = "page"  # a whole job's page that names some of its debtors: deleted when it names one

KINDS: dict[str, str] = {
    "report": SINGLE,  # the HTML report of one debtor (enrich --reports, lookup --format html)
    "profile_export": SINGLE,  # any other export of one debtor's profile (JSON, GraphML...)
    "profiles_jsonl": JSONL,  # enrich --out
    "rejects_csv": CSV,  # intake rejects (line;reason;raw)
    "warnings_csv": CSV,  # intake warnings (line;reason;raw)
    "appended_csv": CSV,  # enrich --csv: the portfolio's rows with skiptrace's columns
    "portfolio_html": PAGE,  # enrich --portfolio-html: totals, charts and the worklist
    "upload_csv": CSV,  # a portfolio uploaded to the HTTP service (POST /v1/batches), CSV
    "upload_jsonl": JSONL,  # the same as JSON Lines
}


class UnsafeFile(OSError):
    """A registered path that is a symlink or not a regular file: left alone."""


def register(conn: sqlite3.Connection, kind: str, path: str | os.PathLike[str],
             job_id: str | None, debtor_id: str | None) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown file kind {kind!r}: one of {', '.join(sorted(KINDS))}")
    if KINDS[kind] == SINGLE and not debtor_id:
        raise ValueError(f"a {kind} file belongs to one debtor: give its debtor_id")
    conn.execute(
        """INSERT INTO files(kind, path, job_id, debtor_id, registered_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT DO NOTHING""",
        (kind, os.path.abspath(path), job_id, debtor_id, utcnow().isoformat()),
    )


def registered(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = conn.execute("SELECT kind, path, job_id, debtor_id FROM files ORDER BY id").fetchall()
    return [dict(zip(("kind", "path", "job_id", "debtor_id"), r, strict=True)) for r in rows]


def unregister(conn: sqlite3.Connection, path: str) -> None:
    conn.execute("DELETE FROM files WHERE path = ?", (path,))


def read_text(path: str | os.PathLike[str]) -> str:
    """A regular file's text, refusing a symlink (O_NOFOLLOW) or anything else odd."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError as exc:
        if os.path.islink(path):
            raise UnsafeFile(f"{path} is a symlink") from exc
        raise
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise UnsafeFile(f"{path} is not a regular file")
        try:
            return fh.read().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UnsafeFile(f"{path} is not UTF-8: not a file skiptrace wrote") from exc


def replace_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to a 0600 temporary file beside ``path``, fsync, move it over ``path``."""
    replace_private(path, lambda fh: fh.write(text))


def filter_jsonl(text: str, line_filter: Callable[[str], str | None]) -> tuple[str, int]:
    """The lines ``line_filter`` keeps (it may return a changed line, or None to drop);
    returns the new text and how many lines were dropped or changed."""
    out: list[str] = []
    touched = 0
    for line in text.splitlines(keepends=True):
        kept = line_filter(line)
        touched += kept != line
        if kept is not None:
            out.append(kept)
    return "".join(out), touched


def filter_csv(text: str, drop_row: Callable[[list[str]], bool]) -> tuple[str, int]:
    """The header and the rows ``drop_row`` does not drop, in the file's own delimiter."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not rows:
        return text, 0
    kept = [rows[0]] + [row for row in rows[1:] if not drop_row(row)]
    if len(kept) == len(rows):
        return text, 0
    buffer = io.StringIO(newline="")
    # through the formula-safe writer; restore first so that cells it neutralised stay as they were
    csvsafe.writer(buffer, delimiter=delimiter).writerows(
        [csvsafe.restore(cell) for cell in row] for row in kept)
    return buffer.getvalue(), len(rows) - len(kept)


def delete_file(path: str) -> str:
    """Unlink (a symlink itself, never its target); 'deleted' or 'missing'."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        return "missing"
    return "deleted"


def distinct_paths(rows: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    by_path: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_path.setdefault(row["path"], []).append(row)
    return by_path


__all__ = [
    "CSV",
    "JSONL",
    "KINDS",
    "PAGE",
    "SINGLE",
    "UnsafeFile",
    "delete_file",
    "distinct_paths",
    "filter_csv",
    "filter_jsonl",
    "read_text",
    "register",
    "registered",
    "replace_text",
    "unregister",
]
