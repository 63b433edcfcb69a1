"""A job's process tree from /proc, for benchmarks that measure or act on its workers.

Each *thread* lists the children it started (``/proc/PID/task/TID/children``): a pool or a
Dask nanny starts its workers from a thread of its own, so reading the main thread's list
alone misses them.
"""

from __future__ import annotations

from pathlib import Path


def descendants(pid: int) -> list[int]:
    """Every process under ``pid`` (not ``pid`` itself)."""
    out: list[int] = []
    try:
        threads = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return out
    for thread in threads:
        try:
            children = (thread / "children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            out += [child, *descendants(child)]
    return out


def rss_mb(pid: int) -> int:
    """Resident memory of ``pid`` in MB (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0
