"""Every false link, and every link of a debtor who is in no source, by source, probability and
the fields that made it (issue 12/17: namesakes linked as the world grows).

usage: python benchmarks/false_links.py --profiles P --truth T --store S [--json OUT]
       [--examples N] [--name-only]

``skiptrace evaluate`` counts the false links and the unfindable debtors who got one; this says
what evidence carried them, so the fix goes to the largest class. A link is false when the
truth does not list its record for the debtor (any role). Each is read back from the run's
store (``matches``: the scored pair with its explanation) and given a class: its source and
the comparison level of each field that carried weight ("name=exact address=same_quarter").
Probabilities are banded (0.5-0.7, 0.7-0.9, 0.9-1). Decoys named in the truth give their
relation (homonym, relative...).

Each person link also gets ``namesakes``: how many parties of its source in the run's store
carry the same name (given-name and surname keys, as the matcher's term frequencies key them)
in the same city — the name's frequency in the store searched, which grows with the world
(issue 12/17). ``--name-only`` lists the *true* links carried by the name alone too (no
identifier, shared number, birth date nor door), with their count, so that a rule on common
names can be weighed against the recall it costs.

Each geocoder link also gets its ``door`` (skiptrace/evaluate/doors.door_class: a twin at the
debtor's door, the same number and street in another quarter, ...) when the world's geocoder
places are beside the truth (``sources/geocoder.jsonl``, as ``skiptrace evaluate`` reads them),
and whether the address asked named a quarter: the classes of issue 12's false doors.

Reads only the profiles, the truth, the run's store and the world's places, like the grader
reads only profiles and truth; it never runs the matcher (the name keys are the matcher's
normalizers).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from matching import domain
from matching.addresses import parse_address
from skiptrace.evaluate.doors import Door, door_class, door_of_parts, door_of_place, truth_addresses
from skiptrace.linking.parties import record_parties
from skiptrace.model import Record

NameCity = tuple[str | None, str | None, str | None]  # (given key, surname key, city key)
#: levels of a pair that are more than a name: an identifier or birth date agreeing, a shared
#: number, the debtor's door (a link carried by none of these is carried by the name)
STRONG = {"cin": "exact", "ice": "exact", "rc": "exact", "if_number": "exact",
          "birth_date": "exact", "phones": "shared"}
DOOR = frozenset({"exact", "same_street_number"})


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def true_records(truth: dict[str, Any]) -> set[tuple[str, str]]:
    """(source, record_id) of every record the truth lists for the debtor, any role."""
    out = set()
    for source, entries in (truth.get("links") or {}).items():
        for entry in entries:
            rid = entry if isinstance(entry, str) else entry["record_id"]
            out.add((source, str(rid)))
    return out


def decoy_relations(truth: dict[str, Any]) -> dict[tuple[str, str], str]:
    decoys = truth.get("decoys") or []
    if isinstance(decoys, dict):
        decoys = [dict(d, source=s) for s, items in decoys.items() for d in items]
    return {(str(d["source"]), str(d["record_id"])): str(d.get("relation", "decoy"))
            for d in decoys}


def band(probability: float) -> str:
    if probability >= 0.9:
        return "0.9-1"
    if probability >= 0.7:
        return "0.7-0.9"
    return "0.5-0.7"


def signature(match: dict[str, Any] | None) -> str:
    """The fields of a scored pair and their levels, in the explanation's order; a note that a
    linking rule moved the probability ("held", "raised") is kept as a marker."""
    if match is None:
        return "(not in the store)"
    parts = []
    for f in match.get("explanation") or []:
        parts.append(f"{f['field']}={f['level']}")
    return " ".join(parts) or "(no fields)"


def stored_matches(store: Path) -> dict[tuple[str, str], dict[str, Any]]:
    """(debtor_id, record_key) → the most probable stored match of the pair."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT debtor_id, record_key, probability, json FROM matches")
        for debtor_id, key, probability, text in rows:
            kept = out.get((debtor_id, key))
            if kept is None or probability > kept["probability"]:
                match = json.loads(text)
                match["probability"] = probability
                out[(debtor_id, key)] = match
    return out


def name_city(name: str | None, city: str | None) -> NameCity:
    given, surname = domain.name_parts(name or "", "person", None, None)
    return given, surname, domain.city(city) if city else None


def store_namesakes(store: Path) -> Counter[tuple[str, NameCity]]:
    """(source, name and city keys) → how many of the source's records in the store name a
    person party so (each record counted once per key)."""
    counts: Counter[tuple[str, NameCity]] = Counter()
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as db:
        for source, text in db.execute("SELECT source, json FROM records WHERE kind != 'address'"):
            record = Record.from_dict(json.loads(text))
            keys = {name_city(p.name, p.city) for p in record_parties(record) if p.kind == "person"}
            counts.update((source, k) for k in keys if k[1])
    return counts


def place_doors(places: Path, place_ids: set[str]) -> dict[str, Door | None]:
    """place id → its door, for the places asked about (the world's file streamed once)."""
    out: dict[str, Door | None] = {}
    if not places.is_file():
        return out
    for record in read_jsonl(places):
        place_id = str(record.get("place_id") or record.get("record_id"))
        if place_id in place_ids:
            out[place_id] = door_of_place(record)
    return out


def door_fields(match: dict[str, Any] | None, door: str) -> str:
    """The door class of a geocoder link and whether its question named a quarter."""
    asked = str(((match or {}).get("record") or {}).get("fields", {}).get("query") or "")
    quarter = "quarter asked" if parse_address(asked).quarter else "no quarter asked"
    return f"door={door} ({quarter})"


def name_only(match: dict[str, Any] | None) -> bool:
    """A person pair carried by its name: nothing stronger agrees and the address is not the
    debtor's door."""
    if match is None or (match.get("party") or {}).get("kind") != "person":
        return False
    levels = {f["field"]: f["level"] for f in match.get("explanation") or []}
    return (levels.get("address") not in DOOR
            and not any(levels.get(field) == level for field, level in STRONG.items()))


def classify(profiles: Path, truth: Path, store: Path,
             with_true_name_only: bool = False) -> list[dict[str, Any]]:
    """One row per false link and per link of an unfindable debtor (and, when asked, per true
    link carried by the name alone)."""
    by_id = {str(p["debtor_id"]): p for p in read_jsonl(profiles)}
    matches = stored_matches(store)
    namesakes = store_namesakes(store)
    geocoded = {str(link["record_id"]) for p in by_id.values() for link in p.get("links") or []
                if link["source"] == "geocoder"}
    doors = place_doors(truth.parent / "sources" / "geocoder.jsonl", geocoded)
    rows = []
    for line in read_jsonl(truth):
        debtor_id = str(line["debtor_id"])
        profile = by_id.get(debtor_id)
        if profile is None:
            continue
        true = true_records(line)
        decoys = decoy_relations(line)
        unfindable = not line.get("findable", True)
        own = {d for a in truth_addresses(line) if (d := door_of_parts(a.get("parts")))}
        for link in profile.get("links") or []:
            key = (str(link["source"]), str(link["record_id"]))
            match = matches.get((debtor_id, f"{key[0]}:{key[1]}"))
            if key in true and not unfindable and not (with_true_name_only and name_only(match)):
                continue
            party = (match or {}).get("party") or {}
            fields = signature(match)
            if key[0] == "geocoder" and key[1] in doors:
                fields += " " + door_fields(match, door_class(doors[key[1]], own, key in true))
            rows.append({
                "debtor_id": debtor_id, "source": key[0], "record_id": key[1],
                "unfindable": unfindable, "true": key in true,
                "probability": float(link.get("probability", 0)),
                "band": band(float(link.get("probability", 0))),
                "fields": fields, "relation": decoys.get(key, "not a decoy"),
                "debtor": (profile.get("debtor") or {}).get("name"),
                "debtor_city": (profile.get("debtor") or {}).get("city"),
                "party": party.get("name"), "party_city": party.get("city"),
                "party_cin": party.get("cin"), "name_only": name_only(match),
                "namesakes": namesakes.get((key[0], name_city(party.get("name"),
                                                              party.get("city"))), 0)
                if party.get("kind") == "person" else None,
            })
    return rows


def namesake_table(rows: list[dict[str, Any]]) -> str:
    """Links carried by the name alone, by source and by how many namesakes the store holds in
    the city (1, 2, 3-5, 6+): true, false and of debtors in no source."""
    def bucket(n: int) -> str:
        return "1" if n <= 1 else "2" if n == 2 else "3-5" if n <= 5 else "6+"
    counts: Counter[tuple[str, str, str]] = Counter()
    for r in rows:
        if r["name_only"]:
            verdict = "unfindable" if r["unfindable"] else "true" if r["true"] else "false"
            counts[(r["source"], bucket(r["namesakes"] or 0), verdict)] += 1
    lines = ["| source | namesakes in the city | true | false | debtors in no source |",
             "|---|---|---|---|---|"]
    for source, n in sorted({(s, b) for s, b, _ in counts}):
        lines.append(f"| {source} | {n} | {counts[(source, n, 'true')]} | "
                     f"{counts[(source, n, 'false')]} | {counts[(source, n, 'unfindable')]} |")
    return "\n".join(lines)


def table(rows: list[dict[str, Any]], examples: int) -> str:
    rows = [r for r in rows if r["unfindable"] or not r["true"]]
    counts = Counter((r["source"], r["fields"]) for r in rows)
    bands: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    shown: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in rows:
        k = (r["source"], r["fields"])
        bands[k][r["band"]] += 1
        if len(shown[k]) < examples:
            shown[k].append(f"{r['debtor']} ({r['debtor_city']}) → {r['party']} "
                            f"({r['party_city']}, CIN {r['party_cin']}) {r['probability']:.2f} "
                            f"[{r['relation']}, namesakes {r['namesakes']}]")
    lines = [f"{len(rows)} links: {sum(r['unfindable'] for r in rows)} of debtors in no source, "
             f"{sum(not r['true'] for r in rows)} false", "",
             "| links | source | fields | 0.5-0.7 / 0.7-0.9 / 0.9-1 |", "|---|---|---|---|"]
    for (source, fields), n in counts.most_common():
        b = bands[(source, fields)]
        lines.append(f"| {n} | {source} | {fields} | {b['0.5-0.7']} / {b['0.7-0.9']} / "
                     f"{b['0.9-1']} |")
        lines += [f"|  |  | e.g. {e} |  |" for e in shown[(source, fields)]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=Path, required=True)
    parser.add_argument("--truth", type=Path, required=True)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--examples", type=int, default=0)
    parser.add_argument("--name-only", action="store_true",
                        help="list the true links carried by the name alone too")
    args = parser.parse_args(argv)
    rows = classify(args.profiles, args.truth, args.store, args.name_only)
    print(table(rows, args.examples))
    print()
    print(namesake_table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
