"""Issue 12 step 4: the sandbox's bulk extracts imported, then searched through the store with
the local plan, find at least what the live API path finds for the same debtors (retrieved
share of the world's true links, truth.jsonl), and a vehicle whose holder carries no
identifier, unreachable live, is found locally by name + city.

Measured with this plan (retrieved / true links; live = the API connectors on the sandbox):
seed 7, 60 debtors: land owner live 0.952 local 1.000, co-owner 0.947 / 1.000; vehicle holder
0.831 / 0.949 (before the plan, local: the same on this seed). Seeds 11 and 23 (300 debtors):
vehicle holder live 0.787 / 0.800, local 0.925 / 0.915; land co-owner live 0.918 / 0.851, local
1.000 / 1.000; land owner live 0.904 / 0.931, local 0.856 / 0.793 — the land CSV extract has no
owner RC columns, so a company title written by RC + court only is found live and not locally.
"""

from __future__ import annotations

import pytest

from skiptrace.config import load_config
from skiptrace.connectors import build_connectors
from skiptrace.connectors.http import HttpClient
from skiptrace.connectors.query import DebtorQuery
from skiptrace.intake.load import read_debtors
from skiptrace.pipeline.importer import import_file
from skiptrace.sandbox.export import export_source
from skiptrace.store import Store

from .test_sandbox_extracts import _lines
from .test_sandbox_sources import sandbox_config

pytestmark = pytest.mark.integration
PAIRS = (("land_registry", "land_extract"), ("vehicle_registry", "vehicle_extract"))


@pytest.fixture(scope="module")
def local_store(sandbox_world, tmp_path_factory):
    folder = tmp_path_factory.mktemp("recall")
    store = Store.open(folder / "store.db")
    for source, _ in PAIRS:
        path = folder / f"{source}.csv"
        export_source(source, sandbox_world, path)
        import_file(store, source, path, config=load_config(env={}))
    yield store
    store.close()


def test_local_recall_at_least_live(local_store, sandbox_world, sandbox_url):
    truth = {e["debtor_id"]: e for e in _lines(sandbox_world / "truth.jsonl")}
    live = build_connectors(sandbox_config(sandbox_url), HttpClient(), kinds=("api",))
    local = build_connectors(load_config(env={}), HttpClient(), local_store, kinds=("file",))
    found = {(mode, source): 0 for mode in ("live", "local") for source, _ in PAIRS}
    wanted = dict.fromkeys((source for source, _ in PAIRS), 0)
    for debtor in read_debtors(sandbox_world / "portfolio.csv"):
        query = DebtorQuery.from_debtor(debtor)
        for source, extract in PAIRS:
            true_ids = {link["record_id"] for link in truth[debtor.debtor_id]["links"].get(source, [])}
            wanted[source] += len(true_ids)
            for mode, connector in (("live", live[source]), ("local", local[extract])):
                result = connector.search(query)
                assert result.status == "ok", (mode, source, result.reason)
                found[mode, source] += len(true_ids & {r.record_id for r in result.records})
                if mode == "local":
                    assert result.searches
                    for entry in result.searches:
                        assert set(entry) == {"key", "value", "reason", "results"}
                        assert "*" in entry["value"] or not entry["value"]
    for source, _ in PAIRS:
        assert wanted[source] > 0
        assert found["local", source] >= found["live", source], (source, found, wanted)


def test_vehicle_without_identifier_found_by_name_and_city(local_store, sandbox_world, sandbox_url):
    vehicles = {v["record_id"]: v for v in _lines(sandbox_world / "sources" / "vehicle_registry.jsonl")}
    truth = {e["debtor_id"]: e for e in _lines(sandbox_world / "truth.jsonl")}
    live = build_connectors(sandbox_config(sandbox_url), HttpClient(), kinds=("api",))
    local = build_connectors(load_config(env={}), HttpClient(), local_store, kinds=("file",))
    checked = 0
    for debtor in read_debtors(sandbox_world / "portfolio.csv"):
        bare = {link["record_id"] for link in truth[debtor.debtor_id]["links"].get("vehicle_registry", [])
                if not any(vehicles[link["record_id"]]["owner"].get(k)
                           for k in ("cin", "ice", "rc_number"))}
        if not bare:
            continue
        query = DebtorQuery.from_debtor(debtor)
        live_ids = {r.record_id for r in live["vehicle_registry"].search(query).records}
        result = local["vehicle_extract"].search(query)
        assert not bare & live_ids  # unreachable live: no name search on that route
        assert bare <= {r.record_id for r in result.records}, debtor.debtor_id
        assert any(s["key"] in ("name", "surname") and s["results"] for s in result.searches)
        checked += 1
    assert checked >= 1
