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

Scoring does not always see the notice a spelling fetched as naming someone like the debtor: on
development seed 40961 at 10^3, "M. LEMRANI Brahim : 139 parts" scored 0.00018 against LAMRANI
Brahime, under the check floor, and "M. JAOUHARI Lahcan : 1 parts" 0.0 against JAWHARI Lahcen
(matching compares W/OU and Lahcan/Lahcen as different names), so neither company was checked
though each was the debtor's. ``written_otherwise`` says which notices name a manager or partner
under one of the spellings with a given name the debtor's: their companies are checked after
those scoring ranks above the floor (``pivots.pivot_keys``, within the per-debtor cap). It decides
only which register entry to ask; the entry's CIN decides the link.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from rapidfuzz.distance import JaroWinkler

from matching.name_tokens import is_given
from matching.names import canonical_given, parse_person_name, strip_article
from matching.text import fold
from skiptrace.connectors.query import DebtorQuery
from skiptrace.linking.parties import record_parties
from skiptrace.linking.pivots import COMPANY_ROLES, NOTICES, PivotKey
from skiptrace.model import Party, Record
from spiders.querying import respellings, without_particle

ABOUT = "notice_spelling"
#: two writings of one given name by different hands (Lahcen / Lahcan, Brahime / Brahim,
#: Jamal / Jamel) are this close by Jaro-Winkler; other given names of one surname (Ahmed,
#: Brahim) are not
GIVEN_ALIKE = 0.9


def notice_spelling_keys(query: DebtorQuery, asked: set[tuple[str, str]],
                         learned: Iterable[PivotKey] = ()) -> list[PivotKey]:
    """The family name's other transcriptions for a person debtor with a valid CIN and a city,
    those not asked yet; deterministic (the rules' order). Then the spellings ``learned`` from
    confident records (``spellings.spelling_keys``, ``about="spelling"``), which the register
    is asked under: a spelling no rule writes (NAAJI / NAJI, a doubled vowel) is found only
    where a record of the debtor writes it."""
    if query.kind != "person" or not query.cin or not query.city or not query.last_name:
        return []
    core = without_particle(query.last_name)
    keys = [PivotKey("name", spelling, "portfolio", query.debtor_id, 1.0, about=ABOUT)
            for spelling in respellings(core)]
    keys += [replace(k, about=ABOUT) for k in learned if k.about == "spelling"]
    found: dict[tuple[str, str], PivotKey] = {}
    for key in keys:
        if key.asked not in asked:
            found.setdefault(key.asked, key)
    return list(found.values())


def notice_spelling_queries(base: DebtorQuery, keys: list[PivotKey],
                            depth: int) -> list[DebtorQuery]:
    """One notices search per spelling: that family name in the debtor's city, nothing else
    to search by (no name, identifier or phone: the debtor's own round asked those). It
    carries the debtor's given names as another hand writes them (``name_variants``, under
    that family name), which the spider narrows the search by only when the spelling finds
    too many in the city ("BENNANI Casablanca", 232 notices at 10^4, where "BENNANI Hmed :
    12 parts" is BENANI Ahmed's), and which tell it the initials a notice worth parsing
    writes beside the name."""
    return [DebtorQuery(base.debtor_id, "person", (), last_name=k.value, city=base.city,
                        name_variants=respelled(base, k.value), pivot=depth,
                        because=(("surname", k.because()),), sources=(NOTICES,))
            for k in keys if k.about == ABOUT]


def respelled(base: DebtorQuery, family: str) -> tuple[tuple[str, str], ...]:
    """The debtor's given-name variants under another writing of their family name:
    ("BENNANI Hmed", "Ahmed → Hmed") for BENANI Ahmed's ("BENANI Hmed", "Ahmed → Hmed")."""
    own = base.last_name or ""
    return tuple((f"{family} {variant[len(own):].strip()}" if own and variant.startswith(own)
                  else variant, change) for variant, change in base.name_variants)


def written_otherwise(query: DebtorQuery) -> Callable[[Record], Party | None] | None:
    """For a person debtor a register check can confirm (a valid CIN) with a given name: what
    finds, in a notice, a manager or partner whose family name is another transcription of the
    debtor's (``respellings`` of it without its article, the searches
    ``notice_spelling_keys`` asks) or the debtor's own, and whose given name is one of the
    debtor's as another hand writes it; None when there is nothing to compare. Only notices
    scored under ``pivots.VERIFY_FLOOR`` are asked (scoring ranks the others): under it, the
    debtor's own family name means scoring did not know the given name as written ("M.
    Khalid Alaoui" against "el alaoui khalide", seed 80039)."""
    if query.kind != "person" or not query.cin or not query.last_name or not query.names:
        return None
    core = without_particle(query.last_name)
    spellings = {glued(s) for s in respellings(core)}
    # the debtor's own family name too, when matching's lexicon does not know the given name on
    # one side (scoring could not compare them): a notice scored under the floor that writes
    # the name as another hand does ("M. Khalid Alaoui" for "el alaoui khalide") is checked
    # like one under another transcription; where the lexicon knows both (M'hamad, Muhammad),
    # scoring compared them
    own = glued(strip_article(core))
    family = set(parse_person_name(query.last_name).tokens)
    given = [t for t in parse_person_name(query.names[0]).tokens if t not in family]
    if not given:
        return None

    def alike(record: Record) -> Party | None:
        if record.kind != "notice":
            return None
        for party in record_parties(record):
            if party.kind != "person" or party.role not in COMPANY_ROLES:
                continue
            name = parse_person_name(party.name)
            written = glued(strip_article("".join(name.surname))) if name.surname else ""
            if written in spellings and any(same_given(a, b) for a in given for b in name.given):
                return party
            if written == own and any(same_given(a, b) and not (is_given(a) and is_given(b))
                                      for a in given for b in name.given):
                return party
        return None

    return alike


def glued(name: str) -> str:
    """A family name folded with its words glued: ELALAOUI for "El Alaoui", as notices may
    write it either way."""
    return "".join(fold(name).split())


def same_given(a: str, b: str) -> bool:
    """Two writings of one given name by different hands (``GIVEN_ALIKE``)."""
    return canonical_given(a) == canonical_given(b) or JaroWinkler.similarity(a, b) >= GIVEN_ALIKE
