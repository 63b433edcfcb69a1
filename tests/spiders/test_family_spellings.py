"""Family names spelled otherwise (issue 12: "a particle (El/Ech-/Ez-) ... hides the listing"):
``family_spellings`` derives the other ways a source may write one family name by the rules of
spiders/data/family_spellings.yml (DOMAIN §7.2), and the directory searches each in the city, so
that a listing a token search misses under the portfolio's spelling is fetched."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from skiptrace.connectors.web import crawl
from skiptrace.intake.load import read_debtors
from skiptrace.model import Debtor
from spiders.querying import family_spellings, without_particle


@pytest.mark.parametrize(("written", "others"), [
    ("ELMANSOURI", ["MANSOURI"]),      # an article glued (Elalami / El Alami / Alami)
    ("EDDAOUDI", ["DAOUDI"]),          # assimilated to a sun letter (Essaadi, Ennaciri)
    ("Echchafii", ["CHAFII"]),
    ("ECHRAIBI", ["CHRAIBI"]),         # or written single before a consonant (session 25)
    ("ESLAOUI", ["SLAOUI"]),
    ("BENABDELLAH", ["BEN ABDELLAH"]),  # Benjelloun / Ben Jelloun: two words, not the rest alone
    ("WAZZANI", ["OUAZZANI"]),         # Ouazzani / Wazzani
    ("OUAZZANI", ["WAZZANI"]),
    ("EL ALAOUI", ["ELALAOUI"]),       # and glued back, as notices print partners
    ("EL SAADI", ["ESSAADI"]),         # El before a sun letter, assimilated
    ("Ech-Chafii", ["ECHCHAFII"]),
    ("AIT OUAHMANE", ["AITOUAHMANE"]),  # Aït / Ait / Ayt, usually fused
    ("AITOUAHMANE", ["AIT OUAHMANE"]),
])
def test_the_other_spellings_domain_names(written: str, others: list[str]) -> None:
    assert family_spellings(written) == others


@pytest.mark.parametrize("whole", ["ALAOUI", "BENNANI", "ELIAS", "BELHAJ", "TAZI", "O'NEIL", "",
                                   "MOHAMED ALAOUI", "EL AB", "EL ALAOUI MOHAMED"])
def test_names_that_only_look_prefixed_stay_whole(whole: str) -> None:
    assert family_spellings(whole) == []


@given(st.text(max_size=30))
@example("OUAA")  # found by the suite: the OU -> W rule gave "WAA", too short to search
def test_any_text_gives_other_upper_case_words_of_a_useful_length(text: str) -> None:
    found = family_spellings(text)
    assert len(found) == len(set(found)) <= 4
    for spelling in found:
        assert spelling == spelling.upper() and spelling != text.strip().upper()
        assert len(spelling.replace(" ", "")) >= 5 and spelling.replace(" ", "").isalpha()


@given(st.from_regex(r"[AEIOUY][A-Z]{3,12}", fullmatch=True))
def test_w_and_ou_go_both_ways(rest: str) -> None:
    assert "OU" + rest in family_spellings("W" + rest)
    assert "W" + rest in family_spellings("OU" + rest)


def _words(text: str) -> set[str]:
    return {w.casefold().strip(".,") for w in text.replace("-", " ").split()}


def _spelled_otherwise(world: Path) -> tuple[Debtor, str]:
    """A person debtor whose listing writes the family name only in another spelling."""
    truth = {t["debtor_id"]: t for t in map(json.loads,
                                            (world / "truth.jsonl").read_text().splitlines())}
    listings = {r["record_id"]: r for r in map(
        json.loads, (world / "sources/phone_directory.jsonl").read_text().splitlines())}
    for debtor in read_debtors(world / "portfolio.csv"):
        if debtor.kind != "person" or not debtor.last_name or not debtor.city:
            continue
        core = without_particle(debtor.last_name)
        for link in truth[debtor.debtor_id]["links"].get("phone_directory", []):
            written = _words(listings[link["record_id"]]["name"])
            if not _words(core) <= written and any(
                    _words(s) <= written for s in family_spellings(core)):
                return debtor, link["record_id"]
    raise AssertionError("no listing written with another spelling of the family name")


@pytest.mark.integration
def test_a_listing_under_another_spelling_is_fetched_by_the_surname_search(
        sandbox_world: Path, sandbox_url: str) -> None:
    debtor, record_id = _spelled_otherwise(sandbox_world)
    bare = dataclasses.replace(debtor, phones=(), addresses=())  # no reverse search to find it
    settings = {"base_url": sandbox_url, "retries": 0, "download_timeout": 5.0,
                "log_level": "ERROR", "max_searches": 4}
    [result] = crawl([(bare.debtor_id, bare)], ["phone_directory"], settings)
    assert record_id in {r.record_id for r in result.records}
    spelled = [s for s in result.status.searches if "spelled otherwise" in s["reason"]]
    assert spelled and spelled[0]["key"] == "surname" and "*" in spelled[0]["value"]
    assert sum(s["results"] for s in spelled) > 0
