"""Fewer malloc arenas: memory that a process of many threads gives back to itself.

glibc gives each thread that allocates while another holds the arena lock an arena of its own,
up to eight per core, and a block freed in one arena serves only that arena: a process whose
threads take turns on short-lived work keeps every arena's high-water mark. Our enrichment runs
several debtors at once on threads in every process (the batch's workers, the service, the
lookup), so its resident memory grew with the arenas, not with the work. Measured on a batch
worker enriching 2,000 debtors of a 10^4 world on local data: 431 MB with glibc's default and
341 MB with two arenas, in the same CPU time (115 s each; benchmarks/results/malloc_arenas.md).

Python's own allocator serves small objects from its own arenas; what goes to malloc is the
larger blocks (lists, dicts, strings over 512 bytes, SQLite's and the C extensions' buffers),
which is what the threads left behind.
"""

from __future__ import annotations

import ctypes
import os

ENV = "MALLOC_ARENA_MAX"
M_ARENA_MAX = -8  # glibc's malloc.h
ARENAS = 2


def limit_malloc_arenas(arenas: int = ARENAS) -> bool:
    """Cap this process's malloc arenas (glibc only), unless the operator set ``MALLOC_ARENA_MAX``
    (glibc read it when the process started, and it wins). True when the cap was applied.

    Called first thing in a process, before its threads allocate: arenas already made stay."""
    if os.environ.get(ENV):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc (macOS, musl): its allocator, its rules
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_ARENA_MAX, arenas))
