"""The domain model: what a debtor is, what a source said about someone, and where it came from.

Plain frozen dataclasses with explicit ``to_dict`` / ``from_dict`` so that every object crosses
process, file and store boundaries as JSON without surprises. Everything else in skiptrace
(connectors, store, matching bridge, profile) speaks these types.

Record ``fields`` follow one vocabulary per record kind, documented in docs/records.md, so that
code downstream of connectors never needs to know which source a record came from.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from typing import Any, Literal, get_args

DebtorKind = Literal["person", "company"]
RecordKind = Literal["person", "company", "address", "phone", "land_title", "vehicle", "notice"]
# too_broad: every request answered, but a search found more than it may page through and no
# narrower search was left (docs/sources.md, "Searches that are too broad"); not a failure
SourceState = Literal["ok", "too_broad", "partial", "failed", "skipped"]
# the states in which every request a source was asked got its answer
ANSWERED_STATES: frozenset[str] = frozenset({"ok", "skipped", "too_broad"})
TOO_BROAD = "search too broad"  # first part of a too_broad reason (labels.py reads it back)


def too_broad_search(what: str, count: int | None, more: bool = False) -> str:
    """One search too broad as a too_broad reason names it ("name EL****** (1014 results)",
    or "(more than 50 results)" when the count stopped at a bound; ``what`` its key and masked
    value): labels.reason translates this form."""
    return f"{what} ({'more than ' if more else ''}{count} results)"


def too_broad_reason(parts: list[str]) -> str:
    """The reason of a too_broad status: the state's words, then each part given."""
    return "; ".join([TOO_BROAD, *parts])


SOURCE_NAMES: tuple[str, ...] = (
    "company_register",
    "phone_directory",
    "legal_notices",
    "land_registry",
    "vehicle_registry",
    "geocoder",
)
RECORD_KINDS: tuple[str, ...] = get_args(RecordKind)


AS_OF_ENV = "SKIPTRACE_AS_OF"
_fixed_clock: datetime | None = None


def set_clock(as_of: datetime | None) -> None:
    """Fix the clock (``--as-of``) so that a resumed run's timestamps equal an uninterrupted one's.

    Child processes (the Scrapy crawl) inherit it through the SKIPTRACE_AS_OF variable.
    """
    global _fixed_clock
    _fixed_clock = as_of
    if as_of is None:
        os.environ.pop(AS_OF_ENV, None)
    else:
        os.environ[AS_OF_ENV] = as_of.isoformat()


def utcnow() -> datetime:
    """The current time (or the fixed ``--as-of`` one), timezone-aware, to the second.

    Every timestamp skiptrace writes (retrieval times, profile dates) comes from here.
    """
    if _fixed_clock is not None:
        return _fixed_clock
    env = os.environ.get(AS_OF_ENV)
    if env:
        fixed = datetime.fromisoformat(env)
        return fixed if fixed.tzinfo else fixed.replace(tzinfo=UTC)
    return datetime.now(UTC).replace(microsecond=0)


def _shallow(instance: Any) -> dict[str, Any]:
    """A dataclass's fields as a dict, values as they are: ``dataclasses.asdict`` deep-copies
    each value, and every one of these holds texts, numbers, dates and tuples of texts that
    ``to_dict`` turns into new lists itself (issue 17: a live batch's crawl children and
    enricher spent 3-5 % of their time in asdict's copies)."""
    return {f.name: getattr(instance, f.name) for f in fields(instance)}


@dataclass(frozen=True)
class Identifier:
    """One identifier of a debtor as the portfolio gave it.

    ``value`` is the canonical form when the value parsed, else the raw text; ``valid`` False
    means matching must never treat it as strong evidence (a typo in the CNSS file).
    """

    scheme: str  # "cin" | "ice" | "rc" | "if" | "cnss" | ...
    value: str
    valid: bool = True
    tribunal: str | None = None  # only for RC: an RC number is unique within its court
    reason: str | None = None  # why it is invalid, when it is

    def to_dict(self) -> dict[str, Any]:
        return _shallow(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Identifier:
        return cls(**data)


@dataclass(frozen=True)
class Debtor:
    """A CNSS debtor: a company or a self-employed person, as the portfolio describes it."""

    debtor_id: str
    kind: DebtorKind
    name: str  # full name as given (persons: "NOM Prénom" or any order; companies: denomination)
    first_name: str | None = None
    last_name: str | None = None
    birth_date: date | None = None
    father_name: str | None = None
    legal_form: str | None = None
    legal_representative: str | None = None
    identifiers: tuple[Identifier, ...] = ()
    addresses: tuple[str, ...] = ()
    city: str | None = None
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    debt_amount: float | None = None  # MAD
    debt_as_of: date | None = None
    debtor_id_derived: bool = False  # True when the portfolio had no id and we derived one

    def identifier(self, scheme: str, *, valid_only: bool = True) -> Identifier | None:
        """The first identifier of that scheme (only a valid one unless told otherwise)."""
        for ident in self.identifiers:
            if ident.scheme == scheme and (ident.valid or not valid_only):
                return ident
        return None

    def audit_target(self) -> str:
        """What a lookup of this debtor searched by, for the audit log's ``target`` column:
        the strongest valid identifier ("cin:BK100001"), else a phone, else the name. The log
        masks the value (skiptrace/store/audit.py)."""
        for scheme in ("cin", "ice", "rc"):
            ident = self.identifier(scheme)
            if ident is not None:
                return f"{scheme}:{ident.value}"
        if self.phones:
            return f"phone:{self.phones[0]}"
        return f"name:{self.name}"

    def to_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["identifiers"] = [i.to_dict() for i in self.identifiers]
        data["addresses"] = list(self.addresses)
        data["phones"] = list(self.phones)
        data["emails"] = list(self.emails)
        for key in ("birth_date", "debt_as_of"):
            value = data[key]
            data[key] = value.isoformat() if value is not None else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Debtor:
        values = dict(data)
        values["identifiers"] = tuple(Identifier.from_dict(i) for i in values.get("identifiers", ()))
        for key in ("addresses", "phones", "emails"):
            values[key] = tuple(values.get(key) or ())
        for key in ("birth_date", "debt_as_of"):
            raw = values.get(key)
            values[key] = date.fromisoformat(raw) if raw else None
        return cls(**values)


@dataclass(frozen=True)
class Provenance:
    """Where one record came from: enough to find it again and to answer the CNDP's
    "what is the origin of this datum?"."""

    source: str
    record_id: str
    retrieved_at: datetime
    url: str | None = None
    file: str | None = None
    row: int | None = None

    def to_dict(self) -> dict[str, Any]:
        data = _shallow(self)
        data["retrieved_at"] = self.retrieved_at.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Provenance:
        values = dict(data)
        values["retrieved_at"] = datetime.fromisoformat(values["retrieved_at"])
        return cls(**values)


@dataclass(frozen=True)
class Record:
    """One thing a source said, in the shared field vocabulary of its kind (docs/records.md)."""

    kind: RecordKind
    fields: dict[str, Any]
    provenance: Provenance
    partial: bool = False  # some expected fields were missing or unreadable (layout drift)
    warnings: tuple[str, ...] = ()

    @property
    def source(self) -> str:
        return self.provenance.source

    @property
    def record_id(self) -> str:
        return self.provenance.record_id

    def __getstate__(self) -> dict[str, Any]:
        """The fields alone: a memo kept on the record (its parties, linking/parties.py) is
        rebuilt where needed, not pickled to a worker or the parent with it."""
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    @property
    def key(self) -> str:
        """Stable identity of a record across runs: source and the source's own id."""
        return f"{self.provenance.source}:{self.provenance.record_id}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "fields": self.fields,
            "provenance": self.provenance.to_dict(),
            "partial": self.partial,
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        return cls(
            kind=data["kind"],
            fields=dict(data["fields"]),
            provenance=Provenance.from_dict(data["provenance"]),
            partial=bool(data.get("partial", False)),
            warnings=tuple(data.get("warnings", ())),
        )


@dataclass(frozen=True)
class Party:
    """A person or company named inside a record, in some role (owner of a title, manager of a
    company, the listing's subscriber...). Matching scores a debtor against parties, not records:
    a land title with three co-owners is three candidates."""

    role: str  # "owner" | "manager" | "partner" | "listing" | "subject" | "named"
    kind: DebtorKind
    name: str
    cin: str | None = None
    ice: str | None = None
    rc: str | None = None
    tribunal: str | None = None
    birth_date: date | None = None
    father_name: str | None = None
    city: str | None = None
    address: str | None = None
    phones: tuple[str, ...] = ()
    share: str | None = None  # "1/3", "13/40", or a share count for partners
    index: int = 0  # position among the record's parties, to point back at it
    #: the same party's name as the record also writes it (a land title's owner in Arabic
    #: script beside "BENNANI B."): scored too, the better comparison counts
    other_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class FieldExplanation:
    """How one field compared: its level, and how much that moved the match weight."""

    field: str
    level: str
    weight: float  # log2 Bayes factor contributed
    left: str | None = None
    right: str | None = None
    sentence: str = ""

    def to_dict(self) -> dict[str, Any]:
        return _shallow(self)


@dataclass(frozen=True)
class Match:
    """A record's party scored against a debtor: the unit of evidence the profile is built from."""

    debtor_id: str
    record: Record
    party: Party | None  # None for records about no party (a geocoder result)
    probability: float
    match_weight: float = 0.0
    explanation: tuple[FieldExplanation, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "debtor_id": self.debtor_id,
            "record": self.record.to_dict(),
            "party": _party_to_dict(self.party),
            "probability": self.probability,
            "match_weight": self.match_weight,
            "explanation": [e.to_dict() for e in self.explanation],
        }


def _party_to_dict(party: Party | None) -> dict[str, Any] | None:
    if party is None:
        return None
    data = _shallow(party)
    data["phones"] = list(party.phones)
    data["other_names"] = list(party.other_names)
    data["birth_date"] = party.birth_date.isoformat() if party.birth_date else None
    return data


@dataclass(frozen=True)
class SourceStatus:
    """How one source answered for one debtor: ``ok``, ``partial`` or ``failed`` with a reason."""

    source: str
    status: SourceState
    reason: str | None = None
    records: int = 0
    requests: int = 0
    seconds: float = 0.0
    # the searches the source ran, in order: {"key", "value" (masked), "reason", "results"}
    # (docs/profile.md, "searches")
    searches: tuple[dict[str, Any], ...] = ()
    #: of ``requests``, the pages a crawl answered from its memory (spiders/page_cache.py: a
    #: page another debtor's search fetched minutes before): the batch summary's, never the
    #: profile's (the profile's count must not depend on which debtor asked first)
    cached: int = 0

    def __post_init__(self) -> None:
        # a list from JSON (SourceStatus(**data)) becomes the tuple a frozen status holds
        object.__setattr__(self, "searches", tuple(dict(s) for s in self.searches or ()))

    def to_dict(self) -> dict[str, Any]:
        data = _shallow(self)
        data["searches"] = [dict(s) for s in self.searches]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SourceStatus:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


def stable_id(prefix: str, *parts: str | None) -> str:
    """A short deterministic id from the given parts, e.g. a derived debtor id from identifiers."""
    text = "\x1f".join(p or "" for p in parts)
    return f"{prefix}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}"


def mask(value: str | None, keep: int = 2) -> str:
    """An identifier as logs may show it: the first ``keep`` characters and the length."""
    if not value:
        return ""
    if len(value) <= keep:
        return "*" * len(value)
    return value[:keep] + "*" * (len(value) - keep)


__all__ = [
    "ANSWERED_STATES",
    "RECORD_KINDS",
    "SOURCE_NAMES",
    "Debtor",
    "DebtorKind",
    "FieldExplanation",
    "Identifier",
    "Match",
    "Party",
    "Provenance",
    "Record",
    "RecordKind",
    "SourceState",
    "TOO_BROAD",
    "SourceStatus",
    "mask",
    "set_clock",
    "stable_id",
    "utcnow",
    "too_broad_reason",
    "too_broad_search",
]
