"""Normal forms that outlive the process: a Description's ``Features`` as plain JSON data, the key
it is stored under, and the version stamp that says whether a stored form may still be used.

Why (issue 17, decision 0033): against a store of 10^5 debtors' registries a batch worker spent
~30 % of its CPU normalising the candidate records a search returned, every batch again, because
a record is a candidate of thousands of debtors spread over the portfolio, far beyond any cache.
A record is normalised once when it enters the store instead, and every batch reads its form.

With each form go the parses comparisons make of its name and address (:func:`parses`), given
back to the parse caches when the record is read (:func:`seed`, matching/seeded.py): without
them a stored form saves the normalisation but the comparisons parse the same texts again.

A stored form is only as good as the code that made it: :func:`version` digests this package's
source and reference data and the versions of the libraries normalisation calls, so any change
to them makes every stored form stale, and a stale form is never used (the caller normalises as
before). The key digests every field of the Description, so a form is only ever given back to
the very description it was made from.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields
from functools import lru_cache
from importlib import metadata, resources
from typing import Any

from matching.address_parse import AddressParts, parse_address
from matching.companies import CompanyName, parse_company_name
from matching.description import Description, Features
from matching.domain import Identifier
from matching.names import parse_person_name
from matching.person_name import PersonName
from matching.seeded import Seeded

# What comparisons parse of a normal form, by the text they parse: a person's name, a company's
# name, an address; each stored as its parse's fields in order (every field is text, none, or a
# tuple of texts).
_PARSES: dict[str, tuple[Seeded[Any, Any], type]] = {
    "person": (parse_person_name, PersonName),
    "company": (parse_company_name, CompanyName),
    "address": (parse_address, AddressParts),
}

# The libraries whose answers end up in a normal form (phones parsed, ICE/CIN checked).
_LIBRARIES = ("phonenumbers", "python-stdnum")


@lru_cache(maxsize=1)
def version() -> str:
    """A digest of what normalisation depends on: every file of this package (code and data)
    and the versions of the libraries it calls."""
    digest = hashlib.blake2b(digest_size=12)
    for path in sorted(_package_files(), key=lambda p: p[0]):
        digest.update(path[0].encode())
        digest.update(path[1])
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    return digest.hexdigest()


def _package_files() -> list[tuple[str, bytes]]:
    found: list[tuple[str, bytes]] = []
    root = resources.files("matching")
    stack = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        for entry in folder.iterdir():
            name = f"{prefix}{entry.name}"
            if entry.is_dir():
                if entry.name != "__pycache__":
                    stack.append((entry, f"{name}/"))
            elif entry.name.endswith((".py", ".yml", ".json")):
                found.append((name, entry.read_bytes()))
    return found


def key(description: Description) -> str:
    """The stable key of a description: every field, in a form that does not depend on the
    process (no ``hash()``, whose strings are salted per process; sets sorted)."""
    d = description
    parts = (d.kind, d.name, d.first_name, d.last_name,
             d.birth_date.isoformat() if d.birth_date else None, d.father_name, d.cin, d.ice,
             d.rc, d.tribunal, d.if_number, ",".join(sorted(d.invalid)), d.city, d.address,
             "\x1e".join(d.phones), d.legal_form)
    text = "\x1f".join("\x00" if p is None else p for p in parts)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def to_data(features: Features) -> list[Any]:
    """The normal form as JSON-ready data (a list: the field names would double its size)."""
    f = features
    return [f.kind, f.name, list(f.name_keys), f.given, f.surname, f.birth, f.father,
            {scheme: [i.value, i.valid] for scheme, i in f.ids.items()}, f.city, f.address,
            sorted(f.phones)]


def from_data(data: list[Any]) -> Features:
    """The normal form :func:`to_data` wrote; ``ValueError`` if it is not one."""
    try:
        kind, name, name_keys, given, surname, birth, father, ids, city, address, phones = data
        return Features(
            kind=str(kind), name=name, name_keys=tuple(str(k) for k in name_keys), given=given,
            surname=surname, birth=birth, father=father,
            ids={str(s): Identifier(str(v[0]), bool(v[1])) for s, v in ids.items()},
            city=city, address=address, phones=frozenset(str(p) for p in phones))
    except (TypeError, ValueError, AttributeError, IndexError) as exc:
        raise ValueError(f"not a stored normal form: {exc}") from exc


def parses(features: Features) -> dict[str, dict[str, list[Any]]]:
    """What the comparisons will parse of this form (its name as a person's or a company's,
    its address), as stored data by kind of parse and text: the parses are this code's too."""
    texts = {"address": features.address}
    if features.kind in ("person", "company"):
        texts[features.kind] = features.name
    out: dict[str, dict[str, list[Any]]] = {}
    for kind, text in texts.items():
        if text:
            parse, _ = _PARSES[kind]
            out.setdefault(kind, {})[text] = [_plain(v) for v in _values(parse(text))]
    return out


def seed(stored: dict[str, Any]) -> int:
    """Put stored parses (as :func:`parses` wrote them, merged) in front of the parse caches;
    returns how many; anything that is not a parse of this code's shape is passed over."""
    count = 0
    for kind, by_text in stored.items():
        if kind not in _PARSES or not isinstance(by_text, dict):
            continue
        parse, shape = _PARSES[kind]
        for text, data in by_text.items():
            try:
                parse.seed(text, _rebuilt(shape, data))
            except (TypeError, ValueError):
                continue
            count += 1
    return count


def _values(parsed: Any) -> list[Any]:
    return [getattr(parsed, f.name) for f in fields(parsed)]


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _rebuilt(shape: type, data: Any) -> Any:
    """A parse back from its stored fields; ``ValueError`` unless each is text, none or a list
    of texts, and as many as the parse has."""
    if not isinstance(data, list) or len(data) != len(fields(shape)):
        raise ValueError("not a stored parse")
    values: list[Any] = []
    for value in data:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            values.append(tuple(value))
        elif value is None or isinstance(value, str):
            values.append(value)
        else:
            raise ValueError("not a stored parse")
    return shape(*values)


__all__ = ["from_data", "key", "parses", "seed", "to_data", "version"]
