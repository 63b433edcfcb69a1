"""A partner listed under another transcription of their family name (issue 13), over real HTTP
on 127.0.0.1: the session's sandbox world (seed 7) copied, the constitution notice of a company
one person debtor holds parts in rewritten to spell the family name otherwise ("ENACIRI" for the
portfolio's "ENNACIRI"), the company's other notices naming the debtor taken out.

The notices' token search never finds the respelled name under the portfolio's, and the
register has no search by person: the only route left is the family name transcribed otherwise
in the notices of the debtor's city (linking/notice_spellings.py), then the check of the
company's register entry, which lists each partner with their CIN.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from spiders.querying import respellings, without_particle

from .one_row import enrich_one_row, portfolio_rows
from .one_row import read_jsonl as _jsonl

pytestmark = pytest.mark.integration


def _listed_partner(world: Path) -> tuple[dict[str, str], dict[str, Any], dict[str, Any], str]:
    """A person debtor with a CIN, partner of a company whose notice writes their family name
    as the portfolio does: (row, register entry, that notice, the name's first respelling)."""
    register = {r["record_id"]: r for r in _jsonl(world / "sources" / "company_register.jsonl")}
    notices = _jsonl(world / "sources" / "legal_notices.jsonl")
    rows = {r["id_debiteur"]: r for r in portfolio_rows(world)}
    for truth in _jsonl(world / "truth.jsonl"):
        row = rows.get(truth["debtor_id"])
        if truth["kind"] != "person" or row is None or not row["cin"] or not row["nom"]:
            continue
        spellings = respellings(without_particle(row["nom"]))
        for link in truth["links"].get("company_register", []):
            entry = register[link["record_id"]]
            if link["debtor_role"] != "partner" or not spellings:
                continue
            naming = [n for n in notices if entry["rc_number"] in n["text"]
                      and re.search(rf"\b{re.escape(row['nom'])}\b", n["text"])]
            if naming:
                return row, entry, naming[0], spellings[0]
    raise AssertionError("the seed-7 world has no partner named in a notice to test with")


def _respelled_world(world: Path, target: Path
                     ) -> tuple[dict[str, str], dict[str, Any], dict[str, Any], str]:
    """A copy where the partner's notice spells the family name otherwise and no other notice
    prints their CIN or names them in that company."""
    shutil.copytree(world, target)
    (target / "index.sqlite").unlink(missing_ok=True)
    row, entry, notice, spelling = _listed_partner(target)
    path = target / "sources" / "legal_notices.jsonl"
    kept = []
    for n in _jsonl(path):
        if n["record_id"] == notice["record_id"]:
            n = {**n, "text": re.sub(rf"\b{re.escape(row['nom'])}\b", spelling, n["text"])}
        elif row["cin"] in n["text"] or entry["rc_number"] in n["text"]:
            continue
        kept.append(n)
    path.write_text("".join(json.dumps(n, ensure_ascii=False) + "\n" for n in kept), "utf-8")
    return row, entry, notice, spelling


def test_a_partner_spelled_otherwise_is_found_through_the_spelling_and_the_check(
        sandbox_world: Path, tmp_path: Path) -> None:
    world = tmp_path / "world"
    row, entry, notice, spelling = _respelled_world(sandbox_world, world)
    profile = enrich_one_row(world, row, tmp_path, "partner spelling test")
    keys = [k for k in profile["pivots"] if k["about"] == "notice_spelling"]
    assert spelling in [k["value"] for k in keys] and {k["round"] for k in keys} == {1}
    searched = [s for s in profile["searches"] if "notices may also transcribe" in s["reason"]]
    assert {s["source"] for s in searched} == {"legal_notices"}  # the notices only
    assert {s["key"] for s in searched} == {"surname"} and len(searched) >= len(keys)
    assert {s["round"] for s in searched} == {1}
    [check] = [k for k in profile["pivots"] if k["about"] == "verify"]
    assert check["record_id"] == notice["record_id"] and check["round"] == 2
    [link] = [x for x in profile["links"] if x["record_id"] == entry["record_id"]]
    assert link["role"] == "partner" and link["probability"] >= 0.9
    assert notice["record_id"] in link["found_by_pivot"]
