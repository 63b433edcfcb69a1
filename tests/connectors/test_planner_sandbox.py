"""Over real HTTP against the sandbox: a company's title written by RC + court is fetched by the
planner's RC + court search and linked to the debtor (matching sees the RC as an identifier)."""

from __future__ import annotations

import json

from skiptrace.connectors import build_connectors
from skiptrace.connectors.http import HttpClient
from skiptrace.connectors.query import DebtorQuery
from skiptrace.intake.load import read_debtors
from skiptrace.linking.scoring import match_records
from skiptrace.profile.params import default_params

from .test_sandbox_sources import sandbox_config


def _rc_titles(sandbox_world):
    """Per (RC number, court): the record ids of titles with an owner entry written by RC and
    without an ICE (unreachable by the old ICE search)."""
    found: dict[tuple[str, str], set[str]] = {}
    path = sandbox_world / "sources" / "land_registry.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        for owner in item["owners"]:
            if owner.get("rc_number") and owner.get("rc_tribunal") and not owner.get("ice"):
                key = (owner["rc_number"], owner["rc_tribunal"].casefold())
                found.setdefault(key, set()).add(item["record_id"])
    return found


def test_company_title_written_by_rc_and_court_is_fetched_and_linked(sandbox_url, sandbox_world):
    truth = {}
    for line in (sandbox_world / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        truth[entry["debtor_id"]] = {link["record_id"]
                                     for link in entry["links"].get("land_registry", [])}
    rc_titles = _rc_titles(sandbox_world)
    land = build_connectors(sandbox_config(sandbox_url), HttpClient(), kinds=("api",))[
        "land_registry"]
    threshold = default_params().reporting_threshold
    checked = 0
    for debtor in read_debtors(sandbox_world / "portfolio.csv"):
        query = DebtorQuery.from_debtor(debtor)
        if debtor.kind != "company" or not (query.rc and query.tribunal):
            continue
        wanted = rc_titles.get((query.rc, query.tribunal.casefold()), set()) & truth[
            debtor.debtor_id]
        if not wanted:
            continue
        result = land.search(query)
        assert result.status == "ok", result.reason
        assert result.searches[0]["key"] == "rc" and result.searches[0]["results"] >= len(wanted)
        got = {r.record_id for r in result.records}
        assert wanted <= got  # fetched
        linked = {m.record.record_id for m in match_records(debtor, result.records)
                  if m.probability >= threshold}
        assert wanted <= linked, (debtor.debtor_id, wanted - linked)  # and linked
        checked += 1
    assert checked >= 1


def test_a_title_writing_the_company_s_ice_is_fetched_without_the_ice_search(
        sandbox_url, sandbox_world):
    """Decision 0057: with the RC + court known, the land registry is not asked the ICE (its
    route has no such search); the company's true titles that write its ICE are fetched by the
    RC + court or the name all the same."""
    truth = {}
    for line in (sandbox_world / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        truth[entry["debtor_id"]] = {link["record_id"]
                                     for link in entry["links"].get("land_registry", [])}
    by_ice: dict[str, set[str]] = {}
    path = sandbox_world / "sources" / "land_registry.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        for owner in item["owners"]:
            if owner.get("ice"):
                by_ice.setdefault(owner["ice"], set()).add(item["record_id"])
    land = build_connectors(sandbox_config(sandbox_url), HttpClient(), kinds=("api",))[
        "land_registry"]
    checked = 0
    for debtor in read_debtors(sandbox_world / "portfolio.csv"):
        query = DebtorQuery.from_debtor(debtor)
        if debtor.kind != "company" or not (query.rc and query.tribunal and query.ice):
            continue
        wanted = by_ice.get(query.ice, set()) & truth[debtor.debtor_id]
        if not wanted:
            continue
        result = land.search(query)
        assert result.status == "ok", result.reason
        assert "ice" not in [s["key"] for s in result.searches]
        assert wanted <= {r.record_id for r in result.records}, debtor.debtor_id
        checked += 1
    assert checked >= 1
