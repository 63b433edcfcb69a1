"""The records of the debtor's companies: notices and register entries about a company a
confident match names the debtor as manager or partner of.

A notice that a company the debtor holds shares in moved its seat, changed its name or went
into liquidation does not name the debtor: no score against the debtor would link it. It is
still part of the debtor's file (issue 13, "the companies behind a person": the stake is an
asset, and the company's life says what it is worth). Such a record is joined on the company's
RC number and court — the key the pivot searched with (linking/pivots.py, ``about="company"``) —
and it is no surer than the match that named the debtor in that company.

A notice that prints no RC at all (a transfer of seat written "Dépôt légal : tribunal de
commerce de Agadir") is joined on the company's denomination in the same city instead (the
city as a place, not as it is spelt: a notice's Marrakesh is the register's Marrakech): the
register grants a denomination to one company only (the certificat négatif, DOMAIN §4; decision
0008), and the city keeps a namesake elsewhere out (docs/decisions/0018). A notice printing
another RC is never joined by its name.

The company may also be known from its register entry alone: an entry linked at the pivot
threshold as naming the debtor its manager or partner gives the RC + court a company key would
have (``pivots.company_key``). A check made in the last pivot round (a weak partner notice sent
its company to the register) leaves no round to turn the entry into a key, yet the notices the
same round fetched by that RC are the company's all the same.
"""

from __future__ import annotations

from collections.abc import Iterable

from matching.cities import normalize_city
from skiptrace.connectors.query import bare_company_name
from skiptrace.linking.parties import rc_key
from skiptrace.linking.pivots import (
    COMPANY_ROLES,
    ENTRY_KEY,
    PIVOT_THRESHOLD,
    PivotKey,
    company_key,
)
from skiptrace.model import FieldExplanation, Match, Party, Record

RC_JOIN = 0.99  # one RC number at one court is one company (DOMAIN §1.3)
#: one denomination in one city is one company (certificat négatif, DOMAIN §4, decision 0008);
#: below RC_JOIN: a notice's name may be misread where an RC number is not
NAME_JOIN = 0.95
ROLE = "their_company"  # the party role of such a match: the record is about the debtor's company
KINDS = ("notice", "company")
LINKED = 0.5  # a record the debtor is already linked to in their own role keeps that link


def company_record_matches(debtor_id: str, keys: Iterable[PivotKey], records: Iterable[Record],
                           matches: Iterable[Match], *,
                           threshold: float = PIVOT_THRESHOLD) -> list[Match]:
    """One match per record about one of the debtor's companies that the debtor is not already
    linked to, at ``RC_JOIN`` times the probability of the match that gave the company (the
    caller keeps the better match per record). The companies are those of the ``keys`` and of
    the register entries matched at ``threshold`` or above as naming the debtor manager or
    partner."""
    matches = list(matches)
    companies: dict[str, PivotKey] = {}
    for key in [*keys, *_entry_keys(matches, threshold)]:
        joined = rc_key(key.value, key.tribunal) if key.about == "company" and key.key == "rc" \
            else None
        if joined and (joined not in companies or key.probability > companies[joined].probability):
            companies[joined] = key
    if not companies:
        return []
    records = sorted(records, key=lambda r: (r.source, r.record_id))
    named = _by_name(companies.values(), records)
    covered = {(m.record.source, m.record.record_id) for m in matches
               if m.party is not None and m.probability >= LINKED}
    found = []
    for record in records:
        if record.kind not in KINDS or (record.source, record.record_id) in covered:
            continue
        fields = record.fields
        joined = rc_key(fields.get("rc_number"), fields.get("rc_tribunal"))
        company, join = companies.get(joined or ""), RC_JOIN
        by_name = _name_key(fields.get("company"), fields.get("city"))
        if company is None and by_name and not fields.get("rc_number") and record.kind == "notice":
            company, join = named.get(by_name), NAME_JOIN
        if company is None:
            continue
        name = str(fields.get("company") or fields.get("denomination") or company.company or "")
        why = FieldExplanation(
            "rc", "exact", 0.0, f"{fields.get('rc_number')} ({fields.get('rc_tribunal')})",
            f"{company.value} ({company.tribunal})",
            f"about {name or 'a company'}, whose RC and court {company.source} "
            f"{company.record_id} gives for a company it names the debtor as {company.role} of")
        rc, court = fields.get("rc_number"), fields.get("rc_tribunal")
        party = Party(ROLE, "company", name, rc=str(rc) if rc else None,
                      tribunal=str(court) if court else None, index=-1)
        if join != RC_JOIN:
            why = FieldExplanation(
                "company", "exact", 0.0, f"{fields.get('company')} ({fields.get('city')})",
                f"{company.company} ({company.tribunal})",
                f"about {name}, whose name and city {company.source} {company.record_id} gives "
                f"for a company it names the debtor as {company.role} of (the notice prints no RC)")
        found.append(Match(debtor_id, record, party, join * company.probability,
                           explanation=(why,)))
        covered.add((record.source, record.record_id))
    return found


def _entry_keys(matches: list[Match], threshold: float) -> list[PivotKey]:
    """The company keys of register entries naming the debtor manager or partner at
    ``threshold``, or at ``pivots.ENTRY_KEY`` when lower (an entry whose CIN is one character
    off the portfolio's)."""
    found = []
    for match in matches:
        party = match.party
        if (match.record.kind == "company" and match.probability >= min(threshold, ENTRY_KEY)
                and party is not None and party.role in COMPANY_ROLES):
            key = company_key(match, party.role)
            if key is not None:
                found.append(key)
    return found


def _name_key(name: object, city: object) -> tuple[str, str] | None:
    """A denomination without its legal form and a city's canonical key (the register's
    "Marrakech" and "Mohammedia" are a notice's "Marrakesh" and "Mohamedia"); None when either
    is missing."""
    if not name or not city:
        return None
    place = normalize_city(str(city))
    return (bare_company_name(str(name)), place) if place else None


def _by_name(keys: Iterable[PivotKey], records: list[Record]) -> dict[tuple[str, str], PivotKey]:
    """The debtor's companies by (denomination, city): the name the key gives (and the
    denomination and old names of the company's register entry, when fetched), in the city of
    its court and of its seat (the register's: where a transfer of seat moved it)."""
    entries = {registered: r for r in records if r.kind == "company"
               and (registered := rc_key(r.fields.get("rc_number"), r.fields.get("rc_tribunal")))}
    found: dict[tuple[str, str], PivotKey] = {}
    for key in keys:
        entry = entries.get(rc_key(key.value, key.tribunal) or "")
        fields = entry.fields if entry is not None else {}
        names = [key.company, fields.get("denomination"), *(fields.get("old_names") or ())]
        for name in names:
            for city in (key.tribunal, fields.get("city")):
                joined = _name_key(name, city)
                if joined is not None and (joined not in found
                                           or key.probability > found[joined].probability):
                    found[joined] = key
    return found
