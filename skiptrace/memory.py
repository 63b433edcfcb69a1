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

The cyclic garbage collector is this module's other half (decision 0061): with CPython's
default thresholds it ran 3,689 times in one live batch of 1,000 debtors of a 10^5 world, for
18.5 s of the batch process's 64 s of CPU (9.7 s of them full collections, each walking every
object of a heap that holds the model, the term frequencies and the caches), and 4-6 s in each
crawl child. ``tune_collector`` makes collections rarer; the reference counts still free every
object that is not in a cycle at once.
"""

from __future__ import annotations

import ctypes
import gc
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


COLLECTOR_ENV = "SKIPTRACE_GC_THRESHOLDS"
#: the collector's thresholds: container objects allocated (net) before a young collection,
#: young collections before a middle one, middle ones before a full one. CPython's are
#: (700, 10, 10); decision 0061 has the measurements behind these
COLLECTOR_THRESHOLDS = (50_000, 20, 20)
#: a crawl child's: its garbage is cycles of Scrapy's requests, responses and parsed pages
#: (lxml trees), held until a young collection frees them; at 50,000 the notices child's peak
#: RSS doubled at 10^5 (154 -> 324 MB), at 5,000 it stays near CPython's (169 MB) and its
#: collections take half the time (decision 0061)
CRAWL_COLLECTOR_THRESHOLDS = (5_000, 10, 10)


def tune_collector(thresholds: tuple[int, int, int] = COLLECTOR_THRESHOLDS) -> tuple[int, ...]:
    """Set this process's garbage-collector thresholds: ``thresholds``, or the operator's
    ``SKIPTRACE_GC_THRESHOLDS`` ("700,10,10" gives CPython's back). Returns what is in force.

    Raises ValueError, naming the variable, when the operator's value is not three positive
    integers: a typo must not silently leave a process on thresholds nobody chose."""
    configured = os.environ.get(COLLECTOR_ENV, "").strip()
    if configured:
        thresholds = _thresholds(configured)
    gc.set_threshold(*thresholds)
    return gc.get_threshold()


def _thresholds(text: str) -> tuple[int, int, int]:
    parts = [p.strip() for p in text.split(",")]
    try:
        values = tuple(int(p) for p in parts)
    except ValueError:
        values = ()
    if len(values) != 3 or min(values) < 1:
        raise ValueError(f"{COLLECTOR_ENV} must be three positive integers such as "
                         f"'700,10,10', not {text!r}")
    return values[0], values[1], values[2]
