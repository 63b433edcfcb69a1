"""A portfolio seen whole: counts, totals, segments, cities and the worklist's head.

Built one row at a time (:meth:`PortfolioView.add`) while the appended CSV is written, so that
a portfolio of any size costs the counters, one small entry per city and the ``limit`` best
debtors of the worklist (a heap), never every profile at once. Cities are grouped by their
canonical key (``matching.cities``: Casa, CASABLANCA and Dar El Beida are one Casablanca).
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from matching.cities import city_display, normalize_city
from skiptrace.render.worklist import (
    Worth,
    best_contact,
    first_proposed,
    proposal_steps,
    rank_key,
    segment_of,
    worth,
)

WORKLIST_LIMIT = 500


@dataclass
class Tally:
    """Debtors, their debt and what is expected back, for one segment or city."""

    debtors: int = 0
    debt: float = 0.0
    recovery: float = 0.0


@dataclass(frozen=True)
class WorkItem:
    """One line of the worklist."""

    debtor_id: str
    name: str
    city: str
    segment: str
    debt: float | None
    recovery: float
    effort: float
    ratio: float
    first_step: str
    step_kind: str  # the first step's asset kind (a vehicle's plate reads left to right)
    proposed: bool
    phone: str
    report: str | None


@dataclass
class PortfolioView:
    """What the portfolio page shows; fill it with :meth:`add` and :meth:`reject`."""

    limit: int = WORKLIST_LIMIT
    rows: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    debt: float = 0.0
    seizable: dict[str, float] = field(default_factory=lambda: dict.fromkeys(
        ("low", "mid", "high"), 0.0))
    recovery: float = 0.0
    effort: float = 0.0
    segments: dict[str, Tally] = field(default_factory=dict)
    cities: dict[str, Tally] = field(default_factory=dict)
    city_names: dict[str, Counter[str]] = field(default_factory=dict)
    as_of: str = ""
    _heap: list[tuple[Any, int, WorkItem]] = field(default_factory=list)

    def reject(self) -> None:
        self.rows += 1
        self.statuses["rejected"] += 1

    def pending(self) -> None:
        self.rows += 1
        self.statuses["pending"] += 1

    def add(self, status: str, profile: dict[str, Any], report: str | None = None) -> None:
        """A checkpointed debtor (``status`` done, partial or failed) and its stored profile."""
        self.rows += 1
        self.statuses[status] += 1
        value = worth(profile)
        recoverability = profile.get("recoverability") or {}
        owed = float(recoverability.get("debt_amount") or 0.0)
        self.debt += owed
        for level in self.seizable:
            self.seizable[level] += float((recoverability.get("seizable") or {}).get(level) or 0)
        self.recovery += value.recovery
        self.effort += value.effort
        self.as_of = max(self.as_of, str(profile.get("generated_at") or ""))
        city = self._city(profile)
        for tally in (self.segments.setdefault(segment_of(profile), Tally()),
                      self.cities.setdefault(city, Tally())):
            tally.debtors += 1
            tally.debt += owed
            tally.recovery += value.recovery
        self._keep(profile, value, city, report)

    def _city(self, profile: dict[str, Any]) -> str:
        written = str((profile.get("debtor") or {}).get("city") or "").strip()
        key = normalize_city(written) or ""
        self.city_names.setdefault(key, Counter())[written] += 1
        return key

    def city_name(self, key: str) -> str:
        """The French name of a known city, else its most frequent spelling ("" unknown)."""
        if not key:
            return ""
        return city_display(key) or self.city_names[key].most_common(1)[0][0]

    def _keep(self, profile: dict[str, Any], value: Worth, city: str, report: str | None
              ) -> None:
        phone = best_contact(profile, "phone")
        item = WorkItem(
            debtor_id=str(profile.get("debtor_id", "")),
            name=str((profile.get("debtor") or {}).get("name") or ""),
            city=city, segment=segment_of(profile),
            debt=(profile.get("recoverability") or {}).get("debt_amount"),
            recovery=value.recovery, effort=value.effort, ratio=value.ratio,
            first_step=first_proposed(profile) or (value.steps[0].label if value.steps else ""),
            step_kind=_first_kind(profile, value), proposed=value.proposed, phone=str(phone["value"]) if phone else "", report=report,
        )
        key = rank_key(profile, value)
        entry = (_Reversed(key), len(self._heap), item)
        if len(self._heap) < self.limit:
            heapq.heappush(self._heap, entry)
        elif key < self._heap[0][0].key:
            heapq.heapreplace(self._heap, entry)

    @property
    def enriched(self) -> int:
        return sum(self.statuses[s] for s in ("done", "partial", "failed"))

    def worklist(self) -> list[WorkItem]:
        """The best ``limit`` debtors, best first."""
        return [item for _, _, item in sorted(self._heap, key=lambda e: e[0].key)]


def _first_kind(profile: dict[str, Any], value: Worth) -> str:
    steps = proposal_steps(profile)
    if steps:
        return str(steps[0].get("kind") or "")
    return value.steps[0].kind if value.steps and not value.proposed else ""


@dataclass(frozen=True)
class _Reversed:
    """A heap entry whose order is the worklist's, reversed: the heap's root is the worst kept."""

    key: tuple[Any, ...]

    def __lt__(self, other: _Reversed) -> bool:
        return self.key > other.key


__all__ = ["WORKLIST_LIMIT", "PortfolioView", "Tally", "WorkItem"]
