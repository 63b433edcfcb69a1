"""Comparisons of two Descriptions (people and companies as Moroccan sources write them): names,
birth dates and fathers here, identifiers in ``matching.id_comparisons``, city, address and phones
in ``matching.contact_comparisons``; ``domain_types`` names them all for the model's JSON.

Each comparison reads the cached ``Features`` of both sides and returns a level from its ladder;
the ladders follow the normalizers' own verdicts (``matching.names``, ``matching.addresses``...).
Identifier rules follow DOMAIN.md: a value flagged invalid is never strong evidence either way;
an RC number is unique only within its court.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from matching import domain
from matching.columns import raw_column
from matching.contact_comparisons import Address, City, Phones
from matching.dates import DateComparison, DateKeys, date_key
from matching.description import Features
from matching.feature_comparison import FeatureComparison, ladder_of
from matching.id_comparisons import IdentifierComparison
from matching.levels import Comparison, LevelDef, Levels, Pairs


class PersonName(FeatureComparison):
    """Full names of people, levels from ``matching.names.compare_person_names``."""

    type_name = "person_name"
    LADDER = (
        ("exact", "the names are the same after folding case, accents and order"),
        ("variant", "the names are known spellings of the same names"),
        ("nickname", "a given name is written by its nickname or short form (DOMAIN §7.2b)"),
        ("skeleton", "the names share their consonant skeleton (transliteration or Arabic script)"),
        ("fuzzy_high", "the names are very close (one or two typing errors)"),
        ("initial", "a given name is written by its initial on one side"),
        ("extra_given", "one side has one more given name, the others agree (brothers too)"),
        ("weak_variant", "the given names are related but distinct names (e.g. M'hamed and Mohamed)"),
        ("fuzzy_low", "the names are somewhat alike"),
        ("surname_only", "only the surnames agree"),
        ("different", "the names differ"),
    )

    def __init__(self, name: str = "name") -> None:
        super().__init__(name, ladder_of(self.LADDER, tf=("exact", "variant")))

    def level(self, a: Features, b: Features) -> int:
        if not a.name or not b.name or a.kind != "person" or b.kind != "person":
            return 0
        label, _ = domain.compare_persons(a.name, b.name)
        return self.index.get(label, self.index["different"])

    def tf_keys(self, prepared: list[Features], index: Pairs) -> dict[str, list[str | None]]:
        rows = [prepared[k] for k in index.tolist()]
        return {"given": [f.given for f in rows], "surname": [f.surname for f in rows]}


class CompanyName(FeatureComparison):
    """Company denominations, legal forms and stop-words aside (``matching.companies``); also a
    company against a person-kind name (a business listing, "Ets Alaoui" for a self-employed)."""

    type_name = "company_name"
    LADDER = (
        ("exact", "the denominations are the same once legal forms and punctuation are set aside"),
        ("variant", "the denominations are the same once spaces are ignored"),
        ("skeleton", "the denominations share their consonant skeleton (transliteration or Arabic script)"),
        ("fuzzy_high", "the denominations are very close"),
        ("partial", "one denomination's distinctive words are all in the other"),
        ("sigle", "one denomination is a sigle of the other's words (ARTR: ARgana TRavaux)"),
        ("fuzzy_low", "the denominations are somewhat alike"),
        ("different", "the denominations differ"),
    )

    def __init__(self, name: str = "company") -> None:
        super().__init__(name, ladder_of(self.LADDER))

    def level(self, a: Features, b: Features) -> int:
        if not a.name or not b.name or "company" not in (a.kind, b.kind):
            return 0
        label, _ = domain.compare_companies(a.name, b.name)
        return self.index.get(label, 0)  # "unknown": nothing left to compare

    def display(self, prepared: list[Features], index: int) -> str | None:
        return prepared[index].name


class BirthDate(DateComparison):
    """Birth dates: exact, one typo or day/month swapped, same year and month, same year, else.

    A typo is one digit of the day, the month or the LAST digit of the year: the same day and
    month ten or twenty years apart (1975 / 1985) is a father and son or two namesakes, the very
    case a birth date must separate (issue 14), not a slip of one key."""

    type_name = "birth_date"
    YEAR_ONLY, DIFFERENT = 5, 6  # level numbers (1-based; 0 is null)

    def __init__(self, name: str = "birth_date") -> None:
        super().__init__(name)
        # issue 14: a year given alone (older civil-status records, CNSS files) could not be
        # compared at all; it gets a level of its own, above "different"
        self.levels = (*self.levels[:4],
                       LevelDef("year_only", f"one {name} gives the year only, and it agrees"),
                       self.levels[4])

    def prepare(self, rows: Sequence[Any]) -> DateKeys:
        keys = np.empty(len(rows), dtype=object)
        keys[:] = [birth_key(v) if v is not None and v == v else None
                   for v in raw_column(rows, self.name)]
        ints = np.array([int(k) if k else -1 for k in keys], dtype=np.int64)
        return keys, ints

    def compare(self, left: DateKeys, right: DateKeys, i: Pairs, j: Pairs) -> Levels:
        base = super().compare(left, right, i, j)
        levels: Levels = np.where(base == self.YEAR_ONLY, self.DIFFERENT, base).astype(np.int8)
        x, y = left[1][i], right[1][j]
        partial = (x >= 0) & (y >= 0) & ((x % 10_000 == 0) | (y % 10_000 == 0))
        same_year = x // 10_000 == y // 10_000
        levels[partial & same_year] = self.YEAR_ONLY
        levels[partial & ~same_year] = self.DIFFERENT
        return levels

    def typo_positions(self, x: NDArray[np.int64], y: NDArray[np.int64]) -> NDArray[np.bool_]:
        decade: NDArray[np.bool_] = x // 100_000 == y // 100_000  # YYY of YYYYMMDD agree
        return decade


def birth_key(value: Any) -> str | None:
    """A birth date as YYYYMMDD, or a year given alone as YYYY0000 (month and day unknown)."""
    key = date_key(value)
    if key is not None:
        return key
    digits = "".join(ch for ch in str(value) if ch.isdigit())
    return f"{digits}0000" if len(digits) == 4 and 1900 <= int(digits) <= 2030 else None

    def options(self) -> dict[str, Any]:
        return {}


class FatherName(FeatureComparison):
    """Fathers' names (land and civil records: "X fils de Y"): context that separates namesakes."""

    type_name = "father_name"
    LADDER = (
        ("same", "the fathers' names are the same or known spellings of it"),
        ("close", "the fathers' names are close or related names"),
        ("different", "the fathers' names differ"),
    )
    VERDICT = {"exact": "same", "variant": "same", "skeleton": "close", "fuzzy_high": "close",
               "weak_variant": "close", "nickname": "same", "initial": "close",
               "extra_given": "close"}

    def __init__(self, name: str = "father") -> None:
        super().__init__(name, ladder_of(self.LADDER))

    def level(self, a: Features, b: Features) -> int:
        if not a.father or not b.father:
            return 0
        label, _ = domain.compare_persons(a.father, b.father)
        return self.index[self.VERDICT.get(label, "different")]


def domain_types() -> dict[str, type[Comparison]]:
    """Every Description comparison by its JSON type name."""
    classes: tuple[type[Comparison], ...] = (
        PersonName, CompanyName, BirthDate, FatherName, IdentifierComparison, City, Address, Phones,
    )
    return {cls.type_name: cls for cls in classes}
