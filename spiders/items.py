"""What spiders yield: a record in the shared vocabulary with its provenance, or the end of a
(debtor, source) task with its status.

Items are dataclasses (Scrapy's template style); ``RecordItem.to_record`` turns one into the
domain ``Record`` once the provenance pipeline has stamped it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from skiptrace.model import Provenance, Record, SourceStatus


@dataclass
class RecordItem:
    """One record found by a spider, for one debtor query (``debtor_id`` None in a harvest)."""

    source: str
    kind: str
    record_id: str | None
    url: str
    fields: dict[str, Any]
    debtor_id: str | None = None
    partial: bool = False
    warnings: list[str] = field(default_factory=list)
    retrieved_at: datetime | None = None

    def warn(self, message: str) -> None:
        """Mark the record partial and say why; the record is still emitted."""
        self.partial = True
        if message not in self.warnings:
            self.warnings.append(message)

    def to_record(self) -> Record:
        if self.retrieved_at is None or self.record_id is None:
            raise ValueError("item not stamped: run ProvenancePipeline first")
        provenance = Provenance(
            source=self.source,
            record_id=self.record_id,
            retrieved_at=self.retrieved_at,
            url=self.url,
        )
        return Record(
            kind=self.kind,  # type: ignore[arg-type]
            fields=self.fields,
            provenance=provenance,
            partial=self.partial,
            warnings=tuple(self.warnings),
        )


@dataclass
class StatusItem:
    """The end of one (debtor, source) task: always emitted after that task's records."""

    source: str
    debtor_id: str | None
    status: SourceStatus
