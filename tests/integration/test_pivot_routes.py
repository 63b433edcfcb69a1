"""Routes to the companies behind a person that no search by person offers (issue 13), over
real HTTP on 127.0.0.1: the session's sandbox world (seed 7) copied and cut so that only the
route under test reaches the company.

The register's public route searches denominations, ICE and RC numbers, never a person
(docs/sources.md, "Access routes"): a manager's company is reached through what names it. Here
the notices that print its RC are taken out of the copy, so the only way left is the directory's
reverse search on the debtor's number, which finds the company's listing (a manager often gives
the company their own mobile), and the listing's name searched in the register.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from .one_row import enrich_one_row, portfolio_rows
from .one_row import read_jsonl as _jsonl

pytestmark = pytest.mark.integration


def _digits(phone: str) -> str:
    return "".join(c for c in phone if c.isdigit())[-9:]


def _listed_manager(world: Path) -> tuple[str, str, dict[str, Any], dict[str, Any]]:
    """A person debtor managing a company whose directory listing gives one of the debtor's
    own numbers: (debtor id, that number, the register entry, the listing)."""
    register = {r["record_id"]: r for r in _jsonl(world / "sources" / "company_register.jsonl")}
    listings = [r for r in _jsonl(world / "sources" / "phone_directory.jsonl")
                if r.get("kind") == "business"]
    for truth in _jsonl(world / "truth.jsonl"):
        if truth["kind"] != "person":
            continue
        own = {_digits(p): p for p in truth.get("phones") or []}
        for link in truth["links"].get("company_register", []):
            entry = register[link["record_id"]]
            if link["debtor_role"] != "manager":
                continue
            shared = {_digits(p) for p in entry.get("phones") or []} & set(own)
            for listing in listings:
                number = shared & {_digits(p) for p in listing.get("phones") or []}
                if number:
                    return truth["debtor_id"], own[number.pop()], entry, listing
    raise AssertionError("the seed-7 world has no company listed at its manager's number")


def _cut_world(world: Path, target: Path
               ) -> tuple[dict[str, str], dict[str, Any], dict[str, Any]]:
    """A copy where no notice prints the company's RC, and the debtor's row giving that number
    (to be enriched alone)."""
    shutil.copytree(world, target)
    (target / "index.sqlite").unlink(missing_ok=True)
    debtor_id, number, entry, listing = _listed_manager(target)
    notices = target / "sources" / "legal_notices.jsonl"
    kept = [n for n in _jsonl(notices) if entry["rc_number"] not in n.get("text", "")]
    notices.write_text("".join(json.dumps(n, ensure_ascii=False) + "\n" for n in kept), "utf-8")
    [row] = [r for r in portfolio_rows(target) if r["id_debiteur"] == debtor_id]
    row["telephone"] = number
    return row, entry, listing


def test_a_company_listed_at_the_managers_number_is_found_through_its_listing(
        sandbox_world: Path, tmp_path: Path) -> None:
    world = tmp_path / "world"
    row, entry, listing = _cut_world(sandbox_world, world)
    profile = enrich_one_row(world, row, tmp_path, "pivot routes test")
    assert profile["debtor_id"] == row["id_debiteur"]
    [key] = [k for k in profile["pivots"] if k["about"] == "listed_company"]
    assert key["record_id"] == listing["record_id"] and key["key"] == "name"
    searches = [s for s in profile["searches"] if listing["record_id"] in s["reason"]]
    assert searches and {s["source"] for s in searches} == {"company_register"}
    [link] = [x for x in profile["links"] if x["record_id"] == entry["record_id"]]
    assert link["role"] in ("manager", "partner") and link["probability"] >= 0.9  # both, often
    assert listing["record_id"] in link["found_by_pivot"]
    # the listing itself stays what it is: the company's, not linked to the person
    assert not [x for x in profile["links"] if x["record_id"] == listing["record_id"]]
