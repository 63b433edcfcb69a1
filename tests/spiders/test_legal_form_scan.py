"""find_legal_form scans a text once (issue 17: it was once per variant, a third of the crawl
child's time). It must answer exactly what the variant-by-variant scan answered."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from spiders.querying import find_legal_form, legal_form_data, legal_form_patterns


def _one_by_one(text: str) -> tuple[str, tuple[int, int]] | None:
    """The former implementation: every variant's first match, the leftmost then longest."""
    best: tuple[str, tuple[int, int]] | None = None
    for canonical, pattern in legal_form_patterns():
        match = pattern.search(text)
        if match and (best is None or match.start() < best[1][0]
                      or (match.start() == best[1][0] and match.end() > best[1][1])):
            best = (canonical, match.span())
    return best


def _written_forms() -> list[str]:
    """Texts the variants stand for: a regex variant made literal where it is one."""
    forms = []
    for variants in legal_form_data()["forms"].values():
        for variant in variants:
            spaced = re.sub(r"\\s[?*+]?", " ", variant)
            literal = re.sub(r"\\(.)", r"\1", re.sub(r"[?*+]|\[[^]]*\]", "", spaced))
            forms += [literal, literal.lower(), literal.upper()]
    return forms


_PIECES = st.sampled_from([*_written_forms(), "ATLAS", "BTP", "société", "Sté", "sa", "au",
                           ".", ",", "-", "(", ")", "S.A", "SARL", "A.U", "\\n", "é"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12), st.sampled_from([" ", "", "  ", "."]))
def test_one_scan_finds_what_every_variant_found(pieces: list[str], glue: str) -> None:
    text = glue.join(pieces)
    assert find_legal_form(text) == _one_by_one(text)


@given(st.text(max_size=80))
def test_any_text(text: str) -> None:
    assert find_legal_form(text) == _one_by_one(text)


def test_the_notice_forms() -> None:
    for text in ("ATLAS BTP SARL AU au capital de 10 000 DH", "Société NOUR S.A.R.L. A.U",
                 "la société à responsabilité limitée d'associé unique ATLAS", "rien ici"):
        assert find_legal_form(text) == _one_by_one(text)
