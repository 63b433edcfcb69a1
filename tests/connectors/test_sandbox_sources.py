"""The API connectors against the real sandbox: true records, provenance, every fault mode.

Queries come from the world's portfolio.csv rows (through the intake), and what counts as a
debtor's true record comes from the world's truth.jsonl, never from the connectors.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace

import pytest
import requests

from skiptrace.config import Config, load_config
from skiptrace.connectors import build_connectors
from skiptrace.connectors.http import HttpClient
from skiptrace.connectors.query import DebtorQuery
from skiptrace.connectors.runner import run_sources
from skiptrace.connectors.sources import check_sources, list_sources
from skiptrace.intake.load import read_debtors

from .conftest import wait_for

pytestmark = pytest.mark.integration
API = ("land_registry", "vehicle_registry", "geocoder")
FAST = {"timeout": 1.0, "connect_timeout": 0.5, "read_timeout": 0.5, "retries": 2,
        "backoff": 0.01, "backoff_max": 0.05, "breaker_failures": 3, "breaker_cooldown": 0.3}
# for tests of what a slow or rate-limited source answers, not of the budget: room for a land
# plan of 8 requests at 50 ms each, or 0.2 s waits, on a loaded machine
ROOMY = {**FAST, "timeout": 4.0, "read_timeout": 1.0}


def sandbox_config(url: str, env: dict[str, str] | None = None, **settings) -> Config:
    config = load_config(env={"SKIPTRACE_SANDBOX_URL": url, **(env or {})})
    sources = {n: replace(c, **settings) if c.kind == "api" else c for n, c in config.sources.items()}
    return replace(config, sources=sources)


def _rc_key(number, court):
    """An RC is a key only with its court (DOMAIN.md §1.3: unique within its tribunal)."""
    return f"RC {number} {court.casefold()}" if number and court else None


@pytest.fixture(scope="module")
def world_identifiers(sandbox_world):
    """Per (source, record id): the CIN/ICE values its owners carry in the world's files."""
    carried = {}
    for source in ("land_registry", "vehicle_registry"):
        path = sandbox_world / "sources" / f"{source}.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            owners = item.get("owners") or [item.get("owner") or {}]
            carried[(source, item["record_id"])] = {
                v for o in owners for v in (o.get("cin"), o.get("ice"), _rc_key(o.get("rc_number"),
                                                                               o.get("rc_tribunal"))) if v
            }
    return carried


@pytest.fixture(scope="module")
def world_queries(sandbox_world):
    truth = {}
    for line in (sandbox_world / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        truth[entry["debtor_id"]] = entry
    debtors = list(read_debtors(sandbox_world / "portfolio.csv"))
    assert len(debtors) >= 50
    return [(DebtorQuery.from_debtor(d), truth[d.debtor_id]) for d in debtors]


def _true_ids(entry, source):
    return {link["record_id"] for link in entry["links"].get(source, [])}


def test_true_records_come_back_with_full_provenance(sandbox_url, world_queries, world_identifiers):
    config = sandbox_config(sandbox_url)
    connectors = build_connectors(config, HttpClient(), kinds=("api",))
    assert sorted(connectors) == sorted(API)
    found = {s: 0 for s in API}
    wanted = {s: 0 for s in API}
    by_identifier_missed = []
    for query, entry in world_queries:
        records, statuses = run_sources(query, connectors)
        assert all(s.status == "ok" for s in statuses), statuses
        got = {(r.source, r.record_id) for r in records}
        for source in API:
            true_ids = _true_ids(entry, source)
            wanted[source] += len(true_ids)
            found[source] += len({(source, i) for i in true_ids} & got)
            keys = {query.cin if query.kind == "person" else query.ice, _rc_key(query.rc, query.tribunal)}
            for record_id in true_ids if source != "geocoder" else ():
                if keys & world_identifiers[(source, record_id)] and (source, record_id) not in got:
                    by_identifier_missed.append((source, record_id))
        for record in records:
            prov = record.provenance
            assert prov.source == record.source and prov.record_id and prov.retrieved_at.tzinfo
            assert prov.url.startswith(f"{sandbox_url}/{record.source}/")
    # every true title / vehicle that carries the row's CIN, ICE or RC + court: what a one-pass
    # search can reach is always found; the ratios below also count what only pivots (an RC the
    # register gives) or nothing (a card with no identifier) can reach
    assert by_identifier_missed == []
    # Lowered in issue 12 step 2 (registries as they are): titles and cards now name companies by
    # RC + court (ICE on 15-20 % only) and leave out a person's CIN on 25 % / 12 % of entries,
    # which today's CIN/ICE searches cannot reach. Measured on the seed-7 world: land 40/41 (0.98)
    # before, 21/40 (0.53) after; vehicles 54/56 (0.96) before, 24/59 (0.41) after. The query
    # planner (issue 12 step 3) is to raise them again.
    # Raised by the query planner (issue 12 step 3: CIN, RC + court, ICE, name + city, surname +
    # city on the land registry; CIN, RC + court, ICE on vehicles): measured land 38/40 (0.95),
    # vehicles 49/59 (0.83); the rest are holders with no identifier or debtors whose row has none.
    # Vehicles 0.78 -> 0.72 when the sandbox gave each company its own name (docs/decisions/0008):
    # that drew the seed-7 world anew, with 41 of 54 cards reachable in one pass (13 missed: 8
    # cards naming a company by an RC its row lacks, 5 with no identifier or a row with none).
    assert found["land_registry"] / wanted["land_registry"] >= 0.90
    assert found["vehicle_registry"] / wanted["vehicle_registry"] >= 0.72
    assert found["geocoder"] > 0


def test_provenance_url_finds_the_record_again(sandbox_url, world_queries):
    config = sandbox_config(sandbox_url)
    land = build_connectors(config, HttpClient(), kinds=("api",))["land_registry"]
    query = next(q for q, entry in world_queries if q.cin and _true_ids(entry, "land_registry"))
    record = land.search(query).records[0]
    answer = requests.get(
        record.provenance.url, headers={"Authorization": "Bearer sandbox-land-token"}, timeout=2
    )
    assert answer.status_code == 200 and answer.json()["record_id"] == record.record_id
    assert answer.json()["title_number"] == record.fields["title_number"]


FAULTS = [
    ("status500", 1.0, "failed", "HTTP 500"),
    ("hang", 3.0, "failed", "ReadTimeout"),  # read_timeout 0.5 < the 3 s hang
    ("truncate", 0.5, "failed", "invalid JSON"),
    ("down", None, "failed", "connection error"),
]


@pytest.mark.parametrize("source", API)
@pytest.mark.parametrize(("mode", "value", "status", "reason"), FAULTS)
def test_fault_modes_give_a_status_and_a_reason_in_time(
    fresh_sandbox, world_queries, source, mode, value, status, reason
):
    server = fresh_sandbox(faults=(f"{source}:{mode}" + (f"={value}" if value else ""),))
    connector = build_connectors(sandbox_config(server.url, **FAST), HttpClient())[source]
    query = next(q for q, _ in world_queries if q.cin and q.addresses)
    started = time.monotonic()
    result = connector.search(query)
    elapsed = time.monotonic() - started
    assert result.status == status and reason in result.reason
    assert elapsed < FAST["timeout"] + 0.75  # the budget, plus room for a loaded machine


@pytest.mark.parametrize("source", API)
def test_rate_limited_source_is_retried_after_retry_after(fresh_sandbox, world_queries, source):
    server = fresh_sandbox(faults=(f"{source}:ratelimit=0.2",))
    # a roomier budget than FAST's 1 s: every other request waits 0.2 s, and a land plan may
    # ask its surname's spellings (decision 0023); the budget itself is the fault-mode test's
    connector = build_connectors(sandbox_config(server.url, **ROOMY), HttpClient())[source]
    query = next(q for q, _ in world_queries if q.cin and q.addresses)
    result = connector.search(query)
    assert result.status == "ok" and result.requests >= 2


def test_latency_fault_still_answers(fresh_sandbox, world_queries):
    server = fresh_sandbox(faults=("*:latency=0.05",))
    connectors = build_connectors(sandbox_config(server.url, **ROOMY), HttpClient(),
                                  kinds=("api",))
    query = next(q for q, entry in world_queries if q.cin and _true_ids(entry, "land_registry"))
    _, statuses = run_sources(query, connectors)
    assert [s.status for s in statuses] == ["ok", "ok", "ok"]


def test_breaker_opens_on_a_dead_source_and_closes_when_it_heals(fresh_sandbox, world_queries):
    server = fresh_sandbox(faults=("land_registry:down",))
    land = build_connectors(sandbox_config(server.url, **FAST), HttpClient())["land_registry"]
    query = next(q for q, _ in world_queries if q.cin)
    assert land.search(query).status == "failed"
    skipped = land.search(query)
    assert "circuit open" in skipped.reason and skipped.requests == 0
    server.clear_faults()
    wait_for(lambda: land.client.breaker.state == "half-open", 3.0)
    assert land.search(query).status == "ok" and land.client.breaker.state == "closed"


def test_wrong_credentials_fail_unauthorized(sandbox_url, world_queries):
    env = {"SKIPTRACE_LAND_TOKEN": "wrong", "SKIPTRACE_VEHICLE_KEY": "wrong"}
    connectors = build_connectors(sandbox_config(sandbox_url, env), HttpClient(), kinds=("api",))
    query = next(q for q, _ in world_queries if q.cin)
    _, statuses = run_sources(query, connectors)
    by_source = {s.source: s for s in statuses}
    for source in ("land_registry", "vehicle_registry"):
        assert by_source[source].status == "failed" and "unauthorized" in by_source[source].reason
    assert by_source["geocoder"].status == "ok"


def test_sources_list_and_check_against_the_sandbox(sandbox_url):
    config = sandbox_config(sandbox_url, {"SKIPTRACE_VEHICLE_KEY": "wrong"})
    rows = {row["name"]: row for row in list_sources(config)}
    assert rows["land_registry"]["credentials"] == "sandbox default (SKIPTRACE_LAND_TOKEN unset)"
    assert rows["vehicle_registry"]["credentials"] == "from SKIPTRACE_VEHICLE_KEY"
    assert "wrong" not in json.dumps(rows)
    health = {h.source: h for h in check_sources(config)}
    assert health["land_registry"].reachable and health["land_registry"].auth_ok is True
    assert health["vehicle_registry"].reachable and health["vehicle_registry"].auth_ok is False
    assert health["geocoder"].reachable and health["geocoder"].latency_ms is not None
    assert health["company_register"].reachable
    assert health["land_extract"].detail.endswith("a file source needs the store")
