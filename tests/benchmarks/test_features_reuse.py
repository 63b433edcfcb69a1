"""benchmarks/features_reuse.py: the LRU replay that sizes matching's normal-form cache."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from .scripts import benchmark_script


def test_an_lru_replay_counts_what_a_cache_of_that_size_misses() -> None:
    bench = benchmark_script("features_reuse")
    assert bench.lru_misses([1, 2, 1, 3, 1, 2], 2) == 4  # 1 2 | 1 hit | 3 evicts 2 | 1 hit | 2
    assert bench.lru_misses([1, 2, 1, 3, 1, 2], 3) == 3


@given(st.lists(st.integers(0, 20), max_size=200), st.integers(1, 30))
def test_a_larger_lru_never_misses_more_and_never_fewer_than_the_distinct(
        sequence: list[int], size: int) -> None:
    bench = benchmark_script("features_reuse")
    misses = bench.lru_misses(sequence, size)
    assert len(set(sequence)) <= misses <= len(sequence)
    assert bench.lru_misses(sequence, size + 1) <= misses
