"""Given-name variants (issue 12 step 3): the parent computes a person's names with each other
spelling of a given name from matching's tables (``DebtorQuery.name_variants``), the crawl child
searches them last, within ``max_searches``, and a listing written with a variant spelling is
fetched."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from skiptrace.connectors.query import DebtorQuery
from skiptrace.connectors.web import crawl, query_dict
from skiptrace.intake.load import read_debtors
from skiptrace.model import Debtor
from spiders.querying import without_particle

pytestmark = pytest.mark.integration


def _words(text: str) -> set[str]:
    return {w.casefold().strip(".,") for w in text.replace("-", " ").split()}


def _variant_spelled(world: Path) -> tuple[Debtor, str, str]:
    """A person debtor whose phone listing is written with one of their name variants (and
    not with every word of the name as written): the debtor, the record id, the variant."""
    truth = {t["debtor_id"]: t for t in map(json.loads,
                                            (world / "truth.jsonl").read_text().splitlines())}
    listings = {r["record_id"]: r for r in map(
        json.loads, (world / "sources/phone_directory.jsonl").read_text().splitlines())}
    for debtor in read_debtors(world / "portfolio.csv"):
        if debtor.kind != "person":
            continue
        for link in truth[debtor.debtor_id]["links"].get("phone_directory", []):
            written = _words(listings[link["record_id"]]["name"])
            if _words(debtor.name) <= written:
                continue
            for variant, _ in DebtorQuery.from_debtor(debtor).name_variants:
                if _words(without_particle(variant)) <= written:
                    return debtor, link["record_id"], variant
    raise AssertionError("no listing written with a name variant in the sandbox world")


def test_the_query_carries_the_variants_to_the_crawl_child():
    debtor = Debtor(debtor_id="D-1", kind="person", name="EL ALAOUI Mohammed",
                    last_name="EL ALAOUI", first_name="Mohammed", city="Rabat")
    sent = query_dict("D-1", DebtorQuery.from_debtor(debtor))
    assert sent["name_variants"][0] == ["EL ALAOUI Mohamed", "Mohammed → Mohamed"]
    json.dumps(sent)  # what web.py writes to the child
    firm = Debtor(debtor_id="D-2", kind="company", name="ATLAS BTP SARL", city="Rabat")
    assert query_dict("D-2", DebtorQuery.from_debtor(firm))["name_variants"] == []
    # the city as journals print it, resolved from matching's table (the child may not import it)
    stale = Debtor(debtor_id="D-3", kind="person", name="TAZI Said", city="Casablanca Anfa")
    assert query_dict("D-3", DebtorQuery.from_debtor(stale))["city_name"] == "Casablanca"
    assert query_dict("D-3", {"name": "TAZI Said", "city": "Nowhere Town"})["city_name"] is None


def test_a_listing_written_with_a_variant_spelling_is_fetched(sandbox_world: Path,
                                                             sandbox_url: str) -> None:
    debtor, record_id, variant = _variant_spelled(sandbox_world)
    # no phone, no city: neither the reverse search nor the surname in the city can find it
    bare = dataclasses.replace(debtor, phones=(), city=None, addresses=())
    settings = {"base_url": sandbox_url, "retries": 0, "download_timeout": 5.0,
                "log_level": "ERROR", "max_searches": 4}
    [result] = crawl([(bare.debtor_id, bare)], ["phone_directory"], settings)
    assert record_id in {r.record_id for r in result.records}
    searches = result.status.searches
    assert len(searches) <= 4 and searches[0]["reason"] == "name as written"
    found_by = [s for s in searches if s["reason"].startswith("given-name variant (")
                and s["results"] > 0]
    assert found_by and all(s["key"] == "name" for s in found_by)
    assert " → " in found_by[0]["reason"] and "*" in found_by[0]["value"]
    # with a budget of one search, only the name as written is asked: the variant is not
    [cut] = crawl([(bare.debtor_id, bare)], ["phone_directory"], {**settings, "max_searches": 1})
    assert [s["reason"] for s in cut.status.searches] == ["name as written"]
    assert record_id not in {r.record_id for r in cut.records}
    assert variant  # the variant spelling that found it
