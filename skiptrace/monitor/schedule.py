"""When a watched debtor is due, and how many due debtors one pass may take.

A schedule is a period in days: ``daily`` (1), ``weekly`` (7), ``monthly`` (30, the default),
``quarterly`` (91), or ``<N>d``. "Due" is two conditions (issue 20): the entry's time has come
(store/watch.py ``due``) and the sources' rate limits leave room. Each remote source (``api`` and
``web``) may spend at most ``share`` of what its ``rate_limit`` allows over the pass's
``window``; a debtor costs, per source, the requests its last profile says that source took
(``sources[].requests``), or :data:`UNKNOWN_COST` when it has none yet. Due entries are taken
longest overdue first while every source's total stays within its budget; the rest stay due
and go first next time. The first one is always taken, so that no debtor waits for ever behind
a budget smaller than its own cost.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

SCHEDULES = {"daily": 1, "weekly": 7, "monthly": 30, "quarterly": 91}
DEFAULT_SCHEDULE = "monthly"
UNKNOWN_COST = 10  # requests per remote source for a debtor never profiled (measured ~2-5)
MAX_DAYS = 3660
_DAYS = re.compile(r"^([1-9][0-9]{0,3})d$")
T = TypeVar("T")


def period_days(schedule: str) -> int:
    """``monthly`` -> 30, ``14d`` -> 14; ValueError naming the accepted forms otherwise."""
    text = schedule.strip().lower()
    if text in SCHEDULES:
        return SCHEDULES[text]
    match = _DAYS.match(text)
    if match and int(match.group(1)) <= MAX_DAYS:
        return int(match.group(1))
    raise ValueError(f"a schedule is one of {', '.join(SCHEDULES)} or a number of days such as "
                     f"14d (at most {MAX_DAYS}d)")


@dataclass
class Budget:
    """Requests each remote source may still receive in this pass."""

    left: dict[str, float]
    spent: dict[str, float] = field(default_factory=dict)

    @classmethod
    def of(cls, rate_limits: Mapping[str, float], window_seconds: float,
           share: float) -> Budget:
        return cls({name: rate * window_seconds * share for name, rate in rate_limits.items()})

    def fits(self, cost: Mapping[str, int]) -> bool:
        return all(cost.get(name, 0) <= left for name, left in self.left.items())

    def take(self, cost: Mapping[str, int]) -> None:
        for name in self.left:
            spend = cost.get(name, 0)
            self.left[name] -= spend
            self.spent[name] = self.spent.get(name, 0) + spend


def costs_from_profile(profile: dict[str, object] | None,
                       sources: Sequence[str]) -> dict[str, int]:
    """Requests per source a debtor's last profile took (UNKNOWN_COST for a source it lacks)."""
    cost = dict.fromkeys(sources, UNKNOWN_COST)
    listed = profile.get("sources") if profile else None
    for status in listed if isinstance(listed, list) else []:
        if isinstance(status, dict) and status.get("source") in cost:
            requests = status.get("requests")
            if isinstance(requests, int) and requests >= 0:
                cost[str(status["source"])] = requests
    return cost


def select(due: Sequence[T], cost_of: Callable[[T], Mapping[str, int]], budget: Budget,
           limit: int | None = None) -> tuple[list[T], list[T]]:
    """The due items this pass takes (in order, within the budget and ``limit``) and those
    left for the next."""
    taken: list[T] = []
    left: list[T] = []
    for item in due:
        if limit is not None and len(taken) >= limit:
            left.append(item)
            continue
        cost = cost_of(item)
        if taken and not budget.fits(cost):
            left.append(item)
            continue
        budget.take(cost)
        taken.append(item)
    return taken, left


__all__ = ["DEFAULT_SCHEDULE", "SCHEDULES", "UNKNOWN_COST", "Budget", "costs_from_profile",
           "period_days", "select"]
