"""A person debtor's family name as French transcription also writes it, asked of the notices
of their city (issue 13: the companies a person holds parts in).

A constitution notice lists the partners by name and share count only ("M. LEMRANI Brahim :
139 parts", no CIN), in the journal's own transcription of the name. The notices' search engine
requires every token, so the portfolio's LAMRANI never finds LEMRANI, and neither the notice nor
the company it names is reached by any other search the debtor's row allows (the register's
route has no search by person: docs/sources.md, "Access routes"). On the development seeds at
10^3 this was the largest class of partner links with a route (benchmarks/pivot_misses.py:
"notice naming the debtor under another spelling, not fetched", with its company's register
entry and other notices behind it).

The spellings are the rules the land registry and the directory already ask when the name as
given finds nobody (``spiders.querying.respellings``, DOMAIN §7.2: vowels, doubled letters,
W/OU, K/Q; at most three, each keeping the consonant skeleton matching compares names by), of
the name without its article as there (``without_particle``). A spelling is a way to find a
notice, never evidence: what it fetches is scored like anything else, and a notice naming
someone like the debtor as a partner, too weakly to link (no CIN in it), sends its company to
the register, whose entry lists every partner with their CIN (``pivots.VERIFY_FLOOR``). Only
that check can link it, so the spellings are asked only for a debtor it can be made for — a
person with a valid CIN — and only in their city, where a person's company is most often
registered (DOMAIN §1.3; ``pivots._nearest_first``). Each spelling is one search, asked once per
debtor, in the first pivot round.
"""

from __future__ import annotations

from skiptrace.connectors.query import DebtorQuery
from skiptrace.linking.pivots import NOTICES, PivotKey
from spiders.querying import respellings, without_particle

ABOUT = "notice_spelling"


def notice_spelling_keys(query: DebtorQuery, asked: set[tuple[str, str]]) -> list[PivotKey]:
    """The family name's other transcriptions for a person debtor with a valid CIN and a city,
    those not asked yet; deterministic (the rules' order)."""
    if query.kind != "person" or not query.cin or not query.city or not query.last_name:
        return []
    core = without_particle(query.last_name)
    keys = [PivotKey("name", spelling, "portfolio", query.debtor_id, 1.0, about=ABOUT)
            for spelling in respellings(core)]
    return [k for k in keys if k.asked not in asked]


def notice_spelling_queries(base: DebtorQuery, keys: list[PivotKey],
                            depth: int) -> list[DebtorQuery]:
    """One notices search per spelling: that family name in the debtor's city, nothing else
    (no name, identifier or phone: the debtor's own round asked those)."""
    return [DebtorQuery(base.debtor_id, "person", (), last_name=k.value, city=base.city,
                        pivot=depth, because=(("surname", k.because()),), sources=(NOTICES,))
            for k in keys if k.about == ABOUT]
