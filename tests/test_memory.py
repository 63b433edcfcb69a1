"""The malloc arena cap (skiptrace/memory.py): applied on glibc, and it really caps the arenas
that threads allocating at once would otherwise each get."""

from __future__ import annotations

import subprocess
import sys

import pytest

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
