"""benchmarks/locality_order.py: what it counts as the same profile in both orders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .scripts import benchmark_script, write_jsonl


def test_profiles_compare_what_was_found_not_when_or_by_which_job(tmp_path: Path) -> None:
    bench = benchmark_script("locality_order")
    link: dict[str, Any] = {"source": "land_registry", "probability": 0.97,
                            "retrieved_at": "2026-11-27T09:00:01+00:00"}
    found: dict[str, Any] = {"debtor_id": "D1", "links": [link]}
    write_jsonl(tmp_path / "a.jsonl", [{**found, "generated_at": "T1", "job_id": "job-a"}])
    write_jsonl(tmp_path / "b.jsonl", [{**found, "generated_at": "T2", "job_id": "job-b",
                                        "links": [{**link, "retrieved_at": "2026-11-27T09:07"}]}])
    write_jsonl(tmp_path / "c.jsonl", [{**found, "links": [{"source": "land_registry",
                                                            "probability": 0.5}]}])
    a, b, c = (bench.profiles(tmp_path / f"{n}.jsonl") for n in "abc")
    assert a == b
    assert a["D1"] != c["D1"]
