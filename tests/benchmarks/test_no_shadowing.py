"""No benchmark script is named like one of our packages: run as a script, its folder comes first
on sys.path and the script would shadow the package for every benchmark beside it."""

from __future__ import annotations

from .scripts import ROOT

PACKAGES = ("skiptrace", "matching", "spiders")


def test_no_benchmark_is_named_like_a_package() -> None:
    names = {p.stem for p in (ROOT / "benchmarks").iterdir() if p.suffix == ".py" or p.is_dir()}
    assert not names & set(PACKAGES)
    assert {"worker_memory", "web_crawl"} <= names  # the folder was read
