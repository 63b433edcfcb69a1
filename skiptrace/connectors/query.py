"""What connectors are asked: the searchable facts of one debtor, and nothing else.

A connector never sees the whole Debtor (debt amount, portfolio ids): only names, identifiers,
city, addresses and phones. Its ``repr`` masks identifiers so a query can be logged safely.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..intake.refdata import _kinds, fold_words  # the intake owns the legal-form list
from ..model import Debtor, DebtorKind, mask


@dataclass(frozen=True)
class DebtorQuery:
    """The searchable part of a debtor, identifiers only when they parsed as valid."""

    debtor_id: str
    kind: DebtorKind
    names: tuple[str, ...]
    last_name: str | None = None
    cin: str | None = None
    ice: str | None = None
    rc: str | None = None
    tribunal: str | None = None
    city: str | None = None
    addresses: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()

    @classmethod
    def from_debtor(cls, debtor: Debtor) -> DebtorQuery:
        rc = debtor.identifier("rc")
        return cls(
            debtor_id=debtor.debtor_id,
            kind=debtor.kind,
            names=_names(debtor),
            last_name=debtor.last_name,
            cin=_value(debtor, "cin"),
            ice=_value(debtor, "ice"),
            rc=rc.value if rc else None,
            tribunal=rc.tribunal if rc else None,
            city=debtor.city,
            addresses=tuple(a for a in debtor.addresses if a.strip()),
            phones=debtor.phones,
        )

    @property
    def name(self) -> str:
        """The main name (first of ``names``), or empty."""
        return self.names[0] if self.names else ""

    def search_names(self) -> tuple[str, ...]:
        """Names as a registry's token search wants them: companies without their legal form
        ("Sté AMJAD TEXTILE SARLAU" → "amjad textile"), since every token must match."""
        if self.kind == "person":
            return self.names
        return tuple(dict.fromkeys(bare_company_name(n) for n in self.names))

    def identifiers(self) -> tuple[str, ...]:
        """The identifier values to look up in a store, strongest first."""
        return tuple(v for v in (self.cin, self.ice, self.rc) if v)

    def __repr__(self) -> str:
        names = ", ".join(_mask_name(n) for n in self.names)
        return (
            f"DebtorQuery({self.debtor_id}, {self.kind}, names=[{names}], cin={mask(self.cin)!r}, "
            f"ice={mask(self.ice)!r}, rc={mask(self.rc)!r}, city={self.city!r}, "
            f"addresses={len(self.addresses)}, phones={len(self.phones)})"
        )


def _value(debtor: Debtor, scheme: str) -> str | None:
    ident = debtor.identifier(scheme)
    return ident.value if ident else None


def _names(debtor: Debtor) -> tuple[str, ...]:
    """The full name, then "last first" when the portfolio split it, without repeats."""
    candidates = [debtor.name]
    if debtor.last_name and debtor.first_name:
        candidates.append(f"{debtor.last_name} {debtor.first_name}")
    seen: list[str] = []
    for name in candidates:
        clean = " ".join(name.split())
        if clean and clean.casefold() not in (s.casefold() for s in seen):
            seen.append(clean)
    return tuple(seen)


def bare_company_name(name: str) -> str:
    """A denomination without legal-form words (the intake's company markers)."""
    padded = f" {fold_words(name)} "
    for marker in sorted(_kinds()["company_markers"], key=len, reverse=True):
        padded = padded.replace(f" {marker} ", " ")
    return " ".join(padded.split()) or fold_words(name)


def _mask_name(name: str) -> str:
    return " ".join(mask(part, 1) for part in name.split())
