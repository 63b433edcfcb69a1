"""A portfolio CIN one character off (issue 12), over real HTTP on 127.0.0.1: the session's
sandbox world (seed 7) copied, one debtor's row given their CIN with its last digit wrong.

The vehicle registry finds a holder by CIN only (DOMAIN §3.2): the mistyped CIN finds nothing
there. The land title that names the debtor, found by name and matched on name and address,
prints the real CIN; the pivot round searches it and the debtor's cards are linked, scored
against the debtor with that CIN (linking/cin_pivots.py).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .one_row import enrich_one_row, portfolio_rows
from .one_row import read_jsonl as _jsonl

pytestmark = pytest.mark.integration


def _titled_holder(world: Path) -> tuple[dict[str, str], str, list[str]]:
    """A person's row whose CIN a land title prints beside the name as the row writes it, and
    who holds vehicle cards under that CIN: (row, title id, card ids)."""
    titles = {r["record_id"]: r for r in _jsonl(world / "sources" / "land_registry.jsonl")}
    cards = {r["record_id"]: r for r in _jsonl(world / "sources" / "vehicle_registry.jsonl")}
    truth = {t["debtor_id"]: t for t in _jsonl(world / "truth.jsonl")}
    for row in portfolio_rows(world):
        links = truth[row["id_debiteur"]]["links"]
        name = f"{row['nom']} {row['prenom']}"
        named = [t["record_id"] for link in links.get("land_registry", [])
                 for t in [titles[link["record_id"]]]
                 if any(o.get("cin") == row["cin"] and o.get("name") == name for o in t["owners"])]
        held = [c["record_id"] for link in links.get("vehicle_registry", [])
                for c in [cards[link["record_id"]]] if (c.get("owner") or {}).get("cin") == row["cin"]]
        if row["cin"] and named and held:
            return row, named[0], held
    raise AssertionError("the seed-7 world has no titled holder to test with")


def _mistyped(cin: str, world: Path) -> str:
    """The CIN with its last digit wrong, printed nowhere in the world."""
    text = "".join(p.read_text("utf-8") for p in (world / "sources").glob("*.jsonl"))
    for digit in "0123456789":
        typo = cin[:-1] + digit
        if typo != cin and typo not in text:
            return typo
    raise AssertionError("no free typo")


def _own_register_entries(world: Path, debtor_id: str, cin: str) -> set[str]:
    """The debtor's own register entries (a sole trader's) that print ``cin``: with the
    trader's seat and number theirs (linking/parties.py), such an entry is confirmed by other
    evidence than the name and may carry the correction as well as the title."""
    entries = {r["record_id"]: r for r in _jsonl(world / "sources" / "company_register.jsonl")}
    truth = {t["debtor_id"]: t for t in _jsonl(world / "truth.jsonl")}
    return {link["record_id"] for link in truth[debtor_id]["links"].get("company_register", [])
            if link.get("debtor_role") == "subject"
            and any(m.get("cin") == cin for m in entries[link["record_id"]].get("managers") or ())}


def test_a_cin_one_character_off_is_corrected_by_the_title_and_finds_the_cards(
        sandbox_world: Path, tmp_path: Path) -> None:
    world = tmp_path / "world"
    shutil.copytree(sandbox_world, world)
    (world / "index.sqlite").unlink(missing_ok=True)
    row, title_id, card_ids = _titled_holder(world)
    real = row["cin"]
    printing = {title_id} | _own_register_entries(world, row["id_debiteur"], real)
    row["cin"] = _mistyped(real, world)
    profile = enrich_one_row(world, row, tmp_path, "cin pivot test")
    [pivot] = [k for k in profile["pivots"] if k["key"] == "cin"]
    assert pivot["record_id"] in printing and pivot["round"] == 1
    title_id = pivot["record_id"]  # the record that carried the correction
    assert pivot["because"].startswith(f"the portfolio's CIN {row['cin'][:2]}")
    assert "one character from" in pivot["because"] and title_id in pivot["because"]
    assert real not in json.dumps(profile["pivots"]) + json.dumps(profile["searches"])  # masked
    by_cin = [s for s in profile["searches"]  # (a trader's entry also pivots to its RC)
              if s["source"] == "vehicle_registry" and s.get("round") == 1 and s.get("key") == "cin"]
    assert by_cin and all("one character from" in s["reason"] for s in by_cin)
    linked = {x["record_id"]: x for x in profile["links"]}
    for card in card_ids:
        assert card in linked, card
        assert title_id in linked[card]["found_by_pivot"]
        # no surer than the title (the pivot's probability is rounded to 4 places)
        assert linked[card]["probability"] <= pivot["probability"] + 5e-5
