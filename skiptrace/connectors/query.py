"""What connectors are asked: the searchable facts of one debtor, and nothing else.

A connector never sees the whole Debtor (debt amount, portfolio ids): only names, identifiers,
city, addresses and phones. Its ``repr`` masks identifiers so a query can be logged safely.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain, zip_longest

from matching import name_lexicon
from matching.names import parse_person_name
from matching.refdata import load as load_matching_table
from matching.text import fold

from ..intake.names import split_full_name
from ..intake.refdata import _kinds, fold_words  # the intake owns the legal-form list
from ..model import Debtor, DebtorKind, mask

MAX_NAME_VARIANTS = 4  # spelling variants / nicknames of a person's given names per debtor


@dataclass(frozen=True)
class DebtorQuery:
    """The searchable part of a debtor, identifiers only when they parsed as valid."""

    debtor_id: str
    kind: DebtorKind
    names: tuple[str, ...]
    last_name: str | None = None
    cin: str | None = None
    ice: str | None = None
    rc: str | None = None
    tribunal: str | None = None
    city: str | None = None
    addresses: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    #: a person's names with a given name spelled otherwise: ("SURNAME Given", "Written →
    #: Given") pairs, commonest spelling first, at most MAX_NAME_VARIANTS (``name_variants``)
    name_variants: tuple[tuple[str, str], ...] = ()
    #: a pivot query (issue 13): its round (1, 2…; 0 for the debtor's own query) and, per key,
    #: what made the key known ("notice LN-… gave the CIN"), shown beside each search's reason
    pivot: int = 0
    because: tuple[tuple[str, str], ...] = ()
    #: the sources this query is for (empty: every source); a verification asks the register only
    sources: tuple[str, ...] = ()
    #: a company looked up by the name a record printed (a notice's company checked, a
    #: business listed at the debtor's number, a company a closed debtor's manager set up):
    #: a register list holding entries under that very name follows those only, not every
    #: denomination that contains its words (session 25)
    exact_name: bool = False

    @classmethod
    def from_debtor(cls, debtor: Debtor) -> DebtorQuery:
        rc = debtor.identifier("rc")
        return cls(
            debtor_id=debtor.debtor_id,
            kind=debtor.kind,
            names=_names(debtor),
            last_name=_family_name(debtor),
            cin=_value(debtor, "cin"),
            ice=_value(debtor, "ice"),
            rc=rc.value if rc else None,
            tribunal=rc.tribunal if rc else None,
            city=debtor.city,
            addresses=tuple(a for a in debtor.addresses if a.strip()),
            phones=debtor.phones,
            name_variants=(name_variants(debtor.name, debtor.last_name)
                           if debtor.kind == "person" else ()),
        )

    @property
    def name(self) -> str:
        """The main name (first of ``names``), or empty."""
        return self.names[0] if self.names else ""

    def search_names(self) -> tuple[str, ...]:
        """Names as a registry's token search wants them: companies without their legal form
        ("Sté AMJAD TEXTILE SARLAU" → "amjad textile"), since every token must match."""
        if self.kind == "person":
            return self.names
        return tuple(dict.fromkeys(bare_company_name(n) for n in self.names))

    def identifiers(self) -> tuple[str, ...]:
        """The identifier values to look up in a store, strongest first."""
        return tuple(v for v in (self.cin, self.ice, self.rc) if v)

    def __repr__(self) -> str:
        names = ", ".join(_mask_name(n) for n in self.names)
        return (
            f"DebtorQuery({self.debtor_id}, {self.kind}, names=[{names}], cin={mask(self.cin)!r}, "
            f"ice={mask(self.ice)!r}, rc={mask(self.rc)!r}, city={self.city!r}, "
            f"addresses={len(self.addresses)}, phones={len(self.phones)})"
        )


def name_variants(name: str, last_name: str | None = None,
                  limit: int = MAX_NAME_VARIANTS) -> tuple[tuple[str, str], ...]:
    """Names that survive spelling (issue 12 step 3): the surname as written with one given
    name in each other spelling of its variant group, then each of its nicknames, from
    matching's own table (matching/data/given_names.yml, in the table's order: the commonest
    first), each with what it replaces. Several given names take turns; Arabic spellings are
    left out (the online sources write Latin); at most ``limit``, deterministic.

    "EL ALAOUI Mohammed" → (("EL ALAOUI Mohamed", "Mohammed → Mohamed"), ("EL ALAOUI Mohamad",
    "Mohammed → Mohamad"), …)."""
    parsed = parse_person_name(name)
    if not parsed.given:
        return ()
    given = set(parsed.given)
    words = name.split()
    pairs = {" ".join(words[i:i + 2]) for i in range(len(words) - 1)
             if _folded("".join(words[i:i + 2])) in given}  # "Fatima Zahra" → fatimazahra
    in_pair = {w for p in pairs for w in p.split()}
    written_given = [*sorted(pairs), *(w for w in words if _folded(w) in given)]
    split = bool(last_name) and fold(last_name or "") != fold(name)  # else: one-field name
    family = " ".join((last_name or "").split()) if split else " ".join(
        w for w in words
        if _folded(w) not in given and w not in in_pair and fold(w) not in parsed.honorifics)
    if not family or not written_given:
        return ()
    per_given = [[(f"{family} {_title(v)}", f"{w} → {_title(v)}")
                  for v in _spellings(_folded(w)) if v != _as_written(w)]
                 for w in dict.fromkeys(written_given)]
    found: list[tuple[str, str]] = []
    for pair in chain.from_iterable(zip_longest(*per_given)):
        if pair is not None and pair[0].casefold() not in (f.casefold() for f, _ in found):
            found.append(pair)
    return tuple(found[:max(0, limit)])


def _title(spelling: str) -> str:
    return " ".join(part.capitalize() for part in spelling.split())


def _as_written(word: str) -> str:
    """Folded, words kept apart: "Fatima-Zahra" → "fatima zahra" (another spelling than
    "fatimazahra" for a token search)."""
    return " ".join(fold(word).replace("-", " ").replace("'", "").split())


def _folded(word: str) -> str:
    return fold(word).replace("-", "").replace("'", "").replace(" ", "")


def _spellings(given: str) -> list[str]:
    """Every Latin spelling of ``given``'s variant group (a compound also written apart,
    "Fatima Zahra"), then the nicknames of that group."""
    key, _ = name_lexicon.given_key(given)
    table = load_matching_table("given_names")
    group = [key, *table["groups"].get(key, [])] if key in table["groups"] else [given]
    parts = name_lexicon.compound_parts().get(key)
    apart = [" ".join(parts)] if parts else []
    nicks = [n for n, target in sorted(name_lexicon.nicknames().items()) if target == key]
    return [s for s in dict.fromkeys([*apart, *group, *nicks])
            if s.isascii() and s.replace(" ", "").isalpha()]


def _value(debtor: Debtor, scheme: str) -> str | None:
    ident = debtor.identifier(scheme)
    return ident.value if ident else None


def _family_name(debtor: Debtor) -> str | None:
    """The family name the surname searches ask: ``last_name``, or its family part when the
    portfolio put a person's whole name in the family-name column and none in the given-name
    one ("Essaidi" for "Brahim Essaidi"; intake splits only a name given in a field of its
    own). Without it no source searches the surname: the whole name is asked twice."""
    last = debtor.last_name
    if debtor.kind != "person" or not last or debtor.first_name:
        return last
    parts = split_full_name(last)
    return parts[0] if parts else last


def _names(debtor: Debtor) -> tuple[str, ...]:
    """The full name, then "last first" when the portfolio split it, without repeats."""
    candidates = [debtor.name]
    if debtor.last_name and debtor.first_name:
        candidates.append(f"{debtor.last_name} {debtor.first_name}")
    seen: list[str] = []
    for name in candidates:
        clean = " ".join(name.split())
        if clean and clean.casefold() not in (s.casefold() for s in seen):
            seen.append(clean)
    return tuple(seen)


def bare_company_name(name: str) -> str:
    """A denomination without legal-form words (the intake's company markers)."""
    padded = f" {fold_words(name)} "
    for marker in sorted(_kinds()["company_markers"], key=len, reverse=True):
        padded = padded.replace(f" {marker} ", " ")
    return " ".join(padded.split()) or fold_words(name)


def _mask_name(name: str) -> str:
    return " ".join(mask(part, 1) for part in name.split())
