"""Comparisons of two Descriptions (people and companies as Moroccan sources write them): names,
birth dates and fathers here, identifiers in ``matching.id_comparisons``, city, address and phones
in ``matching.contact_comparisons``; ``domain_types`` names them all for the model's JSON.

Each comparison reads the cached ``Features`` of both sides and returns a level from its ladder;
the ladders follow the normalizers' own verdicts (``matching.names``, ``matching.addresses``...).
Identifier rules follow DOMAIN.md: a value flagged invalid is never strong evidence either way;
an RC number is unique only within its court.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from matching import domain
from matching.contact_comparisons import Address, City, Phones
from matching.dates import DateComparison
from matching.description import Features
from matching.feature_comparison import FeatureComparison, ladder_of
from matching.id_comparisons import IdentifierComparison
from matching.levels import Comparison, Pairs


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

    def __init__(self, name: str = "birth_date") -> None:
        super().__init__(name)

    def typo_positions(self, x: NDArray[np.int64], y: NDArray[np.int64]) -> NDArray[np.bool_]:
        decade: NDArray[np.bool_] = x // 100_000 == y // 100_000  # YYY of YYYYMMDD agree
        return decade

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
