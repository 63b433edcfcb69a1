"""How sure we are of a fact (docs/decisions/0002-confidence-fusion.md).

Per evidence: match probability × reliability of the source for that kind of fact × age decay.
Across evidence: the records of one source count once (their best), independent sources combine
by noisy-OR, and candidates for a single-valued fact (the current address) from other sources
lower each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from skiptrace.model import Match
from skiptrace.profile.params import ProfileParams

DATE_FIELDS = ("published", "observed", "updated", "date")


@dataclass(frozen=True)
class Evidence:
    """One record's support for one fact, with the numbers that weigh it."""

    match: Match
    fact_kind: str
    reliability: float
    observed_at: datetime
    age_days: float
    decay: float

    @property
    def weight(self) -> float:
        return self.match.probability * self.reliability * self.decay

    @property
    def source(self) -> str:
        return self.match.record.source

    def to_dict(self) -> dict[str, Any]:
        record, party = self.match.record, self.match.party
        prov = record.provenance
        return {
            "record_key": record.key,
            "source": prov.source,
            "record_id": prov.record_id,
            "kind": record.kind,
            "role": party.role if party else None,
            "url": prov.url,
            "file": prov.file,
            "row": prov.row,
            "retrieved_at": _iso(prov.retrieved_at),
            "observed_at": _iso(self.observed_at),
            "probability": round(self.match.probability, 6),
            "reliability": round(self.reliability, 6),
            "age_days": round(self.age_days, 1),
            "decay": round(self.decay, 6),
            "weight": round(self.weight, 6),
            "explanation": [
                {"field": e.field, "level": e.level, "weight": round(e.weight, 4), "sentence": e.sentence}
                for e in self.match.explanation
            ],
        }


def evidence_order(item: dict[str, Any]) -> tuple[Any, ...]:
    """Sort key of evidence dicts: by record, then every provenance field, so that the same
    record found twice (two queries, two URLs) lists the same way whatever the arrival order."""
    return (item["record_key"], item["kind"], item["url"] or "", item["file"] or "", item["row"] or -1,
            item["retrieved_at"], item["probability"], item["role"] or "")


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _iso(moment: datetime) -> str:
    return _aware(moment).astimezone(UTC).isoformat()


def observed_at(match: Match) -> datetime:
    """When the fact was last seen true: a date the record states, else when it was retrieved."""
    for key in DATE_FIELDS:
        value = match.record.fields.get(key)
        if isinstance(value, date | str) and value:
            try:
                day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
            except ValueError:
                continue
            if isinstance(day, datetime):
                return _aware(day)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
    return _aware(match.record.provenance.retrieved_at)


def evidence(match: Match, fact_kind: str, as_of: datetime, params: ProfileParams) -> Evidence:
    """Weigh one match as evidence of a fact of ``fact_kind``."""
    seen = observed_at(match)
    age = max(0.0, (_aware(as_of) - seen).total_seconds() / 86400)
    decay = 0.5 ** (age / params.half_life(fact_kind))
    return Evidence(match, fact_kind, params.reliability_of(match.record.source, fact_kind), seen, age, decay)


def per_source(evidences: list[Evidence]) -> dict[str, float]:
    """The best weight of each source: records of one source are not independent."""
    best: dict[str, float] = {}
    for item in evidences:
        best[item.source] = max(best.get(item.source, 0.0), item.weight)
    return best


def fuse(evidences: list[Evidence]) -> float:
    """Noisy-OR across independent sources: 1 − Π(1 − best weight of each source)."""
    remaining = 1.0
    for weight in per_source(evidences).values():
        remaining *= 1.0 - min(1.0, max(0.0, weight))
    return 1.0 - remaining


def contradict(candidates: dict[str, list[Evidence]], strength: float,
               compatible: Callable[[str, str], bool] | None = None) -> dict[str, tuple[float, float]]:
    """Fused confidence of each candidate value of a single-valued fact, after contradiction.

    A candidate is lowered by the strongest rival backed by a source it does not share:
    c' = c × (1 − strength × c_rival). ``compatible(a, b)``: two values that do not contradict
    each other (the same street written with and without its number) are no rivals. Returns
    key → (confidence before, after).
    """
    fused = {key: fuse(items) for key, items in candidates.items()}
    sources = {key: set(per_source(items)) for key, items in candidates.items()}
    result: dict[str, tuple[float, float]] = {}
    for key, conf in fused.items():
        rivals = [fused[k] for k in fused if k != key and sources[k] - sources[key]
                  and not (compatible is not None and compatible(key, k))]
        rival = max(rivals, default=0.0)
        result[key] = (conf, conf * (1.0 - strength * rival))
    return result
