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

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from matching.cities import normalize_city
from matching.gazetteer import commune
from matching.identifiers import cin as cin_id
from matching.identifiers import ice as ice_id
from matching.identifiers import rc as rc_id
from matching.phones import normalize_phone
from matching.text import fold
from skiptrace.connectors.query import DebtorQuery, bare_company_name
from skiptrace.linking.cin_pivots import corrected, correction_reason, disputed
from skiptrace.linking.parties import rc_key, record_parties
from skiptrace.linking.successors import debtor_company, manager_cins, people_of
from skiptrace.model import Debtor, Identifier, Match, Party, Record, mask

PIVOT_THRESHOLD = 0.9  # a key is only as good as the match that gave it (docs/pivots.md)
MAX_DEPTH = 2  # rounds of pivots after the debtor's own query
MAX_PHONES = 2  # new phones reverse-searched per round
MAX_COMPANIES = 2  # companies the debtor runs or holds parts of, searched per round
COMPANY_ROLES = frozenset({"manager", "partner"})  # the debtor's roles that reach a company
#: what a notice may name a person as without naming them manager or partner, that still ties
#: them to the company: either side of a transfer of parts (the transferor may keep some, the
#: transferee holds some) and the liquidator, whom the partners name, most often the manager
#: (the sandbox's dissolution notices, DOMAIN §4: notices name managers and partners). The
#: company's register entry, which lists its managers and partners with their CINs, says
#: whether the debtor holds parts or runs it: it is asked (``about="stake"``), never assumed.
STAKE_ROLES = {"cédant": "transferor of parts", "cessionnaire": "transferee of parts",
               "liquidateur": "liquidator"}
#: a notice naming someone like the debtor as manager or partner, too weakly to link (no CIN in
#: it, a common name): the company's register entry, which gives each partner's CIN, decides
VERIFY_FLOOR = 0.0002
#: a register entry naming the debtor manager or partner gives its company (never its CIN or
#: phones) from this probability: the entry of a check whose CIN is one character off the
#: portfolio's scores just under PIVOT_THRESHOLD (0.871-0.886 on development seed 12345 at
#: 10^3, each the debtor's: every manager/partner entry linked in [0.75, 0.9) on both
#: development seeds was), and its company's notices, titles and cards were never asked
ENTRY_KEY = 0.85
#: checks per debtor, over every round (each costs the register a list and a detail page; at
#: 10^4 a common name's notices name namesakes in many companies: 958 checks for 7 links per
#: 1,000 debtors when the cap was per round, docs/decisions/0006)
MAX_VERIFY = 2
#: one check more, past ``MAX_VERIFY``, for a company at the court of the debtor's city or
#: region whose notice names the person by the debtor's given name (as written or as another
#: hand writes it: check_order.GIVEN): at 10^4 the cap is spent on namesakes first
#: (docs/pivots.md 27, decision 0047)
HOME_CHECKS = 1
#: the rank of a check whose notice prints another CIN for the person like the debtor
#: (linking/check_order.py ranks the others below it): made after every other
OTHER_CIN = 3
#: the rank of a check whose notice gives the person other given names only
#: (check_order.OTHER_GIVEN): from it, a check at another court than the debtor's city's is
#: not made (``_nearest_first``)
OTHER_GIVEN = 2
REGISTER = "company_register"
NOTICES = "legal_notices"
MAX_SUCCESSOR_PEOPLE = 2  # a closed debtor's managers and partners searched in notices
MAX_SUCCESSOR_COMPANIES = 3  # companies they set up, looked up in the register


@dataclass(frozen=True)
class PivotKey:
    """One new key and the record that gave it."""

    key: str  # cin | rc | ice | phone | name
    value: str
    source: str
    record_id: str
    probability: float
    tribunal: str | None = None  # the court of an RC number
    #: "debtor": a key of the debtor's own; "company": the RC of a company the record names
    #: the debtor as manager or partner of (issue 13: the companies behind a person);
    #: "verify": a company a notice names someone like the debtor in, not surely the debtor:
    #: only its register entry is asked (its partners' CINs decide);
    #: "stake": a company a notice confidently names the debtor in a transfer of its parts or
    #: as its liquidator: only its register entry is asked (STAKE_ROLES)
    about: str = "debtor"
    company: str | None = None  # that company's name, for the reason
    role: str | None = None  # the debtor's role in it
    #: a CIN one character from the portfolio's: the portfolio's, which it corrects
    #: (linking/cin_pivots.py)
    corrects: str | None = None
    #: a check's rank by what its notice says of the person (linking/check_order.py: 0 the
    #: debtor's given name, 3 another CIN); lower is checked first
    rank: int = 0

    @property
    def asked(self) -> tuple[str, str]:
        """What "already searched" is about: the key and its value (RC with its court)."""
        value = f"{self.value}@{self.tribunal}" if self.key == "rc" else self.value
        if self.about in ("spelling", "notice_spelling"):
            # a family name as written: folded, its words kept apart (BEN NANI and BENNANI are
            # two different token searches)
            value = " ".join(fold(self.value).split())
        if self.about == "denomination":
            # a company name as registries search it: without its legal form, folded
            value = " ".join(fold(bare_company_name(self.value)).split())
        if self.about == "company" and self.key == "name":
            # a company's name at its court: the same words at another court are another company
            value = f"{' '.join(fold(bare_company_name(self.value)).split())}@{self.tribunal}"
        return (self.key if self.about == "debtor" else f"{self.about}_{self.key}", value)

    def because(self) -> str:
        """The chain's link, masked: "legal_notices LN-123 gave the CIN (p 0.97)"."""
        if self.about == "company" and self.key == "name":
            return (f"{self.source} {self.record_id} names the debtor as {self.role} of "
                    f"{self.value} (p {self.probability:.2f}): the notices of {self.tribunal} "
                    "searched by that name, as a notice printing no RC writes the company")
        if self.about == "company":
            return (f"{self.source} {self.record_id} names the debtor as {self.role} of "
                    f"{self.company or 'a company'}, RC {mask(self.value)} ({self.tribunal}) "
                    f"(p {self.probability:.2f})")
        if self.about == "successor":
            return (f"{self.source} {self.record_id} shows the debtor company closed "
                    f"({self.company}); notices searched for companies its {self.role} "
                    f"(CIN {mask(self.value)}) set up since")
        if self.about == "successor_listing":
            return (f"{self.source} {self.record_id} lists the closed debtor's number under "
                    f"another name, {self.company}: looked up in the register (a possible "
                    "successor, or the debtor's brand)")
        if self.about == "successor_company":
            return (f"{self.source} {self.record_id} names the closed debtor's {self.role} in "
                    f"{self.company or 'a company'} (RC {mask(self.value)}, {self.tribunal}): "
                    "a possible successor")
        if self.about == "listed_company":
            return (f"{self.source} {self.record_id} lists {self.company} at the debtor's "
                    "number: looked up in the register, whose entry lists its managers and "
                    "partners with their CINs")
        if self.about == "spelling":
            return (f"{self.source} {self.record_id} writes the debtor's family name "
                    f"{self.value} (p {self.probability:.2f}): searched by that spelling")
        if self.about == "denomination":
            return (f"{self.source} {self.record_id} names the debtor company {self.value} "
                    f"(p {self.probability:.2f}): searched by that name")
        if self.about == "notice_spelling" and self.source != "portfolio":
            return (f"{self.source} {self.record_id} writes the debtor's family name "
                    f"{self.value} (p {self.probability:.2f}): searched by that spelling in the "
                    "notices of the debtor's city too, where a partner is listed by name only, "
                    "and the register entry of a company naming them gives each partner's CIN")
        if self.about == "notice_spelling":
            return (f"the family name of the portfolio's row {self.record_id} as notices may "
                    f"also transcribe it, {self.value}, in the notices of the debtor's city: a "
                    "partner is listed by name only, and the register entry of a company "
                    "naming them gives each partner's CIN")
        if self.about == "stake":
            return (f"{self.source} {self.record_id} names the debtor as {self.role} of "
                    f"{self.company or 'a company'} (p {self.probability:.2f}): its register "
                    f"entry (RC {mask(self.value)}, {self.tribunal}) says whether they hold "
                    "parts or run it")
        if self.about == "verify" and self.key == "name":
            return (f"{self.source} {self.record_id} names a {self.role} of {self.value} who may "
                    f"be the debtor (p {self.probability:.3f}); the notice prints no RC: its "
                    f"register entry, searched by that name, gives each {self.role}'s CIN")
        if self.about == "verify":
            listed = self.role if self.role in COMPANY_ROLES else "partner and manager"
            return (f"{self.source} {self.record_id} names a {self.role} of "
                    f"{self.company or 'a company'} who may be the debtor (p "
                    f"{self.probability:.3f}): its register entry (RC {mask(self.value)}, "
                    f"{self.tribunal}) gives each {listed}'s CIN")
        if self.corrects:
            return correction_reason(self.value, self.corrects, self.source, self.record_id,
                                     self.probability)
        what = {"cin": "the CIN", "rc": f"the RC number ({self.tribunal})", "ice": "the ICE",
                "phone": f"the phone {mask(self.value, 4)}"}[self.key]
        return f"{self.source} {self.record_id} gave {what} (p {self.probability:.2f})"

    def to_dict(self) -> dict[str, object]:
        """The profile's ``pivots`` entry: the key masked, where it came from."""
        value = (mask(self.value, 4) if self.key == "phone" else
                 self.value if self.about in ("spelling", "denomination", "notice_spelling")
                 or (self.about in ("verify", "company") and self.key == "name")
                 else mask(self.value))  # a name, not an id
        return {"key": self.key, "value": value, "tribunal": self.tribunal, "about": self.about,
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
               threshold: float = PIVOT_THRESHOLD, verify: bool = False,
               city: str | None = None,
               alike: Callable[[Record], Party | None] | None = None,
               rank: Callable[[Record, Party], int] | None = None,
               last: bool = True) -> list[PivotKey]:
    """New keys from confident matches, strongest match first, one per (key, value);
    deterministic (ties by source and record id). ``verify`` (the debtor has a valid CIN to
    compare with): also the companies of weak manager/partner matches in notices, and of
    notices scored below ``VERIFY_FLOOR`` in which ``alike`` finds a manager or partner written
    like the debtor under another transcription of the family name
    (linking/notice_spellings.py ``written_otherwise``). Checks go by ``rank``
    (linking/check_order.py: what the notice says of the person; a notice printing another
    CIN for them last), then to the court of the debtor's ``city`` (``_nearest_first``), then
    by score; a round that is not the ``last`` keeps a check for the last round unless the
    debtor's given name ranks its notice first (``_within_cap``)."""
    found: dict[tuple[str, str], PivotKey] = {}
    names: dict[tuple[str, str], PivotKey] = {}  # a company key's ``asked``: a name to search
    ordered = sorted(matches, key=lambda m: (-m.probability, m.record.source, m.record.record_id))
    doubtful = disputed(ordered, threshold)
    own_cins = {value for key, value in asked if key == "cin"}
    for match in ordered:
        if match.party is not None and match.probability >= threshold:
            keys = _safe_cins(_keys_of(match, match.party), match, own_cins, doubtful)
        elif (match.party is not None and match.probability >= min(threshold, ENTRY_KEY)
              and match.record.kind == "company"):
            key = _company_of(match, match.party)
            keys = [key] if key is not None else []
        elif verify and match.party is not None and match.probability >= VERIFY_FLOOR:
            keys = _ranked(_to_verify(match, match.party), match, match.party, rank)
        elif verify and alike is not None and (party := alike(match.record)) is not None:
            # scoring's pair may be another party of the notice
            keys = _ranked(_to_verify(match, party), match, party, rank)
        else:
            continue
        for key in keys:
            name = company_name(key)
            if name is not None and name.asked not in asked:
                names.setdefault(key.asked, name)
            if key.asked not in asked and key.asked not in found:
                found[key.asked] = key
    keys = list(found.values())
    own = [k for k in keys if k.about == "debtor"]
    phones = [k for k in own if k.key == "phone"][:MAX_PHONES]
    companies = [k for k in keys if k.about == "company"][:MAX_COMPANIES]
    # the name of each company searched now, and a name not searched yet of a company searched
    # in an earlier round: the register entry's denomination when the notice that gave the
    # company wrote an old one (a transfer of seat printing no RC writes the current one)
    searched_now = [names[k.asked] for k in companies if k.asked in names]
    searched_before = [n for k, n in names.items() if k in asked][:MAX_COMPANIES]
    named = list({n.asked: n for n in searched_now + searched_before}.values())
    checked = sum(1 for key, _value in asked if key in ("verify_rc", "verify_name"))
    candidates = _nearest_first([k for k in keys if k.about == "verify"], city)
    checks = _within_cap(candidates, MAX_VERIFY - checked, last)
    if rank is not None and city:
        checks += _home_checks(candidates, checks, city, MAX_VERIFY + HOME_CHECKS - checked)
    reached = {k.asked[1] for k in companies + checks} | {
        value for key, value in asked if key in ("company_rc", "verify_rc")}
    stakes = [k for k in keys if k.about == "stake" and k.asked[1] not in reached][:MAX_COMPANIES]
    return [k for k in own if k.key != "phone"] + phones + companies + named + checks + stakes


def _safe_cins(keys: list[PivotKey], match: Match, own: set[str],
               doubtful: frozenset[str]) -> list[PivotKey]:
    """A match's keys without a CIN it is not safe to pivot on (linking/cin_pivots.py): one
    that confident records disagree on, or, the debtor having a CIN already, one not a
    typing error away from it on a match confirmed by other evidence."""
    kept = []
    for key in keys:
        if key.key == "cin" and key.about == "debtor":
            allowed, corrects = corrected(key.value, match, own)
            if key.value in doubtful or not allowed:
                continue
            key = replace(key, corrects=corrects)
        kept.append(key)
    return kept


def _within_cap(checks: list[PivotKey], left: int, last: bool) -> list[PivotKey]:
    """The checks a round makes, in order, with ``left`` checks in the debtor's cap. A round
    that is not the ``last`` makes one not ranked first (no given name of the debtor's in its
    notice) only while a check stays for the last round after it: the next round's spellings
    may fetch the debtor's own notice (development seed 40961 at 10^4: "Houcine Bouzidi : 60
    parts", p 0.097, after round 1 spent both checks on "EL BOUZIDI H." and another)."""
    made: list[PivotKey] = []
    for key in checks:
        if len(made) >= left:
            break
        if last or key.rank == 0 or len(made) + 1 < left:
            made.append(key)
    return made


def _ranked(keys: list[PivotKey], match: Match, party: Party,
            rank: Callable[[Record, Party], int] | None) -> list[PivotKey]:
    """Check keys with the rank of what their notice says of ``party`` (0 without ``rank``)."""
    if rank is None or not keys:
        return keys
    found = rank(match.record, party)
    return [replace(k, rank=found) for k in keys]


def _home_checks(candidates: list[PivotKey], made: list[PivotKey], city: str,
                 left: int) -> list[PivotKey]:
    """Past the cap, the ``HOME_CHECKS``: the next candidates at the court of the debtor's city
    or region (``court_distance`` below 2) whose notice names the person by the debtor's given
    name, within ``left`` checks (the cap and the home checks, less those made in earlier
    rounds). Seed 80037 at 10^4: "M. Mohamed Cherkaoui : 151 parts" (a namesake) took the last
    check at Tanger before "M. CHERKAOUI Mouhamed : 1 parts", the debtor's; seed 12345 at 10^4:
    "M. Ahmed Benani" at Rabat took one before "M. BENNANI Hmed" at Casablanca."""
    home, region = _home(city)
    taken = {k.asked for k in made}
    extra = [k for k in candidates if k.asked not in taken and k.rank == 0
             and court_distance(k.tribunal, home, region) < 2]
    return extra[:max(0, min(HOME_CHECKS, left - len(made)))]


@lru_cache(maxsize=256)
def _region(city: str) -> str | None:
    """The region of a city key (matching's gazetteer: the census's communes)."""
    found = commune(city)
    return found.region if found is not None else None


def _home(city: str | None) -> tuple[str | None, str | None]:
    """The debtor's city key and its region."""
    home = normalize_city(city) if city else None
    return home, _region(home) if home else None


def court_distance(tribunal: str | None, home: str | None, region: str | None) -> int:
    """How far a company's court is from the debtor: 0 the court of their city (or no city to
    compare with), 1 another court of their region (Mohammedia's companies are registered at
    Casablanca, Témara's at Rabat: the 8 commercial courts and the courts of first instance
    elsewhere, DOMAIN §1.3, each serve more than their own city), 2 any other."""
    if home is None:
        return 0
    court = normalize_city(tribunal) if tribunal else None
    if court == home:
        return 0
    return 1 if court is not None and region is not None and _region(court) == region else 2


def _nearest_first(checks: list[PivotKey], city: str | None) -> list[PivotKey]:
    """The companies to check registered at the court of the debtor's city first, those whose
    notice names the person by the debtor's given name first within each group, strongest
    match first within those; a notice printing another CIN for them after all others. A weak match is a name without a CIN, and the notices
    name such namesakes all over the country as the world grows; a person's company is most
    often registered where they live (the register is kept per court, DOMAIN §1.3). With the
    cap on checks, the order decides which are made: seed 40961's 10^4 world (first 1,000
    debtors) spent both checks of three debtors on companies at other courts while their
    own, at their city's court, went unchecked."""
    home, region = _home(city)
    # at another court, a notice giving the person other given names only or another CIN
    # names a namesake: the notices of every city (docs/pivots.md 22) bring them from every
    # court, and on the development seeds none of 683 such checks found the debtor's company
    kept = [k for k in checks if home is None or k.rank < OTHER_GIVEN
            or normalize_city(k.tribunal) == home]
    # a notice printing another CIN for the person last (check_order.OTHER_CIN); then the
    # court: the city's, the region's, the others (docs/pivots.md 27); then the given name
    # before an initial (check_order.rank); the sort is stable
    return sorted(kept, key=lambda k: (k.rank >= OTHER_CIN,
                                       court_distance(k.tribunal, home, region), k.rank))


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
    company = _company_of(match, party) or _stake_of(match, party)
    if company is not None:
        found.append(company)
    return found


def _stake_of(match: Match, party: Party) -> PivotKey | None:
    """A notice naming the debtor as either side of a transfer of parts or as liquidator: its
    company, to be looked up in the register (STAKE_ROLES). The notice's own entry for the
    party gives the role (linking keeps such a party as "named")."""
    record = match.record
    if record.kind != "notice" or party.role in COMPANY_ROLES:
        return None
    roles = [STAKE_ROLES[role] for person in record.fields.get("people") or ()
             if (role := str(person.get("role") or "")) in STAKE_ROLES
             and str(person.get("name") or "").strip() == party.name
             and (str(person.get("cin") or "").strip() or None) == party.cin]
    key = company_key(match, roles[0]) if roles else None
    return replace(key, about="stake") if key is not None else None


def _to_verify(match: Match, party: Party) -> list[PivotKey]:
    """A notice's weak manager or partner match (or a side of a transfer of its parts, or its
    liquidator: ``STAKE_ROLES``): its company, to be checked in the register —
    by its RC + court, or, when the notice prints no RC (a transfer of seat: "Dépôt légal :
    tribunal de commerce de Meknès"), by its name, which the register grants to one company
    only (the certificat négatif, DOMAIN §4), its city kept as the court to rank by."""
    fields = match.record.fields
    if match.record.kind != "notice":
        return []
    if party.role not in COMPANY_ROLES:
        # a transfer of parts or a liquidation naming someone like the debtor too weakly to
        # link ("M. M. Lahcen EL AMRANI (CIN …) cède à …" for EL AMRANI Lahcan, whose given
        # name scoring reads as another): the register entry of its company is checked too
        stake = _stake_of(match, party)
        return [replace(stake, about="verify")] if stake is not None else []
    key = _company_of(match, party)
    if key is not None:
        return [replace(key, about="verify")]
    if fields.get("rc_number") or not fields.get("company"):
        return []  # an RC the register would not take; or no company to ask about
    return [PivotKey("name", str(fields["company"]), match.record.source,
                     match.record.record_id, match.probability,
                     str(fields.get("city") or "") or None, about="verify",
                     company=str(fields["company"]), role=party.role)]


def _company_of(match: Match, party: Party) -> PivotKey | None:
    """The company a notice or register entry names the debtor as manager or partner of, by
    its RC + court (how every registry enters a company)."""
    if party.role not in COMPANY_ROLES or match.record.kind not in ("notice", "company"):
        return None
    return company_key(match, party.role)


def company_name(key: PivotKey) -> PivotKey | None:
    """The name a company key gives its company (the notice's, or the register entry's
    denomination), to search the notices of its court by (docs/pivots.md 11, 20); None for
    another key or a company without a name."""
    if key.about != "company" or key.key != "rc" or not key.company:
        return None
    return replace(key, key="name", value=key.company)


def company_key(match: Match, role: str) -> PivotKey | None:
    """The RC + court of the company a notice or register entry is about, as a company key."""
    fields = match.record.fields
    rc, court = fields.get("rc_number"), fields.get("rc_tribunal")
    if not rc or not court or not rc_id.is_valid(str(rc)):
        return None
    name = fields.get("company") or fields.get("denomination")
    return PivotKey("rc", rc_id.normalize(str(rc)) or str(rc), match.record.source,
                    match.record.record_id, match.probability, str(court), about="company",
                    company=str(name) if name else None, role=role)


def pivot_query(base: DebtorQuery, keys: list[PivotKey], depth: int) -> DebtorQuery | None:
    """The query of one pivot round: only the new keys (no names: those were searched), so
    every search it makes is one the debtor's earlier rounds did not; None when nothing is new.
    The first key of each kind is searched (a second CIN would contradict the first)."""
    keys = [k for k in keys if k.about == "debtor"]
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


def company_queries(base: DebtorQuery, keys: list[PivotKey], depth: int,
                    asked: set[tuple[str, str]] | frozenset[tuple[str, str]] = frozenset(),
                    sources: Iterable[str] = (), *, last: bool = False) -> list[DebtorQuery]:
    """One query per company the debtor runs or holds parts of: that company's RC + court,
    searched as a company (its register entry lists the debtor; its titles and vehicle cards
    are the second-degree assets, docs/pivots.md) on ``sources`` — without the register when
    an earlier round already asked it to verify that company; and that company's name on the
    notices (a transfer of seat often prints no RC: only its name finds it; it is joined to
    the company by name and city, linking/company_records.py). One per company to verify: the
    register only, likewise per company to check a stake in (``about="stake"``); in the
    ``last`` round, the register and the notices by the same RC + court, since no later round
    would ask the notices of a company the check confirms (linking/company_records.py joins
    them to the entry that names the debtor)."""
    found = []
    every = tuple(sources)
    for k in keys:
        if k.about == "company" and k.key == "name":
            # the company's name on the notices of its court (decision 0018)
            if NOTICES in every:
                found.append(DebtorQuery(base.debtor_id, "company", (k.value,), city=k.tribunal,
                                         pivot=depth, because=(("name", k.because()),),
                                         sources=(NOTICES,)))
            continue
        if k.about == "company":
            # the register entry that gave the key, or a verification, already asked it
            known = k.source == REGISTER or any(
                (check, k.asked[1]) in asked for check in ("verify_rc", "stake_rc"))
            only = tuple(s for s in every if s != REGISTER) if known else ()
        elif k.about == "verify" and k.key == "name":
            # the notice that named the company was found; its register entry by that name
            found.append(DebtorQuery(base.debtor_id, "company", (k.value,), city=k.tribunal,
                                     pivot=depth, because=(("name", k.because()),),
                                     sources=(REGISTER,), exact_name=True))
            continue
        elif k.about in ("verify", "stake"):
            only = (REGISTER, NOTICES) if last and NOTICES in every else (REGISTER,)
        else:
            continue
        found.append(DebtorQuery(base.debtor_id, "company", (), rc=k.value, tribunal=k.tribunal,
                                 pivot=depth, because=(("rc", k.because()),), sources=only))
    return found


def successor_keys(debtor: Debtor, matches: Iterable[Match], records: Iterable[Record],
                   asked: set[tuple[str, str]]) -> list[PivotKey]:
    """For a closed company debtor (linking/successors.py): its managers' and partners' CINs
    to search in notices, then the companies those notices set up, to look up in the register.
    Keys already asked are left out; deterministic."""
    if debtor.kind != "company":
        return []
    matches = list(matches)
    me = debtor_company(debtor, matches)
    people = manager_cins(me)
    if not people or me.register is None:
        return []
    source, record_id = me.register
    keys = [PivotKey("cin", cin, source, record_id, 1.0, about="successor",
                     company=me.status, role="manager or partner")
            for cin, _ in people]
    keys = [k for k in keys if k.asked not in asked][:MAX_SUCCESSOR_PEOPLE]
    companies: dict[tuple[str, str], PivotKey] = {}
    own = {(m.record.source, m.record.record_id) for m in matches if m.probability >= PIVOT_THRESHOLD}
    for record in sorted(records, key=lambda r: (r.source, r.record_id)):
        mine = (record.source, record.record_id) in own  # the debtor's own listing
        listing = None if mine else business_listed_at(record, me.phones)
        if listing is not None:
            key = PivotKey("name", listing, record.source, record.record_id, 1.0,
                           about="successor_listing", company=listing, role="number")
            if key.asked not in asked and key.asked not in companies:
                companies[key.asked] = key
            continue
        if record.kind != "notice":
            continue
        fields = record.fields
        rc, court = fields.get("rc_number"), fields.get("rc_tribunal")
        if not rc or not court or not rc_id.is_valid(str(rc)):
            continue
        key = PivotKey("rc", rc_id.normalize(str(rc)) or str(rc), record.source,
                       record.record_id, 1.0, str(court), about="successor_company",
                       company=str(fields.get("company") or "") or None,
                       role="manager or partner")
        if (rc_key(key.value, key.tribunal) in me.rc_keys
                or key.asked in asked or key.asked in companies):
            continue  # the debtor itself, or asked before
        if any(cin in me.people for cin, _, _ in people_of(record)):
            companies[key.asked] = key
    return keys + list(companies.values())[:MAX_SUCCESSOR_COMPANIES]


def business_listed_at(record: Record, phones: set[str]) -> str | None:
    """The name of a business listing at one of ``phones``, to look up in the register: at a
    closed debtor's number, a possible successor (it keeps the number; linking/successors.py);
    at a person debtor's, a company they may run (linking/listed_companies.py)."""
    if record.kind != "phone" or record.fields.get("listing_kind") != "business":
        return None
    listed = {normalize_phone(str(p)) for p in record.fields.get("phones") or ()}
    name = record.fields.get("name")
    return str(name) if name and listed & phones else None


def successor_queries(base: DebtorQuery, keys: list[PivotKey], depth: int) -> list[DebtorQuery]:
    """A closed debtor's manager searched in notices by CIN; a company they set up looked up
    in the register by RC + court (linking/successors.py)."""
    found = []
    for k in keys:
        if k.about == "successor":
            found.append(DebtorQuery(base.debtor_id, "person", (), cin=k.value, pivot=depth,
                                     because=(("cin", k.because()),), sources=(NOTICES,)))
        elif k.about == "successor_listing":
            found.append(DebtorQuery(base.debtor_id, "company", (k.value,), pivot=depth,
                                     because=(("name", k.because()),), sources=(REGISTER,),
                                     exact_name=True))
        elif k.about == "successor_company":
            found.append(DebtorQuery(base.debtor_id, "company", (), rc=k.value,
                                     tribunal=k.tribunal, pivot=depth,
                                     because=(("rc", k.because()),), sources=(REGISTER,)))
    return found


def known_through(debtor: Debtor, keys: list[PivotKey]) -> Debtor:
    """The debtor as the pivots know them, one value a scheme (scoring describes a debtor by
    one CIN, one ICE, one RC): a CIN that corrects the portfolio's by one character replaces
    it (linking/cin_pivots.py: the record printing it must compare "exact" to it, not
    "one_edit" to the typo; another CIN stays "different"); otherwise the portfolio's value
    stays, and a scheme it lacks takes the first key learned, the one ``pivot_query``
    searched. Records the pivots fetched are scored against this debtor, so that the key that
    found a record also counts as evidence that it is the debtor's — capped by ``capped`` at
    the strength of the match that gave the key."""
    own = [k for k in keys if k.about == "debtor"]
    first: dict[str, PivotKey] = {}
    for k in own:
        if k.key in ("cin", "ice", "rc"):
            first.setdefault(k.key, k)
    held = {i.scheme for i in debtor.identifiers if i.valid}
    taken = {scheme: k for scheme, k in first.items() if k.corrects or scheme not in held}
    learned = tuple(Identifier(k.key, k.value, tribunal=k.tribunal if k.key == "rc" else None)
                    for k in taken.values())
    kept = tuple(i for i in debtor.identifiers if i.scheme not in taken)
    phones = tuple(k.value for k in own if k.key == "phone")
    return replace(debtor, identifiers=learned + kept,
                   phones=tuple(dict.fromkeys(debtor.phones + phones)))


def shares_a_key(record: Record, keys: list[PivotKey]) -> bool:
    """Whether a party of ``record`` carries one of the pivot keys (only those records can
    score higher against the debtor the pivots know)."""
    wanted = {k.asked for k in keys if k.about == "debtor"}
    if not wanted:
        return False  # before reading the record's parties: most pivots are about others
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
    ceiling = max((k.probability for k in keys if k.about == "debtor"), default=0.0)
    return match if match.probability <= ceiling else replace(match, probability=ceiling)


def _phone(value: str | None) -> str | None:
    """A phone in its E.164 form, so that two spellings of one number are one key."""
    return normalize_phone(value) if value else None
