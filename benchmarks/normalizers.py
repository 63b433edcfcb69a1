"""Normalizer throughput: items per second, cold (caches cleared) and warm (cached), per job.

The scorer calls matching's normalizers per candidate pair, so their cost bounds the scorer's.
Inputs are generated from the reference tables (name variant groups, Arabic spellings, legal
forms, cities) with Moroccan-style noise: order swaps, particles glued or apart, honorifics,
Arabic script, dotted legal forms, phone formats, identifiers with separators. Each job runs
``--runs`` times; the table shows medians. Cold runs clear every lru_cache first (the worst
case: each string seen once); warm runs repeat the same inputs (a portfolio's debtors are
compared with many candidates).

    .venv/bin/python benchmarks/normalizers.py             # 20 000 items, 5 runs
    .venv/bin/python benchmarks/normalizers.py --items 2000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from matching import (
    addresses,
    cities,
    companies,
    name_compare,
    name_lexicon,
    names,
    phones,
    text,
)
from matching.identifiers import cin, ice, plate, rc
from matching.refdata import load

RESULTS = Path(__file__).resolve().parent / "results" / "normalizers.json"
SURNAMES = ["Alaoui", "El Alaoui", "Benjelloun", "Ben Jelloun", "Ait Ouahmane", "Bennani",
            "Chraibi", "Ouazzani", "Wazzani", "Tazi", "Berrada", "El Idrissi", "Idrissi",
            "Lahlou", "Fassi Fihri", "Essaadi", "El Fassi", "Kettani", "العلوي", "بنجلون"]
STREETS = ["Rue {n}", "Bd Zerktouni", "Av. Mohammed V", "Rue Ibn Tachfine", "Derb Sultan",
           "Boulevard Anfa", "زنقة {n}"]


def _given(rng: random.Random) -> str:
    groups = load("given_names")["groups"]
    return rng.choice(rng.choice([g for g in groups.values() if g]))


def person(rng: random.Random) -> str:
    surname, given = rng.choice(SURNAMES), _given(rng)
    if rng.random() < 0.1:
        given = f"{rng.choice(['Moulay', 'Sidi', 'Lalla', 'Hajj'])} {given}"
    return f"{surname.upper()} {given}" if rng.random() < 0.5 else f"{given} {surname}"


def company(rng: random.Random) -> str:
    core = " ".join(rng.sample(["Atlas", "Nour", "Souss", "Rif", "Agri", "BTP", "B.T.P",
                                "Trading", "Logistique", "Immo"], 2))
    form = rng.choice(["SARL", "SARL AU", "S.A.R.L", "SARLAU", "SA", "S.A.", ""])
    prefix = rng.choice(["Ste ", "Sté ", "Ets ", "Société ", ""])
    return f"{prefix}{core} {form}".strip()


def address(rng: random.Random) -> str:
    city = rng.choice(list(load("cities")["cities"]))
    street = rng.choice(STREETS).format(n=rng.randint(1, 90))
    return f"N° {rng.randint(1, 200)}, {street}, Hay Al Amal, {city} {rng.choice(['', '20000'])}"


def phone(rng: random.Random) -> str:
    digits = f"6{rng.randrange(10**8):08d}"
    return rng.choice([f"0{digits}", f"+212 {digits}", f"00212{digits}",
                       f"0{digits[:1]} {digits[1:3]} {digits[3:5]} {digits[5:7]} {digits[7:]}"])


def identifier(rng: random.Random) -> str:
    first13 = f"{rng.randrange(1, 10**9):09d}0000"
    return rng.choice([first13 + ice.calc_check_digits(first13), f"BK {rng.randrange(10**6)}",
                       f"RC {rng.randrange(10**6)} Casablanca", f"{rng.randrange(10**5)} | A | 6"])


def clear_caches() -> None:
    """Empty every lru_cache on the normalizers' hot path."""
    for fn in (text.fold, text.skeleton, text.transliterate_arabic, names.parse_person_name,
               names.compare_person_names, names.person_name_keys, names.canonical_given,
               name_lexicon.given_key, name_lexicon.strip_article, name_compare.token_relation,
               companies.parse_company_name,
               companies.compare_company_names, companies.company_name_keys,
               addresses.compare_addresses, addresses.normalize_address, cities.normalize_city,
               phones.phone_info):
        fn.cache_clear()


def jobs(rng: random.Random, n: int) -> dict[str, tuple[Callable[..., object], list[tuple[str, ...]]]]:
    people = [(person(rng), person(rng)) for _ in range(n)]
    firms = [(company(rng), company(rng)) for _ in range(n)]
    places = [(address(rng), address(rng)) for _ in range(n)]
    pool = [person(rng) for _ in range(max(n // 10, 1))]
    pooled = [(rng.choice(pool), rng.choice(pool)) for _ in range(n)]
    return {
        "skeleton": (text.skeleton, [(a,) for a, _ in people]),
        "parse_person_name": (names.parse_person_name, [(a,) for a, _ in people]),
        "person_name_keys": (names.person_name_keys, [(a,) for a, _ in people]),
        "compare_person_names": (names.compare_person_names, people),
        "compare_person_names_pool": (names.compare_person_names, pooled),
        "compare_company_names": (companies.compare_company_names, firms),
        "compare_addresses": (addresses.compare_addresses, places),
        "normalize_phone": (phones.normalize_phone, [(phone(rng),) for _ in range(n)]),
        "identifiers": (lambda v: (ice.normalize(v), cin.normalize(v), rc.normalize(v),
                                   plate.normalize(v)), [(identifier(rng),) for _ in range(n)]),
    }


def timed(fn: Callable[..., object], items: list[tuple[str, ...]]) -> float:
    start = time.perf_counter()
    for args in items:
        fn(*args)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows = []
    for job, (fn, items) in jobs(random.Random(4), args.items).items():
        cold, warm = [], []
        for _ in range(args.runs):
            clear_caches()
            cold.append(timed(fn, items))
            warm.append(timed(fn, items))
        rows.append({"job": job, "items": len(items), "cold_seconds": statistics.median(cold),
                     "cold_per_second": len(items) / statistics.median(cold),
                     "warm_per_second": len(items) / statistics.median(warm), "runs": args.runs})
    print(f"{'job':<24}{'items':>8}{'cold s':>10}{'cold /s':>12}{'warm /s':>12}")
    for r in rows:
        print(f"{r['job']:<24}{r['items']:>8}{r['cold_seconds']:>10.3f}"
              f"{r['cold_per_second']:>12,.0f}{r['warm_per_second']:>12,.0f}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
