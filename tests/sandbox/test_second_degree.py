"""Second-degree assets: titles and vehicles of the company a person debtor manages or holds
shares in, as the truth file states them.

The truth names each asset with the company's register entry it comes through (`via`) and the
debtor's role there; these tests read the world files (register, land and vehicle registries)
to check that the company really owns or holds the asset, that the debtor really has that role in
the company, that the assets are never the debtor's links, and that the rates are the committed
ones.
"""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

from skiptrace.evaluate import read_jsonl
from skiptrace.sandbox import generate_world
from skiptrace.sandbox.debtors import _stream
from skiptrace.sandbox.tables import tables

SEED, DEBTORS = 43, 300
RATES = Path(__file__).resolve().parents[2] / "skiptrace" / "sandbox" / "data" / "rates.yml"
COMMITTED = {"company_title": 0.35, "company_vehicle": 0.4}
SOURCES = {"land_registry", "vehicle_registry"}
ROLES = {"manager", "partner"}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_world(SEED, DEBTORS, tmp_path_factory.mktemp("second-degree-world"))


def _lines(path: Path) -> list[dict[str, Any]]:
    return list(read_jsonl(path))


@pytest.fixture(scope="module")
def truths(world: Path) -> list[dict[str, Any]]:
    return _lines(world / "truth.jsonl")


@pytest.fixture(scope="module")
def records(world: Path) -> dict[str, dict[str, dict[str, Any]]]:
    return {source: {r["record_id"]: r for r in _lines(world / "sources" / f"{source}.jsonl")}
            for source in ("company_register", *sorted(SOURCES))}


def owners(source: str, record: dict[str, Any]) -> list[dict[str, Any]]:
    """A title's owners, a vehicle's holder."""
    return record["owners"] if source == "land_registry" else [record["owner"]]


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.replace(".", "")).split())


def bare(written: str, legal_form: str) -> str:
    """A company name as a registry writes it, without its prefix (STE, Société) or legal form."""
    form = next(f for f in tables().legal_forms.items if f["form"] == legal_form)
    text = fold(written)
    for prefix in sorted({fold(p) for p in tables().companies["prefixes"]}, key=len, reverse=True):
        if text.startswith(prefix + " "):
            text = text[len(prefix) + 1:]
            break
    for suffix in sorted({fold(w) for w in form["written"]}, key=len, reverse=True):
        if text.endswith(" " + suffix):
            text = text[: -len(suffix) - 1]
            break
    return text


def distance(a: str, b: str) -> int:
    """Levenshtein distance (a swapped letter counts 2)."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def names_the_company(written: str, entry: dict[str, Any]) -> bool:
    """Whether a name written in a registry stands for this register entry's company: its
    denomination (or an old name, as land books keep), its sigle or initials, with or without
    prefix and legal form, maybe with one keyboard slip (in names long enough to tell apart)."""
    names = [entry["denomination"], *entry["old_names"]]
    forms = {fold(n) for n in names} | {"".join(w[0] for w in fold(n).split()) for n in names}
    if entry["sigle"]:
        forms.add(fold(entry["sigle"]))
    text = bare(written, entry["legal_form"])
    return any(distance(text, f) <= (2 if len(f) >= 6 else 0) for f in forms)


def test_rates_are_the_committed_ones() -> None:
    rates = yaml.safe_load(RATES.read_text("utf-8"))["second_degree"]
    assert rates == COMMITTED  # committed before any search used them: never change them


def test_truth_always_has_the_field(truths: list[dict[str, Any]]) -> None:
    for t in truths:
        assert isinstance(t["second_degree_assets"], list), t["debtor_id"]
        if t["kind"] == "company" or not t["assets"]["company_stakes"]:
            # company debtors' own assets are first-degree; traders' RC entry is the person
            assert t["second_degree_assets"] == [], t["debtor_id"]


def test_the_world_has_second_degree_assets(truths: list[dict[str, Any]]) -> None:
    entries = [a for t in truths for a in t["second_degree_assets"]]
    assert len(entries) >= 15
    assert {a["source"] for a in entries} == SOURCES
    assert {a["debtor_role"] for a in entries} == ROLES
    for a in entries:
        assert set(a) == {"source", "record_id", "via", "debtor_role"}, a


def test_assets_belong_to_the_company_the_debtor_runs(truths: list[dict[str, Any]],
                                                      records: dict[str, dict[str, dict[str, Any]]]) -> None:
    register = records["company_register"]
    by_rc = name_only = 0
    for t in truths:
        for a in t["second_degree_assets"]:
            cin = t["identifiers"]["cin"]
            assert a["via"].startswith("CR-") and a["via"] in register, a
            company = register[a["via"]]
            assert company["kind"] == "company", a
            record = records[a["source"]].get(a["record_id"])
            assert record is not None, a
            [owner] = owners(a["source"], record)  # the company alone
            assert owner["kind"] == "company" and owner["cin"] is None, a
            if a["source"] == "land_registry":
                assert owner["share"] == "1/1", a
            if owner["rc_number"] is not None:
                by_rc += 1
                assert (owner["rc_number"], owner["rc_tribunal"]) == \
                    (company["rc_number"], company["rc_tribunal"]), a
                assert owner["ice"] in (None, company["ice"]), a
            else:
                name_only += 1
                assert owner["ice"] is None and owner["rc_tribunal"] is None, a
                assert names_the_company(owner["name"], company), (owner["name"], company["denomination"])
            managers = {m["cin"] for m in company["managers"]}
            partners = {p["cin"] for p in company["partners"]}
            if a["debtor_role"] == "manager":
                assert cin in managers, a
            else:
                assert a["debtor_role"] == "partner" and cin in partners and cin not in managers, a
            stake = [link for link in t["links"]["company_register"] if link["record_id"] == a["via"]]
            assert [link["debtor_role"] for link in stake] == [a["debtor_role"]], a
    assert by_rc >= 10 and by_rc + name_only >= 15


def test_second_degree_assets_are_never_links(truths: list[dict[str, Any]]) -> None:
    for t in truths:
        linked = {(source, link["record_id"]) for source, links in t["links"].items() for link in links}
        mine = {(x["record_id"]) for x in t["assets"]["land_titles"] + t["assets"]["vehicles"]}
        for a in t["second_degree_assets"]:
            assert (a["source"], a["record_id"]) not in linked, a
            assert a["record_id"] not in mine, a


def test_the_stream_leaves_the_debtor_rng_where_it_is() -> None:
    rng = random.Random(5)
    state = rng.getstate()
    first = _stream(rng, "second_degree", "DEB-0000001").random()
    assert rng.getstate() == state
    assert _stream(rng, "second_degree", "DEB-0000001").random() == first
    assert _stream(rng, "second_degree", "DEB-0000002").random() != first


def test_same_seed_gives_the_same_world(world: Path, tmp_path: Path) -> None:
    again = generate_world(SEED, DEBTORS, tmp_path / "again")
    for name in ("truth.jsonl", "sources/land_registry.jsonl", "sources/vehicle_registry.jsonl",
                 "sources/company_register.jsonl"):
        assert hashlib.sha256((world / name).read_bytes()).digest() == \
            hashlib.sha256((again / name).read_bytes()).digest(), name
