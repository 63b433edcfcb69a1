"""benchmarks/pivot_table.py: the classes of the missed manager and partner links, a column per
run, every class any run has, the largest first (issue 13's note)."""

from __future__ import annotations

from .scripts import benchmark_script


def test_the_miss_classes_of_every_run_side_by_side() -> None:
    table = benchmark_script("pivot_table").classes_table({
        "before": {"missed_by_class": {"company_register no_naming_notice:no route":
                                       {"manager": 5, "partner": 10},
                                       "legal_notices scored_low": {"partner": 2}}},
        "after": {"missed_by_class": {"company_register no_naming_notice:no route":
                                      {"manager": 5, "partner": 9}}},
        "no misses file": {},
    })
    lines = table.splitlines()
    assert lines[0] == "| class (source, why) | before | after | no misses file |"
    assert lines[2] == "| company_register no_naming_notice:no route | 5 / 10 | 5 / 9 | – |"
    assert lines[3] == "| legal_notices scored_low | 0 / 2 | 0 / 0 | – |"
    assert len(lines) == 4
