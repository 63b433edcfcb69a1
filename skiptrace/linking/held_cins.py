"""The CIN an entry held at a link below the pivot threshold prints, asked of the CIN searches
only: the vehicle registry's (issue 12, session 17) and the land registry's owner search by CIN
(session 18).

The vehicle registry finds a holder by CIN only (DOMAIN §3.2): a debtor whose row has no CIN
(or a mistyped one) has their cards found only through a CIN a confident record prints
(``pivots.PIVOT_THRESHOLD``, 0.9). An owner entry or a register entry held at a link by a door
rule ("LAHLOU S." at the debtor's door, 0.6) or by the model (0.5-0.9) prints one, and it stayed
unasked: on development seeds 40961, 12345, 80036, 80037 and 80038 (10^3 live), 1, 3, 3, 5 and
3 of the debtors' own cards never fetched carry a CIN such an entry prints, and none of anyone
else's does.

Such a CIN is not the debtor's for sure (a household member at the debtor's door, a namesake
the model weighed at 0.6), so it is **not learned**: it is asked of the two registries' CIN
searches alone (no name, no other source), and a card or a title it finds is scored against the debtor as the row and the confident pivots know them
(``pivots.known_through`` takes only ``about="debtor"`` keys), so it counts only if it links on
its own evidence — the holder's name and address — never because the CIN found it. Only:

- a CIN a match from ``HELD`` to the pivot threshold gives a person party of the record (the
  record's own party, ``Match.party``: never a co-owner or a buyer beside it);
- a CIN the debtor's row lacks, or one character from the row's with other evidence
  (``cin_pivots.corrected``, as a confident pivot's), never the row's own (already asked);
- not a CIN the debtor's matches from ``HELD`` up disagree on (two CINs: neither is asked,
  ``cin_pivots.disputed``), nor one asked before, as the debtor's or as such;
- at most ``MAX_HELD`` per round.
"""

from __future__ import annotations

from collections.abc import Iterable

from skiptrace.connectors.query import DebtorQuery
from skiptrace.linking.cin_pivots import corrected, disputed, party_cin
from skiptrace.linking.pivots import PIVOT_THRESHOLD, PivotKey
from skiptrace.model import Match, mask

#: a link: the entries below it are not the debtor's by any reading (the report's threshold)
HELD = 0.5
MAX_HELD = 1  # CINs asked per round: 1-5 cards a seed of 1,000 debtors carry one
ABOUT = "held_cin"
VEHICLES = "vehicle_registry"
#: the sources whose route answers a CIN and whose records a held CIN is asked of: the cards
#: (session 17) and the land registry's owner search (session 18: over five development seeds
#: at 10^3, 30 such CINs; one own title never fetched carries one, 80036's DEB-0000034, and no
#: title of anyone else's does)
CIN_SEARCHES = ("land_registry", VEHICLES)


def held_cin_keys(matches: Iterable[Match], asked: set[tuple[str, str]],
                  threshold: float = PIVOT_THRESHOLD) -> list[PivotKey]:
    """The CINs entries held at a link below ``threshold`` print, to ask the vehicle registry
    for (the module's rules); deterministic: the most probable entry first, then by record."""
    matches = list(matches)
    if disputed(matches, HELD):
        return []
    own = [value for key, value in asked if key == "cin"]
    found: dict[tuple[str, str], PivotKey] = {}
    for m in sorted(matches, key=lambda m: (-m.probability, m.record.source, m.record.record_id)):
        if not HELD <= m.probability < threshold:
            continue
        value = party_cin(m)
        if value is None or value in own:
            continue
        ok, _ = corrected(value, m, own)
        if not ok:
            continue
        key = PivotKey("cin", value, m.record.source, m.record.record_id, m.probability,
                       about=ABOUT)
        if key.asked not in asked and ("cin", value) not in asked and key.asked not in found:
            found[key.asked] = key
    return list(found.values())[:MAX_HELD]


def held_cin_queries(base: DebtorQuery, keys: Iterable[PivotKey], depth: int,
                     sources: Iterable[str]) -> list[DebtorQuery]:
    """One search per held CIN of each ``CIN_SEARCHES`` source configured, by the CIN alone
    (no name: the vehicle route has none, and a name asked of the land registry would search
    the debtor again)."""
    asked = tuple(s for s in CIN_SEARCHES if s in set(sources))
    if not asked:
        return []
    return [DebtorQuery(base.debtor_id, "person", (), cin=k.value, pivot=depth,
                        because=(("cin", held_because(k)),), sources=asked)
            for k in keys if k.about == ABOUT]


def held_because(key: PivotKey) -> str:
    """Why the vehicle registry was asked for that CIN, masked like every identifier shown."""
    return (f"{key.source} {key.record_id}, held at a link below the pivot threshold (p "
            f"{key.probability:.2f}), prints the CIN {mask(key.value)}: asked of the CIN "
            "searches only, not learned as the debtor's; what it finds links on its own "
            "evidence")
