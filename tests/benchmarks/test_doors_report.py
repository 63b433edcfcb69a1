"""benchmarks/doors_report.py: one row of the geocoder's door figures per run (issue 12)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

from .scripts import benchmark_script


def _module() -> ModuleType:
    return benchmark_script("doors_report")


def test_cpu_seconds_are_user_plus_system(tmp_path: Path) -> None:
    time_txt = tmp_path / "time.txt"
    time_txt.write_text("\tUser time (seconds): 44.07\n\tSystem time (seconds): 6.61\n"
                        "\tElapsed (wall clock) time (h:mm:ss or m:ss): 4:18.90\n", "utf-8")
    assert _module().cpu_seconds(time_txt) == 50.7


def _figures(linked: int) -> dict[str, Any]:
    return {"geocoder_strict": {"precision": 0.9758, "recall": 0.9408},
            "geocoder_by_door": {"precision": 0.9924, "recall": 0.9382, "false_positives": 8},
            "best_address_accuracy": 0.9299, "unfindable_debtors": 116,
            "unfindable_with_links": linked, "unfindable_with_links_share": linked / 116,
            "own_role": {"precision": 0.9944, "recall": 0.9352},
            "requests_per_debtor": 24.34, "geocoder_requests_per_debtor": 3.74,
            "cpu_seconds": 73.8}


def test_a_row_per_run_with_the_debtors_in_no_source_that_got_a_link() -> None:
    text = _module().table({"before": _figures(3), "after": _figures(0)})
    assert ("| before | 0.9758 / 0.9408 | 0.9924 / 0.9382 (8) | 0.9299 | 3 of 116 (2.59 %) | "
            "0.9944 / 0.9352 | 24.34 (3.74) | 73.8 |") in text
    assert "| after |" in text and "0 of 116 (0.00 %)" in text
