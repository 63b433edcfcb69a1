"""Give a party its footprint in the sources: titles, vehicles, a company with its notices.

Each helper writes the records and reports their ids, so the caller can file them under the
debtor's links (true) or decoys (someone else's), with the role they play.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from skiptrace.sandbox import notices
from skiptrace.sandbox.entities import Company, Person, make_address, make_person
from skiptrace.sandbox.records import Builders
from skiptrace.sandbox.tables import between, pick

PRICE_HINT = {"appartement": 900_000, "villa": 3_000_000, "maison": 1_200_000,
              "local commercial": 800_000, "bureau": 1_500_000, "terrain nu": 1_000_000,
              "terrain agricole": 600_000}


def written_ids(entry: dict[str, Any]) -> list[str]:
    """Which identifiers a registry entry writes for its owner or holder: cin, ice, rc."""
    return [k for k, field in (("cin", "cin"), ("ice", "ice"), ("rc", "rc_number")) if entry.get(field)]


def land_titles(b: Builders, rng: random.Random, owner: Person | Company, n: int,
                home_first: bool = True) -> list[tuple[str, str, str, str, list[str]]]:
    """``n`` titles where ``owner`` holds the first share; co-owners are relatives or others.
    Returns (record_id, title_number, share, nature, identifiers written for ``owner``)."""
    out = []
    for i in range(n):
        nature = b.t.natures.pick(rng)
        if isinstance(owner, Company) and nature["nature"] in ("villa", "maison"):
            nature = {"nature": "local commercial", "m2": [40, 400]}
        pattern = ["1/1"] if isinstance(owner, Company) else pick(rng, b.t.land["share_patterns"])
        holders: list[tuple[Person | Company, str]] = [(owner, pattern[0])]
        for share in pattern[1:]:
            family = owner.family if isinstance(owner, Person) and rng.random() < 0.6 else None
            co = make_person(rng, b.t, b.ids, owner.address.city, family=family)
            holders.append((co, share))
        rng.shuffle(holders)
        at_home = home_first and i == 0 and nature["nature"] in ("appartement", "maison", "villa")
        address = owner.address if at_home else make_address(rng, b.t, owner.address.city)
        charges = b.charges(rng, PRICE_HINT[nature["nature"]])
        rid, number, entries = b.land_title(rng, holders, nature, address, charges)
        mine = next(e for (who, _), e in zip(holders, entries, strict=True) if who is owner)
        out.append((rid, number, pattern[0], nature["nature"], written_ids(mine)))
    return out


def vehicles(b: Builders, rng: random.Random, owner: Person | Company, n: int,
             utility: bool = False) -> list[tuple[str, str, str, list[str]]]:
    """``n`` vehicles; companies lean to vans and trucks.
    Returns (record_id, plate, model, identifiers written for the holder)."""
    out = []
    for _ in range(n):
        model = b.t.models.pick(rng)
        if utility and model["genre"] == "VP" and rng.random() < 0.5:
            model = b.t.models.pick(rng)
        rid, plate, holder = b.vehicle(rng, owner, model)
        out.append((rid, plate, f"{model['make']} {model['model']}", written_ids(holder)))
    return out


def company_footprint(b: Builders, rng: random.Random, c: Company, *, listing: float = 0.5) -> dict[str, list[str]]:
    """Register entry, notices (constitution, renaming, moves, cessions, dissolution), a listing.
    Returns record ids by kind: register, notices, listing."""
    out: dict[str, list[str]] = {"register": [b.company(rng, c)], "notices": [], "listing": []}
    if rng.random() < 0.7:
        out["notices"].append(notices.constitution(b, rng, c))
    if c.old_name:
        out["notices"].append(notices.renaming(b, rng, c))
    if c.old_address is not None and c.moved_on is not None:
        out["notices"].append(notices.transfer(b, rng, c, c.old_address, c.moved_on))
    persons = [h for h, _ in c.partners if isinstance(h, Person)]
    if len(persons) >= 2 and rng.random() < 0.3:
        out["notices"].append(notices.cession(b, rng, c, persons[-1], persons[0], between(rng, 10, 200)))
    if rng.random() < 0.1:
        out["notices"].append(notices.new_manager(b, rng, c, make_person(rng, b.t, b.ids, c.address.city)))
    if c.status != "active":
        out["notices"].append(notices.dissolution(b, rng, c))
    if rng.random() < listing:
        out["listing"].append(b.listing(rng, c))
    return out


def file_footprint(footprint: dict[str, list[str]], record: Callable[[str, str, str], None],
                   labels: dict[str, str]) -> None:
    """Hand each record id of a company footprint to ``record(source, record_id, label)``, with
    the label given for its kind (register, notices, listing)."""
    sources = {"register": "company_register", "notices": "legal_notices", "listing": "phone_directory"}
    for kind, ids in footprint.items():
        for rid in ids:
            record(sources[kind], rid, labels[kind])
