"""The malloc arena cap (skiptrace/memory.py): applied on glibc, and it really caps the arenas
that threads allocating at once would otherwise each get."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skiptrace import memory

# Eight threads allocate at once; glibc's malloc_stats() then lists one "Arena N:" per arena.
PROBE = """
import ctypes, sys, threading
from skiptrace.memory import limit_malloc_arenas
applied = limit_malloc_arenas() if sys.argv[1] == "cap" else False
libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = (ctypes.c_void_p,)
start = threading.Barrier(8)
def work():
    start.wait()
    blocks = [libc.malloc(4096) for _ in range(2000)]
    for b in blocks:
        libc.free(b)
threads = [threading.Thread(target=work) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
print(applied, flush=True)
libc.malloc_stats()
"""


def arenas(mode: str) -> tuple[str, int]:
    env = {"PATH": "/usr/bin:/bin"}  # no MALLOC_ARENA_MAX from the developer's shell
    done = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True,
                          env=env, check=True, timeout=60)
    return done.stdout.strip(), done.stderr.count("Arena ")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator only")
def test_the_cap_keeps_eight_threads_to_two_arenas() -> None:
    applied, capped = arenas("cap")
    assert applied == "True" and 1 <= capped <= memory.ARENAS
    _, free = arenas("none")
    assert free > memory.ARENAS  # without it, threads allocating at once get arenas of their own


def test_the_operators_setting_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(memory.ENV, "4")
    assert memory.limit_malloc_arenas() is False


# --- the cyclic collector's thresholds (decision 0061) ------------------------------------------

@pytest.fixture
def restored_thresholds():  # noqa: ANN201 - a fixture
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


def test_the_collector_gets_the_chosen_thresholds(monkeypatch: pytest.MonkeyPatch,
                                                  restored_thresholds: None) -> None:
    monkeypatch.delenv(memory.COLLECTOR_ENV, raising=False)
    assert memory.tune_collector() == memory.COLLECTOR_THRESHOLDS == gc.get_threshold()


def test_the_operator_can_give_cpythons_thresholds_back(monkeypatch: pytest.MonkeyPatch,
                                                        restored_thresholds: None) -> None:
    monkeypatch.setenv(memory.COLLECTOR_ENV, " 700, 10 ,10 ")
    assert memory.tune_collector() == (700, 10, 10)


@given(st.text(max_size=20))
def test_the_operators_thresholds_are_three_positive_integers_or_a_clear_error(text: str) -> None:
    try:
        values = memory._thresholds(text)
    except ValueError as error:
        assert memory.COLLECTOR_ENV in str(error)
        return
    assert len(values) == 3 and all(v >= 1 for v in values)
    assert values == tuple(int(p) for p in text.split(","))


@pytest.mark.parametrize("bad", ["", "700", "700,10", "0,10,10", "a,b,c", "700,10,10,10"])
def test_a_malformed_setting_is_refused(monkeypatch: pytest.MonkeyPatch, bad: str,
                                        restored_thresholds: None) -> None:
    before = gc.get_threshold()
    monkeypatch.setenv(memory.COLLECTOR_ENV, bad or "  ,  ")
    with pytest.raises(ValueError, match=memory.COLLECTOR_ENV):
        memory.tune_collector()
    assert gc.get_threshold() == before


# Objects that only a cycle keeps alive, made one after the other; each counts itself freed.
CYCLES = """
import gc, sys
from skiptrace.memory import tune_collector
print(tune_collector(), flush=True)
freed = 0
class Node:
    def __init__(self):
        self.me = self
    def __del__(self):
        global freed
        freed += 1
made = 300_000
for _ in range(made):
    Node()
print(freed, made, flush=True)
"""


def test_cycles_are_still_freed_under_the_tuned_thresholds() -> None:
    """Rarer collections, not none: a process that makes garbage cycles all day gives them
    back as it goes, without anyone calling gc.collect()."""
    env = {"PATH": "/usr/bin:/bin"}  # no SKIPTRACE_GC_THRESHOLDS from the developer's shell
    done = subprocess.run([sys.executable, "-c", CYCLES], capture_output=True, text=True,
                          env=env, check=True, timeout=120)
    thresholds, counts = done.stdout.strip().splitlines()
    assert thresholds == str(memory.COLLECTOR_THRESHOLDS)
    freed, made = (int(x) for x in counts.split())
    # a young collection frees every cycle made since the last: at most the last young
    # generation's worth still waits
    assert made - freed <= memory.COLLECTOR_THRESHOLDS[0]


def test_a_crawl_child_frees_its_pages_sooner_than_the_batch(
        monkeypatch: pytest.MonkeyPatch, restored_thresholds: None) -> None:
    """A crawl child's garbage is cycles holding whole pages: its young collections come ten
    times as often as the batch process's (decision 0061)."""
    from spiders import crawl

    class Started(Exception):
        pass

    def stop(_argv: object) -> None:
        raise Started

    monkeypatch.delenv(memory.COLLECTOR_ENV, raising=False)
    monkeypatch.setattr(crawl, "parse_args", stop)
    with pytest.raises(Started):
        crawl.main([])
    assert gc.get_threshold() == memory.CRAWL_COLLECTOR_THRESHOLDS
    assert memory.CRAWL_COLLECTOR_THRESHOLDS[0] < memory.COLLECTOR_THRESHOLDS[0]


def test_the_cli_refuses_a_malformed_setting_in_one_clear_line() -> None:
    env = {"PATH": "/usr/bin:/bin", memory.COLLECTOR_ENV: "lots"}
    done = subprocess.run([sys.executable, "-m", "skiptrace", "--help"], capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode == 1
    assert memory.COLLECTOR_ENV in done.stderr and "Traceback" not in done.stderr
