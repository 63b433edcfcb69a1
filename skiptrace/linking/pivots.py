"""Pivots: the keys a confidently matched record gives about the debtor, to search again with.

A skip tracer works outward: the notice that names the debtor prints their CIN, the register
entry of a company debtor gives its RC and court, a listing gives a phone. Each is a key the
portfolio row lacked or had wrong, and each opens searches the first round could not make (a
vehicle card is found by CIN or by RC + court only; a trade-name listing only by its number).

Only the matched party's own keys pivot (``Match.party``: the debtor in that record, never a
co-manager or a buyer it also names, docs/security.md), only from a match at or above
``PIVOT_THRESHOLD``, and only a key not asked before for this debtor: a round never repeats a
search. Each key keeps the record that gave it, so the profile can say "found because …".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from matching.identifiers import cin as cin_id
from matching.identifiers import ice as ice_id
from matching.identifiers import rc as rc_id
from matching.phones import normalize_phone
from skiptrace.connectors.query import DebtorQuery
from skiptrace.linking.parties import record_parties
from skiptrace.model import Debtor, Identifier, Match, Party, Record, mask

PIVOT_THRESHOLD = 0.9  # a key is only as good as the match that gave it (docs/pivots.md)
MAX_DEPTH = 2  # rounds of pivots after the debtor's own query
MAX_PHONES = 2  # new phones reverse-searched per round
KEYS = ("cin", "rc", "ice", "phone")


@dataclass(frozen=True)
class PivotKey:
    """One new key and the record that gave it."""

    key: str  # cin | rc | ice | phone
    value: str
    source: str
    record_id: str
    probability: float
    tribunal: str | None = None  # the court of an RC number

    @property
    def asked(self) -> tuple[str, str]:
        """What "already searched" is about: the key and its value (RC with its court)."""
        return (self.key, f"{self.value}@{self.tribunal}" if self.key == "rc" else self.value)

    def because(self) -> str:
        """The chain's link, masked: "legal_notices LN-123 gave the CIN (p 0.97)"."""
        what = {"cin": "the CIN", "rc": f"the RC number ({self.tribunal})", "ice": "the ICE",
                "phone": f"the phone {mask(self.value, 4)}"}[self.key]
        return f"{self.source} {self.record_id} gave {what} (p {self.probability:.2f})"

    def to_dict(self) -> dict[str, object]:
        """The profile's ``pivots`` entry: the key masked, where it came from."""
        value = mask(self.value, 4) if self.key == "phone" else mask(self.value)
        return {"key": self.key, "value": value, "tribunal": self.tribunal,
                "source": self.source, "record_id": self.record_id,
                "probability": round(self.probability, 4), "because": self.because()}


def asked_keys(query: DebtorQuery) -> set[tuple[str, str]]:
    """The keys the debtor's own query searches with (round 0)."""
    asked: set[tuple[str, str]] = set()
    if query.cin:
        asked.add(("cin", query.cin))
    if query.ice:
        asked.add(("ice", query.ice))
    if query.rc:
        asked.add(("rc", f"{query.rc}@{query.tribunal}"))
    for phone in query.phones:
        asked.add(("phone", _phone(phone) or phone))
    return asked


def pivot_keys(matches: Iterable[Match], asked: set[tuple[str, str]], *,
               threshold: float = PIVOT_THRESHOLD) -> list[PivotKey]:
    """New keys from confident matches, strongest match first, one per (key, value);
    deterministic (ties by source and record id)."""
    found: dict[tuple[str, str], PivotKey] = {}
    ordered = sorted(matches, key=lambda m: (-m.probability, m.record.source, m.record.record_id))
    for match in ordered:
        if match.probability < threshold or match.party is None:
            continue
        for key in _keys_of(match, match.party):
            if key.asked not in asked and key.asked not in found:
                found[key.asked] = key
    keys = list(found.values())
    phones = [k for k in keys if k.key == "phone"][:MAX_PHONES]
    return [k for k in keys if k.key != "phone"] + phones


def _keys_of(match: Match, party: Party) -> list[PivotKey]:
    record = match.record
    found: list[PivotKey] = []

    def add(key: str, value: str | None, tribunal: str | None = None) -> None:
        if value:
            found.append(PivotKey(key, value, record.source, record.record_id,
                                  match.probability, tribunal))

    if party.kind == "person" and party.cin and cin_id.is_valid(party.cin):
        add("cin", cin_id.normalize(party.cin))
    if party.ice and ice_id.is_valid(party.ice):
        add("ice", ice_id.normalize(party.ice))
    if party.rc and party.tribunal and rc_id.is_valid(party.rc):
        add("rc", rc_id.normalize(party.rc) or party.rc, party.tribunal)
    for phone in party.phones:
        add("phone", _phone(phone))
    return found


def pivot_query(base: DebtorQuery, keys: list[PivotKey], depth: int) -> DebtorQuery | None:
    """The query of one pivot round: only the new keys (no names: those were searched), so
    every search it makes is one the debtor's earlier rounds did not; None when nothing is new.
    The first key of each kind is searched (a second CIN would contradict the first)."""
    first: dict[str, PivotKey] = {}
    for key in keys:
        if key.key != "phone":
            first.setdefault(key.key, key)
    phones = tuple(k.value for k in keys if k.key == "phone")
    if not first and not phones:
        return None
    rc = first.get("rc")
    because = [(k, v.because()) for k, v in first.items()]
    because += [("phone", "; ".join(k.because() for k in keys if k.key == "phone"))] if phones else []
    return replace(
        base, names=(), last_name=None, name_variants=(), addresses=(),
        cin=first["cin"].value if "cin" in first else None,
        ice=first["ice"].value if "ice" in first else None,
        rc=rc.value if rc else None, tribunal=rc.tribunal if rc else None,
        phones=phones, pivot=depth, because=tuple(because),
    )


def known_through(debtor: Debtor, keys: list[PivotKey]) -> Debtor:
    """The debtor as the pivots know them: the keys confident matches gave come first (a CIN
    a notice prints beats the portfolio's mistyped one), the portfolio's after. Records the
    pivots fetched are scored against this debtor, so that the key that found a record also
    counts as evidence that it is the debtor's — capped by ``capped`` at the strength of the
    match that gave the key."""
    learned = tuple(
        Identifier(k.key, k.value, tribunal=k.tribunal if k.key == "rc" else None)
        for k in keys if k.key in ("cin", "ice", "rc"))
    phones = tuple(k.value for k in keys if k.key == "phone")
    return replace(debtor, identifiers=learned + debtor.identifiers,
                   phones=tuple(dict.fromkeys(debtor.phones + phones)))


def shares_a_key(record: Record, keys: list[PivotKey]) -> bool:
    """Whether a party of ``record`` carries one of the pivot keys (only those records can
    score higher against the debtor the pivots know)."""
    wanted = {k.asked for k in keys}
    for party in record_parties(record):
        found = [("cin", cin_id.normalize(party.cin) if party.cin else None),
                 ("ice", ice_id.normalize(party.ice) if party.ice else None),
                 ("rc", f"{rc_id.normalize(party.rc) or party.rc}@{party.tribunal}"
                  if party.rc and party.tribunal else None),
                 *(("phone", _phone(p)) for p in party.phones)]
        if any((key, value) in wanted for key, value in found if value):
            return True
    return False


def capped(match: Match, keys: list[PivotKey]) -> Match:
    """A match made through pivot keys is no surer than the match that gave the key."""
    ceiling = max((k.probability for k in keys), default=0.0)
    return match if match.probability <= ceiling else replace(match, probability=ceiling)


def _phone(value: str | None) -> str | None:
    """A phone in its E.164 form, so that two spellings of one number are one key."""
    return normalize_phone(value) if value else None
