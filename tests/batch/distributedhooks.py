"""A hook that ends a Dask worker process once, and the CLI with it in its task stream.

``python -m tests.batch.distributedhooks VICTIM MARKER enrich ...`` runs ``skiptrace`` with
``exit_once`` before each debtor on the Dask workers: the first worker to reach the victim
creates ``MARKER`` and ends abruptly (what it held is rescheduled by Dask); the task's next run,
on another worker, finds the marker and goes on. Production code has no other way in.
"""

from __future__ import annotations

import functools
import os
import sys
from typing import Any

from skiptrace.model import Debtor

EXIT_CODE = 70


def exit_once(victim: str, marker: str, debtor: Debtor) -> None:
    """End this worker process on the victim, the first time only (``marker`` says it was)."""
    if debtor.debtor_id != victim:
        return
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        return
    os._exit(EXIT_CODE)


def main(argv: list[str]) -> None:
    from skiptrace.cli import main as cli_main
    from skiptrace.pipeline import distributed

    victim, marker, *args = argv
    before_each = functools.partial(exit_once, victim, marker)

    class HookedStream(distributed.TaskStream):
        def __init__(self, *a: Any, **kw: Any) -> None:
            super().__init__(*a, before_each=before_each, **kw)

    distributed.TaskStream = HookedStream  # type: ignore[misc]  # enrich_on_cluster's stream
    sys.argv = ["skiptrace", *args]
    cli_main()


if __name__ == "__main__":
    main(sys.argv[1:])
