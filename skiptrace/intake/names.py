"""A person's whole name in one portfolio field, split into family and given names.

A CNSS file may give "EL ALAOUI MOHAMED" or "mohamed el alaoui" in one column, in any order and
case. Searches that need the surname alone (the land registry's owner search within a city)
never run without the split, so intake fills ``last_name`` / ``first_name`` from matching's name
parser (``matching.names.parse_person_name``: case, comma or the given-names lexicon tell the
surname) and keeps the name as written in ``name``. Each part keeps its words as the file wrote
them (particles, case, hyphens); honorifics stay with the given names they precede. A name the
parser cannot split into a contiguous family part and given part (no known given name, or given
names on both sides of the surname) is left unsplit: no guess.

A **family-name field** holding the whole name ("el alaoui khalide", the given-name field empty)
says which part comes first: the family name. When the parser cannot tell the given name (the
lexicon does not know "khalide") but glues an article or particle to the word after it (DOMAIN
§7.2: El, Aït, Ben… belong to the family name: "elalaoui") and one word is left,
``split_family_first`` splits there. A one-field name, whose order is unknown, is never split so.
"""

from __future__ import annotations

from matching.names import normalize_person_name, parse_person_name


def split_full_name(full: str) -> tuple[str, str] | None:
    """(last_name, first_name) as written, or None when the name does not split."""
    parsed = parse_person_name(full)
    if not parsed.given or not parsed.surname or parsed.surname_from is None:
        return None
    given, surname = " ".join(parsed.given), " ".join(parsed.surname)
    words = full.replace(",", " ").split()
    for i in range(1, len(words)):
        head, tail = " ".join(words[:i]), " ".join(words[i:])
        first, second = normalize_person_name(head), normalize_person_name(tail)
        if (first, second) == (surname, given):
            return head, tail
        if (first, second) == (given, surname):
            return tail, head
    return None


def split_family_first(full: str) -> tuple[str, str] | None:
    """(last_name, first_name) as written of a family-name field holding the whole name, family
    name first: the words the parser glues into its first token (an article or particle and
    the word after it), then one word; None otherwise (``split_full_name`` first)."""
    parsed = parse_person_name(full)
    words = full.replace(",", " ").split()
    if parsed.given or len(parsed.tokens) != 2 or len(words) < 3:
        return None
    head, tail = " ".join(words[:-1]), words[-1]
    if parse_person_name(head).tokens != parsed.tokens[:1] or \
            parse_person_name(tail).tokens != parsed.tokens[1:]:
        return None
    return head, tail
