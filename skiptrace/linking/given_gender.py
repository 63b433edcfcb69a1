"""Whether a given name is a man's or a woman's, for the civility a notice writes (issue 13,
decision 0052).

A notice writes each person's civility ("M.", "Mme", "Mademoiselle"), and a partner named by an
initial ("Mme M. Lahlu : 9 parts") is otherwise alike to every namesake with that initial: on
development seed 80037 at 10^4, LAHLOU Muhammad's check went to "Mme M. Lahlu" at Casablanca
before "M. M. Lahlou", his, the two tied on score, court and initial. The sex of the debtor's
given name separates them.

The table (``skiptrace/data/given_name_gender.yml``, its sources in its header) holds frequent
Moroccan given names, one spelling each; a name is looked up by matching's canonical given-name
key (``canonical_given``: Muhammad, Mouhamed and Simo are Mohamed), so every spelling matching
knows of a name has its sex. A name the table does not hold, or holds on both sides, has none:
nothing is guessed from a name's ending (Mustapha, Hamza and Reda end like Malika).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

from matching.names import canonical_given, parse_person_name

#: a man's, a woman's
SEXES = ("M", "F")


@lru_cache(maxsize=1)
def table() -> dict[str, tuple[str, ...]]:
    """The names of each sex as the data file writes them."""
    text = resources.files("skiptrace").joinpath("data", "given_name_gender.yml").read_text(
        encoding="utf-8")
    data = yaml.safe_load(text)
    return {"M": tuple(data["male"]), "F": tuple(data["female"])}


@lru_cache(maxsize=1)
def _by_key() -> dict[str, str]:
    keys: dict[str, set[str]] = {}
    for sex, names in table().items():
        for name in names:
            keys.setdefault(canonical_given(name), set()).add(sex)
    return {key: next(iter(sexes)) for key, sexes in keys.items() if len(sexes) == 1 and key}


@lru_cache(maxsize=4096)
def gender_of(given: str) -> str | None:
    """"M" or "F" for a given name the table holds on one side, by any spelling matching
    gives the same key; None otherwise."""
    key = canonical_given(given) if given.strip() else ""
    return _by_key().get(key) if key else None


def person_gender(name: str, family: str | None) -> str | None:
    """The sex of a person's given names in ``name`` (the words not of the ``family`` name),
    when every one the table knows says the same; None when none is known or they disagree."""
    family_tokens = set(parse_person_name(family).tokens) if family else set()
    found = {sex for token in parse_person_name(name).tokens if token not in family_tokens
             if (sex := gender_of(token)) is not None}
    return next(iter(found)) if len(found) == 1 else None
