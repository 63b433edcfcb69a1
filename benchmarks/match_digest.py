"""The same matches, the same profiles? A digest of what one tree's enrichment gives (issue 17).

    PYTHONPATH=TREE python benchmarks/match_digest.py PREPARED WORLD N OUT.lines [--kind K]

A change meant only to make enrichment cheaper must change nothing it produces. This enriches
the first N debtors of WORLD on PREPARED's store as one batch worker does (one thread, the
batch's locality order, at the benchmarks' fixed clock: benchmarks/worker_runtime.py) and
writes one line per match (debtor, record, party, probability to 12 digits, the explanation's
fields and levels), per source status, and per profile (its JSON, keys sorted, without the
time it was built), then prints the digest of all lines and the CPU a debtor. Two trees agree
when their digests do; ``diff`` the two OUT files to see where they do not.

Run each tree on its own copy of the store (a tree may migrate it).
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# profile fields that say when it was made, not what it found
_WHEN = ("generated_at", "built_at", "retrieved_at")


def _without_times(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_times(v) for k, v in value.items() if k not in _WHEN}
    if isinstance(value, list):
        return [_without_times(v) for v in value]
    return value


def _match_line(debtor_id: str, match: Any) -> str:
    party = match.party.index if match.party is not None else -1
    fields = ";".join(f"{f.field}={f.level}:{f.weight:.9f}:{f.left}:{f.right}:{f.sentence}"
                      for f in match.explanation)
    return f"{debtor_id}|{match.record.key}|{party}|{match.probability:.12f}|{fields}"


def run(prepared: Path, world: Path, n: int, out: Path, kind: str | None = None
        ) -> dict[str, Any]:
    sys.path.insert(0, str(HERE))
    from worker_runtime import first_debtors, use_prepared, worker_enricher

    use_prepared(prepared)
    debtors = first_debtors(world, n, "locality", kind)
    lines: list[str] = []
    started = time.process_time()
    with worker_enricher(prepared, 1) as enricher:
        for debtor in debtors:
            enriched = enricher.enrich(debtor, None)
            lines += sorted(_match_line(debtor.debtor_id, m) for m in enriched.matches)
            lines += [f"{debtor.debtor_id}|{s.source}|{s.status}" for s in enriched.statuses]
            profile = json.dumps(_without_times(enriched.profile), sort_keys=True,
                                 ensure_ascii=False, default=str)
            lines.append(f"{debtor.debtor_id}|profile|{profile}")
    cpu = time.process_time() - started
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    result = {"debtors": len(debtors), "lines": len(lines), "digest": digest,
              "cpu_ms_per_debtor": round(cpu * 1000 / max(1, len(debtors)), 2)}
    print(json.dumps(result))
    return result


def main() -> None:
    sys.path.insert(0, str(HERE))
    from worker_runtime import worker_arguments

    args = worker_arguments(__doc__).parse_args()
    run(args.prepared, args.world, args.n, args.out, args.kind)


if __name__ == "__main__":
    main()
