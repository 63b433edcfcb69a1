"""Normal forms that outlive the process: a Description's ``Features`` as plain JSON data, the key
it is stored under, and the version stamp that says whether a stored form may still be used.

Why (issue 17, decision 0033): against a store of 10^5 debtors' registries a batch worker spent
~30 % of its CPU normalising the candidate records a search returned, every batch again, because
a record is a candidate of thousands of debtors spread over the portfolio, far beyond any cache.
A record is normalised once when it enters the store instead, and every batch reads its form.

A stored form is only as good as the code that made it: :func:`version` digests this package's
source and reference data and the versions of the libraries normalisation calls, so any change
to them makes every stored form stale, and a stale form is never used (the caller normalises as
before). The key digests every field of the Description, so a form is only ever given back to
the very description it was made from.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata, resources
from typing import Any

from matching.description import Description, Features
from matching.domain import Identifier

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


def remember(description: Description, features: Features) -> None:
    """Give a description the normal form stored for it, as if it had computed it itself (the
    memo ``Description.features`` keeps), unless it has one already."""
    if "_features" not in description.__dict__:
        object.__setattr__(description, "_features", features)


__all__ = ["from_data", "key", "remember", "to_data", "version"]
