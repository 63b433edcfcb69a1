"""The sandbox's own bulk extracts imported end to end, then answered from the store."""

from __future__ import annotations

import json

import pytest

from skiptrace.config import load_config
from skiptrace.connectors import build_connectors
from skiptrace.connectors.http import HttpClient
from skiptrace.connectors.query import DebtorQuery
from skiptrace.intake.load import read_debtors
from skiptrace.pipeline.importer import import_file
from skiptrace.sandbox.export import export_source
from skiptrace.store import Store

pytestmark = pytest.mark.integration


def _lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def imported(sandbox_world, tmp_path_factory):
    folder = tmp_path_factory.mktemp("extracts")
    store = Store.open(folder / "store.db")
    config = load_config(env={})
    results = {}
    for source in ("land_registry", "vehicle_registry"):
        path = folder / f"{source}.csv"
        export_source(source, sandbox_world, path)
        results[source] = import_file(store, source, path, config=config)
    yield store, config, results
    store.close()


def test_exports_import_whole_with_file_and_row(imported, sandbox_world):
    store, _, results = imported
    titles = _lines(sandbox_world / "sources" / "land_registry.jsonl")
    vehicles = _lines(sandbox_world / "sources" / "vehicle_registry.jsonl")
    land, cars = results["land_registry"], results["vehicle_registry"]
    assert land.rejects == [] and cars.rejects == []
    assert land.source == "land_extract" and cars.source == "vehicle_extract"
    assert len(land.records) == len(titles) and len(cars.records) == len(vehicles)
    assert land.rows == sum(len(t["owners"]) for t in titles)
    assert store.count_records("land_extract") == len(titles)
    first = titles[0]
    record = next(r for r in land.records if r.record_id == first["record_id"])
    assert (record.provenance.file, record.provenance.row) == ("land_registry.csv", 2)
    assert [o["cin"] for o in record.fields["owners"]] == [o["cin"] for o in first["owners"]]
    assert record.fields["charges"] == first["charges"]
    rows = [r.provenance.row for r in land.records]
    assert rows == sorted(rows) and len(set(rows)) == len(rows)


def test_lookups_find_true_records_locally(imported, sandbox_world):
    store, config, _ = imported
    truth = {e["debtor_id"]: e for e in _lines(sandbox_world / "truth.jsonl")}
    local = build_connectors(config, HttpClient(), store, kinds=("file",))
    wanted = found = 0
    for debtor in read_debtors(sandbox_world / "portfolio.csv"):
        query = DebtorQuery.from_debtor(debtor)
        for source, extract in (("land_registry", "land_extract"), ("vehicle_registry", "vehicle_extract")):
            result = local[extract].search(query)
            assert result.status == "ok", result.reason
            got = {r.record_id for r in result.records}
            true_ids = {link["record_id"] for link in truth[debtor.debtor_id]["links"].get(source, [])}
            wanted += len(true_ids)
            found += len(true_ids & got)
    assert wanted > 0 and found / wanted >= 0.85, (found, wanted)
