"""Legal announcements as full French text, from the wordings in data/notices.yml.

The world file stores only the finished text (never the fields): a connector must read people,
CIN, addresses and capital out of prose, as it would from a real journal.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from skiptrace.sandbox import render_names as rn
from skiptrace.sandbox import render_places as rp
from skiptrace.sandbox.entities import EPOCH, Address, Company, Person, random_date
from skiptrace.sandbox.records import Builders
from skiptrace.sandbox.tables import between, pick


def french_amount(value: float) -> str:
    """100000 -> '100 000,00' (French grouping, decimal comma)."""
    whole, cents = f"{value:,.2f}".split(".")
    return f"{whole.replace(',', ' ')},{cents}"


def _person(rng: random.Random, p: Person) -> str:
    title = "M." if p.sex == "M" else "Mme"
    return f"{title} {rn.person_name(rng, p, p_variant=0.3, allow_missing_first=False)}"


def rc_reference(rng: random.Random, b: Builders, c: Company) -> str:
    """The company's RC reference in one of the layouts journals use (rates: notices)."""
    layout = b.t.rc_layouts.pick(rng)["text"]
    return layout.format(rc=c.rc, tribunal=c.tribunal, tribunal_ar=b.t.city_by_name[c.tribunal]["ar"])


def _co_manager(rng: random.Random, c: Company) -> str:
    if len(c.managers) < 2:
        return ""
    co = c.managers[1]
    return (f" et {_person(rng, co)}, titulaire de la CIN n° {co.cin}, demeurant à "
            f"{rp.full_text(rng, co.address, p_postcode=0.2)},")


def _values(rng: random.Random, b: Builders, c: Company, act: date) -> dict[str, Any]:
    manager = c.managers[0]
    parts = []
    for holder, shares in c.partners:
        label = _person(rng, holder) if isinstance(holder, Person) else holder.denomination
        parts.append(f"{label} : {shares} parts")
    return {
        "denomination": c.denomination, "legal_form": rn.legal_form_text(rng, c),
        "legal_form_long": c.legal_form["long"], "objet": c.activity["objet"],
        "address": rp.address_line(rng, c.address), "city": rp.city_text(rng, c.address.city, 0.2),
        "capital": french_amount(c.capital), "total_shares": c.total_shares,
        "part_value": french_amount(c.capital / c.total_shares),
        "partners_text": " ; ".join(parts), "manager": _person(rng, manager),
        "manager_cin": manager.cin, "manager_address": rp.full_text(rng, manager.address, p_postcode=0.2),
        "tribunal": c.tribunal, "rc": c.rc, "rc_ref": rc_reference(rng, b, c),
        "sigle_text": f" (sigle : {c.sigle})" if c.sigle else "", "co_manager": _co_manager(rng, c),
        "act_date": act.strftime("%d/%m/%Y"),
        "deposit_date": (act + timedelta(days=between(rng, 5, 40))).strftime("%d/%m/%Y"),
        "deposit_no": between(rng, 1000, 99999),
    }


def _write(b: Builders, rng: random.Random, kind: str, values: dict[str, Any], act: date) -> str:
    spec = b.t.notices[kind]
    title = spec["title"].format(**values)
    text = pick(rng, spec["texts"]).format(**values)
    published = min(EPOCH, act + timedelta(days=between(rng, 10, 60)))
    return b.notice(rng, title, text, published)


def constitution(b: Builders, rng: random.Random, c: Company) -> str:
    values = _values(rng, b, c, c.created)
    if c.old_name:
        values["denomination"] = c.old_name
    if c.old_address:
        values["address"] = rp.address_line(rng, c.old_address)
        values["city"] = rp.city_text(rng, c.old_address.city, 0.2)
    return _write(b, rng, "constitution", values, c.created)


def transfer(b: Builders, rng: random.Random, c: Company, old: Address, on: date) -> str:
    values = _values(rng, b, c, on)
    values["old_address"] = rp.address_line(rng, old)
    values["old_city"] = rp.city_text(rng, old.city, 0.2)
    return _write(b, rng, "transfert_siege", values, on)


def renaming(b: Builders, rng: random.Random, c: Company) -> str:
    values = _values(rng, b, c, random_date(rng, c.created, EPOCH))
    values["old_name"] = c.old_name
    return _write(b, rng, "denomination_change", values, c.created + timedelta(days=400))


def cession(b: Builders, rng: random.Random, c: Company, cedant: Person, to: Person, parts: int) -> str:
    act = random_date(rng, c.created, EPOCH)
    values = _values(rng, b, c, act)
    values.update(cedant=_person(rng, cedant), cedant_cin=cedant.cin, cessionnaire=_person(rng, to),
                  cessionnaire_cin=to.cin, nb_parts=parts,
                  cessionnaire_address=rp.full_text(rng, to.address, p_postcode=0.2))
    return _write(b, rng, "cession_parts", values, act)


def new_manager(b: Builders, rng: random.Random, c: Company, old: Person) -> str:
    act = random_date(rng, c.created, EPOCH)
    values = _values(rng, b, c, act)
    values["old_manager"] = _person(rng, old)
    return _write(b, rng, "changement_gerant", values, act)


def dissolution(b: Builders, rng: random.Random, c: Company) -> str:
    act = random_date(rng, max(c.created, date(2020, 1, 1)), EPOCH)
    c.dissolved = act  # successors.py dates a successor company after it
    return _write(b, rng, "dissolution", _values(rng, b, c, act), act)
