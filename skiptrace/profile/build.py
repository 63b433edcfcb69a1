"""Debtor + matches + source statuses → the versioned JSON profile (schema/profile.schema.json).

Deterministic: the same inputs and ``as_of`` give the same JSON byte for byte (every list is
sorted, every time comes from the inputs), so a resumed batch writes what an uninterrupted
one would have.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from skiptrace.model import Debtor, Match, Provenance, Record, SourceStatus
from skiptrace.profile import links
from skiptrace.profile.assets import find_assets, find_companies
from skiptrace.profile.confidence import Evidence, evidence, fuse
from skiptrace.profile.contact_plan import contact_plan
from skiptrace.profile.enforcement import propose
from skiptrace.profile.facts import add_match, address_node, phone_node
from skiptrace.profile.graph import ProfileGraph, edge_json, node_json
from skiptrace.profile.params import ProfileParams, default_params
from skiptrace.profile.places import merge_same_places
from skiptrace.profile.ranking import rank_contacts
from skiptrace.profile.recoverability import summarize
from skiptrace.profile.schema import SCHEMA_VERSION, validate

DEBTOR_KEYS = ("kind", "name", "first_name", "last_name", "birth_date", "father_name", "legal_form",
               "legal_representative", "identifiers", "addresses", "city", "phones", "emails",
               "debt_amount", "debt_as_of", "debtor_id_derived")
SOURCE_KEYS = ("source", "status", "reason", "records", "requests")  # not seconds: timings vary run to run


def _summary(record: Record) -> str:
    f = record.fields
    parts = {
        "land_title": (f.get("title_number"), f.get("nature"), f.get("city")),
        "vehicle": (f.get("plate"), f.get("make"), f.get("model")),
        "company": (f.get("denomination"), f.get("city")),
        "notice": (f.get("title"), f.get("published")),
        "phone": (f.get("name"), f.get("city")),
        "person": (f.get("name"), f.get("city")),
        "address": (f.get("display_name"),),
    }.get(record.kind, ())
    return ", ".join(str(p) for p in parts if p) or record.key


def _match_order(m: Match) -> tuple[Any, ...]:
    """Inputs in one order whatever order connectors delivered them in."""
    prov = m.record.provenance
    return (m.record.key, m.party.index if m.party else -1, -m.probability, prov.url or "", prov.file or "",
            prov.row if prov.row is not None else -1, prov.retrieved_at.isoformat())


def portfolio_matches(debtor: Debtor, as_of: datetime) -> list[Match]:
    """The CNSS file's own addresses and phones as evidence of source ``portfolio``."""
    seen = debtor.debt_as_of or as_of.date()
    moment = datetime(seen.year, seen.month, seen.day, tzinfo=UTC)
    fields = {"name": debtor.name, "address": debtor.addresses[0] if debtor.addresses else None,
              "city": debtor.city, "phones": list(debtor.phones), "emails": list(debtor.emails)}
    if not (fields["address"] or debtor.phones or debtor.emails):
        return []
    record = Record("person", fields, Provenance("portfolio", debtor.debtor_id, moment))
    return [Match(debtor.debtor_id, record, None, 1.0)]


def _portfolio(pg: ProfileGraph, debtor: Debtor, as_of: datetime, weigh: Any) -> None:
    for match in portfolio_matches(debtor, as_of):
        place = "lives_at" if debtor.kind == "person" else "registered_at"
        for raw in debtor.phones:
            pg.edge(pg.debtor_node, phone_node(pg, raw), "reachable_at", weigh(match, "phone"))
        for address in debtor.addresses:
            pg.edge(pg.debtor_node, address_node(pg, address, debtor.city), place, weigh(match, "address"))
        for email in debtor.emails:
            node = pg.node(f"email:{email.strip().lower()}", "Email", email.strip().lower(), email=email.strip().lower())
            pg.edge(pg.debtor_node, node, "reachable_at", weigh(match, "email"))


def _link(match: Match) -> dict[str, Any]:
    return {
        "source": match.record.source,
        "record_id": match.record.record_id,
        "probability": round(match.probability, 6),
        "role": match.party.role if match.party else None,
        "kind": match.record.kind,
    }


def _links(matches: list[Match], threshold: float,
           found_by: Mapping[tuple[str, str], str]) -> list[dict[str, Any]]:
    """Every record attached to the debtor at or above the threshold, once per (record, role);
    a record first fetched by a pivot says which (its chain of evidence)."""
    found = {}
    for match in matches:
        if match.probability >= threshold and match.record.source != "portfolio":
            link = _link(match)
            why = found_by.get((link["source"], link["record_id"]))
            if why:
                link["found_by_pivot"] = why
            found[(link["source"], link["record_id"], link["role"] or "")] = link
    return [found[key] for key in sorted(found)]


def _rejected(match: Match, threshold: float) -> dict[str, Any]:
    return {
        **_link(match),
        "party": match.party.name if match.party else None,
        "summary": _summary(match.record),
        "reason": f"match probability {match.probability:.2f} below the reporting threshold {threshold:.2f}",
    }


def build_graph(debtor: Debtor, matches: list[Match], as_of: datetime, params: ProfileParams,
                related: Iterable[Record] = ()) -> tuple[ProfileGraph, dict[str, list[Evidence]]]:
    """The profile graph of reported facts, plus geocoder confirmations by address node."""
    def weigh(match: Match, kind: str) -> Evidence:
        return evidence(match, kind, as_of, params)

    pg = ProfileGraph(debtor)
    reported = [m for m in matches if m.probability >= params.reporting_threshold]
    for match in reported:
        add_match(pg, match, weigh)
    _portfolio(pg, debtor, as_of, weigh)
    related = list(related)
    links.company_assets(pg, [m.record for m in matches] + related, debtor.debtor_id, weigh)
    links.shared_phones(pg, matches, related, params.reporting_threshold, weigh)
    geocoded = links.geocoder_confirmations(pg, reported, weigh)
    merge_same_places(pg, geocoded)  # one node per dwelling before confidence is fused
    return pg, geocoded


_KEY_ORDER = ("cin", "rc", "ice", "name", "surname", "title_number", "phone")


def _searches(statuses: list[SourceStatus]) -> list[dict[str, Any]]:
    """Every source's searches in a fixed order (source, key, reason, value): web sources run
    theirs concurrently, and a resumed job must write the same bytes (docs/profile.md)."""
    found = [{"source": s.source, **search} for s in statuses for search in s.searches]

    def order(search: dict[str, Any]) -> tuple[Any, ...]:
        key = search.get("key")
        rank = _KEY_ORDER.index(key) if key in _KEY_ORDER else len(_KEY_ORDER)
        return (search["source"], rank, str(search.get("reason")), str(search.get("value")))

    return sorted(found, key=order)


def _enforcement(pg: ProfileGraph, debtor: Debtor, assets: list[dict[str, Any]],
                 params: ProfileParams) -> dict[str, Any]:
    """The enforcement proposal, with the asset nodes' properties its steps cite."""
    nodes = pg.graph.nodes
    props = {a["asset_id"]: dict(nodes[a["asset_id"]].get("props") or {}) for a in assets}
    names = {a["asset_id"]: str(nodes[a["asset_id"]]["label"]) for a in assets if a["kind"] == "company_stake"}
    return propose(debtor.debt_amount, assets, params.enforcement, props, names)


def build_profile(
    debtor: Debtor,
    matches: Iterable[Match],
    statuses: Iterable[SourceStatus],
    *,
    as_of: datetime,
    params: ProfileParams | None = None,
    related: Iterable[Record] = (),
    pivots: Iterable[dict[str, Any]] = (),
    found_by: Mapping[tuple[str, str], str] | None = None,
    successors: Iterable[dict[str, Any]] = (),
) -> dict[str, Any]:
    """The debtor's JSON profile, validated against the schema before it is returned.

    ``pivots``: the keys matched records gave and the rounds that searched them
    (linking/pivots.py); ``found_by``: (source, record id) → the pivot that fetched the record."""
    params = params or default_params()
    as_of = as_of if as_of.tzinfo else as_of.replace(tzinfo=UTC)
    ordered = sorted(matches, key=_match_order)
    statuses = sorted(statuses, key=lambda s: s.source)
    pg, geocoded = build_graph(debtor, ordered, as_of, params, related)
    contacts = rank_contacts(pg, params, geocoded)
    assets = find_assets(pg, as_of, params)
    threshold = params.reporting_threshold
    enforcement = _enforcement(pg, debtor, assets, params)
    profile = {
        "schema_version": SCHEMA_VERSION,
        "debtor_id": debtor.debtor_id,
        "generated_at": as_of.isoformat(),
        "partial": any(s.status in ("failed", "partial") for s in statuses),
        "debtor": {k: v for k, v in debtor.to_dict().items() if k in DEBTOR_KEYS},
        "parameters": params.describe(),
        "sources": [{k: v for k, v in s.to_dict().items() if k in SOURCE_KEYS} for s in statuses],
        "searches": _searches(statuses),
        "contacts": contacts,
        "assets": assets,
        "companies": find_companies(pg),
        "successors": list(successors),
        "graph": {
            "nodes": [node_json(n, d) for n, d in sorted(pg.graph.nodes(data=True))],
            "edges": [edge_json(u, v, d, fuse(d["evidence"])) for u, v, d in pg.edges()],
        },
        "pivots": list(pivots),
        "links": _links(ordered, threshold, found_by or {}),
        "rejected": sorted((_rejected(m, threshold) for m in ordered if m.probability < threshold),
                           key=lambda r: (r["source"], r["record_id"], r["role"] or "")),
        "recoverability": summarize(debtor, contacts, assets, statuses, params,
                                    steps=len(enforcement["steps"])),
        "contact_plan": contact_plan(contacts, params.contact_threshold),
        "enforcement": enforcement,
    }
    validate(profile)
    return profile
