"""Successor companies of closed company debtors, and look-alikes, as the truth file states them.

The truth says what each successor shares with the debtor company (`evidence`); these tests read
the world files only (register, notices) to check that the records really carry that evidence and
nothing more, that look-alikes share exactly what their relation says, and that the rates are
the committed ones.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from rapidfuzz.distance import Levenshtein

from skiptrace.evaluate import read_jsonl
from skiptrace.sandbox import generate_world
from skiptrace.sandbox.tables import tables

SEED, DEBTORS = 31, 400
RATES = Path(__file__).resolve().parents[2] / "skiptrace" / "sandbox" / "data" / "rates.yml"
COMMITTED = {"closed_debtor_successor": 0.5, "successor_same_manager": 0.7,
             "successor_same_phone": 0.4, "successor_same_address": 0.5,
             "domiciliation_lookalike": 0.25, "manager_homonym_lookalike": 0.1}
EVIDENCE = {"address", "manager", "phone"}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_world(SEED, DEBTORS, tmp_path_factory.mktemp("successors-world"))


def _lines(path: Path) -> list[dict[str, Any]]:
    return list(read_jsonl(path))


@pytest.fixture(scope="module")
def truths(world: Path) -> list[dict[str, Any]]:
    return _lines(world / "truth.jsonl")


@pytest.fixture(scope="module")
def register(world: Path) -> dict[str, dict[str, Any]]:
    return {r["record_id"]: r for r in _lines(world / "sources" / "company_register.jsonl")}


@pytest.fixture(scope="module")
def notices(world: Path) -> list[dict[str, Any]]:
    return _lines(world / "sources" / "legal_notices.jsonl")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^a-z0-9.']+", " ", text.replace("-", " ")).split())


def phones(record: dict[str, Any]) -> set[str]:
    """Phones as national 10-digit numbers, whatever the writing (+212, 00212, spaces, dots)."""
    out = set()
    for written in record["phones"]:
        digits = re.sub(r"\D", "", written)
        for prefix in ("00212", "212"):
            if digits.startswith(prefix):
                digits = "0" + digits[len(prefix):]
                break
        out.add(digits)
    return out


def manager_cins(record: dict[str, Any]) -> set[str]:
    return {m["cin"] for m in record["managers"]}


def at_address(record: dict[str, Any], parts: dict[str, Any]) -> bool:
    """Whether a register entry's seat is this address (street name, number, city), whatever the
    abbreviations it is written with."""
    text = f" {fold(record['address'])} "
    return (record["city"] == parts["city"] and f" {fold(parts['street'])} " in text
            and re.search(rf"(?<!\d){parts['number']}(?!\d)", text) is not None)


def own_entry(truth: dict[str, Any], register: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The debtor company's own register entry (not a branch)."""
    entries = [register[link["record_id"]] for link in truth["links"]["company_register"]
               if link["role"] == "subject"]
    return next(e for e in entries if e["kind"] == "company")


def _spellings() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    t = tables()
    families: dict[str, set[str]] = {}
    for entry in t.names["surnames"]:
        forms = {entry["name"], *entry.get("variants", [])}
        head, _, rest = entry["name"].partition(" ")
        if rest and head in t.names["particles"]:
            forms |= {head + rest, rest}
        families[entry["name"]] = {fold(f) for f in forms}
    given: dict[str, set[str]] = {}
    for entry in t.names["male"] + t.names["female"]:
        given.setdefault(entry["name"], set()).update(fold(f) for f in (entry["name"], *entry.get("variants", [])))
    return families, given


def name_keys(written: str) -> tuple[set[str], set[str], set[str]]:
    """Canonical family names, canonical given names and initials a written name can stand for."""
    families, given = _spellings()
    text = f" {fold(written)} "
    fam = {k for k, forms in families.items() if any(f" {f} " in text for f in forms)}
    giv = {k for k, forms in given.items() if any(f" {f} " in text for f in forms)}
    if not giv:  # a typo the generator made ("mine" for Amine): one edit from a known spelling
        words = [w for w in text.split() if len(w) > 3]
        giv = {k for k, forms in given.items()
               if any(Levenshtein.distance(w, f) == 1 for w in words for f in forms)}
    initials = {w[0] for w in text.split() if len(w) == 2 and w.endswith(".")}
    return fam, giv, initials


def same_name(a: str, b: str) -> bool:
    fa, ga, ia = name_keys(a)
    fb, gb, ib = name_keys(b)
    if not fa & fb:
        return False
    if ga & gb:
        return True
    return bool(ia & {g[0].casefold() for g in gb} or ib & {g[0].casefold() for g in ga})


def writings(record: dict[str, Any], cin: str) -> list[str]:
    """Every way a register entry writes the person with this CIN (as manager, as partner)."""
    return [p["name"] for p in record["managers"] + record["partners"] if p["cin"] == cin]


def test_rates_are_the_committed_ones() -> None:
    rates = yaml.safe_load(RATES.read_text("utf-8"))["successors"]
    assert rates == COMMITTED  # committed before detection was tuned: never change them


def test_truth_always_has_the_fields(truths: list[dict[str, Any]]) -> None:
    for t in truths:
        assert isinstance(t["successors"], list) and isinstance(t["successor_lookalikes"], list)
        if t["kind"] == "person" or not t["findable"]:
            assert t["successors"] == [] and t["successor_lookalikes"] == [], t["debtor_id"]


def test_the_world_has_successors_and_lookalikes(truths: list[dict[str, Any]]) -> None:
    successors = [s for t in truths for s in t["successors"]]
    relations = {x["relation"] for t in truths for x in t["successor_lookalikes"]}
    assert len(successors) >= 5
    assert relations == {"domiciliation", "manager_homonym"}
    assert {e for s in successors for e in s["evidence"]} == EVIDENCE


def test_successors_only_for_closed_debtors(truths: list[dict[str, Any]],
                                            register: dict[str, dict[str, Any]]) -> None:
    for t in truths:
        if t["successors"]:
            assert len(t["successors"]) == 1
            assert own_entry(t, register)["status"] != "active", t["debtor_id"]


def test_successors_carry_their_evidence(truths: list[dict[str, Any]], register: dict[str, dict[str, Any]],
                                         notices: list[dict[str, Any]]) -> None:
    for t in truths:
        for s in t["successors"]:
            debtor = own_entry(t, register)
            entry = register[s["record_id"]]
            evidence = set(s["evidence"])
            assert s["record_id"].startswith("CR-") and entry["kind"] == "company"
            assert s["evidence"] == sorted(evidence) and evidence <= EVIDENCE
            assert evidence & {"manager", "phone"}, s
            assert entry["status"] == "active" and entry["created"] == s["created"]
            assert s["created"] > debtor["created"] and s["created"] <= "2026-06-30"
            assert entry["city"] == debtor["city"]
            assert ("manager" in evidence) == bool(manager_cins(entry) & manager_cins(debtor)), s
            assert ("phone" in evidence) == bool(phones(entry) & phones(debtor)), s
            assert ("address" in evidence) == at_address(entry, t["address"]["parts"]), s
            assert all(s["record_id"] != link["record_id"] for links in t["links"].values() for link in links)
            constitution = [n for n in notices if n["title"].startswith(entry["denomination"] + " ")
                            and n["title"].endswith("Constitution")]
            manager = entry["managers"][0]["cin"]
            assert any(manager in n["text"] for n in constitution), s


def test_domiciliation_lookalikes_share_the_seat_only(truths: list[dict[str, Any]],
                                                      register: dict[str, dict[str, Any]]) -> None:
    seen = 0
    for t in truths:
        for x in t["successor_lookalikes"]:
            if x["relation"] != "domiciliation":
                continue
            seen += 1
            debtor, entry = own_entry(t, register), register[x["record_id"]]
            assert x["record_id"].startswith("CR-") and entry["kind"] == "company"
            assert at_address(entry, t["address"]["parts"]), x
            assert not manager_cins(entry) & manager_cins(debtor), x
            assert not {p["cin"] for p in entry["partners"]} & {p["cin"] for p in debtor["partners"]}, x
            assert not phones(entry) & phones(debtor), x
            assert entry["created"] > debtor["created"]
            assert entry["denomination"] != debtor["denomination"]
    assert seen >= 5


def test_manager_homonym_lookalikes_are_namesakes(truths: list[dict[str, Any]],
                                                  register: dict[str, dict[str, Any]]) -> None:
    seen = 0
    for t in truths:
        for x in t["successor_lookalikes"]:
            if x["relation"] != "manager_homonym":
                continue
            seen += 1
            debtor, entry = own_entry(t, register), register[x["record_id"]]
            assert x["record_id"].startswith("CR-") and entry["kind"] == "company"
            mine, theirs = debtor["managers"][0], entry["managers"][0]
            # the register writes a manager twice (managers, partners), each may carry a typo
            assert any(same_name(a, b) for a in writings(debtor, mine["cin"])
                       for b in writings(entry, theirs["cin"])), (mine, theirs)
            assert theirs["cin"] != mine["cin"] and not manager_cins(entry) & manager_cins(debtor)
            assert entry["city"] == debtor["city"]
            assert not phones(entry) & phones(debtor), x
            assert not at_address(entry, t["address"]["parts"]), x
            assert entry["created"] > debtor["created"]
    assert seen >= 3


def test_same_seed_gives_the_same_successors(world: Path, tmp_path: Path) -> None:
    again = generate_world(SEED, DEBTORS, tmp_path / "again")
    for name in ("truth.jsonl", "sources/company_register.jsonl", "sources/legal_notices.jsonl",
                 "sources/phone_directory.jsonl"):
        assert hashlib.sha256((world / name).read_bytes()).digest() == \
            hashlib.sha256((again / name).read_bytes()).digest(), name
