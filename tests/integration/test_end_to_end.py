"""Generate, serve, enrich, evaluate: the mission end to end over real HTTP.

Thresholds come from measured runs on sandbox worlds (see the CLI/batch issue's closing note):
they sit below what the matcher reaches, so a regression in matching, connectors or the profile
shows here as a failure, not as noise.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from skiptrace.cli import cli
from skiptrace.evaluate import evaluate_files
from skiptrace.linking.pivots import ENTRY_KEY, MAX_DEPTH, PIVOT_THRESHOLD, VERIFY_FLOOR

pytestmark = pytest.mark.integration
AS_OF = "2026-11-27T09:00:00+00:00"


@pytest.fixture(scope="module")
def enriched(sandbox_world: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    run = tmp_path_factory.mktemp("e2e")
    result = CliRunner().invoke(
        cli,
        [
            "enrich", str(sandbox_world / "portfolio.csv"), "--sandbox", str(sandbox_world),
            "--db", str(run / "store.db"), "--out", str(run / "profiles.jsonl"),
            "--rejects", str(run / "rejects.csv"), "--reports", str(run / "reports"),
            "--operator", "tester", "--purpose", "end-to-end test", "--as-of", AS_OF,
            "--json", "--quiet",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    (run / "summary.json").write_text(result.stdout)
    return run


def test_every_debtor_gets_a_valid_profile_and_a_report(enriched: Path, sandbox_world: Path) -> None:
    summary = json.loads((enriched / "summary.json").read_text())
    truth_ids = {json.loads(line)["debtor_id"] for line in (sandbox_world / "truth.jsonl").open()}
    profiles = [json.loads(line) for line in (enriched / "profiles.jsonl").open()]
    ids = [p["debtor_id"] for p in profiles]
    assert len(ids) == len(set(ids))  # every debtor once
    assert set(ids) <= truth_ids
    assert len(ids) + summary["rejected"] == len(truth_ids)  # and none lost
    assert summary["processed"] == len(profiles) == summary["done"] + summary["partial"] + summary["failed"]
    assert summary["failed"] == 0
    for p in profiles:
        assert (enriched / "reports" / f"{p['debtor_id']}.html").exists()
    for path in (enriched / "store.db", enriched / "profiles.jsonl", enriched / "rejects.csv"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_match_quality_against_the_truth(enriched: Path, sandbox_world: Path) -> None:
    # Measured on this world (seed 7, 60 debtors) when these thresholds were set: precision
    # 0.996, recall 0.840, 1 decoy in 243 links, best address 0.891, best phone 0.855, asset
    # recall 0.949. The bars sit a few points below, so that a regression fails and noise does
    # not (a single extra decoy among ~240 links is 0.4 %).
    report = evaluate_files(enriched / "profiles.jsonl", sandbox_world / "truth.jsonl")
    links = report["links"]
    assert links["precision"] >= 0.95, report
    # recall and asset recall lowered in issue 12 step 2 (registries as they are: titles and
    # vehicle cards name companies by RC + court, some owners and holders without CIN, traders,
    # branches, partners under another manager). Measured on this world before / after: recall
    # 0.840 / 0.642, asset recall 0.949 / 0.455 (precision 0.996 / 0.985, best address 0.891 /
    # 0.825, best phone 0.855 / 0.930). The query planner (issue 12 step 3) is to raise them.
    # Raised with the query planner (issue 12 step 3): measured recall 0.832, asset recall 0.849
    # (precision 0.989, best address 0.860, best phone 0.930, 0 decoys).
    assert links["recall"] >= 0.78, report
    assert report["decoy_link_rate"] <= 0.02, report
    assert report["best_address_accuracy"] >= 0.8, report
    assert report["best_phone_accuracy"] >= 0.75, report
    assert report["asset_recall"] >= 0.78, report


def test_every_enrichment_is_audited_without_full_identifiers(enriched: Path) -> None:
    result = CliRunner().invoke(cli, ["audit", "--db", str(enriched / "store.db"), "--json",
                                      "--limit", "1000"])
    assert result.exit_code == 0, result.output
    entries = json.loads(result.stdout)
    enrich_rows = [e for e in entries if e["action"] == "enrich"]
    profiles = (enriched / "profiles.jsonl").read_text().splitlines()
    assert len(enrich_rows) == len(profiles)
    assert {e["operator"] for e in enrich_rows} == {"tester"}
    assert {e["purpose"] for e in enrich_rows} == {"end-to-end test"}


def test_pivot_rounds_search_only_new_keys_and_say_why(enriched: Path, sandbox_world: Path) -> None:
    """docs/pivots.md: a pivot round searches keys found in confident matches that the debtor's
    own row did not give, and every pivot search, key and record found says where from."""
    profiles = [json.loads(line) for line in (enriched / "profiles.jsonl").open()]
    world = {json.loads(line)["record_id"]: line
             for path in (sandbox_world / "sources").glob("*.jsonl") for line in path.open()}
    assert sum(bool(p.get("pivots")) for p in profiles) >= 5  # thin rows are common
    found_by_pivot = 0
    for p in profiles:
        pivots = p.get("pivots") or []
        own = {i["value"] for i in p["debtor"]["identifiers"] if i["valid"]}
        for key in pivots:
            # a company to verify comes from a weak match: only its register entry is asked;
            # under VERIFY_FLOOR only a notice naming the debtor's name respelled (docs/pivots.md
            # 15); a register entry gives its company from ENTRY_KEY (18), its other keys from 0.9
            floor = (0.0 if key["about"] == "verify" else
                     ENTRY_KEY if key["about"] == "company" else PIVOT_THRESHOLD)
            assert key["probability"] >= floor and key["record_id"] in key["because"]
            if key["about"] == "verify" and key["probability"] < VERIFY_FLOOR:
                assert key["record_id"].startswith("LN-"), key
            if key["about"] == "company" and key["probability"] < PIVOT_THRESHOLD:
                assert key["record_id"].startswith("CR-"), key
            if key["about"] == "notice_spelling":
                # the row's own family name respelled, or a spelling a record of the world wrote
                assert ((key["source"], key["record_id"]) == ("portfolio", p["debtor_id"])
                        or key["record_id"] in world), key
                continue
            assert key["record_id"] in world  # a real record of the world gave it
            if key["key"] != "phone":
                # the unmasked value the record holds is not one the portfolio row gave
                given = {v for v in own if key["value"][:2] == v[:2] and len(v) == len(key["value"])}
                assert not any(v in world[key["record_id"]] for v in given), key
        rounds: dict[int, set[str]] = {}
        for key in pivots:
            # a learned spelling is searched as a name, and as a surname in the city; a company
            # by its RC and court, and on the notices by its name (a transfer prints no RC)
            searched = ({"name", "surname"} if key["about"] == "spelling" else
                        {"rc", "name"} if key["about"] == "company" else
                        {"surname"} if key["about"] == "notice_spelling" else {key["key"]})
            rounds.setdefault(key["round"], set()).update(searched)
        for search in (s for s in p["searches"] if "round" in s):
            assert search["key"] in rounds.get(search["round"], set()), search
            assert "; pivot: " in search["reason"], search
            assert any(k["record_id"] in search["reason"] for k in pivots), search
            if "who may be the debtor" in search["reason"]:  # a verification: the register only,
                # and in the last round the company's notices by the same RC + court
                last = search["round"] == MAX_DEPTH and search["key"] == "rc"
                assert search["source"] == "company_register" or (
                    last and search["source"] == "legal_notices"), search
        for link in p["links"]:
            if "found_by_pivot" in link:
                found_by_pivot += 1
                assert any(k["record_id"] in link["found_by_pivot"] for k in pivots)
    assert found_by_pivot >= 3


def test_a_transfer_of_parts_leads_to_the_register_entry_naming_the_debtor(
        enriched: Path, sandbox_world: Path) -> None:
    """Issue 13: a notice of a transfer of parts (or a liquidation) names a person debtor with
    their CIN but not as manager or partner; the company's register entry, asked by its RC and
    court in the register only, lists the debtor among its partners. This world (seed 7) has two
    such debtors; every register entry a check links is one of the debtor's true companies."""
    profiles = [json.loads(line) for line in (enriched / "profiles.jsonl").open()]
    truth = {t["debtor_id"]: t for t in map(json.loads, (sandbox_world / "truth.jsonl").open())}
    through_checks = 0
    for p in profiles:
        stakes = [k for k in p.get("pivots") or [] if k["about"] == "stake"]
        for search in p["searches"]:
            if "whether they hold parts" in search["reason"]:
                assert search["source"] == "company_register", search
        companies = {x["record_id"] for x in truth[p["debtor_id"]]["links"].get("company_register", [])
                     if x["debtor_role"] in ("manager", "partner")}
        linked = {link["record_id"] for link in p["links"]
                  if link["source"] == "company_register" and any(
                      k["record_id"] in (link.get("found_by_pivot") or "") for k in stakes)}
        assert linked <= companies, (p["debtor_id"], linked)
        through_checks += len(linked)
    assert through_checks >= 1

