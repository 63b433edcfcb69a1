"""The people and companies a record names, each in its role.

Matching scores a debtor against parties, not records: a land title with three co-owners is
three candidates, a company record is the company plus each manager and partner. The field
vocabulary read here is docs/records.md; a record kind that names nobody (a geocoder result)
has no parties.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from matching.text import fold
from skiptrace.model import DebtorKind, Party, Record

PartyReader = Callable[[Mapping[str, Any]], list[Party]]
PARTIES_MEMO = "_parties"  # where record_parties keeps a record's parties (Record.__getstate__)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _phones(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value if v)


def iso_day(value: Any) -> date | None:
    """The day an ISO date or time a record writes names ("2016-10-21", "2024-02-01T08:00:00Z");
    None when empty or unreadable."""
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def rc_key(rc: object, court: object) -> str | None:
    """A company's registration as a join key, ``rc:<number>@<court>``: an RC number is unique
    only within its court (DOMAIN §1.3); None unless both are known."""
    if not rc or not court:
        return None
    return f"rc:{str(rc).strip().lstrip('0')}@{fold(str(court))}"


def _person_or_company(entry: Mapping[str, Any], default: DebtorKind = "person") -> DebtorKind:
    kind = entry.get("kind")
    if kind in ("person", "company"):
        return kind
    return "company" if entry.get("ice") or entry.get("rc_number") else default


def _party(role: str, entry: Mapping[str, Any], **extra: Any) -> Party | None:
    """A party from an entry; a company's RC number (+ its court) is an identifier like a CIN
    or an ICE (registries write an owner company by RC + court), the domicile its address."""
    name = _text(entry.get("name")) or _text(entry.get("name_ar"))
    arabic = _text(entry.get("name_ar"))
    rc = _text(entry.get("rc_number"))
    if name is None and not (entry.get("cin") or entry.get("ice") or rc):
        return None
    return Party(
        role=role,
        kind=extra.pop("kind", _person_or_company(entry)),
        name=name or "",
        cin=_text(entry.get("cin")),
        ice=_text(entry.get("ice")),
        rc=rc,
        tribunal=_text(entry.get("rc_tribunal")) if rc else None,
        birth_date=_date(entry.get("birth_date")),
        father_name=_text(entry.get("father_name")),
        city=_text(extra.pop("city", entry.get("city"))),
        address=_text(extra.pop("address", entry.get("address") or entry.get("domicile"))),
        phones=_phones(extra.pop("phones", entry.get("phones"))),
        share=_text(entry.get("share") if entry.get("share") is not None else entry.get("shares")),
        other_names=(arabic,) if arabic and arabic != name else (),
        **extra,
    )


def _with_form(name: str | None, form: Any) -> str:
    """The denomination with the legal form the source gives apart ("MODERNE MATERIAUX" + "SA"),
    so that matching sees a SA and a SARL of one name as two companies."""
    text = _text(form)
    if not name or not text or re.search(rf"(?<!\w){re.escape(text)}(?!\w)", name, re.IGNORECASE):
        return name or ""
    return f"{name} {text}"


# what a notice parser may leave at the end of a denomination: "NOUR NEGOCE (sigle", "… Objet"
_RESIDUE = re.compile(r"\s*(?:\((?:sigle|enseigne)\b[^)]*\)?|\bobjet\b)\s*$", re.IGNORECASE)


def _denomination(value: Any) -> str | None:
    text = _text(value)
    return _text(_RESIDUE.sub("", text)) if text else None


def _names(value: Any) -> list[str]:
    if not value:
        return []
    return [t for t in (_text(v) for v in ([value] if isinstance(value, str) else value)) if t]


def is_sole_trader(fields: Mapping[str, Any]) -> bool:
    """A register entry of a personne physique (``entry_kind`` trader, or the legal form when a
    harvest or an extract gives no kind): the trader is the entry, not a company apart from
    them, so the seat and the number it gives are the trader's own (issue 12: linked at 0.76-0.88
    while the phone and the seat went to a company party that a person debtor never matches)."""
    if fields.get("entry_kind") is not None:
        return fields.get("entry_kind") == "trader"
    return fold(str(fields.get("legal_form") or "")) == "personne physique"


def _company_parties(fields: Mapping[str, Any]) -> list[Party]:
    """The company under its denomination, its managers and partners, then the company again under
    each other name the register gives (sigle, trade names, old names): a portfolio may know it by
    any of them. A sole trader's entry gives its seat and number to the trader (``is_sole_trader``). The aliases come last so that the parties' indexes stay those of before, and
    without the phones (a profile would see the company's number listed for "another party")."""
    form = fields.get("legal_form")

    def subject(name: str | None, phones: bool = True) -> Party:
        return Party(
            role="subject",
            kind="company",
            name=_with_form(name, form),
            ice=_text(fields.get("ice")),
            rc=_text(fields.get("rc_number")),
            tribunal=_text(fields.get("rc_tribunal")),
            city=_text(fields.get("city")),
            address=_text(fields.get("address")),
            phones=_phones(fields.get("phones")) if phones else (),
        )

    denomination = _text(fields.get("denomination"))
    trader = is_sole_trader(fields)
    found: list[Party | None] = [subject(denomination, phones=not trader)]
    for manager in fields.get("managers") or ():
        if trader:  # the entry is the trader: its seat and number are theirs (DOMAIN §4)
            found.append(_party("manager", manager, kind="person", city=fields.get("city"),
                                address=fields.get("address"), phones=fields.get("phones")))
        else:
            found.append(_party("manager", manager, kind="person"))
    for partner in fields.get("partners") or ():
        found.append(_party("partner", partner))
    aliases = [*_names(fields.get("sigle")), *_names(fields.get("trade_names")),
               *_names(fields.get("old_names"))]
    for alias in dict.fromkeys(a for a in aliases if a != denomination):
        found.append(subject(alias, phones=False))  # the number is the company's, listed once
    return [p for p in found if p is not None]


def _phone_parties(fields: Mapping[str, Any]) -> list[Party]:
    kind: DebtorKind = "company" if fields.get("listing_kind") == "business" else "person"
    party = _party("listing", fields, kind=kind)
    return [party] if party else []


def _notice_parties(fields: Mapping[str, Any]) -> list[Party]:
    found: list[Party | None] = []
    if fields.get("company"):
        found.append(
            Party(
                role="subject",
                kind="company",
                name=_with_form(_denomination(fields["company"]), fields.get("legal_form")),
                rc=_text(fields.get("rc_number")),
                tribunal=_text(fields.get("rc_tribunal")),
                city=_text(fields.get("city")),
                address=_text(fields.get("address")),
            )
        )
    roles = {"gérant": "manager", "gerant": "manager", "associé": "partner", "associe": "partner"}
    for person in fields.get("people") or ():
        role = roles.get(str(person.get("role", "")).lower(), "named")
        found.append(_party(role, person, kind="person"))
    return [p for p in found if p is not None]


def _title_parties(fields: Mapping[str, Any]) -> list[Party]:
    found = [_party("owner", owner, city=fields.get("city")) for owner in fields.get("owners") or ()]
    return [p for p in found if p is not None]


def _vehicle_parties(fields: Mapping[str, Any]) -> list[Party]:
    owner = fields.get("owner") or {}
    party = _party("owner", owner)
    return [party] if party else []


def _person_parties(fields: Mapping[str, Any]) -> list[Party]:
    party = _party("subject", fields, kind="person")
    return [party] if party else []


READERS: dict[str, PartyReader] = {
    "company": _company_parties,
    "phone": _phone_parties,
    "notice": _notice_parties,
    "land_title": _title_parties,
    "vehicle": _vehicle_parties,
    "person": _person_parties,
    "address": lambda fields: [],
}


def record_parties(record: Record) -> list[Party]:
    """Every party the record names, numbered in order so a Match can point back at one.

    Read once per record and kept on it (records and parties are frozen, and a record's fields
    are not changed once it is made): a debtor's records are read for matching, again for the
    pivots' rescoring and again for the profile's shared phones.
    """
    memo: tuple[Party, ...] | None = record.__dict__.get(PARTIES_MEMO)
    if memo is None:
        reader = READERS.get(record.kind)
        parties = reader(record.fields) if reader is not None else []
        for i, party in enumerate(parties):
            object.__setattr__(party, "index", i)  # fresh objects, numbered before anyone sees them
        memo = tuple(parties)
        object.__setattr__(record, PARTIES_MEMO, memo)  # a memo, not a field: eq ignores it
    return list(memo)


def all_parties(records: Iterable[Record]) -> list[tuple[Record, Party]]:
    """Flatten records into (record, party) candidates."""
    return [(record, party) for record in records for party in record_parties(record)]
