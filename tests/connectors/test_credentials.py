"""Issue 10 item 3: a credential (and a debtor's identifiers) go to the origin a source is
configured for, and nowhere else — not after a redirect either.

Two loopback servers on two ports: A is the configured source, B "another host". A answers a
redirect to B (or to itself); B records whatever reaches it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import requests

from skiptrace.config import Config, SourceConfig, parse_config
from skiptrace.connectors import build_connectors
from skiptrace.connectors.http import HttpClient, SourceClient
from skiptrace.connectors.query import DebtorQuery
from skiptrace.connectors.sources import check_sources
from skiptrace.errors import SourceError
from tests.security.test_crawler_site import Site

from .conftest import person

TOKEN = "land-secret-token-7f3a"
API_KEY = "vehicle-secret-key-91c2"
CIN = "BK100001"
PAGE = json.dumps({"count": 0, "page": 1, "per_page": 50, "results": []})


def registry() -> Site:
    """A registry's answers: empty pages for the APIs, an empty list for the geocoder."""
    site = Site()
    for path in ("/land_registry/api/titles", "/vehicle_registry/api/vehicles"):
        site.pages[path] = site.pages["/landed" + path] = PAGE
    site.pages["/geocoder/search"] = site.pages["/landed/geocoder/search"] = "[]"
    return site


@pytest.fixture
def servers() -> Iterator[tuple[Site, Site]]:
    with registry() as a, registry() as b:
        yield a, b


def config_at(url: str) -> Config:
    """A real (non-sandbox) config: credentials from the environment, for ``url`` only."""
    text = f"""
[sources.land_registry]
base_url = "{url}/land_registry"
token_env = "LAND_TOKEN"
retries = 0
[sources.vehicle_registry]
base_url = "{url}/vehicle_registry"
token_env = "VEHICLE_KEY"
retries = 0
[sources.geocoder]
base_url = "{url}/geocoder"
retries = 0
[sources.company_register]
kind = "web"
base_url = "{url}/company_register"
"""
    return parse_config(text, {"LAND_TOKEN": TOKEN, "VEHICLE_KEY": API_KEY})


def leaked(server: Site) -> list[str]:
    """What of the secrets and the debtor reached ``server``."""
    found = []
    for path, headers in server.seen:
        text = path + json.dumps(headers)
        found += [s for s in (TOKEN, API_KEY, CIN, "Zerktouni") if s in text]
    return found


def test_a_redirect_to_another_port_gets_no_credential_and_no_cin(servers):
    a, b = servers
    a.redirect_all = b.url  # A sends every request on to B, path and query (the CIN) kept
    connectors = build_connectors(config_at(a.url), HttpClient(session=requests.Session()))
    query = DebtorQuery.from_debtor(person(cin=CIN))
    for name in ("land_registry", "vehicle_registry", "geocoder"):
        result = connectors[name].search(query)
        assert result.status == "failed", name
        assert "redirected to another origin (http://127.0.0.1:" in (result.reason or "")
        assert CIN not in (result.reason or "")  # the reason names the origin, not the URL
    assert b.seen == [] and leaked(b) == []
    # A (the configured origin) did get them: the test would notice a source that sent nothing
    headers = [h for _, h in a.seen]
    assert any(h.get("Authorization") == f"Bearer {TOKEN}" for h in headers)
    assert any(h.get("X-API-Key") == API_KEY for h in headers)


@pytest.mark.parametrize("status", [301, 303, 307, 308])
def test_every_redirect_status_is_held_to_the_origin(servers, status):
    a, b = servers
    a.redirect_all, a.status = b.url, status
    land = build_connectors(config_at(a.url), HttpClient(session=requests.Session()))
    assert land["land_registry"].search(DebtorQuery.from_debtor(person(cin=CIN))).status == "failed"
    assert b.seen == []


def test_a_redirect_within_the_origin_is_followed_with_the_credentials(servers):
    a, _ = servers
    a.redirect_all = f"{a.url}/landed"  # same scheme, host and port
    land = build_connectors(config_at(a.url), HttpClient(session=requests.Session()))
    result = land["land_registry"].search(DebtorQuery.from_debtor(person(cin=CIN)))
    assert result.status == "ok", result.reason
    landed = [(p, h) for p, h in a.seen if p.startswith("/landed")]
    # the plan's searches are asked side by side (connectors/ahead.py): in any order
    assert any(f"cin={CIN}" in path for path, _ in landed)
    assert all(h.get("Authorization") == f"Bearer {TOKEN}" for _, h in landed)


def test_sources_check_probes_do_not_follow_a_redirect_elsewhere(servers):
    a, b = servers
    a.redirect_all = b.url
    health = {h.source: h for h in check_sources(config_at(a.url),
                                                  HttpClient(session=requests.Session()))}
    for name in ("land_registry", "vehicle_registry", "geocoder", "company_register"):
        assert not health[name].reachable, name
        assert "another origin" in health[name].detail, (name, health[name].detail)
    assert b.seen == []


def test_a_client_never_sends_to_a_url_outside_its_origin(servers):
    a, b = servers
    cfg = SourceConfig(name="land_registry", base_url=f"{a.url}/land_registry", retries=0)
    client = SourceClient(cfg, requests.Session())
    for url in (f"{b.url}/land_registry/api/titles", f"https://127.0.0.1:{a.server_address[1]}/x",
                "file:///etc/hostname"):
        with pytest.raises(SourceError, match="refused to send a request to"):
            client.get_json(url, {"cin": CIN}, {"Authorization": f"Bearer {TOKEN}"})
    assert a.seen == [] and b.seen == []
