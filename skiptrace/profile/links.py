"""Second-degree links: assets of the companies the debtor runs or owns, phones the debtor shares
with someone else, and geocoder confirmations of the debtor's addresses.

They come from every record seen for the debtor (matched or not) and from ``related`` records a
caller fetched about the debtor's companies; they are joined on identifiers or exact normalised
values, never on fuzzy scores, so a derived link carries the probability of that join.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from matching.companies import compare_company_names
from matching.names import compare_person_names
from skiptrace.linking.parties import rc_key, record_parties
from skiptrace.model import FieldExplanation, Match, Party, Record
from skiptrace.profile import normalize as norm
from skiptrace.profile.confidence import Evidence
from skiptrace.profile.facts import person_node, title_record, vehicle_record
from skiptrace.profile.graph import ProfileGraph

Weigh = Callable[[Match, str], Evidence]
ICE_JOIN, RC_JOIN, NAME_JOIN = 0.99, 0.99, 0.8


def _companies(pg: ProfileGraph) -> dict[str, str]:
    """Companies the debtor manages or holds parts of: company key → node id, and
    ``rc:<number>@<court>`` → node id where the company's RC and court are known (titles and
    vehicle cards name a company by them, docs/sources.md)."""
    found: dict[str, str] = {}
    for _, v, data in pg.edges(source=pg.debtor_node):
        if data["type"] in ("Directorship", "Ownership") and pg.schema_of(v) == "Company":
            found[v.split(":", 1)[1]] = v
            props = pg.graph.nodes[v]["props"]
            key = rc_key(props.get("rc"), props.get("rc_tribunal"))
            if key:
                found[key] = v
    return found


def company_assets(pg: ProfileGraph, records: Iterable[Record], debtor_id: str, weigh: Weigh) -> None:
    """Titles and vehicles owned by a company the debtor runs: Ownership edges from the company."""
    companies = _companies(pg)
    if not companies:
        return
    for record in records:
        if record.kind not in ("land_title", "vehicle"):
            continue
        for party in record_parties(record):
            if party.kind != "company":
                continue
            by_ice = norm.company_key(party.ice, party.name) if party.ice else None
            by_rc = rc_key(party.rc, party.tribunal)
            by_name = norm.company_key(None, party.name)
            node = (companies.get(by_ice or "") or companies.get(by_rc or "")
                    or companies.get(by_name))
            if node is None:
                continue
            probability, level = ((ICE_JOIN, "ice") if by_ice in companies else
                                  (RC_JOIN, "rc") if by_rc in companies else (NAME_JOIN, "name"))
            shown = {"ice": party.ice, "rc": f"{party.rc} ({party.tribunal})"}.get(level, party.name)
            why = FieldExplanation(level, "exact", 0.0, shown, node,
                                   f"owner's {level if level == 'name' else level.upper()} "
                                   "equals the debtor's company's")
            match = Match(debtor_id, record, party, probability, explanation=(why,))
            add = title_record if record.kind == "land_title" else vehicle_record
            add(pg, match, weigh, holder=node)


def _same_name(debtor_kind: str, debtor_name: str, party: Party) -> bool:
    """The party is the debtor written another way (name order, legal form, spelling): one
    entity, not "someone else" sharing the debtor's number (issue 14: a person's own listing
    with the name reversed, a company's listing under a shortened name, flagged "shared")."""
    if party.kind == "person" and debtor_kind == "Person":
        return compare_person_names(debtor_name, party.name).level in ("exact", "variant")
    if party.kind == "company" and debtor_kind == "Company":
        # a shortened denomination (all its distinctive words in the debtor's) or its sigle
        return compare_company_names(debtor_name, party.name).level in (
            "exact", "variant", "partial", "sigle")
    return False


def shared_phones(pg: ProfileGraph, matches: Iterable[Match], related: Iterable[Record], threshold: float, weigh: Weigh) -> None:
    """Flag a debtor's phone that a record lists for another party (a relative, a company)."""
    mine = {v for _, v, d in pg.edges("reachable_at", source=pg.debtor_node) if v.startswith("phone:")}
    if not mine:
        return
    seen: list[tuple[Record, Match | None]] = [(m.record, m) for m in matches]
    seen += [(r, None) for r in related]
    debtor_name = str(pg.graph.nodes[pg.debtor_node]["label"])
    debtor_kind = pg.schema_of(pg.debtor_node)
    for record, match in seen:
        for party in record_parties(record):
            # the debtor's numbers this party lists, first: the name comparison below is the
            # costly test, and a party listing none of them has nothing to flag
            listed = [(raw, node) for raw in party.phones
                      if (node := f"phone:{norm.phone_key(raw)}") in mine]
            if not listed:
                continue
            if match is not None and match.party is not None and match.probability >= threshold and party.index == match.party.index:
                continue  # this party is the debtor
            if _same_name(debtor_kind, debtor_name, party):
                continue  # the debtor under their own name (written in another order, another form)
            for raw, node in listed:
                other = person_node(pg, party.name, party.cin) if party.kind == "person" else \
                    pg.node(f"company:{norm.company_key(party.ice, party.name)}", "Company", party.name, ice=party.ice)
                why = FieldExplanation("phone", "exact", 0.0, raw, node, "the record lists this number for another party")
                pg.edge(other, node, "reachable_at", weigh(Match(pg.graph.graph["debtor_id"], record, party, 1.0, explanation=(why,)), "phone"))
                pg.flag(node, "shared")


def geocoder_confirmations(pg: ProfileGraph, matches: Iterable[Match], weigh: Weigh) -> dict[str, list[Evidence]]:
    """Address nodes whose text a geocoder resolved: node id → geocoder evidence."""
    confirmed: dict[str, list[Evidence]] = {}
    for match in matches:
        if match.record.kind != "address":
            continue
        fields = match.record.fields
        if fields.get("lat") is None or not fields.get("query"):
            continue
        key = f"address:{norm.address_key(str(fields['query']), None)}"
        candidates = [key] + [n for n in pg.graph.nodes if n.startswith("address:") and _same_place(n, key)]
        for node in candidates:
            if node in pg.graph:
                pg.flag(node, "geocoded")
                confirmed.setdefault(node, []).append(weigh(replace(match), "address"))
                break
    return confirmed


def _same_place(node: str, key: str) -> bool:
    """A geocoder query without the city still confirms the address written with it."""
    return node.startswith(key + " ") or key.startswith(node + " ")
