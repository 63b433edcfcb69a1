"""Where a debtor's candidate parties come from on local data, and how many are new (issue 17).

    python benchmarks/candidate_counts.py PREPARED WORLD N OUT.json [--order locality] [--kind K]

Enriches the first N debtors of WORLD on PREPARED's store (as benchmarks/cpu_profile.py does:
one worker's enricher, one thread, the batch's locality order) and counts, per source and per
search (its key and the level the store's name search settled on), the records each search
returned, the records new to the debtor, and the candidate parties those records name (a title
with three co-owners is three). It also counts the normalisations (``Features.of``) and how
many distinct descriptions they were over the whole run: when nearly every description is seen
once, no cache can save the work, and only fewer or cheaper candidates can.

Run it with ``PYTHONPATH=TREE`` for another checkout's code, on a copy of the store.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _instrument(tally: dict[str, Counter[str]], seen_descriptions: set[int]) -> None:
    """Wrap the local connector's searches and the normalisation with counters."""
    import matching.description as description
    from skiptrace.connectors import local
    from skiptrace.linking.parties import record_parties

    features = description._features

    def counted_features(d: Any) -> Any:
        tally["normalisation"]["Features.of calls"] += 1
        seen_descriptions.add(hash(d))
        return features(d)

    description._features = counted_features  # type: ignore[assignment]

    def fetch(self: Any, query: Any) -> Iterator[Any]:
        budget = self.cfg.max_searches if self.cfg.max_searches > 0 else local.LOCAL_BUDGET
        seen: set[str] = set()
        for search in local.plan_local(self.stored_as, query, budget):
            entry = self.searched(search.report())
            found = self.store.find_records(self.stored_as, limit=self.limit,
                                            **local.store_terms(search, query.city))
            if local.report_outcome(entry, found):
                more = bool(getattr(found, "more", False))
                self.too_broad(entry, entry["results"] - more, more)
            level = getattr(found, "narrowed", "") or "-"
            row = f"{self.stored_as} | {search.key} | {level}"
            tally["searches"][row] += 1
            tally["records"][row] += len(found)
            for record in found:
                if record.key in seen:
                    continue
                seen.add(record.key)
                tally["new records"][row] += 1
                parties = [p for p in record_parties(record)
                           if p.kind == query.kind or p.role == "listing"]
                tally["candidate parties"][row] += len(parties)
                yield record

    local.LocalStoreConnector.fetch = fetch  # type: ignore[method-assign]


def run(prepared: Path, world: Path, n: int, out: Path, order: str, kind: str | None) -> None:
    sys.path.insert(0, str(HERE))
    from worker_runtime import first_debtors, use_prepared, worker_enricher

    use_prepared(prepared)
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    seen_descriptions: set[int] = set()
    _instrument(tally, seen_descriptions)
    debtors = first_debtors(world, n, order, kind)
    with worker_enricher(prepared, 1) as enricher:
        for debtor in debtors:
            enricher.enrich(debtor, None)
    per_debtor = {what: {row: round(count / len(debtors), 2) for row, count in sorted(rows.items())}
                  for what, rows in tally.items()}
    result = {"debtors": len(debtors), "per_debtor": per_debtor,
              "distinct_descriptions": len(seen_descriptions),
              "normalisations": tally["normalisation"]["Features.of calls"]}
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    _print(result)


def _print(result: dict[str, Any]) -> None:
    rows = result["per_debtor"].get("searches", {})
    print(f"{result['debtors']} debtors; a debtor:")
    print("| source | search | level | searches | records | new records | candidate parties |")
    print("|---|---|---|---|---|---|---|")
    for row in sorted(rows):
        cells = [result["per_debtor"][what].get(row, 0)
                 for what in ("searches", "records", "new records", "candidate parties")]
        print(f"| {row} | " + " | ".join(str(c) for c in cells) + " |")
    print(f"normalisations: {result['normalisations']} over "
          f"{result['distinct_descriptions']} distinct descriptions")


def main() -> None:
    sys.path.insert(0, str(HERE))
    from worker_runtime import worker_arguments

    parser = worker_arguments(__doc__)
    parser.add_argument("--order", choices=("locality", "portfolio"), default="locality")
    args = parser.parse_args()
    run(args.prepared, args.world, args.n, args.out, args.order, args.kind)


if __name__ == "__main__":
    main()
