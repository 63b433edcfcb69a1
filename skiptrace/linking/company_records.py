"""The records of the debtor's companies: notices and register entries about a company a
confident match names the debtor as manager or partner of.

A notice that a company the debtor holds shares in moved its seat, changed its name or went
into liquidation does not name the debtor: no score against the debtor would link it. It is
still part of the debtor's file (issue 13, "the companies behind a person": the stake is an
asset, and the company's life says what it is worth). Such a record is joined on the company's
RC number and court — the key the pivot searched with (linking/pivots.py, ``about="company"``) —
never on a name, and it is no surer than the match that named the debtor in that company.
"""

from __future__ import annotations

from collections.abc import Iterable

from skiptrace.linking.parties import rc_key
from skiptrace.linking.pivots import PivotKey
from skiptrace.model import FieldExplanation, Match, Party, Record

RC_JOIN = 0.99  # one RC number at one court is one company (DOMAIN §1.3)
ROLE = "their_company"  # the party role of such a match: the record is about the debtor's company
KINDS = ("notice", "company")
LINKED = 0.5  # a record the debtor is already linked to in their own role keeps that link


def company_record_matches(debtor_id: str, keys: Iterable[PivotKey], records: Iterable[Record],
                           matches: Iterable[Match]) -> list[Match]:
    """One match per record about one of the debtor's companies that the debtor is not already
    linked to, at ``RC_JOIN`` times the probability of the match that gave the company (the
    caller keeps the better match per record)."""
    companies: dict[str, PivotKey] = {}
    for key in keys:
        joined = rc_key(key.value, key.tribunal) if key.about == "company" else None
        if joined and (joined not in companies or key.probability > companies[joined].probability):
            companies[joined] = key
    if not companies:
        return []
    covered = {(m.record.source, m.record.record_id) for m in matches
               if m.party is not None and m.probability >= LINKED}
    found = []
    for record in sorted(records, key=lambda r: (r.source, r.record_id)):
        if record.kind not in KINDS or (record.source, record.record_id) in covered:
            continue
        fields = record.fields
        joined = rc_key(fields.get("rc_number"), fields.get("rc_tribunal"))
        company = companies.get(joined or "")
        if company is None:
            continue
        name = str(fields.get("company") or fields.get("denomination") or company.company or "")
        why = FieldExplanation(
            "rc", "exact", 0.0, f"{fields.get('rc_number')} ({fields.get('rc_tribunal')})",
            f"{company.value} ({company.tribunal})",
            f"about {name or 'a company'}, whose RC and court {company.source} "
            f"{company.record_id} gives for a company it names the debtor as {company.role} of")
        party = Party(ROLE, "company", name, rc=str(fields.get("rc_number")),
                      tribunal=str(fields.get("rc_tribunal")), index=-1)
        found.append(Match(debtor_id, record, party, RC_JOIN * company.probability,
                           explanation=(why,)))
        covered.add((record.source, record.record_id))
    return found
