"""A parse function's cache that stored normal forms can fill (decision 0033).

Comparisons parse the names and addresses they compare through LRU caches keyed by the text
(``names.parse_person_name``, ``companies.parse_company_name``, ``address_parse.parse_address``).
A record read from the store brings its parties' parses with it, made at import by this very
code (``stored_forms``); :meth:`Seeded.seed` puts them in front of the LRU, so that comparing a
debtor with a stored candidate parses the debtor alone. The seeds are a bounded dict, emptied
whole when full: a candidate's parses are asked for within its debtor's scoring, right after
its record was read, so only the latest few thousand are ever worth keeping, and a seed lost is
only parsed again. Reads and writes of a dict are atomic under the GIL: worker threads share it
without a lock, as they share the LRU behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")

SEEDS = 1 << 13  # parses kept per function: ~50 debtors' candidates, a few MB


class Seeded(Generic[K, V]):
    """``parse(text)``, answered from the stored parses given by :meth:`seed` when there is one."""

    def __init__(self, parse: Callable[[K], V], limit: int = SEEDS) -> None:
        self._parse = parse
        self._seeds: dict[K, V] = {}
        self.limit = limit
        self.__doc__ = parse.__doc__
        self.__wrapped__ = parse

    def __call__(self, text: K) -> V:
        seeded = self._seeds.get(text)
        return seeded if seeded is not None else self._parse(text)

    def seed(self, text: K, parsed: V) -> None:
        """Answer ``text`` with ``parsed`` (what the parse made of it at import)."""
        if len(self._seeds) >= self.limit:
            self._seeds.clear()
        self._seeds[text] = parsed

    def cache_info(self) -> Any:
        """The LRU's own figures (seeds are not counted)."""
        return self._parse.cache_info()  # type: ignore[attr-defined]

    def cache_clear(self) -> None:
        self._seeds.clear()
        self._parse.cache_clear()  # type: ignore[attr-defined]


__all__ = ["SEEDS", "Seeded"]
