"""Each source over HTTP: a debtor's true records are reachable from its portfolio row by the
searches a connector would make (never by record id), and the decoys come back with them."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
import requests

from skiptrace.sandbox.tables import load

LAND = {"Authorization": "Bearer sandbox-land-token"}
VEHICLE = {"X-API-Key": "sandbox-vehicle-key"}


@pytest.fixture(scope="module")
def cases(sandbox_world: Path) -> list[tuple[dict, dict]]:
    with (sandbox_world / "portfolio.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    truth = [json.loads(line) for line in (sandbox_world / "truth.jsonl").open(encoding="utf-8")]
    return list(zip(rows, truth, strict=True))


def linked(truth: dict, source: str, roles: tuple[str, ...] | None = None) -> set[str]:
    return {link["record_id"] for link in truth["links"].get(source, [])
            if roles is None or link["role"] in roles}


def html_ids(text: str, attr: str) -> set[str]:
    return set(re.findall(rf'{attr}="([^"]+)"', text))


def all_pages(url: str, params: dict, headers: dict | None = None) -> list[dict]:
    """Every result of a JSON search, following pages."""
    out, page = [], 1
    while True:
        body = requests.get(url, params={**params, "page": page, "per_page": 5}, headers=headers,
                            timeout=10).json()
        out.extend(body["results"])
        if page * body["per_page"] >= body["count"]:
            return out
        page += 1


def test_land_titles_by_cin(sandbox_url: str, cases: list) -> None:
    checked = 0
    for row, truth in cases:
        wanted = linked(truth, "land_registry")
        if row["type"] != "personne" or not wanted or "cin_typo" in truth["portfolio_defects"] or not row["cin"]:
            continue
        found = {t["record_id"] for t in all_pages(f"{sandbox_url}/land_registry/api/titles", {"cin": row["cin"]}, LAND)}
        owned = {a["record_id"] for a in truth["assets"]["land_titles"]}
        hidden = {t for t in owned if t not in found}  # titles whose registry line omits the CIN
        assert owned - hidden <= found and len(hidden) <= len(owned) // 2 + 1
        checked += 1
    assert checked >= 3


def test_a_name_search_returns_homonyms_titles_too(sandbox_url: str, cases: list) -> None:
    """Over every person debtor with a homonym's title, whether or not they own one themselves."""
    decoys = 0
    for row, truth in cases:
        homonyms = {d["record_id"] for d in truth["decoys"] if d["source"] == "land_registry"}
        if row["type"] == "personne" and homonyms:
            by_name = all_pages(f"{sandbox_url}/land_registry/api/titles", {"name": row["nom"]}, LAND)
            decoys += len({t["record_id"] for t in by_name} & homonyms)
    assert decoys >= 1


def test_vehicles_by_the_identifier_their_card_writes(sandbox_url: str, cases: list) -> None:
    """A vehicle comes back by the holder's CIN or ICE exactly when its card writes it (truth's
    identifiers_written); cards without it are only reachable otherwise (issue 12; RC + court
    below)."""
    wanted_total = found_total = 0
    for row, truth in cases:
        defects = truth["portfolio_defects"]
        if {"cin_typo", "ice_typo", "missing_cin", "ice_leading_zeros_dropped"} & set(defects):
            continue
        key = "cin" if row["type"] == "personne" else "ice"
        wanted = {v["record_id"] for v in truth["links"].get("vehicle_registry", [])
                  if key in v["identifiers_written"]}
        unwritten = linked(truth, "vehicle_registry") - wanted
        found = {v["record_id"] for v in all_pages(f"{sandbox_url}/vehicle_registry/api/vehicles",
                                                   {key: row[key]}, VEHICLE)}
        assert wanted <= found and not unwritten & found, row["id_debiteur"]
        found_total += len(found & wanted)
        wanted_total += len(wanted)
    assert wanted_total >= 10, wanted_total


def test_companies_by_ice_and_their_notices_by_rc(sandbox_url: str, sandbox_world: Path, cases: list) -> None:
    notice_text = {n["record_id"]: n["text"] for n in map(json.loads, (sandbox_world / "sources" / "legal_notices.jsonl").open())}
    register = map(json.loads, (sandbox_world / "sources" / "company_register.jsonl").open())
    branches = {r["record_id"] for r in register if r["kind"] == "branch"}  # their own ICE (0002)
    checked = 0
    for row, truth in cases:
        subject = linked(truth, "company_register", ("subject",)) - branches
        if row["type"] != "societe" or not subject or "ice_typo" in truth["portfolio_defects"]:
            continue
        page = requests.get(f"{sandbox_url}/company_register/search", params={"q": row["ice"]}, timeout=10).text
        hrefs = set(re.findall(r'/company_register/company/([\w-]+)"', page))
        if "ice_leading_zeros_dropped" not in truth["portfolio_defects"]:
            assert subject <= hrefs, row["id_debiteur"]
        notices = {rid for rid in linked(truth, "legal_notices", ("subject",)) if row["rc"]
                   and re.search(rf"\b{row['rc']}\b", notice_text[rid])}  # some notices omit the RC
        if notices:
            text = requests.get(f"{sandbox_url}/legal_notices/search",
                                params={"q": row["rc"], "per_page": 100}, timeout=10).text
            assert notices <= html_ids(text, "data-id")
        checked += 1
    assert checked >= 10


def _plain_name(raison_sociale: str) -> str:
    """The denomination a connector would search: legal form and 'STE' prefix dropped."""
    forms = load("companies")["legal_forms"]
    text = f" {raison_sociale} "
    for written in sorted({w for f in forms for w in f["written"]}, key=len, reverse=True):
        text = text.replace(f" {written} ", " ")
    return " ".join(w for w in text.split() if w.upper().rstrip(".") not in {"STE", "STÉ", "SOCIÉTÉ"})


def test_company_name_search_finds_the_debtor_and_similar_companies(sandbox_url: str, cases: list) -> None:
    found = tried = similar = 0
    for row, truth in cases:
        subject = linked(truth, "company_register", ("subject",))
        if row["type"] != "societe" or not subject:
            continue
        tried += 1
        plain = _plain_name(row["raison_sociale"])
        text = requests.get(f"{sandbox_url}/company_register/search",
                            params={"q": plain, "per_page": 100}, timeout=10).text
        found += bool(subject & set(re.findall(r'/company_register/company/([\w-]+)"', text)))
        text = requests.get(f"{sandbox_url}/company_register/search",
                            params={"q": plain.split()[0], "per_page": 100}, timeout=10).text
        hrefs = set(re.findall(r'/company_register/company/([\w-]+)"', text))
        similar += len(hrefs & {d["record_id"] for d in truth["decoys"]})
    assert found >= tried * 0.6, (found, tried)
    assert similar >= 1


def test_phone_listings_by_name_and_city(sandbox_url: str, cases: list) -> None:
    found = tried = decoys = 0
    for row, truth in cases:
        listings = linked(truth, "phone_directory", ("listing",))
        if row["type"] != "personne" or not listings or "name_in_one_field" in truth["portfolio_defects"]:
            continue  # a whole name in `nom` needs intake's split first (issue 12 step 3)
        tried += 1
        text = requests.get(f"{sandbox_url}/phone_directory/search",
                            params={"name": row["nom"], "per_page": 100}, timeout=10).text
        ids = html_ids(text, "data-id")
        found += bool(listings & ids)
        decoys += len(ids & {d["record_id"] for d in truth["decoys"]})
    # Portfolio and directory spell the family name independently (variants, particles, typos),
    # so one exact-spelling query reaches part of the listings only: that is the honest problem.
    # 0.3: on the 60-debtor session world 5 of 14 rows (seed 7, issue 12 step 2; 8 of 18 before
    # the world changed); on 300 debtors the same query finds 0.64-0.68 of them.
    assert tried >= 5 and tried * 0.3 <= found < tried, (found, tried)
    assert decoys >= 1, "homonyms and relatives are listed under the same name"


def test_geocoder_finds_the_portfolio_address(sandbox_url: str, cases: list) -> None:
    found = tried = 0
    for row, truth in cases:
        if not truth["findable"] or {"partial_address", "missing_address"} & set(truth["portfolio_defects"]):
            continue
        stale = "stale_address" in truth["portfolio_defects"]
        place = (truth["previous_addresses"][0] if stale else truth["address"])["geocoder_place"]
        tried += 1
        answer = requests.get(f"{sandbox_url}/geocoder/search", timeout=10,
                              params={"q": f"{row['adresse']}, {row['ville']}", "format": "jsonv2", "limit": 5}).json()
        found += place in {str(p["place_id"]) for p in answer}
        for item in answer:
            assert {"lat", "lon", "display_name", "importance", "address"} <= set(item)
            assert item["address"]["country_code"] == "ma"
    assert tried >= 20 and found >= tried * 0.8, (found, tried)


def test_search_folds_accents_and_case_and_ands_tokens(sandbox_url: str) -> None:
    def count(**params: str) -> int:
        text = requests.get(f"{sandbox_url}/phone_directory/search", params=params, timeout=10).text
        return int(re.search(r'class="count">(\d+)', text).group(1))

    name = "el"
    assert count(name=name, city="Fès") == count(name=name, city="FES") == count(name=name, city="fes")
    assert count(name=name, city="Casa") == count(name=name, city="Casablanca") > 0
    assert count(name=f"{name} zzzzunknown") == 0


def test_pagination_walks_every_result_once(sandbox_url: str) -> None:
    first = requests.get(f"{sandbox_url}/company_register/browse", timeout=10).text
    total = int(re.search(r'class="count">(\d+)', first).group(1))
    seen, url = [], f"{sandbox_url}/company_register/search?q=sarl&per_page=7"
    count = None
    while url:
        text = requests.get(url, timeout=10).text
        count = int(re.search(r'class="count">(\d+)', text).group(1))
        seen += re.findall(r'/company_register/company/([\w-]+)"', text)
        nxt = re.search(r'class="next" href="([^"]+)"', text)
        url = sandbox_url + nxt.group(1).replace("&amp;", "&") if nxt else ""
    assert count and len(seen) == len(set(seen)) == count <= total


def test_land_titles_by_title_number_in_any_writing(sandbox_url: str, cases: list) -> None:
    """The public route: a title looked up by its number ('TF 123/C', 'T.F. n° 123-C', '123/c')."""
    checked = 0
    for _, truth in cases:
        for title in truth["assets"]["land_titles"][:1]:
            number = title["title_number"]
            bare = number.removeprefix("TF ")
            for written in (number, f"T.F. n° {bare.replace('/', '-')}", bare.lower()):
                found = all_pages(f"{sandbox_url}/land_registry/api/titles", {"title_number": written}, LAND)
                assert [t["record_id"] for t in found] == [title["record_id"]], written
            checked += 1
    assert checked >= 5


def _registry_rc_case(truth: dict, source: str) -> tuple[set[str], set[str]]:
    """(records whose entry for the debtor writes its RC, the debtor's other records there)."""
    links = truth["links"].get(source, [])
    written = {link["record_id"] for link in links if "rc" in link["identifiers_written"]}
    return written, {link["record_id"] for link in links} - written


@pytest.mark.parametrize(("source", "path", "headers"), [
    ("land_registry", "/land_registry/api/titles", LAND),
    ("vehicle_registry", "/vehicle_registry/api/vehicles", VEHICLE),
])
def test_company_holdings_by_rc_and_court(sandbox_url: str, cases: list, source: str, path: str,
                                          headers: dict) -> None:
    """The agreement route names companies by RC + court: found exactly when the entry writes it."""
    wanted_total = 0
    for _, truth in cases:
        if truth["kind"] != "company":
            continue
        written, other = _registry_rc_case(truth, source)
        ids = truth["identifiers"]
        found = {r["record_id"] for r in all_pages(f"{sandbox_url}{path}",
                                                   {"rc": ids["rc"], "tribunal": ids["tribunal"]}, headers)}
        assert written <= found and not other & found, truth["debtor_id"]
        wanted_total += len(written)
    assert wanted_total >= 3
    answer = requests.get(f"{sandbox_url}{path}", params={"rc": "12345"}, headers=headers, timeout=10)
    assert answer.status_code == 400 and "tribunal" in answer.json()["error"]


def test_reverse_phone_search_finds_every_listing_of_a_number(sandbox_url: str, sandbox_world: Path) -> None:
    listings = [json.loads(line) for line in (sandbox_world / "sources" / "phone_directory.jsonl").open()]
    for listing in listings[:40]:
        for phone in listing["phones"]:
            digits = "".join(ch for ch in phone if ch.isdigit())[-9:]
            for written in (phone, f"+212{digits}", f"0{digits[:3]}-{digits[3:]}"):
                text = requests.get(f"{sandbox_url}/phone_directory/search", params={"phone": written,
                                    "per_page": 100}, timeout=10).text
                assert listing["record_id"] in html_ids(text, "data-id"), written
    bad = requests.get(f"{sandbox_url}/phone_directory/search", params={"phone": "12"}, timeout=10)
    assert bad.status_code == 400


def test_register_finds_traders_branches_sigles_and_trade_names(sandbox_url: str, sandbox_world: Path) -> None:
    register = [json.loads(line) for line in (sandbox_world / "sources" / "company_register.jsonl").open()]
    kinds = {r["kind"] for r in register}
    assert {"company", "trader", "branch"} <= kinds
    seen = 0
    for r in register:
        queries = [r["sigle"]] if r["sigle"] else []
        queries += r["trade_names"]
        if r["kind"] == "trader":
            queries.append(r["denomination"])
        for q in queries:
            text = requests.get(f"{sandbox_url}/company_register/search", params={"q": q, "per_page": 100},
                                timeout=10).text
            assert r["record_id"] in re.findall(r'/company_register/company/([\w-]+)"', text), q
            seen += 1
        text = requests.get(f"{sandbox_url}/company_register/search",
                            params={"rc": r["rc_number"], "tribunal": r["rc_tribunal"]}, timeout=10).text
        assert re.findall(r'/company_register/company/([\w-]+)"', text) == [r["record_id"]]
    assert seen >= 5
