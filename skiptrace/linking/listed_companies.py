"""The companies listed at a person debtor's own number, looked up in the register (issue 13).

A manager often gives the company their own mobile: the register entry of a company a person
runs may carry their number, and so may the company's directory listing. The register's route
has no search by person or by phone (docs/sources.md, "Access routes"; DOMAIN §4: text search on
denomination, ICE, RC number), so where no notice names the person with the company, nothing
reached its entry. The directory's reverse search by number does reach the listing (it is asked
for the debtor's numbers anyway), and the listing gives the company's name, which the register
searches: a documented route, name by name.

The listing is not evidence that the person runs the company — a number is also a shop's, a
relative's, an employer's switchboard: only the register entry found, which lists the managers
and partners with their CINs, is scored against the debtor like any record. The key is the name
as listed (``PivotKey(about="listed_company")``), asked once per debtor, at most
``MAX_LISTED`` a round, on the register only.
"""

from __future__ import annotations

from collections.abc import Iterable

from skiptrace.connectors.query import DebtorQuery
from skiptrace.linking.pivots import PIVOT_THRESHOLD, REGISTER, PivotKey, business_listed_at
from skiptrace.model import Match, Record

MAX_LISTED = 2  # business listings at the debtor's numbers looked up in the register, per round
ABOUT = "listed_company"


def listed_company_keys(phones: Iterable[str], matches: Iterable[Match],
                        records: Iterable[Record], asked: set[tuple[str, str]]) -> list[PivotKey]:
    """The names of business listings at one of the debtor's ``phones`` (E.164, as asked),
    other than the debtor's own listings; deterministic (by source and record id)."""
    numbers = set(phones)
    if not numbers:
        return []
    own = {(m.record.source, m.record.record_id) for m in matches
           if m.probability >= PIVOT_THRESHOLD}
    found: dict[tuple[str, str], PivotKey] = {}
    for record in sorted(records, key=lambda r: (r.source, r.record_id)):
        if (record.source, record.record_id) in own:
            continue
        name = business_listed_at(record, numbers)
        if name is None:
            continue
        key = PivotKey("name", name, record.source, record.record_id, 1.0, about=ABOUT,
                       company=name, role="number")
        if key.asked not in asked and key.asked not in found:
            found[key.asked] = key
    return list(found.values())[:MAX_LISTED]


def listed_company_queries(base: DebtorQuery, keys: list[PivotKey], depth: int) -> list[DebtorQuery]:
    """One register search per listed company name (the register's text search on
    denominations, trade names and sigles), nothing else."""
    return [DebtorQuery(base.debtor_id, "company", (k.value,), pivot=depth,
                        because=(("name", k.because()),), sources=(REGISTER,), exact_name=True)
            for k in keys if k.about == ABOUT]


def asked_phones(asked: Iterable[tuple[str, str]]) -> list[str]:
    """The debtor's numbers asked so far (the portfolio's and those confident matches gave)."""
    return sorted(value for key, value in asked if key == "phone")
