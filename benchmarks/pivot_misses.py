"""Why each manager and partner link a run missed was missed (issue 13).

usage: python benchmarks/pivot_misses.py WORLD RUN [--truth FILE] [--json OUT] [--list N]

WORLD is a sandbox world (``skiptrace.sandbox generate``), RUN a ``benchmarks/world_size.sh``
result directory (its ``profiles.jsonl``); the truth is WORLD/first1k_truth.jsonl unless given.
Every true manager or partner link of a person debtor (the register entry of a company they run
or hold shares in, or a notice of that company) that the profile does not report is put in one
class, the first that applies:

- ``scored_low``: fetched and scored below the reporting threshold (sub-class: whether the
  record prints the debtor's CIN and whether the portfolio had it);
- register entries not fetched, by the notices that could have led to them:
  ``naming_notice_linked`` (a notice naming the debtor was linked: its company was not pivoted
  on), ``verify_capped`` (a notice naming the debtor weakly was fetched, its company's check
  was not made: the per-debtor cap), ``naming_notice_below_floor`` / ``naming_notice_no_cin``
  (fetched, too weak to check, or no CIN to check with), ``naming_notice_not_fetched`` (with
  what would have found it), ``no_naming_notice`` (no notice of the company names the debtor:
  sub-class by the other routes — the company's phone is the debtor's, its denomination carries
  the surname —, else no route);
- notices not fetched: ``notice_by_cin`` (the notice prints the debtor's CIN: the portfolio's
  CIN, or the one a pivot found, would find it), ``notice_by_name`` (it names the debtor: which
  searches would find it and how many results each states in the world, the family name's
  other transcriptions in the city among them), ``notice_of_company``
  (it does not name the debtor: only the company's RC + court reaches it; sub-class: whether
  the company's register entry was linked).

The search counts are the world's own (the sandbox's token AND search over every notice,
skiptrace/sandbox/textsearch.py), so "too broad" means more than ``--max-results`` (50, the
spiders' default). Prints a table of classes and writes the JSON with every miss.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz.distance import JaroWinkler

from skiptrace.sandbox.textsearch import identifier_token, index_tokens, query_tokens
from spiders.querying import respellings, without_particle

ROLES = ("manager", "partner")
REPORTED = 0.5  # the profile's reporting threshold
PIVOT = 0.9  # linking/pivots.py PIVOT_THRESHOLD
VERIFY_FLOOR = 0.0002  # linking/pivots.py VERIFY_FLOOR
SPELLING = 0.9  # Jaro-Winkler of the family name (words glued) to a word of the notice
_DIGITS = re.compile(r"\d+")


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


@dataclass
class Notices:
    """The world's notices with the sandbox's own search: tokens ANDed over title and text."""

    records: dict[str, dict[str, Any]]
    listings: list[dict[str, Any]] = field(default_factory=list)  # the directory's businesses
    index: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    tokens: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Notices:
        notices = cls({r["record_id"]: r for r in read_jsonl(path)})
        for rid, record in notices.records.items():
            words = set(index_tokens(record.get("title"), record.get("text")).split())
            notices.tokens[rid] = words
            for word in words:
                notices.index[word].add(rid)
        return notices

    def hits(self, text: str | None) -> set[str]:
        """The notices a search for ``text`` finds (every token, anywhere)."""
        words = query_tokens(text)
        if not words:
            return set()
        found = set(self.index.get(words[0], ()))
        for word in words[1:]:
            found &= self.index.get(word, set())
        return found

    def of_company(self, company: dict[str, Any]) -> list[str]:
        """Notices printing the company's RC number (with its court somewhere in the text), and
        those printing its denomination or an old name of it with the court's city (a
        constitution notice prints no RC yet: "Dénomination : NEJMA AGRO SARL … Agadir")."""
        number = str(company.get("rc_number") or "").lstrip("0")
        court = set(query_tokens(company.get("rc_tribunal")))
        found = {rid for rid in self.index.get(number, ()) if not court or court <= self.tokens[rid]}
        for name in [company.get("denomination"), *(company.get("old_names") or [])]:
            words = set(query_tokens(name))
            if words and court:
                found |= {rid for rid in self.hits(name or "") if court <= self.tokens[rid]}
        return sorted(found)


@dataclass
class Debtor:
    """What the truth and the portfolio (the profile's ``debtor``) say of a person debtor."""

    debtor_id: str
    true_cin: str | None
    portfolio_cin: str | None
    family: str
    given: list[str]
    city: str
    phones: set[str]
    companies: list[str] = field(default_factory=list)  # the truth's register entries of theirs

    @classmethod
    def of(cls, truth: dict[str, Any], profile: dict[str, Any]) -> Debtor:
        portfolio = profile.get("debtor") or {}
        cins = [i for i in portfolio.get("identifiers") or [] if i.get("scheme") == "cin"]
        valid = [i["value"] for i in cins if i.get("valid")]
        phones = {_digits(p) for p in [*(truth.get("phones") or []), *(portfolio.get("phones") or [])]}
        family, given = portfolio.get("last_name") or "", portfolio.get("first_name") or ""
        if not given:  # the whole name in the family-name field: the truth's parts ("EL ALAOUI
            # Khalid": the family name in capitals first) say whether a notice names them
            words = str(truth.get("name") or "").split()
            caps = next((i for i, w in enumerate(words) if not w.isupper()), len(words))
            if 0 < caps < len(words):
                family, given = " ".join(words[:caps]), " ".join(words[caps:])
        return cls(truth["debtor_id"], (truth.get("identifiers") or {}).get("cin"),
                   valid[0] if valid else None, family,
                   [w for w in given.split() if len(w) > 1],
                   portfolio.get("city") or "", {p for p in phones if p},
                   [x["record_id"] for x in (truth.get("links") or {}).get("company_register", [])
                    if x.get("debtor_role") in ROLES])

    def cin_token(self) -> str:
        return identifier_token(self.true_cin)

    def surname_tokens(self) -> set[str]:
        return set(query_tokens(self.family))


def _digits(phone: str | None) -> str:
    digits = "".join(_DIGITS.findall(phone or ""))
    if digits.startswith("212") and len(digits) == 12:
        digits = "0" + digits[3:]
    return digits[-9:]


@dataclass
class Seen:
    """What one profile reports of one record: its probability (links and rejected alike)."""

    probability: dict[str, float]
    pivots: list[dict[str, Any]]
    searches: list[dict[str, Any]]

    @classmethod
    def of(cls, profile: dict[str, Any]) -> Seen:
        found: dict[str, float] = {}
        for item in [*(profile.get("links") or []), *(profile.get("rejected") or [])]:
            key = f"{item['source']}:{item['record_id']}"
            found[key] = max(found.get(key, 0.0), float(item.get("probability") or 0.0))
        return cls(found, profile.get("pivots") or [], profile.get("searches") or [])

    def p(self, source: str, record_id: str) -> float | None:
        return self.probability.get(f"{source}:{record_id}")

    def verified(self, rc: str) -> bool:
        """Whether a pivot asked the register for this RC (a check or a company key); the
        profile masks the value but keeps its first two digits."""
        return any(k.get("key") == "rc" and str(k.get("value", ""))[:2] == rc[:2]
                   and k.get("about") in ("verify", "company") for k in self.pivots)

    def verify_spent(self) -> int:
        return sum(1 for k in self.pivots if k.get("about") == "verify")


def classify(debtor: Debtor, source: str, record_id: str, seen: Seen, register: dict[str, Any],
             notices: Notices, max_results: int) -> tuple[str, str]:
    """(class, detail) of one missed link; see the module's docstring."""
    p = seen.p(source, record_id)
    if p is not None:
        return "scored_low", _why_low(debtor, source, record_id, register, notices, p)
    if source == "company_register":
        return _register_miss(debtor, register[record_id], seen, notices, max_results)
    return _notice_miss(debtor, record_id, seen, register, notices, max_results)


def _why_low(debtor: Debtor, source: str, record_id: str, register: dict[str, Any],
             notices: Notices, p: float) -> str:
    if source == "company_register":
        entry = register[record_id]
        people = [*(entry.get("managers") or []), *(entry.get("partners") or [])]
        printed = any(identifier_token(x.get("cin")) == debtor.cin_token() for x in people)
    else:
        printed = debtor.cin_token() in notices.tokens.get(record_id, set())
    cin = ("portfolio CIN right" if debtor.portfolio_cin and
           identifier_token(debtor.portfolio_cin) == debtor.cin_token() else
           "portfolio CIN wrong" if debtor.portfolio_cin else "no portfolio CIN")
    return f"p={'<0.0002' if p < VERIFY_FLOOR else f'{p:.4f}'}; CIN {'printed' if printed else 'not printed'}; {cin}"


def _names_debtor(debtor: Debtor, rid: str, notices: Notices) -> str | None:
    words = notices.tokens.get(rid, set())
    if debtor.cin_token() and debtor.cin_token() in words:
        return "cin"
    surname = debtor.surname_tokens()
    if surname and surname <= words:
        return "name"
    glued = "".join(sorted(surname, key=debtor.family.casefold().find))
    if len(glued) >= 4 and any(JaroWinkler.similarity(glued, w) >= SPELLING for w in words
                               if len(w) >= 4 and not w.isdigit()):
        return "spelling"  # LEMRANI for LAMRANI, AITOUAHMANE for AIT OUAHMANE
    return None


def _register_miss(debtor: Debtor, company: dict[str, Any], seen: Seen, notices: Notices,
                   max_results: int) -> tuple[str, str]:
    naming = [(rid, how) for rid in notices.of_company(company)
              if (how := _names_debtor(debtor, rid, notices))]
    fetched = [(rid, how, p) for rid, how in naming
               if (p := seen.p("legal_notices", rid)) is not None]
    if fetched:
        rid, how, p = max(fetched, key=lambda f: f[2])
        if p >= PIVOT:
            return "naming_notice_linked", f"{rid} p={p:.3f} named by {how}"
        if p < VERIFY_FLOOR:
            return "naming_notice_below_floor", f"{rid} p={p:.5f} named by {how}"
        if not debtor.portfolio_cin:
            return "naming_notice_no_cin", f"{rid} p={p:.4f} named by {how}"
        if seen.verified(str(company.get("rc_number"))):
            return "verified_not_linked", f"{rid} p={p:.4f}"
        return "verify_capped", f"{rid} p={p:.4f}; checks spent {seen.verify_spent()}"
    if naming:
        rid, how = naming[0]
        return "naming_notice_not_fetched", f"{rid} named by {how}; " + _would_find(
            debtor, rid, notices, max_results)
    other = []
    shared = {_digits(p) for p in company.get("phones") or []} & debtor.phones
    if shared:
        listed = any(shared & {_digits(p) for p in listing.get("phones") or []}
                     for listing in notices.listings)
        other.append("company phone is the debtor's" +
                     (", listed" if listed else ", in no business listing"))
    if debtor.surname_tokens() and debtor.surname_tokens() <= set(query_tokens(" ".join(
            [company.get("denomination") or "", *(company.get("trade_names") or [])]))):
        other.append("denomination carries the surname")
    unnamed = notices.of_company(company)
    detail = f"{len(unnamed)} notices of the company, none naming the debtor"
    return ("no_naming_notice:" + (" + ".join(other) if other else "no route")), detail


def _would_find(debtor: Debtor, rid: str, notices: Notices, max_results: int) -> str:
    """Which person searches find the notice, and the results each states in the world."""
    tries = []
    if debtor.true_cin:
        tries.append(("cin", debtor.true_cin))
    name = " ".join([debtor.family, *debtor.given])
    tries += [("name", name), ("surname+city", f"{debtor.family} {debtor.city}")]
    tries += [(f"surname+{g}+city", f"{debtor.family} {g} {debtor.city}") for g in debtor.given]
    # the family name's other transcriptions in the city (linking/notice_spellings.py), which
    # a pivot round asks with no given name to narrow them by
    for spelling in respellings(without_particle(debtor.family)) if debtor.family else []:
        tries.append((f"spelling {spelling}+city", f"{spelling} {debtor.city}"))
        tries += [(f"spelling {spelling}+{g}+city", f"{spelling} {g} {debtor.city}")
                  for g in debtor.given]
    out = []
    for label, text in tries:
        hits = notices.hits(text)
        if rid in hits:
            out.append(f"{label} finds it ({len(hits)}{' > max' if len(hits) > max_results else ''})")
    return "; ".join(out) or "no person search finds it (spelling)"


def _notice_miss(debtor: Debtor, rid: str, seen: Seen, register: dict[str, Any],
                 notices: Notices, max_results: int) -> tuple[str, str]:
    how = _names_debtor(debtor, rid, notices)
    if how == "cin":
        right = debtor.portfolio_cin and identifier_token(debtor.portfolio_cin) == debtor.cin_token()
        return "notice_by_cin", ("portfolio CIN right" if right else "portfolio CIN missing or wrong")
    if how in ("name", "spelling"):
        return f"notice_by_{how}", _would_find(debtor, rid, notices, max_results)
    words = notices.tokens.get(rid, set())
    # the debtor's own companies first, by RC number or by name (a notice may print no RC, or
    # its court in Arabic); any company printing that RC at that court otherwise
    companies = [register[c] for c in debtor.companies if c in register and (
        str(register[c].get("rc_number") or "").lstrip("0") in words
        or any(set(query_tokens(n)) <= words for n in
               [register[c].get("denomination"), *(register[c].get("old_names") or [])] if n))]
    companies = companies or [c for c in register.values()
                              if str(c.get("rc_number") or "").lstrip("0") in words
                              and set(query_tokens(c.get("rc_tribunal"))) <= words]
    linked = [c["record_id"] for c in companies
              if (seen.p("company_register", c["record_id"]) or 0.0) >= REPORTED]
    if linked or not companies:
        return "notice_of_company", ("company's register entry linked" if linked
                                     else "no register entry of the company")
    entry = companies[0]
    if seen.p("company_register", entry["record_id"]) is not None:
        return "notice_of_company", "company's register entry fetched, not linked"
    kind, _detail = _register_miss(debtor, entry, seen, notices, max_results)
    return "notice_of_company", f"company not linked: {kind}"


def misses(world: Path, run: Path, truth_path: Path, max_results: int) -> dict[str, Any]:
    register = {r["record_id"]: r for r in read_jsonl(world / "sources" / "company_register.jsonl")}
    notices = Notices.load(world / "sources" / "legal_notices.jsonl")
    notices.listings = [r for r in read_jsonl(world / "sources" / "phone_directory.jsonl")
                        if r.get("kind") == "business"]
    profiles = {p["debtor_id"]: p for p in read_jsonl(run / "profiles.jsonl")}
    rows = []
    totals: Counter[str] = Counter()
    for truth in read_jsonl(truth_path):
        profile = profiles.get(truth["debtor_id"])
        if profile is None or truth.get("kind") != "person":
            continue
        debtor, seen = Debtor.of(truth, profile), Seen.of(profile)
        for source, record_id, role in _stakes(truth):
            totals[f"{source}:{role}"] += 1
            p = seen.p(source, record_id)
            if p is not None and p >= REPORTED:
                totals[f"{source}:{role}:found"] += 1
                continue
            kind, detail = classify(debtor, source, record_id, seen, register, notices, max_results)
            rows.append({"debtor_id": debtor.debtor_id, "source": source, "record_id": record_id,
                         "role": role, "class": kind, "detail": detail})
    return {"world": str(world), "run": str(run), "totals": dict(sorted(totals.items())),
            "classes": _classes(rows), "misses": rows}


def _stakes(truth: dict[str, Any]) -> Iterable[tuple[str, str, str]]:
    for source in ("company_register", "legal_notices"):
        for link in (truth.get("links") or {}).get(source, []):
            if link.get("debtor_role") in ROLES:
                yield source, link["record_id"], link["debtor_role"]


def _label(row: dict[str, Any]) -> str:
    """A miss's class as the table prints it (a notice of the company: with its company's)."""
    sub = row["detail"] if row["class"] == "notice_of_company" else ""
    return f"{row['source']} {row['class']} {sub}".strip()


def _classes(rows: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        out[_label(row)][row["role"]] += 1
    return {k: dict(v) for k, v in sorted(out.items(), key=lambda kv: -sum(kv[1].values()))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("world", type=Path)
    parser.add_argument("run", type=Path)
    parser.add_argument("--truth", type=Path)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--max-results", type=int, default=50)
    parser.add_argument("--list", type=int, default=0, help="print up to N misses of each class")
    args = parser.parse_args()
    result = misses(args.world, args.run, args.truth or args.world / "first1k_truth.jsonl",
                    args.max_results)
    totals = result["totals"]
    for source in ("company_register", "legal_notices"):
        for role in ROLES:
            n = totals.get(f"{source}:{role}", 0)
            print(f"{source} {role}: {totals.get(f'{source}:{role}:found', 0)} of {n} reported")
    print(f"{'class':<96} manager partner")
    for kind, roles in result["classes"].items():
        print(f"{kind:<96} {roles.get('manager', 0):>7} {roles.get('partner', 0):>7}")
        if args.list:
            shown = [r for r in result["misses"] if _label(r) == kind]
            for row in shown[:args.list]:
                print(f"    {row['debtor_id']} {row['record_id']} {row['role']}: {row['detail']}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
