"""Which CIN a confident match may pivot on (issue 12: records under a CIN the portfolio
mistypes or lacks).

The vehicle registry finds a holder by CIN only and the land registry's owner search by CIN
first (DOMAIN §3.2): a portfolio row whose CIN is one character off (J447669 for J441669) or
missing finds nothing there. A record matched with confidence that prints the debtor's real
CIN is how a skip tracer gets it back — but a wrong CIN sends the next round after someone
else's car. So a CIN pivots only when it is safe:

- the portfolio has no valid CIN: the confident match's CIN (as before);
- the portfolio has one: only a CIN **one character from it** (Damerau-Levenshtein 1 — a
  wrong, missing, extra or swapped digit — with the same letter prefix), and only from a
  match whose **name and another field** (address, birth date, phone…) agree besides the CIN:
  the near-miss CIN is not what made it confident. A CIN unrelated to the portfolio's (a
  relative, a namesake matched on name and door) never pivots;
- never a CIN that **two confident records disagree on**: both are then left alone; nor one
  that the debtor's own entry held at a link (``LINK`` up to the threshold) **at their door
  under their name** disagrees with (session 18: a same-name son's title at the debtor's door,
  0.988, printed his CIN while the debtor's own co-owner entry, 0.886, printed another).

What such a CIN finds is scored against the debtor carrying it instead of the portfolio's
(``pivots.known_through``), so the cin comparison calls the record's CIN "exact" where it is
the pivoted one and still "different" where it is another.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz.distance import DamerauLevenshtein

from matching.identifiers import cin as cin_id
from skiptrace.linking.scoring import DOOR
from skiptrace.model import Match, mask

#: a link (the report's threshold): an entry held from there up is the debtor's by some reading
LINK = 0.5


def party_cin(match: Match) -> str | None:
    """The matched person's own CIN, canonical, when the record prints a valid one."""
    party = match.party
    if party is None or party.kind != "person" or not party.cin:
        return None
    return cin_id.normalize(party.cin)


def one_character_off(a: str, b: str) -> bool:
    """Two different CINs one typing error apart with the same letter prefix: J441669 and
    J447669 (a digit), BK12345 and BK123456 (one dropped). Another prefix is another office's
    card, not a typo worth searching."""
    return (a != b and cin_id.prefix(a) == cin_id.prefix(b)
            and DamerauLevenshtein.distance(a, b) <= 1)


def differing_character(a: str, b: str) -> int:
    """The 1-based position where two CINs first differ (the reason says where, the values
    being masked)."""
    for position, (x, y) in enumerate(zip(a, b, strict=False), 1):
        if x != y:
            return position
    return min(len(a), len(b)) + 1


def other_evidence(match: Match) -> bool:
    """The match's name agrees, and so does at least one field other than the name and the
    CIN: it would be confident for reasons of its own, not for a CIN one digit from ours."""
    agreeing = {f.field for f in match.explanation if f.weight > 0}
    return "name" in agreeing and bool(agreeing - {"name", "cin"})


def disputed(matches: Iterable[Match], threshold: float, band: float = LINK) -> frozenset[str]:
    """The CINs confident matches (``threshold`` up) give the debtor when they give more than
    one, or when an entry held at a link (``band`` up to ``threshold``) at the debtor's door,
    under their name (``at_the_door``), prints another: none of them is the debtor's for sure,
    so none pivots. An entry at a link elsewhere (a namesake in the quarter, 0.6), under
    another name (a relative at the door) or below a link disputes nothing."""
    matches = list(matches)
    found = {cin for m in matches if m.probability >= threshold and (cin := party_cin(m))}
    door = {cin for m in matches if band <= m.probability < threshold and at_the_door(m)
            and (cin := party_cin(m))}
    return frozenset(found | door) if len(found) > 1 or (found and door - found) else frozenset()


def at_the_door(match: Match) -> bool:
    """The match's name agrees (it weighs for the match) and its address is the debtor's door
    (``scoring.DOOR``: the same address, or the same street and number)."""
    levels = {f.field: f for f in match.explanation}
    name, address = levels.get("name"), levels.get("address")
    return (name is not None and name.weight > 0 and address is not None
            and address.level in DOOR)


def corrected(value: str, match: Match, own: Iterable[str]) -> tuple[bool, str | None]:
    """Whether a confident match's CIN ``value`` may pivot, given the CINs already asked for the
    debtor (``own``: the portfolio's, and any pivoted before), and which of them it corrects.
    (True, None): the debtor had no CIN; (True, portfolio's): one character off it, the match
    confirmed by other evidence; (False, None): an unrelated CIN, or no other evidence."""
    own = sorted(own)
    if not own:
        return True, None
    near = [cin for cin in own if one_character_off(value, cin)]
    if not near or not other_evidence(match):
        return False, None
    return True, near[0]


def correction_reason(value: str, corrects: str, source: str, record_id: str,
                      probability: float) -> str:
    """The pivot's reason, masked like every identifier a profile shows."""
    return (f"the portfolio's CIN {mask(corrects)} is one character from {mask(value)} "
            f"(character {differing_character(value, corrects)}) printed in {source} {record_id}, "
            f"matched on name and other evidence (p {probability:.2f}): searched as the debtor's")
