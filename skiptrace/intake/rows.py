"""One portfolio row (intake fields → text) made into a :class:`Debtor`, with its warnings.

Losing a debtor over a typo is the worse error: only a row that names nobody (no name and no
identifier) or whose amount cannot be read is rejected. A bad identifier, date, type or e-mail is
kept as invalid or dropped, and said in a warning.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import date

from matching.text import fold
from skiptrace.errors import RejectedRow
from skiptrace.intake.identifiers import check, court_key
from skiptrace.intake.names import split_family_first, split_full_name
from skiptrace.intake.refdata import has_company_marker, is_person_legal_form, kind_from_type
from skiptrace.intake.values import clean, is_email, parse_amount, parse_date, split_multi
from skiptrace.model import Debtor, DebtorKind, Identifier, stable_id

SCHEME_FIELDS = ("cin", "ice", "rc", "if", "cnss")
ID_PRIORITY: dict[str, tuple[str, ...]] = {
    "company": ("ice", "rc", "if", "cnss", "cin"),
    "person": ("cin", "cnss", "ice", "if", "rc"),
}
MAX_ID_LENGTH = 128
# control (C0, DEL, C1), format (zero-width, bidi, BOM), surrogate, line and paragraph separators
UNUSABLE_ID_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def check_debtor_id(raw: str, line: int) -> str:
    """The portfolio's debtor id as kept ("" when the cell is blank: an id is then derived).

    Outputs (profiles, report names, the store) carry the id, so an id they cannot hold is a
    :class:`RejectedRow`: a control, invisible or line-separator character inside it, or more
    than :data:`MAX_ID_LENGTH` characters. Surrounding whitespace is trimmed and inner runs of
    spaces collapsed; ``/``, ``..``, spaces and Arabic letters are ordinary id characters.
    """
    text = raw.strip()
    for position, char in enumerate(text, 1):
        if unicodedata.category(char) in UNUSABLE_ID_CATEGORIES:
            raise RejectedRow(line, f"debtor id has a control or invisible character "
                                    f"(U+{ord(char):04X}) at position {position}")
    value = clean(text)
    if len(value) > MAX_ID_LENGTH:
        raise RejectedRow(line, f"debtor id of {len(value)} characters: at most {MAX_ID_LENGTH}")
    return value


def _identifiers(row: Mapping[str, str], warnings: list[str]) -> tuple[Identifier, ...]:
    found = []
    for scheme in SCHEME_FIELDS:
        raw = row.get(scheme, "")
        if not raw:
            continue
        ident, note = check(scheme, raw, row.get("tribunal") or None)
        if not ident.valid:
            warnings.append(f"invalid {ident.reason}")
        elif note:
            warnings.append(note)
        found.append(ident)
    return tuple(found)


def _kind(row: Mapping[str, str], has_cin: bool, has_ice: bool, warnings: list[str]) -> DebtorKind:
    if row.get("kind"):
        kind = kind_from_type(row["kind"])
        if kind is not None:
            return kind  # type: ignore[return-value]
        warnings.append(f"type {row['kind']!r} not recognised, kind inferred")
    if row.get("legal_form"):
        return "person" if is_person_legal_form(row["legal_form"]) else "company"
    person_name = " ".join(p for p in (row.get("last_name"), row.get("first_name")) if p)
    if row.get("company_name") and fold(row["company_name"]) != fold(person_name):
        return "company"  # a denomination, maybe beside its representative's name
    if has_company_marker(row.get("name") or row.get("company_name") or ""):
        return "company"
    if has_ice and not has_cin and not row.get("first_name"):
        return "company"
    return "person"


def _date(row: Mapping[str, str], field: str, label: str, warnings: list[str]) -> date | None:
    try:
        return parse_date(row.get(field, ""))
    except ValueError:
        warnings.append(f"{label} {row[field]!r} is not a date (dd/mm/yyyy or yyyy-mm-dd), ignored")
        return None


def _emails(row: Mapping[str, str], warnings: list[str]) -> tuple[str, ...]:
    kept = []
    for email in split_multi(row.get("email", "")):
        if is_email(email):
            kept.append(email)
        else:
            warnings.append(f"e-mail {email!r} is not an address, ignored")
    return tuple(kept)


def derive_id(kind: str, identifiers: tuple[Identifier, ...], name: str,
              birth: date | None, city: str) -> str:
    """A debtor id from the strongest identifier (valid ones first), else from name, birth date
    and city: the same row gives the same id on every run and on every machine."""
    for valid in (True, False):
        for scheme in ID_PRIORITY[kind]:
            for ident in identifiers:
                if ident.scheme == scheme and ident.valid == valid:
                    court = court_key(ident.tribunal) or ""
                    return stable_id("D", kind, scheme, court, ident.value)
    born = birth.isoformat() if birth else ""
    return stable_id("D", kind, "name", fold(name), born, court_key(city) or "")


def build_debtor(raw_row: Mapping[str, str], line: int) -> tuple[Debtor, list[str]]:
    """The debtor a row describes and the warnings about it; :class:`RejectedRow` if none."""
    debtor_id = check_debtor_id(raw_row.get("debtor_id", ""), line)
    row = {k: clean(v) for k, v in raw_row.items()}
    warnings: list[str] = []
    try:
        amount = parse_amount(row.get("amount", ""))
    except ValueError:
        raise RejectedRow(line, f"unparseable amount {row['amount']!r}") from None
    identifiers = _identifiers(row, warnings)
    schemes = {i.scheme for i in identifiers}
    kind = _kind(row, "cin" in schemes, "ice" in schemes, warnings)
    person_name = " ".join(p for p in (row.get("last_name"), row.get("first_name")) if p)
    if kind == "company":
        name = row.get("company_name") or row.get("name") or person_name
        representative = row.get("legal_representative") or (
            person_name if name != person_name else "")
    else:
        name = row.get("name") or person_name or row.get("company_name", "")
        representative = row.get("legal_representative", "")
    if not name and not identifiers:
        raise RejectedRow(line, "no name and no identifier: the row names no debtor")
    birth = _date(row, "birth_date", "birth date", warnings)
    first_name, last_name = row.get("first_name") or None, row.get("last_name") or None
    if kind == "person" and name and not first_name and not last_name:
        # one field for the whole name: split it (the name as written stays in ``name``)
        first_name, last_name = _split(name)
    elif kind == "person" and last_name and not first_name:
        # the whole name in the family-name field, the given-name field empty ("Mohamed
        # Berradah", "RIFI HASSAN"): split likewise when the parser tells the parts apart
        # (issue 13, seed 80039: 58 of the first 1,000 rows), or after the family name's
        # article when the lexicon does not know the given name ("el alaoui khalide",
        # intake/names.py); a family name alone is left as it is
        first_name, split = _split(last_name)
        if split is None and (family_first := split_family_first(last_name)) is not None:
            split, first_name = family_first
        last_name = split or last_name
    debtor = Debtor(
        debtor_id=debtor_id or derive_id(kind, identifiers, name, birth, row.get("city", "")),
        debtor_id_derived=not debtor_id,
        kind=kind,
        name=name,
        first_name=first_name,
        last_name=last_name,
        birth_date=birth,
        father_name=row.get("father_name") or None,
        legal_form=row.get("legal_form") or None,
        legal_representative=representative or None,
        identifiers=identifiers,
        addresses=(row["address"],) if row.get("address") else (),
        city=row.get("city") or None,
        phones=tuple(split_multi(row.get("phone", ""))),
        emails=_emails(row, warnings),
        debt_amount=amount,
        debt_as_of=_date(row, "as_of", "as-of date", warnings),
    )
    return debtor, warnings


def _split(name: str) -> tuple[str | None, str | None]:
    """(first_name, last_name) of a one-field person name, (None, None) if it does not split."""
    parts = split_full_name(name)
    return (parts[1], parts[0]) if parts else (None, None)


__all__ = ["MAX_ID_LENGTH", "build_debtor", "check_debtor_id", "derive_id"]
