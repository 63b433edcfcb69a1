"""Possible successors of a closed company debtor: the company its people carry the business on in.

A known way of escaping social debts (issue 13): the employer owing CNSS is dissolved, put in
liquidation or struck off, and its manager opens a new company — same trade, often the same
premises or phone. General record-linkage tools don't look for it: the new company is another
entity, with another name, RC and ICE, so it must never be *merged* with the debtor. It is
reported beside the debtor as ``possible_successor``, with its evidence and a confidence, for a
person to decide (law 09-08: no decision by automated processing alone).

How it is found (docs/pivots.md, "Successors"): when the debtor's own register entry, matched at
p ≥ 0.9, says the company is not active, its managers' and partners' CINs are searched in the
legal notices (round 1: notices print a manager's CIN); the companies those notices constitute
are looked up in the register by RC + court (round 2); the phone pivots already reverse-search
the company's numbers in the directory. Each candidate company is then weighed here:

- **the same manager or partner** (the same CIN in the candidate's register entry or notice):
  the strongest sign; a namesake with another CIN is not the same person;
- **the same phone** in the candidate's own register entry (a directory listing at the
  debtor's number under another name is as often the debtor's own brand, linking/scoring.py:
  the register says whose number it is);
- **the same seat**: weak alone — a domiciliation address hosts many companies (DOMAIN §1.3,
  §4) — so it is never enough on its own; it only adds to one of the two others.

The candidate must have been created after the debtor (a company can't succeed an older one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from matching.addresses import compare_addresses
from matching.identifiers import cin as cin_id
from matching.phones import normalize_phone
from matching.text import fold
from skiptrace.linking.parties import iso_day, rc_key, record_parties
from skiptrace.model import Debtor, Match, Record, mask

CONFIDENT = 0.9  # the debtor's own register entry and notices, as for pivots
CLOSED = ("radi", "liquidation", "dissou", "dissolution", "cessation", "ferm")
WEIGHTS = {"manager": 0.8, "phone": 0.65, "address": 0.3}
REPORT_AT = 0.5
SAME_SEAT = frozenset({"exact", "same_street_number"})


@dataclass
class DebtorCompany:
    """What the confident matches say of the company debtor itself."""

    rc_keys: set[str] = field(default_factory=set)
    ices: set[str] = field(default_factory=set)
    people: dict[str, str] = field(default_factory=dict)  # CIN → name as written
    managers: set[str] = field(default_factory=set)  # the CINs of those who manage it
    phones: set[str] = field(default_factory=set)
    seats: list[str] = field(default_factory=list)
    created: date | None = None
    status: str | None = None
    register: tuple[str, str] | None = None  # (source, record id) of its register entry

    @property
    def closed(self) -> bool:
        status = fold(self.status or "")
        return any(word in status for word in CLOSED)


def debtor_company(debtor: Debtor, matches: Iterable[Match]) -> DebtorCompany:
    """The debtor company as its portfolio row and its confident matches describe it."""
    me = DebtorCompany()
    me.phones = {p for p in (_phone(x) for x in debtor.phones) if p}
    me.seats = [a for a in debtor.addresses if a.strip()]
    rc = debtor.identifier("rc")
    own = rc_key(rc.value, rc.tribunal) if rc is not None else None
    if own:
        me.rc_keys.add(own)
    ice = debtor.identifier("ice")
    if ice is not None:
        me.ices.add(ice.value)
    for match in matches:
        party, record = match.party, match.record
        if match.probability < CONFIDENT or party is None or party.role != "subject":
            continue
        if record.kind not in ("company", "notice") or party.kind != "company":
            continue
        fields = record.fields
        registered = rc_key(party.rc, party.tribunal)
        if registered:
            me.rc_keys.add(registered)
        if party.ice:
            me.ices.add(str(party.ice))
        me.phones |= {p for p in (_phone(x) for x in party.phones) if p}
        if party.address:
            me.seats.append(party.address)
        for cin, name, role in people_of(record):
            me.people.setdefault(cin, name)
            if role == "manager":
                me.managers.add(cin)
        if record.kind == "company":
            me.status = me.status or _text(fields.get("status"))
            me.created = me.created or iso_day(fields.get("created"))
            me.register = me.register or (record.source, record.record_id)
        elif fields.get("notice_kind") in ("dissolution", "liquidation", "radiation"):
            me.status = me.status or str(fields.get("notice_kind"))
    return me


def manager_cins(me: DebtorCompany) -> list[tuple[str, str]]:
    """(CIN, name) of the closed debtor's managers, then its partners, each in CIN order: the
    keys a successor search starts from (the one who ran it is the likeliest to run the next)."""
    if not me.closed:
        return []
    return sorted(me.people.items(), key=lambda item: (item[0] not in me.managers, item[0]))


@dataclass
class Candidate:
    """A company that might carry the debtor's business on."""

    key: str  # rc:<number>@<court> or name:<folded>
    name: str
    rc: str | None = None
    tribunal: str | None = None
    ice: str | None = None
    created: date | None = None
    status: str | None = None
    record: Record | None = None  # its register entry, when fetched
    evidence: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def confidence(self) -> float:
        miss = 1.0
        for kind in self.evidence:
            miss *= 1.0 - WEIGHTS[kind]
        return round(1.0 - miss, 4)

    def aliases(self) -> list[str]:
        """Its sigle, trade names and old names, as its register entry gives them."""
        if self.record is None:
            return []
        fields = self.record.fields
        found = [fields.get("sigle"), *(fields.get("trade_names") or ()),
                 *(fields.get("old_names") or ())]
        return [str(a) for a in dict.fromkeys(found) if a and str(a) != self.name]

    def to_dict(self) -> dict[str, Any]:
        source = self.record.source if self.record else None
        record_id = self.record.record_id if self.record else None
        return {
            "relation": "possible_successor", "name": self.name,
            "also_known_as": self.aliases(), "rc": self.rc,
            "tribunal": self.tribunal, "ice": self.ice,
            "created": self.created.isoformat() if self.created else None,
            "status": self.status, "source": source, "record_id": record_id,
            "confidence": self.confidence,
            "evidence": [{"kind": k, **self.evidence[k]} for k in sorted(self.evidence)],
            "note": "a possible successor for a person to assess (law 09-08): never merged "
                    "with the debtor, its assets are not the debtor's",
        }


def find_successors(debtor: Debtor, records: Iterable[Record],
                    matches: Iterable[Match]) -> list[dict[str, Any]]:
    """Possible successors of a closed company debtor, best first; empty for a person or an
    active company."""
    if debtor.kind != "company":
        return []
    matches = list(matches)
    me = debtor_company(debtor, matches)
    if not me.closed:
        return []
    candidates: dict[str, Candidate] = {}
    records = list(records)
    for record in records:
        if record.kind in ("company", "notice"):
            _weigh_company(me, record, candidates)
    found = [c for c in candidates.values()
             if ("manager" in c.evidence or "phone" in c.evidence) and c.confidence >= REPORT_AT
             and _after(c.created, me.created)]
    found.sort(key=lambda c: (-c.confidence, c.key))
    return [c.to_dict() for c in found]


SUCCESSOR_CAP = 0.3  # a successor's records stay candidates of the debtor, never links


def kept_apart(matches: Iterable[Match], successors: list[dict[str, Any]]) -> list[Match]:
    """The matches, with a possible successor's own records held below the reporting threshold:
    it is another company (another RC, ICE, name) and must never be merged into the debtor —
    nor its directory listing at the debtor's old number (not the debtor's brand: its
    successor's)."""
    apart = {(s["source"], s["record_id"]) for s in successors if s.get("record_id")}
    names = {fold(n) for s in successors for n in [s["name"], *(s.get("also_known_as") or [])]}

    def theirs(match: Match) -> bool:
        if (match.record.source, match.record.record_id) in apart:
            return True  # the successor's own register entry
        listed = match.record.kind == "phone" and match.party is not None
        return listed and fold(match.party.name if match.party else "") in names

    return [replace(m, probability=min(m.probability, SUCCESSOR_CAP)) if theirs(m) else m
            for m in matches]


def _weigh_company(me: DebtorCompany, record: Record, out: dict[str, Candidate]) -> None:
    fields = record.fields
    name = _text(fields.get("denomination") or fields.get("company"))
    rc, court = _text(fields.get("rc_number")), _text(fields.get("rc_tribunal"))
    ice = _text(fields.get("ice"))
    registered = rc_key(rc, court)
    if not name or registered in me.rc_keys or (ice and ice in me.ices):
        return  # the debtor itself (or nobody)
    key = registered or f"name:{fold(name)}"
    cand = out.setdefault(key, Candidate(key, name, rc, court))
    if record.kind == "company":
        cand.name, cand.record = name, record
        cand.ice = cand.ice or ice
        cand.created = iso_day(fields.get("created")) or cand.created
        cand.status = _text(fields.get("status")) or cand.status
        for phone in fields.get("phones") or ():
            normal = _phone(phone)
            if normal and normal in me.phones:
                cand.evidence.setdefault("phone", _why(
                    record, f"its register entry lists the debtor's number {mask(normal, 4)}"))
    elif fields.get("notice_kind") == "constitution" and cand.created is None:
        cand.created = iso_day(fields.get("published"))
    for cin, written, _ in people_of(record):
        if cin in me.people:
            cand.evidence.setdefault("manager", _why(
                record, f"{written} (CIN {mask(cin)}) runs both: manager or partner of the "
                        f"debtor as {me.people[cin]}"))
    seat = _text(fields.get("address"))
    if seat and any(compare_addresses(seat, mine).level in SAME_SEAT for mine in me.seats):
        cand.evidence.setdefault("address", _why(
            record, "the same seat as the debtor (alone never enough: domiciliation centres "
                    "host many companies)"))


def people_of(record: Record) -> list[tuple[str, str, str]]:
    """(CIN, name, role) of the managers and partners a register entry or a notice names."""
    found = []
    for party in record_parties(record):
        if party.kind == "person" and party.role in ("manager", "partner", "named") and party.cin:
            value = cin_id.normalize(party.cin) if cin_id.is_valid(party.cin) else None
            if value:
                found.append((value, party.name, party.role))
    return found


def _why(record: Record, detail: str) -> dict[str, Any]:
    return {"detail": detail, "source": record.source, "record_id": record.record_id}


def _after(created: date | None, debtor_created: date | None) -> bool:
    """Created after the debtor (unknown dates do not rule a candidate out)."""
    return created is None or debtor_created is None or created > debtor_created


def _phone(value: Any) -> str | None:
    return normalize_phone(str(value)) if value else None


def _text(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None

