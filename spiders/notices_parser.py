"""Extract facts from the French free text of a legal notice: its kind, the company
(denomination, legal form, capital, seat, RC number and court) and the people it names.

Notices are written by hand in many styles (labelled "Dénomination : …" blocks, one running
sentence, "X SARL au capital de … siège … RC …" headers). Every extractor tries the precise
formula first and a looser one after; what is not found stays absent, never guessed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from spiders.notices_people import extract_people
from spiders.notices_text import any_of, city_of, clause, court_from_arabic, vocabulary
from spiders.parsing import parse_amount
from spiders.querying import find_legal_form, strip_legal_form

_I = re.IGNORECASE
_AMOUNT = r"(\d[\d .\u00a0\u202f]*(?:,\d+)?)\s*(?:DH|Dhs|dirhams|MAD)\b"
_CAPITAL = re.compile(r"capital", _I)
_RAISED = re.compile(rf"port(?:er|[ée]e?)\s+(?:le\s+capital(?:\s+social)?\s+)?(?:de\s+{_AMOUNT}\s+)?"
                     rf"[àa]\s+(?:la\s+somme\s+de\s+)?{_AMOUNT}", _I)
_MONEY = re.compile(_AMOUNT, _I)
_LABEL = re.compile(r"d[ée]nomination(?:\s+sociale)?\s*:\s*", _I)
_QUOTED = re.compile(r"soci[ée]t[ée]\s*(?:d[ée]nomm[ée]e\s*)?[«\"“]\s*([^»\"”]{2,80}?)\s*[»\"”]", _I)
_SOCIETE_CAPS = re.compile(r"soci[ée]t[ée]\s+((?:[A-Z0-9&'’-]{2,}\s?){1,8})(?=[,.]|\s+au\s)")
_SEAT = re.compile(r"si[èe]ge(?:\s+social)?\s*(?::|est\s+(?:fix[ée]|[ée]tabli)\s+(?:à|au)\s*|[àa]\s+)\s*", _I)
_MOVED = re.compile(r"transf[ée]r\w*\s+(?:du |le |de son )?si[èe]ge(?:\s+social)?|"
                    r"si[èe]ge(?:\s+social)?\s+(?:est|a\s+[ée]t[ée])\s+transf[ée]r[ée]", _I)
_DEST = re.compile(r"(?:à l'adresse suivante\s*:?\s*|\b(?:au|à|vers le)\s+"
                   r"(?=\d|(?i:N°|No\b|Nr\b|Lot|Rés|Res|Hay|Bd|Boul|Av|Rue|Angle|Km|Imm|"
                   r"Quartier|Douar|Zone|ZI|Route|Cité|Secteur|Place|Derb)))")
_RC = re.compile(r"\bR\.?\s?C\.?\s*(?:n°|N°|no\.?|num[ée]ro)?\s*:?\s*(\d{2,7})\b"
                 r"(?:\s*[-–/]\s*|\s+(?:de\s+|d'|à\s+)?)?\(?([A-ZÉ][a-zéèêàâîïôûç]+(?:[ -][A-ZÉ][a-zéè]+)?)?")
_RC_COURT_FIRST = re.compile(r"\bR\.?\s?C\.?\s+(?:de\s+|d')?([A-ZÉ][a-zéèêàâîïôûç]+(?:[ -][A-ZÉ][a-zéè]+)?)"
                             r"\s*,?\s*(?:(?:n°|N°|no\.?|num[ée]ro)\s*:?|:)\s*(\d{2,7})\b")
_REGISTERED = re.compile(r"immatricul[ée]e?\s+au\s+registre\s+d[ue]\s+commerce\s+sous\s+le\s+"
                         r"(?:n°|N°|numéro|numero|no)\s*(\d+)", _I)
_REGISTRY = re.compile(r"registre\s+(?:du|de)\s+commerce\s+(?:du\s+tribunal\s+de\s+commerce\s+)?"
                       r"(?:de\s+|d'|d’)\s*([A-ZÉ][\w-]+(?:\s[A-Z][\w-]+)?)\s*,?\s+sous\s+le\s+"
                       r"(?:n°|N°|numéro|numero|no)\s*(\d+)", _I)
_COURT = re.compile(r"[Tt]ribunal\s+(?:de\s+(?:[Cc]ommerce|premi[èe]re\s+instance)\s+)?"
                    r"(?:de\s+|d'|d’)\s*([A-ZÉ][\w-]+(?:\s[A-Z][\w-]+)?)")
_NOT_COURT = frozenset({"Le", "La", "Les", "Par", "Suite", "Aux", "Pour", "Au", "En", "Il",
                        "Commerce", "Première", "Premiere"})
# Arabic: "السجل التجاري رقم 1234 - المحكمة التجارية بفاس" (number, then the court)
_RC_AR = re.compile(r"السجل\s+التجاري\s*(?:رقم|عدد)?\s*:?\s*([0-9٠-٩]{2,7})")
_COURT_AR = re.compile(r"المحكمة\s+(?:التجارية|الابتدائية)\s*(?:ب|في\s+)?\s*([\u0600-\u06ff]+(?:\s+[\u0600-\u06ff]+){0,2})")
_AR_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def parse_notice(text: str, title: str | None = None) -> dict[str, Any]:
    """Every fact the notice text states, in the ``notice`` record vocabulary."""
    fields: dict[str, Any] = {"notice_kind": notice_kind(text, title)}
    company, legal_form = denomination(text, title)
    fields.update(company=company, legal_form=legal_form, capital=capital(text))
    fields["address"] = seat(text, fields["notice_kind"])
    fields["city"] = city_of(fields["address"])
    fields["rc_number"], fields["rc_tribunal"] = rc(text)
    fields["people"] = extract_people(text, fields["notice_kind"])
    return {k: v for k, v in fields.items() if v not in (None, "")}


def notice_kind(text: str, title: str | None = None) -> str:
    """constitution | cession_parts | changement_gerant | transfert_siege | dissolution | other;
    the title decides when it names a kind, else the text."""
    for haystack in (title or "", text):
        for kind, said in _kind_rules():
            if said.search(haystack):
                return kind
    return "other"


@lru_cache(maxsize=1)
def _kind_rules() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each kind of data/notices.yml with its patterns joined into one regex (a match of the
    alternation is a match of one of them): compiled once, not looked up per notice."""
    return tuple((kind, any_of(patterns)) for kind, patterns in vocabulary()["kinds"].items())


def denomination(text: str, title: str | None = None) -> tuple[str | None, str | None]:
    """(denomination without legal form, canonical legal form)."""
    candidates: list[tuple[str, str]] = []  # (name as written, where its legal form is)
    label = _LABEL.search(text)
    if label:
        written = clause(text, label.end(), 120)
        candidates.append((written, written))
    quoted = _QUOTED.search(text)
    if quoted:
        candidates.append((quoted.group(1), text[quoted.start():quoted.end() + 40]))
    if title and re.search(r"\s[-–]\s", title):
        written = re.split(r"\s[-–]\s", title)[0]
        candidates.append((written, written))
    named = _SOCIETE_CAPS.search(text)
    if named:
        candidates.append((named.group(1), text[named.start(1):named.end(1) + 40]))
    before = _before_legal_form(text) or ""
    candidates.append((before, before))
    for written, context in candidates:
        name = strip_legal_form(written.split(",")[0]).strip(" .«»\"“”")
        if name:
            found = find_legal_form(context) or find_legal_form(text)
            return name, found[0] if found else None
    found = find_legal_form(text)
    return None, found[0] if found else None


def _before_legal_form(text: str) -> str | None:
    """The run of capitalised words just before the first abbreviated legal form ("NOUR
    TRADING S.A.R.L." → "NOUR TRADING S.A.R.L.")."""
    found = find_legal_form(text)
    if found is None:
        return None
    start, end = found[1]
    segment = re.split(r"[.:;,\n»«]\s|\)\s", text[:start])[-1]
    words = segment.split()
    kept: list[str] = []
    for word in reversed(words):
        if not (word.isupper() or word[0].isdigit() or word in {"&", "-"}):
            break
        kept.insert(0, word)
    return " ".join(kept) + " " + text[start:end] if kept else None


def capital(text: str) -> float | None:
    """The capital in MAD; after an increase ("porté de X à Y") the new amount."""
    raised = _RAISED.search(text)
    if raised:
        return parse_amount(raised.group(2))
    for mention in _CAPITAL.finditer(text):
        money = _MONEY.search(text, mention.end(), mention.end() + 90)
        if money:
            return parse_amount(money.group(1))
    return None


def seat(text: str, kind: str) -> str | None:
    """The registered office; for a transfer, the new one."""
    if kind == "transfert_siege":
        moved = _MOVED.search(text)
        dest = _DEST.search(text, moved.end(), moved.end() + 300) if moved else None
        if dest:
            return clause(text, dest.end()) or None
    for match in _SEAT.finditer(text):
        address = clause(text, match.end())
        if address and not re.match(r"(?:social|de la)\b", address, _I):
            return address
    return None


def rc(text: str) -> tuple[str | None, str | None]:
    """(RC number, court); the court from "tribunal de commerce de X" when the RC omits it."""
    registry = _REGISTRY.search(text)
    if registry:
        return registry.group(2), registry.group(1)
    arabic = _RC_AR.search(text)
    if arabic:
        written = _COURT_AR.search(text, arabic.end(), arabic.end() + 80)
        return (arabic.group(1).translate(_AR_DIGITS),
                court_from_arabic(written.group(1)) if written else None)
    first = _RC_COURT_FIRST.search(text)
    if first:
        return first.group(2), first.group(1)
    match = _RC.search(text) or _REGISTERED.search(text)
    if match is None:
        return None, None
    court = match.group(2) if match.re is _RC and match.group(2) not in _NOT_COURT else None
    if court is None:
        found = next((c for c in _COURT.finditer(text) if c.group(1) not in _NOT_COURT), None)
        court = found.group(1) if found else None
    return match.group(1), court
