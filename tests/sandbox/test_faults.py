"""Each fault mode does what docs/sandbox-api.md says, deterministically, and never leaks."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import pytest
import requests

from skiptrace.sandbox import SandboxServer
from skiptrace.sandbox.faults import Faults, make_fault, parse_fault

LAND = {"Authorization": "Bearer sandbox-land-token"}
Factory = Callable[..., SandboxServer]


def land(url: str, **kw: object) -> requests.Response:
    return requests.get(f"{url}/land_registry/api/titles", params={"name": "el"}, headers=LAND,
                        timeout=kw.pop("timeout", 10), **kw)  # type: ignore[arg-type]


def test_status500_fails_exactly_that_share_in_a_fixed_pattern(fresh_sandbox: Factory) -> None:
    server = fresh_sandbox(faults=("land_registry:status500=0.5",))
    codes = [land(server.url).status_code for _ in range(10)]
    assert codes.count(500) == 5 and codes.count(200) == 5
    again = fresh_sandbox(faults=("land_registry:status500=0.5",))
    assert [land(again.url).status_code for _ in range(10)] == codes
    page = requests.get(f"{server.url}/company_register/search", params={"q": "sarl"}, timeout=10)
    assert page.status_code == 200, "other sources are unaffected"


def test_ratelimit_answers_every_other_request_with_retry_after(fresh_sandbox: Factory) -> None:
    server = fresh_sandbox(faults=("*:ratelimit=2",))
    answers = [requests.get(f"{server.url}/phone_directory/search", params={"name": "el"}, timeout=10)
               for _ in range(4)]
    assert [a.status_code for a in answers] == [429, 200, 429, 200]
    assert answers[0].headers["Retry-After"] == "2"


def test_latency_delays_answers(fresh_sandbox: Factory) -> None:
    server = fresh_sandbox()
    server.set_fault("geocoder", "latency", 0.3)
    start = time.monotonic()
    assert requests.get(f"{server.url}/geocoder/search", params={"q": "casablanca"}, timeout=10).ok
    assert time.monotonic() - start >= 0.3


def test_hang_holds_the_connection_past_a_client_timeout(fresh_sandbox: Factory) -> None:
    server = fresh_sandbox(faults=("land_registry:hang=3",))
    with pytest.raises(requests.exceptions.ReadTimeout):
        # connect may wait on a loaded machine; the read is what the fault holds
        land(server.url, timeout=(5, 0.2))


def test_truncate_cuts_json_bodies(fresh_sandbox: Factory) -> None:
    server = fresh_sandbox(faults=("land_registry:truncate=0.5",))
    answer = land(server.url)
    assert answer.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(answer.text)


def test_malformed_cuts_html_mid_tag(fresh_sandbox: Factory) -> None:
    server = fresh_sandbox(faults=("company_register:malformed",))
    answer = requests.get(f"{server.url}/company_register/search", params={"q": "sarl"}, timeout=10)
    assert answer.status_code == 200
    assert "</html>" not in answer.text and answer.text.rstrip().endswith('class="x"')


def test_layout_changes_the_markup_but_not_the_data(fresh_sandbox: Factory) -> None:
    normal = requests.get(f"{fresh_sandbox().url}/company_register/search", params={"q": "sarl"}, timeout=10).text
    server = fresh_sandbox(faults=("company_register:layout",))
    changed = requests.get(f"{server.url}/company_register/search", params={"q": "sarl"}, timeout=10).text
    assert 'class="results"' in normal and 'class="results"' not in changed
    assert 'class="cards"' in changed
    first = normal.split('/company_register/company/')[1].split('"')[0]
    assert first in changed


def test_down_closes_the_connection_without_an_answer(fresh_sandbox: Factory) -> None:
    server = fresh_sandbox(faults=("vehicle_registry:down",))
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(f"{server.url}/vehicle_registry/api/vehicles", params={"cin": "X1"}, timeout=5)


def test_admin_endpoint_sets_lists_and_clears_faults(fresh_sandbox: Factory) -> None:
    server = fresh_sandbox()
    url = f"{server.url}/_admin/faults"
    posted = requests.post(url, json={"source": "land_registry", "mode": "status500", "value": 1.0}, timeout=5)
    assert posted.json()["faults"] == [{"source": "land_registry", "mode": "status500", "value": 1.0}]
    assert land(server.url).status_code == 500
    assert requests.post(url, json={"source": "nowhere", "mode": "down"}, timeout=5).status_code == 400
    assert requests.delete(url, timeout=5).json() == {"faults": []}
    assert land(server.url).status_code == 200
    assert requests.get(url, timeout=5).json() == {"faults": []}


def test_fault_specs_parse_with_defaults_and_reject_nonsense() -> None:
    assert parse_fault("land_registry:status500") == make_fault("land_registry", "status500", 1.0)
    assert parse_fault("*:latency=0.2").value == 0.2
    assert parse_fault("geocoder:layout=7").value is None
    for bad in ("land_registry", "nowhere:down", "geocoder:explode", "geocoder:latency=-1"):
        with pytest.raises(ValueError):
            parse_fault(bad)


def test_a_source_setting_wins_over_the_wildcard() -> None:
    faults = Faults([make_fault("*", "status500", 1.0), make_fault("geocoder", "status500", 0.0)])
    assert faults.decide("land_registry").status500
    assert not faults.decide("geocoder").status500
