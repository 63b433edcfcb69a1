"""How the advice sentences (contact plan, enforcement proposal) are written: one function per
sentence, two writers.

The profile stores English with fixed number formats, so its bytes do not depend on the
reader's language; the HTML report and the terminal write the same sentences in the reader's
language from the same fields, by passing a ``Words`` made of ``_`` and skiptrace.humanize.
Templates are marked with ``N_`` where they are defined, so the catalogue has them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


def _english_number(value: float, decimals: int = 0) -> str:
    return f"{value:,.{decimals}f}"


@dataclass(frozen=True)
class Words:
    """Translation, number, amount and percentage formats, and the words for a source's name."""

    translate: Callable[[str], str]
    number: Callable[[float, int], str]
    money: Callable[[float], str]
    source: Callable[[str], str]
    plural: Callable[[str, str, int], str]
    percent: Callable[[float], str]

    def money_or_none(self, value: float | None) -> str:
        return "?" if value is None else self.money(value)


ENGLISH = Words(
    translate=lambda text: text,
    number=_english_number,
    money=lambda value: f"{value:,.0f} MAD",
    source=lambda name: name,
    plural=lambda one, many, n: one if n == 1 else many,
    percent=lambda ratio: f"{ratio * 100:.0f}%",
)
