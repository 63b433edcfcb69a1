"""Issue 10 item 10c: absurd integer query parameters answer 400 (or are clamped), never 500.

Over real HTTP against the session sandbox (tests/conftest.py ``sandbox_url``)."""

from __future__ import annotations

import pytest
import requests

LAND = {"Authorization": "Bearer sandbox-land-token"}
VEHICLE = {"X-API-Key": "sandbox-vehicle-key"}
HUGE = "99999999999999999999"  # past SQLite's 64-bit integers
ENDPOINTS = [
    ("/company_register/search", {"q": "sarl"}, {}),
    ("/company_register/browse", {}, {}),
    ("/phone_directory/search", {"name": "el"}, {}),
    ("/phone_directory/browse", {}, {}),
    ("/legal_notices/search", {"q": "sarl"}, {}),
    ("/legal_notices/browse", {}, {}),
    ("/land_registry/api/titles", {"name": "el"}, LAND),
    ("/vehicle_registry/api/vehicles", {"cin": "BK123456"}, VEHICLE),
]


def get(url: str, params: dict, headers: dict) -> requests.Response:
    return requests.get(url, params=params, headers=headers, timeout=10)


@pytest.mark.parametrize(("path", "params", "headers"), ENDPOINTS,
                         ids=[e[0].strip("/").replace("/", "-") for e in ENDPOINTS])
@pytest.mark.parametrize("page", [HUGE, "1000000001", "9" * 5000, "-1", "0", "x"])
def test_sandbox_params_absurd_page_is_a_400_with_a_message(sandbox_url: str, path: str,
                                                             params: dict, headers: dict,
                                                             page: str) -> None:
    answer = get(sandbox_url + path, {**params, "page": page}, headers)
    assert answer.status_code == 400, answer.text[:200]
    assert "page" in answer.json()["error"]


@pytest.mark.parametrize(("path", "params", "headers"), ENDPOINTS,
                         ids=[e[0].strip("/").replace("/", "-") for e in ENDPOINTS])
def test_sandbox_params_last_allowed_page_is_an_empty_page(sandbox_url: str, path: str,
                                                            params: dict, headers: dict) -> None:
    answer = get(sandbox_url + path, {**params, "page": "1000000000", "per_page": HUGE}, headers)
    assert answer.status_code == 200
    if path.startswith(("/land_registry", "/vehicle_registry")):
        body = answer.json()
        assert body["results"] == [] and body["per_page"] == 100 and body["page"] == 1000000000
    else:
        assert 'class="next"' not in answer.text


def test_sandbox_params_huge_geocoder_limit_is_clamped(sandbox_url: str) -> None:
    answer = get(sandbox_url + "/geocoder/search", {"q": "Casablanca", "limit": HUGE,
                                                   "format": "jsonv2"}, {})
    assert answer.status_code == 200 and len(answer.json()) <= 50
    bad = get(sandbox_url + "/geocoder/search", {"q": "Casablanca", "limit": "9" * 5000}, {})
    assert bad.status_code == 400 and "limit" in bad.json()["error"]


def test_admin_with_a_content_length_that_is_no_number_answers_400(fresh_sandbox) -> None:  # type: ignore[no-untyped-def]
    import http.client
    from urllib.parse import urlsplit

    server = fresh_sandbox()
    where = urlsplit(server.url)
    for length in ("abc", "-5", str(1 << 40)):
        conn = http.client.HTTPConnection(where.hostname, where.port, timeout=5)
        conn.putrequest("POST", "/_admin/faults")
        conn.putheader("Content-Length", length)
        conn.endheaders()
        answer = conn.getresponse()
        assert answer.status == 400, length
        assert "bad fault" in answer.read().decode()
        conn.close()
