"""The sandbox's name tables have their own origin: they never copy matching/'s variant lists.

A spelling found both in the sandbox's given names (canonical forms, rule-derived variants and
nicknames) and in matching/data/given_names.yml must be explained by the sandbox's cited sources:
a canonical name, a spelling DOMAIN.md §7 quotes (copied in skiptrace/sandbox/data/
domain_names.yml), or the output of one documented rule of data/transliteration.yml. Anything
else was copied from a hand list and tests the matcher against itself (issue 12).
matching/ is read as data, never imported.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from skiptrace.sandbox.spelling import domain_nicknames, domain_variants, rule_variants
from skiptrace.sandbox.tables import load, tables

MATCHING_NAMES = Path(__file__).resolve().parents[2] / "matching" / "data" / "given_names.yml"


def fold(text: str) -> str:
    """Lower case, no accents, no apostrophes, spaces or hyphens (M'hamed = mhamed)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.sub(r"['’`\s-]", "", text)


def matching_spellings() -> set[str]:
    out: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            out.add(fold(value))
        elif isinstance(value, dict):
            for key, inner in value.items():
                out.add(fold(str(key)))
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(yaml.safe_load(MATCHING_NAMES.read_text("utf-8")))
    return out


def domain_spellings() -> set[str]:
    data = load("domain_names")
    out = {fold(s) for group in data["given"] for s in group}
    out |= {fold(s) for nicks in data["nicknames"].values() for s in nicks}
    out |= {fold(s) for group in data["surnames"] + data["honorifics"] for s in group}
    return out


def sandbox_given() -> list[dict[str, Any]]:
    t = tables()
    return t.names["male"] + t.names["female"]


def test_every_shared_spelling_has_a_cited_origin() -> None:
    theirs, domain = matching_spellings(), domain_spellings()
    unexplained = []
    for entry in sandbox_given():
        canonical = entry["name"]
        derived = {fold(v) for v in rule_variants(canonical)}
        for spelling in [canonical, *entry["variants"], *entry["nick"], *entry.get("close", [])]:
            key = fold(spelling)
            if key not in theirs or spelling == canonical or key in domain or key in derived:
                continue
            if spelling in entry.get("close", []) and spelling in {e["name"] for e in sandbox_given()}:
                continue  # a look-alike that is itself a canonical name of the table
            unexplained.append(f"{canonical}: {spelling}")
    assert not unexplained, f"spellings shared with matching/ without a cited origin: {unexplained}"


def test_variants_and_nicknames_are_exactly_derived() -> None:
    """No hand-listed spelling can slip into names.yml: the table lists canonical forms only."""
    raw = load("names")
    for entry in raw["male"] + raw["female"]:
        assert "variants" not in entry and "nick" not in entry, entry["name"]
    for entry in sandbox_given():
        expected = rule_variants(entry["name"])
        expected += [s for s in domain_variants(entry["name"]) if s not in expected]
        assert entry["variants"] == expected
        assert entry["nick"] == domain_nicknames(entry["name"])


def test_the_domain_copy_is_the_domain_text() -> None:
    """Every spelling domain_names.yml copies is in §7 of docs/reference/DOMAIN.md."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "reference" / "DOMAIN.md").read_text("utf-8")
    section = " ".join(text[text.index("## 7. Names"):text.index("## 8. Law and practice")].split())
    data = load("domain_names")
    spellings = [s for group in data["given"] + data["surnames"] + data["honorifics"] for s in group]
    spellings += [s for nicks in data["nicknames"].values() for s in nicks]
    missing = [s for s in spellings if s not in section]
    assert not missing, missing
