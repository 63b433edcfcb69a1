"""One debtor's story: who they are, what the sources say about them, and the answer key.

A self-employed person (TNS) or a company, sometimes moved, with titles, vehicles and company
stakes in the proportions a CNSS portfolio shows; ~10 % leave nothing to find at all. A closed
company debtor may live on in a successor company, and look-alikes surround company debtors
(successors.py). The company a person debtor manages or holds shares in may own a title and
vehicles of its own: second-degree assets (rates: second_degree), not the debtor's.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from skiptrace.sandbox import assets, decoys, portfolio, successors
from skiptrace.sandbox.companies import denomination, make_company, rename_and_move
from skiptrace.sandbox.entities import Company, Person, make_address, make_person, move, random_date
from skiptrace.sandbox.ids import ice_check
from skiptrace.sandbox.records import Builders
from skiptrace.sandbox.tables import between, pick
from skiptrace.sandbox.truth import Truth

P_COMPANY = 0.6


def _stake(b: Builders, rng: random.Random, p: Person, c: Company, truth: Truth) -> tuple[str, str]:
    """The company's register entry and notices, filed as the person debtor's links.
    Returns the register record id and the debtor's role in the company (manager, partner)."""
    footprint = assets.company_footprint(b, rng, c)
    shares = next((s for h, s in c.partners if h is p), 0)
    role = "manager" if any(m is p for m in c.managers) else "partner"
    for rid in footprint["register"]:
        truth.link("company_register", rid, role, role)
        truth.company_stakes.append({"record_id": rid, "denomination": c.denomination, "role": role,
                                     "shares": shares, "total_shares": c.total_shares,
                                     "capital": c.capital})
    for rid in footprint["notices"]:
        truth.link("legal_notices", rid, "named", role)
    return footprint["register"][0], role


def _stream(rng: random.Random, name: str, debtor_id: str) -> random.Random:
    """A random stream of its own: one draw from a copy of the debtor's RNG (the debtor's RNG
    itself is left where it is), with the stream's name and the debtor id."""
    probe = random.Random()
    probe.setstate(rng.getstate())
    return random.Random(f"{name}:{debtor_id}:{probe.random()}")


def _company_assets(b: Builders, rng: random.Random, c: Company, via: str, role: str, truth: Truth,
                    debtor_id: str) -> None:
    """Second-degree assets (rates: second_degree): a title and vehicles the company ``c`` owns,
    written as for a company debtor's, filed as the debtor's ``second_degree_assets`` (``via``
    the company's register record id, ``role`` the debtor's in it), never as links. Drawn from
    a stream of their own, so the debtor's draws are the same with or without them."""
    srng = _stream(rng, "second_degree", debtor_id)
    rates = b.t.rates["second_degree"]
    if srng.random() < rates["company_title"]:
        for rid, *_ in assets.land_titles(b, srng, c, 1):
            truth.second_degree("land_registry", rid, via, role)
    if srng.random() < rates["company_vehicle"]:
        for rid, *_ in assets.vehicles(b, srng, c, between(srng, 1, 2), utility=True):
            truth.second_degree("vehicle_registry", rid, via, role)


def _company_of(b: Builders, rng: random.Random, p: Person) -> Company:
    """A company the person debtor manages, or (rates: stakes) holds shares in under another."""
    city = p.address.city
    if rng.random() < b.t.rates["stakes"]["person_partner_not_manager"]:
        manager = make_person(rng, b.t, b.ids, city)
        sarl = next(f for f in b.t.legal_forms.items if f["form"] == "SARL")
        return make_company(rng, b.t, b.ids, city, manager, legal_form=sarl, partner=p)
    return make_company(rng, b.t, b.ids, city, p)


def _trader(b: Builders, rng: random.Random, p: Person, truth: Truth) -> None:
    """The self-employed debtor registered as a trader (personne physique) on the RC."""
    rates = b.t.rates["register"]
    trade = None
    if rng.random() < rates["trader_trade_name"]:
        activity = pick(rng, b.t.companies["activities"])
        # a trader's enseigne is granted like a company's name (docs/decisions/0008)
        trade = denomination(rng, b.t, b.ids, activity, p.family, p.address.city)
    created = random_date(rng, date(2000, 1, 1), date(2025, 6, 30))
    truth.link("company_register", b.trader(rng, p, trade, created), "subject", "subject")


def _branch(b: Builders, rng: random.Random, c: Company, truth: Truth) -> None:
    """A secondary establishment at another court, with its own RC and ICE establishment 0002."""
    city = b.t.cities.pick(rng)
    if city["tribunal"] == c.tribunal:
        return
    address = make_address(rng, b.t, city)
    ice = c.ice[:9] + "0002"
    ice += ice_check(ice)
    rid = b.branch(rng, c, address, b.ids.rc_number(city["tribunal"]), ice)
    truth.link("company_register", rid, "subject", "subject")


def _titles(b: Builders, rng: random.Random, owner: Person | Company, n: int, truth: Truth) -> None:
    for rid, number, share, nature, written in assets.land_titles(b, rng, owner, n):
        truth.link("land_registry", rid, "owner", "owner" if share == "1/1" else "co-owner", written)
        truth.land_titles.append({"record_id": rid, "title_number": number, "share": share,
                                  "nature": nature})


def _vehicles(b: Builders, rng: random.Random, owner: Person | Company, n: int, truth: Truth,
              utility: bool = False) -> None:
    for rid, plate, model, written in assets.vehicles(b, rng, owner, n, utility):
        truth.link("vehicle_registry", rid, "owner", "holder", written)
        truth.vehicles.append({"record_id": rid, "plate": plate, "model": model})


def _places(b: Builders, rng: random.Random, who: Person | Company, truth: Truth) -> None:
    truth.link("geocoder", b.place(rng, who.address), "current_address")
    if who.old_address is not None:
        truth.link("geocoder", b.place(rng, who.old_address), "previous_address")


def person_debtor(b: Builders, rng: random.Random, debtor_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    p = make_person(rng, b.t, b.ids, b.t.cities.pick(rng), born=(1950, 1998))
    if rng.random() < 0.35:
        p.phones.append(b.ids.mobile())
    if rng.random() < 0.3:
        move(rng, b.t, p, other_city=rng.random() < 0.3)
    truth = Truth(debtor_id, "person")
    stake: tuple[Company, str, str] | None = None
    if rng.random() < 0.9:
        _places(b, rng, p, truth)
        if rng.random() < 0.75:
            truth.link("phone_directory", b.listing(rng, p), "listing")
        if p.old_address is not None and rng.random() < 0.35:
            old = b.listing(rng, p, address=p.old_address, phones=p.phones[:1])
            truth.link("phone_directory", old, "old_listing")
        _titles(b, rng, p, pick(rng, (0, 0, 0, 1, 1, 2)), truth)
        _vehicles(b, rng, p, pick(rng, (0, 0, 1, 1, 2)), truth)
        if rng.random() < 0.25:
            c = _company_of(b, rng, p)
            rename_and_move(rng, b.t, b.ids, c)
            stake = (c, *_stake(b, rng, p, c, truth))
        if rng.random() < b.t.rates["register"]["person_debtor_trader"]:
            _trader(b, rng, p, truth)
    decoys.person_decoys(b, rng, p, truth)
    row = portfolio.person_row(rng, debtor_id, p, truth)
    if stake is not None:  # its own stream: the debtor's draws above are the same with or without it
        _company_assets(b, rng, *stake, truth, debtor_id)
    return row, truth.to_dict(p)


def company_debtor(b: Builders, rng: random.Random, debtor_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    city = b.t.cities.pick(rng)
    manager = make_person(rng, b.t, b.ids, city, born=(1955, 1995))
    c = make_company(rng, b.t, b.ids, city, manager)
    rename_and_move(rng, b.t, b.ids, c)
    truth = Truth(debtor_id, "company")
    findable = rng.random() < 0.92
    if findable:
        _places(b, rng, c, truth)
        footprint = assets.company_footprint(b, rng, c, listing=0.55)
        assets.file_footprint(footprint, truth.link,
                              {"register": "subject", "notices": "subject", "listing": "listing"})
        _titles(b, rng, c, pick(rng, (0, 0, 0, 0, 1, 1, 2)), truth)
        _vehicles(b, rng, c, pick(rng, (0, 0, 1, 1, 2, 3)), truth, utility=True)
        if rng.random() < b.t.rates["register"]["company_branch"]:
            _branch(b, rng, c, truth)
    decoys.company_decoys(b, rng, c, truth)
    row = portfolio.company_row(rng, debtor_id, c, truth)
    if findable:  # its own stream: the debtor's draws above are the same with or without it
        successors.company_successors(b, rng, c, truth, debtor_id)
    return row, truth.to_dict(c)


def debtor(b: Builders, rng: random.Random, debtor_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A debtor of either kind, with its background strangers."""
    story = company_debtor if rng.random() < P_COMPANY else person_debtor
    result = story(b, rng, debtor_id)
    for _ in range(pick(rng, (0, 1, 1, 2))):
        decoys.background(b, rng)
    return result
