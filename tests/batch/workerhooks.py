"""Hooks that make a real worker process crash, and the CLI with one of them in its workers.

The pool gives its ``before_each`` hook to every worker it spawns, by pickle: these functions
live in a module the spawned processes import, and take the victim through ``functools.partial``.

``python -m tests.batch.workerhooks crash|exit VICTIM enrich ...`` runs ``skiptrace`` with the
hook in every worker pool it starts: production code has no other way in (and reads no
test-only setting).
"""

from __future__ import annotations

import functools
import os
import sys
from typing import Any

from skiptrace.model import Debtor, mask
from skiptrace.pipeline.workerproc import DebtorHook

EXIT_CODE = 70


class InjectedCrash(RuntimeError):
    """What ``crash_on`` raises in the worker."""


def crash_on(victim: str, debtor: Debtor) -> None:
    """Enrichment raises for the victim (that debtor alone crashes)."""
    if debtor.debtor_id == victim:
        raise InjectedCrash(f"test crash hook for {mask(debtor.debtor_id)}")


def exit_on(victim: str, debtor: Debtor) -> None:
    """The worker process ends abruptly on the victim (what it holds crashes with it)."""
    if debtor.debtor_id == victim:
        os._exit(EXIT_CODE)


def hook(mode: str, victim: str) -> DebtorHook:
    return functools.partial({"crash": crash_on, "exit": exit_on}[mode], victim)


def main(argv: list[str]) -> None:
    from skiptrace.cli import main as cli_main
    from skiptrace.pipeline import workers

    mode, victim, *args = argv
    before_each = hook(mode, victim)

    class HookedPool(workers.WorkerPool):
        def __init__(self, *a: Any, **kw: Any) -> None:
            super().__init__(*a, before_each=before_each, **kw)

    workers.WorkerPool = HookedPool  # enrich_in_workers builds its pool from here
    sys.argv = ["skiptrace", *args]
    cli_main()  # click exits with the command's code


if __name__ == "__main__":
    main(sys.argv[1:])
