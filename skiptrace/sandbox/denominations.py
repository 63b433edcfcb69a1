"""Company names as the register grants them: one company per denomination.

OMPIC's certificat négatif certifies that a denomination is free before a company may take it
(DOMAIN.md §4), so no two companies of a world share a name: founders whose first choice is taken
pick another or add a word. Before this module the generator drew names from 45 brands and 24
activity words with no such rule, and a 10^5-debtor world held hundreds of exact namesakes per
name, which no real register has (docs/decisions/0008-unique-denominations.md).

A world is generated in independent lanes (generate.py), so uniqueness across lanes cannot ask a
shared table. Instead every name belongs to exactly one lane, by a stable hash of its folded form:
a lane takes only names it owns and never one it took before, hence no two lanes ever take the
same name and no lane takes one twice, whatever the scheduling.
"""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from collections.abc import Callable

DRAWS = 40  # fresh draws before a taken name is kept with a word added ((15/16)^40 ≈ 7 %)
PAIRS_ADDED = 200  # two-word additions tried after every single word, before a number
_NOT_WORD = re.compile(r"[\W_]+")


def folded(name: str) -> str:
    """The form two denominations are the same name in: upper case, no accents, no punctuation
    (letters of other scripts kept: an Arabic name is not the empty name)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", plain.upper()).strip()


def lane_of(name: str, lanes: int) -> int:
    """The one lane that may grant ``name`` (stable across runs and Python versions)."""
    digest = hashlib.blake2b(folded(name).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % lanes


class Denominations:
    """The names one lane has granted so far, and the rule for granting the next."""

    def __init__(self, lane: int = 0, lanes: int = 1) -> None:
        self.lane, self.lanes = lane, lanes
        self.taken: set[str] = set()

    def free(self, name: str) -> bool:
        return folded(name) not in self.taken and lane_of(name, self.lanes) == self.lane

    def _take(self, name: str) -> str:
        self.taken.add(folded(name))
        return name

    def grant(self, wanted: str, rng: random.Random, words: list[str]) -> str:
        """``wanted`` if free, else ``wanted`` with one of ``words`` added (in an order drawn from
        ``rng``), else with two, else with a number (so it always ends)."""
        if self.free(wanted):
            return self._take(wanted)
        order = rng.sample(words, len(words))
        for word in order:
            if self.free(f"{wanted} {word}"):
                return self._take(f"{wanted} {word}")
        for _ in range(PAIRS_ADDED if len(order) > 1 else 0):
            first, second = rng.sample(order, 2)
            if self.free(f"{wanted} {first} {second}"):
                return self._take(f"{wanted} {first} {second}")
        n = 2
        while not self.free(f"{wanted} {n}"):
            n += 1
        return self._take(f"{wanted} {n}")

    def draw(self, draw: Callable[[], str], rng: random.Random, words: list[str]) -> str:
        """A free name from ``draw`` (a founder's next idea), else its last idea made free."""
        name = draw()
        for _ in range(DRAWS - 1):
            if self.free(name):
                return self._take(name)
            name = draw()
        return self.grant(name, rng, words)
