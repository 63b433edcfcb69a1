"""Credentials, conditional requests, robots.txt, detail pages and the JSON API shapes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import requests

LAND = {"Authorization": "Bearer sandbox-land-token"}
VEHICLE = {"X-API-Key": "sandbox-vehicle-key"}


def first(world: Path, source: str) -> dict:
    with (world / "sources" / f"{source}.jsonl").open(encoding="utf-8") as handle:
        return json.loads(handle.readline())


def test_wrong_or_missing_credentials_get_401(sandbox_url: str) -> None:
    titles = f"{sandbox_url}/land_registry/api/titles"
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "sandbox-land-token"}):
        answer = requests.get(titles, params={"cin": "BK1"}, headers=headers, timeout=5)
        assert answer.status_code == 401 and answer.json() == {"error": "unauthorized"}
    cars = f"{sandbox_url}/vehicle_registry/api/vehicles"
    assert requests.get(cars, params={"cin": "BK1"}, headers={"X-API-Key": "x"}, timeout=5).status_code == 401
    assert requests.get(cars, params={"cin": "BK1"}, headers=VEHICLE, timeout=5).status_code == 200


def test_json_search_needs_a_criterion(sandbox_url: str) -> None:
    answer = requests.get(f"{sandbox_url}/land_registry/api/titles", headers=LAND, timeout=5)
    assert answer.status_code == 400


def test_title_detail_and_if_modified_since(sandbox_url: str, sandbox_world: Path) -> None:
    title = first(sandbox_world, "land_registry")
    url = f"{sandbox_url}/land_registry/api/titles/{title['record_id']}"
    answer = requests.get(url, headers=LAND, timeout=5)
    assert answer.json() == title
    modified = answer.headers["Last-Modified"]
    again = requests.get(url, headers={**LAND, "If-Modified-Since": modified}, timeout=5)
    assert again.status_code == 304 and again.content == b""
    older = requests.get(url, headers={**LAND, "If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}, timeout=5)
    assert older.status_code == 200


def test_company_detail_page_has_the_contract_fields(sandbox_url: str, sandbox_world: Path) -> None:
    company = first(sandbox_world, "company_register")
    answer = requests.get(f"{sandbox_url}/company_register/company/{company['record_id']}", timeout=5)
    html = answer.text
    assert answer.status_code == 200 and "Last-Modified" in answer.headers
    for cls in ("denomination", "legal-form", "capital", "address", "rc-number", "rc-tribunal", "ice",
                "if", "created", "status"):
        assert f'class="{cls}"' in html, cls
    assert re.search(r'class="capital">[\d ]+,\d\d MAD<', html)
    assert f'class="ice">{company["ice"]}<' in html
    assert html.count('class="name"') == len(company["managers"]) + len(company["partners"])
    missing = requests.get(f"{sandbox_url}/company_register/company/CR-000000000", timeout=5)
    assert missing.status_code == 404
    notice = first(sandbox_world, "legal_notices")
    page = requests.get(f"{sandbox_url}/legal_notices/notice/{notice['record_id']}", timeout=5).text
    assert f'datetime="{notice["published"]}"' in page


def test_robots_txt_allows_all_but_admin(sandbox_url: str) -> None:
    text = requests.get(f"{sandbox_url}/robots.txt", timeout=5).text
    assert "User-agent: *" in text and "Disallow: /_admin/" in text and "Crawl-delay" not in text


def test_geocoder_speaks_nominatim(sandbox_url: str, sandbox_world: Path) -> None:
    place = first(sandbox_world, "geocoder")
    answer = requests.get(f"{sandbox_url}/geocoder/search", timeout=5,
                          params={"q": place["display_name"], "format": "jsonv2", "limit": 1}).json()
    assert len(answer) == 1 and answer[0]["place_id"] == place["place_id"]
    assert "record_id" not in answer[0]
    assert requests.get(f"{sandbox_url}/geocoder/search", params={"q": "zzzz"}, timeout=5).json() == []


def test_unknown_paths_are_404(sandbox_url: str) -> None:
    assert requests.get(f"{sandbox_url}/nowhere", timeout=5).status_code == 404
    assert requests.get(f"{sandbox_url}/company_register/nothing", timeout=5).status_code == 404
