"""Identifier comparisons (CIN, ICE, RC with its court, IF).

Agreement on a valid identifier is the strongest evidence there is, and a disagreement between two
valid identifiers the strongest evidence against (a son has his own CIN). A value flagged invalid
(a typo in the CNSS file, a failed ICE checksum) only ever weighs a little, either way. An RC
number is unique only within its court (DOMAIN.md §1.3): the same number at another court is no
evidence, and with one court unknown it is weak. Two valid ICEs that share their first 9 digits
(the enterprise) and differ in the next 4 (the establishment, DOMAIN.md §1.2) are a branch and its
head office: one company, a level of its own below "exact".
"""

from __future__ import annotations

from typing import Any

from rapidfuzz.distance import DamerauLevenshtein

from matching.description import Features
from matching.feature_comparison import FeatureComparison
from matching.levels import LevelDef

_COMMON = (
    ("exact", "the {s} numbers are identical and valid"),
    ("one_edit", "the {s} numbers differ by one typing error"),
    ("invalid_agree", "the {s} numbers agree but one is flagged invalid, so this is weak evidence"),
    ("invalid_different", "the {s} numbers differ but one is flagged invalid, so this is weak evidence"),
    ("different", "the {s} numbers are different valid numbers"),
)
_RC = (
    ("court_unknown", "the RC numbers agree but one side does not say which court"),
    ("other_court", "the RC numbers agree but belong to different courts (no evidence)"),
)


_SAME_COMPANY = ("the ICE numbers name the same enterprise (first 9 digits) and another establishment "
                 "(a branch and its head office)")


class IdentifierComparison(FeatureComparison):
    """One identifier scheme: "cin", "ice", "rc" (number and court) or "if"."""

    type_name = "identifier"

    def __init__(self, scheme: str = "cin") -> None:
        self.scheme = scheme
        title = scheme.upper()
        ladder = [LevelDef(label, text.format(s=title)) for label, text in _COMMON]
        if scheme == "rc":
            ladder[1:1] = [LevelDef(label, text) for label, text in _RC]
        if scheme == "ice":
            ladder[1:1] = [LevelDef("same_company", _SAME_COMPANY)]
        super().__init__(scheme, ladder)

    def level(self, a: Features, b: Features) -> int:
        x, y = a.ids.get(self.scheme), b.ids.get(self.scheme)
        if x is None or y is None:
            return 0
        xv, yv, court = x.value, y.value, ""
        if self.scheme == "rc":
            (xv, xc), (yv, yc) = x.value.split("@", 1), y.value.split("@", 1)
            if xv == yv and xc != yc:
                court = "court_unknown" if not xc or not yc else "other_court"
        agree = xv == yv
        close = agree or DamerauLevenshtein.distance(xv, yv) <= 1
        if not (x.valid and y.valid):
            return self.index["invalid_agree" if close else "invalid_different"]
        if court:
            return self.index[court]
        if agree:
            return self.index["exact"]
        if self.scheme == "ice" and xv[:9] == yv[:9]:
            return self.index["same_company"]  # DOMAIN §1.2: 9 enterprise + 4 establishment digits
        return self.index["one_edit" if close and len(xv) > 4 else "different"]

    def display(self, prepared: list[Features], index: int) -> str | None:
        ident = prepared[index].ids.get(self.scheme)
        return None if ident is None else ident.value.rstrip("@")

    def options(self) -> dict[str, Any]:
        return {"scheme": self.scheme}
