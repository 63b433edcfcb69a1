"""A parsed person name: given names, surname, and the parts set aside (honorifics, initials,
kinship). ``matching.names.parse_person_name`` makes it, ``matching.name_compare`` compares two."""

from __future__ import annotations

from dataclasses import dataclass

from matching import name_lexicon as lex


@dataclass(frozen=True, slots=True)
class PersonName:
    """A parsed person name; ``tokens`` = ``given`` + ``surname`` parts in written order."""

    raw: str
    tokens: tuple[str, ...] = ()
    given: tuple[str, ...] = ()
    surname: tuple[str, ...] = ()
    honorifics: tuple[str, ...] = ()
    initials: tuple[str, ...] = ()
    father: str | None = None
    spouse: str | None = None
    surname_from: str | None = None  # "case" | "comma" | "lexicon" | None

    @property
    def kinship(self) -> tuple[tuple[str, str], ...]:
        """(role, name) of the relatives the record names: ("father", ...), ("spouse", ...)."""
        pairs = (("father", self.father), ("spouse", self.spouse))
        return tuple((role, name) for role, name in pairs if name)

    @property
    def keys(self) -> tuple[str, ...]:
        """Variant-group key of every token (Mohammed → mohamed, Simo → mohamed)."""
        return tuple(lex.given_key(t)[0] for t in self.tokens)
