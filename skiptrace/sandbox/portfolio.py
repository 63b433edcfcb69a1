"""The debtor's row as CNSS hands it over: stale, partial, written one way, with typos.

Columns (`;`-separated, French headers, see docs/sandbox.md): id_debiteur, type, raison_sociale,
nom, prenom, cin, ice, rc, tribunal, date_naissance, adresse, ville, telephone, montant_du.
Every defect introduced is named in the truth file's ``portfolio_defects``.
"""

from __future__ import annotations

import random
from typing import Any

from skiptrace.sandbox import render_names as rn
from skiptrace.sandbox import render_places as rp
from skiptrace.sandbox.entities import Address, Company, Person
from skiptrace.sandbox.notices import french_amount
from skiptrace.sandbox.tables import between, pick, tables
from skiptrace.sandbox.truth import Truth

COLUMNS = ["id_debiteur", "type", "raison_sociale", "nom", "prenom", "cin", "ice", "rc", "tribunal",
           "date_naissance", "adresse", "ville", "telephone", "montant_du"]


def _digit_typo(rng: random.Random, value: str) -> str:
    digits = [i for i, ch in enumerate(value) if ch.isdigit()]
    i = pick(rng, digits)
    new = str((int(value[i]) + between(rng, 1, 9)) % 10)
    return value[:i] + new + value[i + 1:]


def _address(rng: random.Random, who: Person | Company, truth: Truth) -> tuple[str, str]:
    addr: Address = who.address
    if who.old_address is not None:
        addr = who.old_address
        truth.defects.append("stale_address")
    r = rng.random()
    if r < 0.05:
        truth.defects.append("missing_address")
        return "", rp.city_text(rng, addr.city, 0.3)
    if r >= 0.2 and r < 0.2 + tables().rates["portfolio"]["street_only_address"]:
        truth.defects.append("street_only_address")
        return rp.street_text(rng, addr), rp.city_text(rng, addr.city, 0.3)
    partial = r < 0.2
    if partial:
        truth.defects.append("partial_address")
    return rp.address_line(rng, addr, partial=partial), rp.city_text(rng, addr.city, 0.3)


def _one_field(rng: random.Random, family: str, given: str) -> str:
    """The whole name in one field, in either order and any case."""
    text = f"{family} {given}" if rng.random() < 0.5 else f"{given} {family}"
    case = int(rng.random() * 3)
    return text.upper() if case == 0 else text.lower() if case == 1 else text.title()


def _phone(rng: random.Random, phones: list[str], truth: Truth) -> str:
    if not phones or rng.random() < 0.35:
        truth.defects.append("missing_phone")
        return ""
    return rp.phone_text(rng, pick(rng, phones))


def _amount(rng: random.Random) -> str:
    return french_amount(round(rng.lognormvariate(10.3, 1.1), 2))


def person_row(rng: random.Random, debtor_id: str, p: Person, truth: Truth) -> dict[str, Any]:
    cin = p.cin
    if rng.random() < 0.04:
        cin = _digit_typo(rng, cin)
        truth.defects.append("cin_typo")
    elif rng.random() < 0.06:
        cin = ""
        truth.defects.append("missing_cin")
    given = rn.given_spelling(rng, p.first, 0.3)
    if p.second and rng.random() < 0.5:
        given += " " + rn.given_spelling(rng, p.second, 0.3)
    if rng.random() < 0.04:
        given = ""
        truth.defects.append("missing_first_name")
    nom = rn.family_spelling(rng, p.family, 0.3)
    if given and rng.random() < tables().rates["portfolio"]["person_name_one_field"]:
        nom, given = _one_field(rng, nom, given), ""
        truth.defects.append("name_in_one_field")
    adresse, ville = _address(rng, p, truth)
    birth = p.birth.strftime("%d/%m/%Y") if rng.random() < 0.7 else ""
    return {"id_debiteur": debtor_id, "type": "personne", "raison_sociale": "",
            "nom": nom, "prenom": given, "cin": cin, "ice": "",
            "rc": "", "tribunal": "", "date_naissance": birth, "adresse": adresse, "ville": ville,
            "telephone": _phone(rng, p.phones, truth), "montant_du": _amount(rng)}


def company_row(rng: random.Random, debtor_id: str, c: Company, truth: Truth) -> dict[str, Any]:
    ice = c.ice
    if rng.random() < 0.04:
        ice = _digit_typo(rng, ice)
        truth.defects.append("ice_typo")
    elif rng.random() < 0.03:
        ice = ice.lstrip("0")
        truth.defects.append("ice_leading_zeros_dropped")
    has_rc = rng.random() < 0.8
    if not has_rc:
        truth.defects.append("missing_rc")
    name = rn.company_name(rng, c, p_form=0.6, p_prefix=0.3, p_old=0.5 if c.old_name else 0.0)
    adresse, ville = _address(rng, c, truth)
    return {"id_debiteur": debtor_id, "type": "societe", "raison_sociale": name, "nom": "",
            "prenom": "", "cin": "", "ice": ice, "rc": c.rc if has_rc else "",
            "tribunal": c.tribunal if has_rc else "", "date_naissance": "", "adresse": adresse,
            "ville": ville, "telephone": _phone(rng, c.phones, truth), "montant_du": _amount(rng)}
