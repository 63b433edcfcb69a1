"""A change set: the same world some months later, so that monitoring is tested end to end.

``change_world(world, out, seed)`` copies a generated world into ``out`` and changes five
debtors' records there, one change each (docs/sandbox.md "Change sets"):

- ``new_title``: a person debtor acquires a land title (a new land_registry record, owned
  alone, written with the debtor's CIN as the registry wrote their other title);
- ``seizure``: a seizure (saisie conservatoire) is registered on another person debtor's title
  that none burdened yet;
- ``move``: a person debtor's phone directory listing moves to another address of the city
  (a debtor whose portfolio row gives the phone the directory is searched by);
- ``closure``: an active company debtor is struck off the register (status ``radiée``);
- ``successor``: the same company's manager constitutes a new company with the same phone and
  seat (a register entry and a constitution notice, as the generator writes successors).

The generator is not touched (its rates and its worlds for existing seeds stay byte-identical):
this is an extra step on its output, reading and writing the world files only. Candidates are
chosen among debtors whose records name them by CIN (and whose portfolio row carries a correct
one), so that the change concerns a debtor the sources really find. ``changes.json`` is the
answer key: each change with its debtor, the records written or edited, and the event types a
monitor must report for it (``expected``; ``may_also`` lists the knock-on events a change can
bring, such as a new segment). Same world and seed, same change set.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from skiptrace.sandbox.ids import ice_check
from skiptrace.sandbox.sink import dumps, private_open
from skiptrace.sandbox.tables import tables

CHANGES = ("new_title", "seizure", "move", "closure", "successor")
ANSWER_KEY = "changes.json"
COPIED = ("portfolio.csv", "truth.jsonl", "manifest.json")
CIN_DEFECTS = frozenset({"cin_typo", "missing_cin"})
COMPANY_DEFECTS = frozenset({"ice_typo", "ice_leading_zeros_dropped", "missing_rc"})
CHANGED_AT = "2026-11-20T08:00:00Z"  # after every generated date (the generator stops at EPOCH)
SEIZURE = {"type": "saisie_conservatoire", "amount": 180000.0,
           "beneficiary": "Trésorerie Générale du Royaume", "date": "2026-11-12"}
SUCCESSOR_CREATED = "2026-10-05"
FIRST_FREE = 900_000_000  # new record ids from here up (the generator's are a permutation below)


class NoCandidate(ValueError):
    """The world has no debtor fit for one of the changes (too small a world)."""


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _write(path: Path, records: dict[str, dict[str, Any]]) -> None:
    with private_open(path) as fh:
        for record_id in sorted(records):
            fh.write(dumps(records[record_id]) + "\n")


class _World:
    """The world's truth and the sources a change set edits, by record id."""

    EDITED = ("company_register", "land_registry", "legal_notices", "phone_directory")

    def __init__(self, world: Path) -> None:
        self.truth = list(_lines(world / "truth.jsonl"))
        self.sources = {s: {r["record_id"]: r for r in _lines(world / "sources" / f"{s}.jsonl")}
                        for s in self.EDITED}
        self.linked = {rid for t in self.truth for links in t["links"].values() for rid in
                       (link["record_id"] for link in links)}

    def new_id(self, source: str, prefix: str) -> str:
        taken = self.sources[source]
        number = FIRST_FREE
        while f"{prefix}-{number}" in taken:
            number += 1
        return f"{prefix}-{number}"

    def links(self, debtor: dict[str, Any], source: str) -> list[dict[str, Any]]:
        return list(debtor["links"].get(source) or [])


def _clean_persons(world: _World) -> list[dict[str, Any]]:
    return [t for t in world.truth if t["kind"] == "person" and t["findable"]
            and (t["identifiers"].get("cin")) and not CIN_DEFECTS & set(t["portfolio_defects"])]


def _titles_by_cin(world: _World, debtor: dict[str, Any]) -> list[dict[str, Any]]:
    """The debtor's titles whose owner entry writes the debtor's CIN and that no seizure
    burdens yet (a second seizure would change nothing a profile shows)."""
    titles = [world.sources["land_registry"][link["record_id"]]
              for link in world.links(debtor, "land_registry")
              if "cin" in link.get("identifiers_written", [])]
    return [t for t in titles if not any(str(c.get("type", "")).startswith("saisie")
                                         for c in t.get("charges") or [])]


def _owner_entry(title: dict[str, Any], cin: str) -> dict[str, Any]:
    return next(o for o in title["owners"] if o.get("cin") == cin)


def _seizure(world: _World, debtor: dict[str, Any]) -> dict[str, Any]:
    title = _titles_by_cin(world, debtor)[0]
    title["charges"] = [*title["charges"], dict(SEIZURE)]
    title["updated_at"] = CHANGED_AT
    return {"records": [title["record_id"]], "expected": ["title_charge_new"]}


def _new_title(world: _World, debtor: dict[str, Any]) -> dict[str, Any]:
    template = _titles_by_cin(world, debtor)[0]
    record_id = world.new_id("land_registry", "LR")
    number, _, suffix = template["title_number"].removeprefix("TF ").partition("/")
    numbers = {t["title_number"] for t in world.sources["land_registry"].values()}
    new_number = int(number) + 1
    while f"TF {new_number}/{suffix}" in numbers:
        new_number += 1
    owner = {**_owner_entry(template, debtor["identifiers"]["cin"]), "share": "1"}
    world.sources["land_registry"][record_id] = {
        **template, "record_id": record_id, "title_number": f"TF {new_number}/{suffix}",
        "property_name": f"{template.get('property_name') or 'BLED'} II", "owners": [owner],
        "charges": [], "updated_at": CHANGED_AT}
    return {"records": [record_id], "expected": ["asset_new"]}


def _listing(world: _World, debtor: dict[str, Any]) -> dict[str, Any] | None:
    return next((world.sources["phone_directory"][link["record_id"]]
                 for link in world.links(debtor, "phone_directory")
                 if link["role"] == "listing"), None)


def _destinations(world: _World, listing: dict[str, Any]) -> list[str]:
    """Addresses of strangers' listings in the same city: where the debtor may move."""
    city = str(listing.get("city") or "").casefold()
    return sorted({r["address"] for r in world.sources["phone_directory"].values()
                   if r["record_id"] not in world.linked and r.get("address")
                   and str(r.get("city") or "").casefold() == city
                   and r["address"] != listing.get("address")})


def _movers(world: _World, persons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Listed debtors with somewhere to move, whose portfolio row gives their phone (the
    directory is searched by it: a listing found before the move is found after it)."""
    found = []
    for debtor in persons:
        if "missing_phone" in debtor["portfolio_defects"]:
            continue
        listing = _listing(world, debtor)
        if listing is not None and _destinations(world, listing):
            found.append(debtor)
    return found


def _move(world: _World, debtor: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    listing = _listing(world, debtor)
    if listing is None:  # movers are chosen among listed debtors (_movers)
        raise NoCandidate(f"{debtor['debtor_id']} has no directory listing to move")
    listing["address"] = rng.choice(_destinations(world, listing))
    listing["updated_at"] = CHANGED_AT
    return {"records": [listing["record_id"]], "expected": ["address_new"],
            "may_also": ["address_lost"]}


def _register_entry(world: _World, debtor: dict[str, Any]) -> dict[str, Any] | None:
    for link in world.links(debtor, "company_register"):
        entry = world.sources["company_register"][link["record_id"]]
        if (link["debtor_role"] == "subject" and entry.get("kind") == "company"
                and entry.get("status") == "active" and not entry.get("main_establishment")
                and any(m.get("cin") for m in entry.get("managers") or [])
                and entry.get("phones")):
            return entry
    return None


def _closing_companies(world: _World) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    found = []
    for t in world.truth:
        if t["kind"] == "company" and t["findable"] and not (
                COMPANY_DEFECTS & set(t["portfolio_defects"])):
            entry = _register_entry(world, t)
            if entry is not None:
                found.append((t, entry))
    return found


def _closure(entry: dict[str, Any]) -> dict[str, Any]:
    entry["status"] = "radiée"
    entry["updated_at"] = CHANGED_AT
    return {"records": [entry["record_id"]], "expected": ["company_status_changed"]}


def _free_number(taken: set[str], start: int) -> str:
    number = start
    while str(number) in taken:
        number += 1
    return str(number)


def _successor(world: _World, entry: dict[str, Any]) -> dict[str, Any]:
    register = world.sources["company_register"]
    record_id = world.new_id("company_register", "CR")
    rc = _free_number({r["rc_number"] for r in register.values()
                       if r.get("rc_tribunal") == entry["rc_tribunal"]}, 900_000)
    ice13 = _free_number({r["ice"][:13] for r in register.values() if r.get("ice")},
                         int("9" + entry["ice"][1:9] + "0000"))
    denomination = f"NOUVELLE {entry['denomination']}"
    successor = {
        **entry, "record_id": record_id, "denomination": denomination, "sigle": None,
        "trade_names": [], "old_names": [], "rc_number": rc, "ice": ice13 + ice_check(ice13),
        "if_number": _free_number({r.get("if_number") or "" for r in register.values()},
                                  90_000_000),
        "created": SUCCESSOR_CREATED, "status": "active", "updated_at": CHANGED_AT}
    register[record_id] = successor
    notice_id = world.new_id("legal_notices", "LN")
    world.sources["legal_notices"][notice_id] = _constitution(notice_id, successor)
    return {"records": [record_id, notice_id], "expected": ["successor_new"]}


def _constitution(record_id: str, company: dict[str, Any]) -> dict[str, Any]:
    """The successor's constitution notice, in the generator's first wording."""
    spec = tables().notices["constitution"]
    forms = {f["form"]: f["long"] for f in tables().companies["legal_forms"]}
    manager = company["managers"][0]
    partners = " ; ".join(f"{p['name']} : {p['shares']} parts"
                          for p in company.get("partners") or [] if p.get("name"))
    capital = float(company.get("capital") or 100000)
    shares = int(company.get("total_shares") or 1000)
    values = {
        "denomination": company["denomination"], "legal_form": company["legal_form"],
        "legal_form_long": forms.get(company["legal_form"], "société"),
        "objet": "la poursuite des activités de l'ancienne société", "sigle_text": "",
        "address": company.get("address") or "", "city": company["city"],
        "capital": _amount(capital), "total_shares": shares,
        "part_value": _amount(capital / shares), "partners_text": partners or manager["name"],
        "manager": manager["name"], "manager_cin": manager["cin"],
        "manager_address": f"{company.get('address') or ''}, {company['city']}",
        "co_manager": "", "tribunal": company["rc_tribunal"], "rc": company["rc_number"],
        "act_date": "05/10/2026", "deposit_date": "20/10/2026", "deposit_no": 77001}
    return {"record_id": record_id, "title": spec["title"].format(**values),
            "published": "2026-10-28", "journal": tables().companies["journals"][0],
            "text": spec["texts"][0].format(**values), "updated_at": CHANGED_AT}


def _amount(value: float) -> str:
    whole, cents = f"{value:,.2f}".split(".")
    return f"{whole.replace(',', ' ')},{cents}"


def change_world(world: Path, out: Path, seed: int = 0) -> dict[str, Any]:
    """Write ``world`` changed by a change set into ``out`` (a new directory); returns the
    answer key, also written to ``out/changes.json``."""
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty: a change set writes a new world")
    data = _World(world)
    rng = random.Random(f"changes:{seed}")
    persons = _clean_persons(data)
    owners = [t for t in persons if _titles_by_cin(data, t)]
    listed = _movers(data, persons)
    companies = _closing_companies(data)
    if len(owners) < 2 or not listed or not companies:
        raise NoCandidate("the world is too small for a change set (two person debtors with a "
                          "title, one listed, one active company debtor with a manager)")
    seized, acquirer = rng.sample(owners, 2)
    mover = rng.choice([t for t in listed if t not in (seized, acquirer)] or listed)
    closing, entry = rng.choice(companies)
    changes = [
        {"change": "new_title", "debtor_id": acquirer["debtor_id"], **_new_title(data, acquirer)},
        {"change": "seizure", "debtor_id": seized["debtor_id"], **_seizure(data, seized)},
        {"change": "move", "debtor_id": mover["debtor_id"], **_move(data, mover, rng)},
        {"change": "closure", "debtor_id": closing["debtor_id"], **_closure(entry)},
        {"change": "successor", "debtor_id": closing["debtor_id"], **_successor(data, entry)},
    ]
    for change in changes:
        change.setdefault("may_also", [])
        change["may_also"] = sorted({*change["may_also"], "segment_changed"})
    (out / "sources").mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        if (world / name).exists():
            shutil.copyfile(world / name, out / name)
            (out / name).chmod(0o600)
    for source in (world / "sources").glob("*.jsonl"):
        if source.stem in data.sources:
            _write(out / "sources" / source.name, data.sources[source.stem])
        else:
            shutil.copyfile(source, out / "sources" / source.name)
            (out / "sources" / source.name).chmod(0o600)
    key = {"format_version": 1, "world": str(world.name), "seed": seed, "changes": changes}
    with private_open(out / ANSWER_KEY) as fh:
        fh.write(json.dumps(key, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    return key


__all__ = ["ANSWER_KEY", "CHANGES", "NoCandidate", "change_world"]
