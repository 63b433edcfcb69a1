"""What the caller tells matching about a person or a company, and its normalized form, cached.

A ``Description`` is plain data (any script, any format). Its ``features`` are computed once per
Description object by the domain normalizers (names, identifiers, phones, cities) and reused for
every pair it takes part in: scoring a debtor against a thousand candidates normalizes the debtor
once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Literal

from matching import domain as norm
from matching.addresses import address_with_city
from matching.blocking import Blocking
from matching.dates import date_key
from matching.domain import Identifier
from matching.names import parse_person_name


@dataclass(frozen=True, eq=True)
class Description:
    """A person or a company as one source (or the portfolio) describes it."""

    kind: Literal["person", "company"] = "person"
    name: str = ""
    first_name: str | None = None
    last_name: str | None = None
    birth_date: date | None = None
    father_name: str | None = None
    cin: str | None = None
    ice: str | None = None
    rc: str | None = None
    tribunal: str | None = None
    if_number: str | None = None
    invalid: frozenset[str] = frozenset()  # identifier schemes known to be invalid
    city: str | None = None
    address: str | None = None
    phones: tuple[str, ...] = ()
    legal_form: str | None = None

    @property
    def features(self) -> Features:
        """The normalized form, computed once per distinct description and shared; kept on the
        object too, since every comparison of a model asks for it."""
        try:
            memo: Features = self.__dict__["_features"]
            return memo
        except KeyError:
            found = _features(self)
            object.__setattr__(self, "_features", found)  # a memo, not a field: eq/hash ignore it
            return found


@dataclass(frozen=True)
class Features:
    """Normalized fields of a Description, as comparisons and blocking keys use them."""

    kind: str
    name: str | None  # the full name as one string ("LAST First" when given in parts)
    given: str | None  # canonical given name, for term frequencies
    surname: str | None  # canonical surname, for term frequencies
    birth: str | None  # YYYYMMDD
    father: str | None
    ids: dict[str, Identifier]
    city: str | None
    address: str | None
    phones: frozenset[str]

    @property
    def name_keys(self) -> tuple[str, ...]:
        """The name's blocking keys, computed on first use and kept on the object. Only
        blocking reads them: scoring a debtor against the parties its searches found never
        does, and at 10^5 nine in ten of those parties are met once, so computing the keys
        with the rest of the form cost a tenth of a batch worker's CPU for nothing (issue 17)."""
        try:
            memo: tuple[str, ...] = self.__dict__["_name_keys"]
            return memo
        except KeyError:
            keys = norm.name_keys(self.name, self.kind) if self.name else ()
            object.__setattr__(self, "_name_keys", keys)  # a memo, not a field: eq ignores it
            return keys

    @classmethod
    def of(cls, d: Description) -> Features:
        name = d.name.strip() or " ".join(p for p in (d.last_name, d.first_name) if p)
        kind = norm.effective_kind(name, d.kind)
        given, surname = norm.name_parts(name, kind, d.first_name, d.last_name)
        return cls(
            kind=kind,
            name=name or None,
            given=given,
            surname=surname,
            birth=date_key(d.birth_date),
            father=(d.father_name or "").strip() or _written_father(name, kind),
            ids=norm.identifiers({"cin": d.cin, "ice": d.ice, "rc": d.rc, "if": d.if_number},
                                 d.tribunal, d.invalid),
            city=norm.city(d.city) if d.city else None,
            address=address_with_city(d.address.strip(), d.city) if d.address and d.address.strip()
            else None,
            phones=norm.phones(d.phones),
        )


def _written_father(name: str, kind: str) -> str | None:
    """The father a person's name itself names ("OUAHBI Hanane fille de Omar", "… ben Ahmed"): a
    registry writes kinship into the name where it has no father field, and that father is as
    much evidence as the field (a same-name relative differs by it)."""
    if kind != "person" or not name:
        return None
    return parse_person_name(name).father or None


def _id_keys(d: Description) -> list[str]:
    f = d.features
    keys = [f"{s}:{i.value}" for s, i in f.ids.items() if i.valid and s != "rc"]
    rc = f.ids.get("rc")
    if rc and rc.valid:
        keys.append(f"rc:{rc.value}")  # the tribunal is checked by the comparison, not the key
    return keys


def _name_city(d: Description) -> list[str]:
    f = d.features
    return [f"{k}|{f.city}" for k in f.name_keys] if f.city else []


def _name_birth(d: Description) -> list[str]:
    f = d.features
    return [f"{k}|{f.birth[:4]}" for k in f.name_keys] if f.birth else []


def _surname_birth(d: Description) -> str | None:
    f = d.features
    return f"{f.birth}|{f.surname[0]}" if f.birth and f.surname else None


def _phones(d: Description) -> list[str]:
    return sorted(d.features.phones)


def _name(d: Description) -> list[str]:
    return list(d.features.name_keys)


DESCRIPTION_BLOCKING = Blocking(
    [_id_keys, _name_city, _name_birth, _surname_birth, _phones, _name], max_block=20_000
)
"""Blocking for Descriptions: identifiers, name keys with city or birth year, birth date with the
surname initial, phones, and the bare name keys (dropped for names so common that their block is oversized)."""


def describe(value: Any) -> Description:
    """A Description from a Description or a mapping of its fields (for tables of dicts)."""
    if isinstance(value, Description):
        return value
    fields = {k: v for k, v in dict(value).items() if k in Description.__dataclass_fields__}
    if isinstance(fields.get("birth_date"), str):
        fields["birth_date"] = date.fromisoformat(fields["birth_date"])
    if "phones" in fields:
        fields["phones"] = tuple(fields["phones"] or ())
    if "invalid" in fields:
        fields["invalid"] = frozenset(fields["invalid"] or ())
    return Description(**fields)


@lru_cache(maxsize=1 << 14)
def _features(description: Description) -> Features:
    """One normalization per distinct description, shared across objects and threads.

    Not functools.cached_property: on Python 3.11 it takes one lock for the whole class, so
    threads scoring different debtors queue behind each other; an LRU keyed by the (frozen,
    hashable) description also reuses work when the same party appears for many debtors.
    """
    return Features.of(description)
