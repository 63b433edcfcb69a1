"""`skiptrace import SOURCE FILE`: a bulk extract into the store, as records of a source.

Once imported, the records are answered by that source's LocalStoreConnector in lookups and
batches like any other source. The import is one transaction: a file either lands whole (its
good rows) or not at all; bad rows are returned as rejects with line numbers, never fatal.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skiptrace import csvsafe
from skiptrace.config import Config, load_config
from skiptrace.connectors.extract_formats import FORMATS, read_extract
from skiptrace.connectors.local import LOCAL_KINDS
from skiptrace.errors import ConfigError, RejectedRow
from skiptrace.model import Record
from skiptrace.privacy import private_open

if TYPE_CHECKING:
    from datetime import datetime

log = logging.getLogger(__name__)


@dataclass
class ImportResult:
    """What an import saved and what it refused."""

    source: str
    file: str
    records: list[Record] = field(default_factory=list)
    rejects: list[RejectedRow] = field(default_factory=list)
    rows: int = 0
    saved: int = 0

    def summary(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "file": self.file,
            "rows": self.rows,
            "records": len(self.records),
            "saved": self.saved,
            "rejects": len(self.rejects),
        }


def resolve_source(source: str, config: Config | None) -> tuple[str, str]:
    """``(stored source name, layout)`` for ``source``.

    ``source`` names a file section of the config (``land_extract``), or a layout
    (``land_registry``): then the file section of that format receives the records, so that
    its LocalStoreConnector answers lookups from them, never the API section of that name.
    """
    sections = config.sources if config is not None else {}
    cfg = sections.get(source)
    if cfg is None or cfg.kind not in LOCAL_KINDS:
        cfg = next(
            (c for c in sections.values() if c.kind in LOCAL_KINDS and c.format == source), cfg
        )
    if cfg is not None and cfg.kind in LOCAL_KINDS:
        layout = cfg.format or source
        if layout not in FORMATS:
            raise ConfigError(f"[sources.{cfg.name}] format must be one of {', '.join(FORMATS)}")
        return cfg.stored_as, layout
    if source in FORMATS:
        return source, source
    known = sorted({*FORMATS, *(n for n, c in sections.items() if c.kind in LOCAL_KINDS)})
    raise ConfigError(f"unknown import source {source!r}; known: {', '.join(known)}")


def import_file(
    store: Any,
    source: str,
    path: str | Path,
    *,
    config: Config | None = None,
    retrieved_at: datetime | None = None,
) -> ImportResult:
    """Read ``path`` with the layout of ``source`` and save its records into ``store``."""
    config = config if config is not None else load_config()
    stored_as, layout = resolve_source(source, config)
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"no such extract file: {path}")
    extract = read_extract(path, layout, source=stored_as, retrieved_at=retrieved_at)
    with store.atomic():
        saved = store.save_records(extract.records)
    log.info(
        "imported %s into %s: %d records, %d rejects", path.name, stored_as,
        len(extract.records), len(extract.rejects),
    )
    return ImportResult(
        stored_as, str(path), extract.records, extract.rejects, extract.rows, saved
    )


def write_rejects(path: str | Path, rejects: list[RejectedRow]) -> Path:
    """The rejects as a `line;reason` CSV, created private (0600) like every file we write, through
    the formula-safe writer (:mod:`skiptrace.csvsafe`)."""
    path = Path(path)
    with private_open(path, "w", newline="") as handle:
        writer = csvsafe.writer(handle, delimiter=";")
        writer.writerow(["line", "reason"])
        writer.writerows([r.line, r.reason] for r in rejects)
    return path
