"""Pending debtors in an order that puts namesakes side by side, in bounded memory.

Local matching's cost per debtor is mostly the normalisation of its candidates (their names,
addresses, identifiers: matching/description.py), and the candidates of a debtor are the records
that share its name words. Namesakes — ALAOUI Mohamed, ALAOUI Mohammed, ALAOUI Fatima — get the
same candidates, so a worker that meets them one after the other finds their candidates'
normal forms still in matching's LRU caches; in the portfolio's own order they are thousands of
debtors apart and every one of them pays again. The more debtors sorted together, the more
namesakes meet: up to the window, the cost per debtor *falls* as the portfolio grows
(docs/decisions/0027: 7-11 % less CPU per debtor at 8,192, the same profiles).

The order is only an order: every debtor is enriched once, with the same result (matching's
caches are pure), checkpointed one by one as before, and a resumed job reorders what is still
pending. Memory stays bounded: the debtors are sorted within windows of ``window`` pending
debtors (about 2.8 KB each: 8,192 hold ~23 MB), never the whole portfolio.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from matching import fold
from matching.companies import normalize_company_name
from skiptrace.model import Debtor

#: pending debtors sorted together (docs/decisions/0027): a namesake group of the 10^5
#: benchmark portfolio meets its members in 13 windows instead of scattered over 100,000 rows
ORDER_WINDOW = 8192


def locality_key(debtor: Debtor) -> tuple[str, str, str]:
    """Persons by family name then given name, companies by their name without the legal form
    ("STE ATLAS TRAVAUX SARL" beside "ATLAS TRAVAUX"): what local name searches are keyed on.
    The debtor id last, so that the order is total and every run gives the same one."""
    if debtor.kind == "company":
        return ("c" + normalize_company_name(debtor.name), "", debtor.debtor_id)
    family = fold(debtor.last_name or debtor.name)
    return ("p" + family, fold(debtor.first_name or ""), debtor.debtor_id)


def in_locality_order(debtors: Iterable[Debtor], window: int = ORDER_WINDOW) -> Iterator[Debtor]:
    """``debtors`` again, each once, namesakes together within each run of ``window`` of them;
    ``window`` <= 1 keeps the given order."""
    if window <= 1:
        yield from debtors
        return
    held: list[Debtor] = []
    for debtor in debtors:
        held.append(debtor)
        if len(held) >= window:
            yield from sorted(held, key=locality_key)
            held = []
    yield from sorted(held, key=locality_key)


__all__ = ["ORDER_WINDOW", "in_locality_order", "locality_key"]
