"""What a matched record says about the debtor, as graph facts (nodes and evidenced edges).

A match at or above the reporting threshold means the record's party *is* the debtor, so the
record's facts attach to the debtor node: the listing's phones and address, the title the party
owns, the company the party manages or holds parts of (with that company's own address and
phones as second-degree facts).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from skiptrace.linking.company_records import ROLE as THEIR_COMPANY
from skiptrace.linking.locate import own_places
from skiptrace.linking.parties import is_sole_trader
from skiptrace.model import Match, Party, mask
from skiptrace.profile import normalize as norm
from skiptrace.profile.confidence import Evidence
from skiptrace.profile.graph import ProfileGraph

Weigh = Callable[[Match, str], Evidence]
NOTICE_ROLES = {"gérant": "manager", "gerant": "manager", "associé": "partner", "associe": "partner"}


def phone_node(pg: ProfileGraph, raw: str) -> str:
    key = norm.phone_key(raw)
    return pg.node(f"phone:{key}", "Phone", norm.phone_label(key), e164=key)


def address_node(pg: ProfileGraph, address: str, city: str | None) -> str:
    key = norm.address_key(address, city)
    label = f"{address}, {city}" if city and norm.text_key(city) not in norm.text_key(address) else address
    return pg.node(f"address:{key}", "Address", label, address=address, city=city)


def company_node(pg: ProfileGraph, name: str, ice: str | None = None, **props: Any) -> str:
    node_id = f"company:{norm.company_key(ice, name)}"
    return pg.node(node_id, "Company", name, ice=ice, **props)


def person_node(pg: ProfileGraph, name: str, cin: str | None = None) -> str:
    """A third party: a manager, partner or co-owner, someone listed with the debtor's phone (the
    debtor is ``debtor:<id>``). Per docs/security.md "Third parties", a profile shows their name
    and role, never their identifier in clear: the node id is a digest of their key (the same
    person is one node) and the CIN is masked. The source record, under its provenance, keeps
    the full entry for a person who needs it."""
    key = norm.person_key(cin, name)
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return pg.node(f"person:{digest}", "Person", name, cin=mask(cin) if cin else None)


def contacts(pg: ProfileGraph, holder: str, match: Match, weigh: Weigh, fields: dict[str, Any], *, place: str) -> None:
    """Phones and address of ``fields`` as reachable_at / ``place`` edges of ``holder``."""
    for raw in fields.get("phones") or ():
        if raw:
            pg.edge(holder, phone_node(pg, str(raw)), "reachable_at", weigh(match, "phone"))
    for raw in fields.get("emails") or ():
        if raw:
            email = str(raw).strip().lower()
            pg.edge(holder, pg.node(f"email:{email}", "Email", email, email=email), "reachable_at", weigh(match, "email"))
    if fields.get("address"):
        node = address_node(pg, str(fields["address"]), fields.get("city"))
        pg.edge(holder, node, place, weigh(match, "address"))


def _company_props(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "legal_form": fields.get("legal_form"), "capital": fields.get("capital"),
        "rc": fields.get("rc_number"), "rc_tribunal": fields.get("rc_tribunal"),
        "status": fields.get("status"), "city": fields.get("city"),
        "created": fields.get("created"),
    }


def company_record(pg: ProfileGraph, match: Match, party: Party, weigh: Weigh) -> None:
    fields, debtor = match.record.fields, pg.debtor_node
    if party.role == THEIR_COMPANY:
        return  # the register entry of the debtor's company without them: a link, no fact of theirs
    if party.role == "subject":
        pg.node(debtor, "Company", fields.get("denomination") or "", **_company_props(fields), ice=fields.get("ice"))
        contacts(pg, debtor, match, weigh, fields, place="registered_at")
        for manager in fields.get("managers") or ():
            person = person_node(pg, manager.get("name") or "", manager.get("cin"))
            pg.edge(person, debtor, "Directorship", weigh(match, "directorship"), role=manager.get("role") or "gérant")
        for partner in fields.get("partners") or ():
            if partner.get("kind") == "company" or (partner.get("ice") and not partner.get("cin")):
                holder = company_node(pg, partner.get("name") or "", partner.get("ice"))
            else:
                holder = person_node(pg, partner.get("name") or "", partner.get("cin"))
            share = partner.get("share") or _shares_text(partner, fields)
            pg.edge(holder, debtor, "Ownership", weigh(match, "stake"), share=share, role="partner")
        return
    company = company_node(pg, fields.get("denomination") or "", fields.get("ice"), **_company_props(fields))
    own_domicile(pg, match, party, weigh)
    if party.role == "manager":
        pg.edge(debtor, company, "Directorship", weigh(match, "directorship"), role="manager")
    partners = fields.get("partners") or []
    for index, entry in enumerate(partners):
        same_cin = bool(party.cin) and norm.person_key(entry.get("cin"), "") == norm.person_key(party.cin, "")
        if (party.role == "partner" and index == _partner_index(fields, party.index)) or same_cin:
            share = entry.get("share") or _shares_text(entry, fields)
            pg.edge(debtor, company, "Ownership", weigh(match, "stake"), share=share, role="partner")
            break
    if party.role == "manager" and party.kind == "person" and is_sole_trader(fields):
        # the entry is the trader (a personne physique): the number it gives is the debtor's own;
        # the seat stays the business's (own_domicile above gave it to the debtor as well)
        contacts(pg, debtor, match, weigh, {"phones": fields.get("phones"), "emails": fields.get("emails")},
                 place="registered_at")
        contacts(pg, company, match, weigh, {"address": fields.get("address"), "city": fields.get("city")},
                 place="registered_at")
        return
    contacts(pg, company, match, weigh, fields, place="registered_at")


def _partner_index(fields: dict[str, Any], party_index: int) -> int:
    """A partner party's position in ``partners``: parties list the subject, managers, partners."""
    index = party_index - 1 - len(fields.get("managers") or ())
    return min(max(index, 0), len(fields.get("partners") or [1]) - 1)


def _shares_text(entry: dict[str, Any], fields: dict[str, Any]) -> str | None:
    if entry.get("shares") and fields.get("total_shares"):
        return f"{int(entry['shares'])}/{int(fields['total_shares'])}"
    return None


def notice_record(pg: ProfileGraph, match: Match, party: Party, weigh: Weigh) -> None:
    fields, debtor = match.record.fields, pg.debtor_node
    if party.role == THEIR_COMPANY:
        return  # about the debtor's company, not the debtor: listed as a link, no fact of theirs
    if party.role == "subject":
        contacts(pg, debtor, match, weigh, {"address": fields.get("address"), "city": fields.get("city")}, place="registered_at")
        for person in fields.get("people") or ():
            role = NOTICE_ROLES.get(str(person.get("role", "")).lower())
            if role == "manager":
                node = person_node(pg, person.get("name") or "", person.get("cin"))
                pg.edge(node, debtor, "Directorship", weigh(match, "directorship"), role="gérant")
        return
    own_domicile(pg, match, party, weigh)
    if not fields.get("company"):
        return
    company = company_node(pg, str(fields["company"]), None, legal_form=fields.get("legal_form"),
                           capital=fields.get("capital"), rc=fields.get("rc_number"),
                           rc_tribunal=fields.get("rc_tribunal"), city=fields.get("city"))
    if party.role == "manager":
        pg.edge(debtor, company, "Directorship", weigh(match, "directorship"), role="manager")
    elif party.role == "partner":
        pg.edge(debtor, company, "Ownership", weigh(match, "stake"), share=party.share, role="partner")


def own_domicile(pg: ProfileGraph, match: Match, party: Party, weigh: Weigh) -> None:
    """The address a record gives for the debtor's own party (a notice's manager or partner
    "demeurant à …", a register's manager entry) as where the person debtor lives. Only the
    matched party's own: another person's domicile or the company's seat stays theirs."""
    if party.kind != "person" or pg.schema_of(pg.debtor_node) != "Person":
        return
    for address, city in own_places(match):  # the same reading the geocoder is asked with
        contacts(pg, pg.debtor_node, match, weigh, {"address": address, "city": city}, place="lives_at")


def title_record(pg: ProfileGraph, match: Match, weigh: Weigh, holder: str | None = None) -> str:
    fields = match.record.fields
    number = str(fields.get("title_number") or match.record.record_id)
    node = pg.node(
        f"title:{norm.title_key(number)}", "RealEstate", number, title_number=number,
        nature=fields.get("nature"), city=fields.get("city"), zone=fields.get("zone"),
        area_m2=fields.get("area_m2"), conservation=fields.get("conservation"), address=fields.get("location"),
    )
    share = match.party.share if match.party else None
    pg.edge(holder or pg.debtor_node, node, "Ownership", weigh(match, "land_title"), share=share, role="owner")
    return node


def vehicle_record(pg: ProfileGraph, match: Match, weigh: Weigh, holder: str | None = None) -> str:
    fields = match.record.fields
    plate = str(fields.get("plate") or match.record.record_id)
    node = pg.node(
        f"vehicle:{norm.plate_key(plate)}", "Vehicle", f"{fields.get('make') or ''} {fields.get('model') or ''} ({plate})".strip(),
        plate=plate, make=fields.get("make"), model=fields.get("model"),
        first_registration=fields.get("first_registration"),
    )
    pg.edge(holder or pg.debtor_node, node, "Ownership", weigh(match, "vehicle"), role="owner")
    return node


def listing_record(pg: ProfileGraph, match: Match, weigh: Weigh) -> None:
    place = "lives_at" if pg.schema_of(pg.debtor_node) == "Person" else "registered_at"
    contacts(pg, pg.debtor_node, match, weigh, match.record.fields, place=place)


_BY_KIND: dict[str, Callable[[ProfileGraph, Match, Weigh], Any]] = {
    "land_title": title_record, "vehicle": vehicle_record, "phone": listing_record,
    "person": listing_record,
}


def add_match(pg: ProfileGraph, match: Match, weigh: Weigh) -> None:
    """Attach the facts of one reported match (one naming a party) to the debtor; what a
    company or a notice says depends on the party's role in it."""
    party, kind = match.party, match.record.kind
    if party is None:
        return
    if kind == "company":
        company_record(pg, match, party, weigh)
    elif kind == "notice":
        notice_record(pg, match, party, weigh)
    elif kind in _BY_KIND:
        _BY_KIND[kind](pg, match, weigh)

