"""The per-debtor HTML reports of a batch: file names no input can steer, written atomically.

A debtor id comes from the portfolio, i.e. from whoever wrote the file, so it never becomes a path
component as it is: ``../escaped``, ``/etc/x`` or ``a/b`` would leave the reports folder or crash
the batch after the debtor was checkpointed. An id made only of ASCII letters, digits, ``-`` and
``_`` (not starting with ``_``, at most 100 characters) keeps its readable name ``<id>.html``; any
other id gets ``_<slug>_<sha256 prefix>.html``, whose leading ``_`` no plain id can have, so the
two kinds never collide and two different ids never share a file. The profile keeps the id as it
is and records the file name under ``report``.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from skiptrace.privacy import replace_private

log = logging.getLogger(__name__)

_PLAIN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")
_NOT_SLUG = re.compile(r"[^A-Za-z0-9]+")
_SLUG_LENGTH = 40
_DIGEST_LENGTH = 16  # 64 bits: a collision needs ~4e9 distinct unusual ids in one folder


def report_file_name(debtor_id: str) -> str:
    """The report's file name for ``debtor_id``: plain ids as they are, any other id as a slug
    and a hash (see the module docstring). Always a single safe path component."""
    if _PLAIN_ID.fullmatch(debtor_id):
        return f"{debtor_id}.html"
    folded = unicodedata.normalize("NFKD", debtor_id).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", folded).strip("-")[:_SLUG_LENGTH].strip("-")
    digest = hashlib.sha256(debtor_id.encode("utf-8", "surrogatepass")).hexdigest()
    return f"_{slug}_{digest[:_DIGEST_LENGTH]}.html"


def write_report(reports_dir: Path, profile: dict[str, Any]) -> Path:
    """Render ``profile`` as HTML into ``reports_dir`` under its safe name, atomically."""
    from skiptrace.render import html

    text = html.render(profile)
    return replace_private(reports_dir / report_file_name(str(profile["debtor_id"])),
                           lambda fh: fh.write(text))


def restore_missing(
    reports_dir: Path, debtor_ids: Iterable[str],
    stored_profile: Callable[[str], dict[str, Any] | None],
) -> int:
    """Write the reports of checkpointed debtors that have none (a batch killed between the
    checkpoint and the report); returns how many were written."""
    written = 0
    for debtor_id in debtor_ids:
        if (reports_dir / report_file_name(debtor_id)).exists():
            continue
        profile = stored_profile(debtor_id)
        if profile is not None:
            write_report(reports_dir, profile)
            written += 1
    return written


__all__ = ["report_file_name", "restore_missing", "write_report"]
