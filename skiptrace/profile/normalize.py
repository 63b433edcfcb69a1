"""Keys for graph nodes: the same phone, address, title or plate written two ways is one node.

Phones and addresses take matching's forms (``matching.phones.normalize_phone``,
``matching.addresses.normalize_address``); where those have none (a number that is possible
but not valid, an address that renders empty) a minimal local form: E.164 through phonenumbers,
accent- and punctuation-free lower case for texts. A normalizer that raises is a bug and is
not hidden: the error reaches the caller.
"""

from __future__ import annotations

import re

import phonenumbers

from matching.addresses import normalize_address
from matching.phones import normalize_phone
from skiptrace.profile.valuation.params import fold


def phone_key(raw: str) -> str:
    """E.164 for a Moroccan or international number, else its digits."""
    external = normalize_phone(raw)
    if external:
        return external
    try:
        number = phonenumbers.parse(raw, "MA")
        if phonenumbers.is_possible_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        pass
    return re.sub(r"\D", "", raw)


def phone_label(key: str) -> str:
    """How people read the number: "+212 661-001020" for an E.164 key, else the key."""
    try:
        number = phonenumbers.parse(key, "MA")
    except phonenumbers.NumberParseException:
        return key
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL) if key.startswith("+") else key


def text_key(raw: str) -> str:
    """Lower case, accents off, punctuation to spaces: "N° 12, Bd Zerktouni" → "n 12 bd zerktouni"."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(raw)).split())


def address_key(address: str, city: str | None = None) -> str:
    """One key per address: the street text and the city, so "Rue 7" in two cities differ."""
    text = f"{address}, {city}" if city and fold(city) not in fold(address) else address
    return normalize_address(text) or text_key(text)


def title_key(raw: str) -> str:
    """"TF 12345/C", "T.F. n° 12345/c" → "12345/C"."""
    compact = re.sub(r"(?i)\b(t\.?\s*f\.?|titre foncier|n°|no)\b", " ", raw)
    return re.sub(r"\s+", "", compact).strip(".").upper()


def plate_key(raw: str) -> str:
    """A plate without spaces or separators' variants: "12345 | أ | 6" → "12345-أ-6"."""
    parts = [p for p in re.split(r"[\s|/\-]+", raw.strip()) if p]
    return "-".join(parts).upper()


def company_key(ice: str | None, name: str) -> str:
    """ICE when known (unique), else the folded denomination."""
    digits = re.sub(r"\D", "", ice or "")
    return digits.zfill(15) if digits else text_key(name)


def person_key(cin: str | None, name: str) -> str:
    """CIN when known, else the folded name with its tokens sorted (order varies in Morocco)."""
    if cin:
        return re.sub(r"\s", "", cin).upper()
    return " ".join(sorted(text_key(name).split()))
