"""One batch worker's enricher over a prepared local store, and the debtors it is given: how the
benchmarks that measure a worker (worker_memory.py, features_reuse.py) build it, the way a
spawned batch worker builds it (pipeline/workerproc.py).

PREPARED is a folder that benchmarks/enrich.py's ``prepare_local`` filled (``store.db`` with the
registries' extracts imported and the company register harvested, ``local.toml``). skiptrace is
imported only once SKIPTRACE_CONFIG names that folder's configuration.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

AS_OF = datetime(2026, 11, 27, 9, tzinfo=UTC)


def use_prepared(prepared: Path) -> None:
    """Point skiptrace at PREPARED's configuration, as a benchmark operator with a purpose."""
    os.environ.setdefault("SKIPTRACE_OPERATOR", "bench")
    os.environ.setdefault("SKIPTRACE_PURPOSE", "benchmark")
    os.environ["SKIPTRACE_CONFIG"] = str(prepared / "local.toml")


def worker_arguments(doc: str) -> argparse.ArgumentParser:
    """The arguments of a benchmark that runs one worker's enricher over the first N debtors of
    a world on a prepared store: PREPARED WORLD N OUT, and ``--kind`` (the locality order puts
    a portfolio's companies first, so the first N may be of one kind only)."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("prepared", type=Path)
    parser.add_argument("world", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--kind", choices=("person", "company"), default=None,
                        help="only debtors of this kind (the locality order puts companies first)")
    return parser


def first_debtors(world: Path, n: int, order: str, kind: str | None = None) -> list[Any]:
    """The first ``n`` accepted debtors of WORLD's portfolio (of ``kind`` only, when given),
    read no further, in the order a batch of them takes: ``locality`` (pipeline/locality.py,
    the batch's default) or ``portfolio``."""
    from skiptrace.intake.reader import Accepted, read_portfolio
    from skiptrace.pipeline.locality import in_locality_order

    debtors: list[Any] = []
    for entry in read_portfolio(world / "portfolio.csv"):
        if len(debtors) >= n:
            break
        if isinstance(entry, Accepted) and kind in (None, entry.debtor.kind):
            debtors.append(entry.debtor)
    return list(in_locality_order(debtors)) if order == "locality" else debtors


@contextmanager
def worker_enricher(prepared: Path, threads: int) -> Iterator[Any]:
    """A worker's enricher on PREPARED's store at the benchmarks' fixed clock (use_prepared
    first), closed on the way out."""
    from skiptrace.model import set_clock
    from skiptrace.pipeline.workerproc import WorkerSpec, _open_enricher

    set_clock(AS_OF)
    spec = WorkerSpec(db=prepared / "store.db", config=prepared / "local.toml", clock=AS_OF,
                      as_of=AS_OF, threads=threads)
    with ExitStack() as stack:
        yield _open_enricher(spec, stack)
