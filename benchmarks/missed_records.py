"""Why each own-role true record was missed: never fetched (and what in the record kept the
searches from it) or fetched and scored below a link (and with what reason).

usage: python benchmarks/missed_records.py --profiles P --world W [--truth T] [--json OUT]
       [--examples N]

``skiptrace evaluate`` counts the misses; this says where they come from, so the next change
goes to the largest class (issue 12). For each true record of a debtor's own role (subject,
owner, co-owner, holder) outside the geocoder that no profile link names, it reads the record
itself from the world's ``sources/<source>.jsonl`` and the debtor as the profile states it
(``debtor``: what the searches were built from) and gives the miss one class:

- fetched (in the profile's ``rejected``): "scored low: <the rejection's reason, numbers
  out>", plus the record's name form where it tells the cause (a family name alone, an
  initial);
- not fetched, by what the record carries against what the debtor's row gives:
  "no identifier in the record" (a vehicle card or a title owner entry without CIN/RC/ICE),
  "identifier the portfolio lacks", "identifier one character off the portfolio's (a typo)",
  "identifier shared, not fetched", "family name written
  otherwise" (no word of the portfolio's family name in the record, folded: RMADANI /
  RAMDANI), "family name as written, other city", "family name as written, same city".

With ``--store S`` (the run's store), a fetched miss is classed finer from the scored pair the
store kept (``matches``): the probability band it reached, the level of each field that carried
weight and what the party was ("scored 0.0-0.1: name=initial address=exact; a co-owner among
3"; "a trader's entry"), so that a rule can be aimed at the class (issue 12, session 11).

Reads only the profiles, the truth, the world's files and the run's store (never the matcher
nor the generator), like the grader. Prints a table of counts per source, role and class and, with
``--examples``, a few (portfolio name → record name) pairs per class.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

OWN_ROLES = frozenset({"subject", "owner", "co-owner", "holder"})
ID_FIELDS = {"cin": "cin", "ice": "ice", "rc": "rc_number", "rc_number": "rc_number"}


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def words(text: str | None) -> list[str]:
    """Lower-case ASCII words, accents off: "Aït-Ouahmane" → ["ait", "ouahmane"]."""
    plain = unicodedata.normalize("NFKD", (text or "").casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.findall(r"[a-z0-9]+", plain)


def family_words(debtor: dict[str, Any]) -> list[str]:
    """The portfolio's family name as words: ``last_name`` when the row split the name, else
    the capitalised words of the name ("BENSAID Khalid"), else every word."""
    if debtor.get("first_name") and debtor.get("last_name"):
        return words(debtor["last_name"])
    name = str(debtor.get("last_name") or debtor.get("name") or "")
    upper = [w for w in name.split() if w.isupper() and any(c.isalpha() for c in w)]
    return words(" ".join(upper or name.split()))


def debtor_ids(debtor: dict[str, Any]) -> set[str]:
    return {re.sub(r"\W", "", str(i.get("value") or "")).upper()
            for i in debtor.get("identifiers") or [] if i.get("value")}


def record_parties(source: str, record: dict[str, Any]) -> list[dict[str, Any]]:
    """The parties a record names, each as {name, city, ids}: a listing's subscriber, a
    card's holder, a title's owners, a register entry's trader or company, a notice's text."""
    if source == "phone_directory":
        return [{"name": record.get("name"), "city": record.get("city"), "ids": set()}]
    if source == "vehicle_registry":
        owners = [record.get("owner") or {}]
    elif source == "land_registry":
        owners = list(record.get("owners") or [])
        for owner in owners:
            owner.setdefault("city", record.get("city"))
    elif source == "company_register":
        return [{"name": record.get("denomination") or record.get("name"),
                 "city": record.get("city"),
                 "ids": _ids(record)}]
    else:
        return [{"name": record.get("text") or record.get("title"), "city": None,
                 "ids": set(), "text": True}]
    return [{"name": o.get("name") or o.get("name_ar"), "city": o.get("city"), "ids": _ids(o)}
            for o in owners]


def _ids(entry: dict[str, Any]) -> set[str]:
    return {re.sub(r"\W", "", str(entry[f])).upper()
            for f in ("cin", "ice", "rc_number") if entry.get(f)}


def name_form(name: str | None, family: list[str]) -> str:
    """How a party's name is written beside the family name: "family name alone", "family
    name and an initial", "with given names"."""
    said = [w for w in words(name) if w not in family]
    if not said:
        return "family name alone"
    if all(len(w) == 1 for w in said):
        return "family name and an initial"
    return "with given names"


def written_otherwise(text: str | None, family: list[str]) -> bool:
    """No word of the family name (nor the name glued) appears in ``text``."""
    said = set(words(text))
    glued = "".join(family)
    core = [w for w in family if len(w) > 2]
    return not (set(core) & said) and glued not in said and not any(glued in w for w in said)


def classify(source: str, record: dict[str, Any] | None, debtor: dict[str, Any],
             rejection: dict[str, Any] | None) -> tuple[str, str]:
    """(class, a short example) of one missed record."""
    family = family_words(debtor)
    portfolio = str(debtor.get("name") or "")
    parties = record_parties(source, record) if record else []
    best = _closest(parties, family, debtor_ids(debtor))
    example = f"{portfolio} ({debtor.get('city')}) → {(best or {}).get('name')!s:.80}" + (
        f" ({best.get('city')})" if best and best.get("city") else "")
    if rejection is not None:
        reason = re.sub(r"\d+(?:[.,]\d+)?", "#", str(rejection.get("reason") or "no reason"))
        return f"scored low: {reason}{_form(best, family, debtor)}", example
    if record is None:
        return "record not in the world's files", example
    if best is None:
        return "no party in the record", example
    ids = best["ids"]
    if source in ("vehicle_registry", "land_registry"):
        if not ids:
            return f"no identifier in the record{_form(best, family, debtor)}", example
        if not ids & debtor_ids(debtor):
            near = any(_one_off(a, b) for a in ids for b in debtor_ids(debtor))
            return ("identifier one character off the portfolio's (a typo)" if near
                    else "identifier the portfolio lacks"), example
        return "identifier shared, not fetched", example
    if debtor.get("kind") == "company" and source != "phone_directory":
        return "company record not fetched", example
    if written_otherwise(best.get("name"), family):
        return "family name written otherwise", example
    same_city = set(words(best.get("city"))) == set(words(debtor.get("city"))) if best.get(
        "city") else None
    where = {True: "same city", False: "other city", None: "no city"}[same_city]
    return f"family name as written, {where}{_form(best, family, debtor)}", example


def _form(party: dict[str, Any] | None, family: list[str], debtor: dict[str, Any]) -> str:
    """", <name form>" for a person debtor's party named by a name, else nothing."""
    if not party or party.get("text") or debtor.get("kind") == "company":
        return ""
    return f" ({name_form(party.get('name'), family)})"


def _one_off(a: str, b: str) -> bool:
    """Two identifiers of one length that differ in one character ("J441669" / "J447669")."""
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _closest(parties: list[dict[str, Any]], family: list[str],
             ids: set[str]) -> dict[str, Any] | None:
    """The party most likely the debtor: one sharing an identifier, else the one sharing the
    most family-name words."""
    if not parties:
        return None
    for party in parties:
        if party["ids"] & ids:
            return party
    return max(parties, key=lambda p: len(set(words(p.get("name"))) & set(family)))


def stored_matches(store: Path) -> dict[tuple[str, str], dict[str, Any]]:
    """(debtor_id, record key) → the most probable scored pair the run's store kept."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as db:
        for debtor_id, key, probability, text in db.execute(
                "SELECT debtor_id, record_key, probability, json FROM matches"):
            if (debtor_id, key) not in out or probability > out[(debtor_id, key)]["probability"]:
                out[(debtor_id, key)] = {**json.loads(text), "probability": probability}
    return out


BANDS = ((0.1, "0-0.1"), (0.3, "0.1-0.3"), (0.5, "0.3-0.5"))


def scored_class(match: dict[str, Any]) -> str:
    """A fetched miss by what the matcher saw: the band reached, each field's level, the party."""
    probability = float(match["probability"])
    band = next((name for top, name in BANDS if probability < top), "0.5-1")
    fields = " ".join(f"{f['field']}={f['level']}" for f in match.get("explanation") or [])
    return f"scored {band}: {fields or '(no fields)'}; {party_kind(match)}"


def party_kind(match: dict[str, Any]) -> str:
    """What the scored party was in its record: a sole owner or a co-owner among N, a trader's
    register entry, a card's holder, else its role."""
    record = match.get("record") or {}
    fields = record.get("fields") or {}
    role = str((match.get("party") or {}).get("role") or "no party")
    if record.get("kind") == "land_title":
        owners = len(fields.get("owners") or [])
        return "a sole owner" if owners <= 1 else f"a co-owner among {owners}"
    if record.get("kind") == "company" and (
            fields.get("entry_kind") == "trader"
            or str(fields.get("legal_form") or "").casefold() == "personne physique"):
        return f"a trader's entry ({role})"
    if record.get("kind") == "vehicle":
        return "a card's holder"
    return role


def load_world(world: Path, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """The records of ``wanted`` (source, record_id) from the world's source files."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    sources = {s for s, _ in wanted}
    for source in sources:
        path = world / "sources" / f"{source}.jsonl"
        if not path.is_file():
            continue
        for record in read_jsonl(path):
            key = (source, str(record.get("record_id")))
            if key in wanted:
                found[key] = record
    return found


def missed(profiles: Path, truth: Path, world: Path,
           store: Path | None = None) -> list[dict[str, Any]]:
    """Every missed own-role true record outside the geocoder, with its class (a fetched one
    classed by its scored pair when the run's ``store`` is given)."""
    by_id = {str(p["debtor_id"]): p for p in read_jsonl(profiles)}
    scored = stored_matches(store) if store is not None else {}
    rows: list[tuple[dict[str, Any], str, str, str]] = []
    for line in read_jsonl(truth):
        profile = by_id.get(str(line["debtor_id"]))
        if profile is None:
            continue
        linked = {(str(k["source"]), str(k["record_id"])) for k in profile.get("links") or []}
        for source, entries in (line.get("links") or {}).items():
            if source == "geocoder":
                continue
            for entry in entries:
                if isinstance(entry, str) or entry.get("debtor_role") not in OWN_ROLES:
                    continue
                if (source, str(entry["record_id"])) not in linked:
                    rows.append((profile, source, str(entry["record_id"]), entry["debtor_role"]))
    records = load_world(world, {(s, r) for _, s, r, _ in rows})
    out = []
    for profile, source, record_id, role in rows:
        rejected = {(str(r["source"]), str(r["record_id"])): r
                    for r in profile.get("rejected") or []}
        debtor = profile.get("debtor") or {}
        klass, example = classify(source, records.get((source, record_id)), debtor,
                                  rejected.get((source, record_id)))
        match = scored.get((str(profile["debtor_id"]), f"{source}:{record_id}"))
        if match is not None and (source, record_id) in rejected:
            klass = scored_class(match)
        out.append({"debtor_id": profile["debtor_id"], "source": source, "role": role,
                    "record_id": record_id, "kind": debtor.get("kind"),
                    "retrieved": (source, record_id) in rejected, "class": klass,
                    "example": example})
    return out


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    counts = Counter((r["source"], r["role"], r["class"]) for r in rows)
    return {"missed": len(rows),
            "retrieved": sum(r["retrieved"] for r in rows),
            "by_class": [{"source": s, "role": role, "class": c, "count": n}
                         for (s, role, c), n in counts.most_common()]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=Path, required=True)
    parser.add_argument("--world", type=Path, required=True, help="the world's folder")
    parser.add_argument("--truth", type=Path, help="default: WORLD/first1k_truth.jsonl if "
                        "present, else WORLD/truth.jsonl")
    parser.add_argument("--store", type=Path, help="the run's store: fetched misses classed by "
                        "their scored pair (band, field levels, party)")
    parser.add_argument("--json", type=Path, help="write every missed record and the counts")
    parser.add_argument("--examples", type=int, default=0, help="examples shown per class")
    args = parser.parse_args()
    truth = args.truth or next(p for p in (args.world / "first1k_truth.jsonl",
                                           args.world / "truth.jsonl") if p.is_file())
    rows = missed(args.profiles, truth, args.world, args.store)
    report = summary(rows)
    print(f"missed own-role records outside the geocoder: {report['missed']} "
          f"(fetched and scored low: {report['retrieved']})")
    examples: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for row in rows:
        examples[(row["source"], row["role"], row["class"])].append(
            f"{row['kind']}: {row['example']}")
    for item in report["by_class"]:
        print(f"{item['count']:5d}  {item['source']:<17} {item['role']:<9} {item['class']}")
        for text in examples[(item["source"], item["role"], item["class"])][:args.examples]:
            print(f"         {text}")
    if args.json:
        args.json.write_text(json.dumps({**report, "records": rows}, ensure_ascii=False,
                                        indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
