"""``--sandbox WORLD``: serve a world for the duration of a command.

The app layer (app.py, lookup/command.py) wraps a command in ``sandbox_for``; the pipeline below it
never starts a sandbox, it only reads ``SKIPTRACE_SANDBOX_URL`` through the sandbox config.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SANDBOX_ENV = "SKIPTRACE_SANDBOX_URL"


@contextmanager
def sandbox_for(world: Path | None) -> Iterator[str | None]:
    """Serve ``world`` on a free local port for the duration, exporting its URL in
    ``SKIPTRACE_SANDBOX_URL`` (restored on exit); no world, nothing served."""
    if world is None:
        yield None
        return
    # Lazy for start-up: a lookup without --sandbox does not load the server and its index.
    from skiptrace.sandbox.server import SandboxServer

    previous = os.environ.get(SANDBOX_ENV)
    with SandboxServer(world) as server:
        os.environ[SANDBOX_ENV] = server.url
        try:
            yield server.url
        finally:
            if previous is None:
                os.environ.pop(SANDBOX_ENV, None)
            else:
                os.environ[SANDBOX_ENV] = previous
