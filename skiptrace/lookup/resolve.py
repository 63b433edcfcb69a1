"""Which stored debtor a lookup's typed options designate, before anything is looked up.

An investigator who types ``--name … --city …`` or ``--cin …`` for someone the agency already
holds means that file: its id, its identifiers, its debt. So a lookup asks the store first —
identifiers (CIN, ICE, RC within its court), then name and city scored by the matcher, the same
one that links records — and reuses the one debtor that answers. Several answers are never
settled silently: the caller lists them and stops (docs/cli.md, "Lookups find the stored
debtor first").
"""

from __future__ import annotations

from dataclasses import dataclass

from matching import score
from skiptrace.i18n import _
from skiptrace.intake.identifiers import court_key
from skiptrace.linking.scoring import debtor_description
from skiptrace.model import Debtor
from skiptrace.store import Store

LOOKUP_PREFIX = "lookup-"  # ids of debtors an earlier lookup made from typed options
NAME_THRESHOLD = 0.5  # the matcher's link threshold: "probably the same person"
NAME_CANDIDATES = 50  # full-text candidates scored for a name
_SCHEMES = (("cin", "CIN"), ("ice", "ICE"), ("rc", "RC"))


@dataclass(frozen=True)
class Candidate:
    """A stored debtor the typed options designate, and why (French, for the investigator)."""

    debtor: Debtor
    why: str

    def line(self) -> str:
        """One row of the list printed when several debtors answer: id, name, city, why."""
        d = self.debtor
        name, city = d.name or _("(no name)"), d.city or _("(city unknown)")
        return f"  {d.debtor_id}  {name}  {city}  ({self.why})"


def by_identifier(store: Store, typed: Debtor) -> list[Candidate]:
    """Stored debtors sharing a valid CIN, ICE, or RC within the same court with ``typed``."""
    found: dict[str, Candidate] = {}
    for scheme, label in _SCHEMES:
        ident = typed.identifier(scheme)
        if ident is None:
            continue
        for debtor in store.debtors_with_identifier(scheme, ident.value):
            theirs = debtor.identifier(scheme)
            if scheme == "rc" and (theirs is None
                                   or court_key(theirs.tribunal) != court_key(ident.tribunal)):
                continue
            found.setdefault(debtor.debtor_id, Candidate(
                debtor, _("same {identifier}").format(identifier=label)))
    return list(found.values())


def by_name(store: Store, typed: Debtor) -> list[Candidate]:
    """Stored debtors the matcher judges the same as ``typed`` (name, city and whatever else was
    typed), at the link threshold or above, best first."""
    if not typed.name.strip():
        return []
    mine = debtor_description(typed)
    scored = []
    for debtor in store.search_debtors(typed.name, limit=NAME_CANDIDATES):
        probability = score(mine, debtor_description(debtor)).probability
        if probability >= NAME_THRESHOLD:
            scored.append((probability, debtor))
    scored.sort(key=lambda pair: -pair[0])
    return [Candidate(d, (_("name and city agree, probability {p}") if typed.city else
                          _("name agrees, probability {p}")).format(p=f"{p:.2f}"))
            for p, d in scored]


def _prefer_portfolio(candidates: list[Candidate]) -> list[Candidate]:
    """A portfolio debtor outranks the ``lookup-…`` copies earlier lookups made of them."""
    portfolio = [c for c in candidates if not c.debtor.debtor_id.startswith(LOOKUP_PREFIX)]
    return portfolio or candidates


def resolve(store: Store, typed: Debtor) -> list[Candidate]:
    """The stored debtors ``typed`` designates: by identifier when any answers, else by name.
    Empty: a new debtor; one: reuse it; several: ambiguous, the caller must not choose."""
    return _prefer_portfolio(by_identifier(store, typed) or by_name(store, typed))


__all__ = ["Candidate", "by_identifier", "by_name", "resolve"]
