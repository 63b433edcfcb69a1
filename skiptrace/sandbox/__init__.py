"""The sandbox: a deterministic, local stand-in for every public source, with ground truth.

``generate_world(seed, debtors, out)`` writes a world; ``SandboxServer(world)`` serves it on
127.0.0.1 with the HTTP shapes of docs/sandbox-api.md and faults on demand;
``serving.sandbox_for(world)`` serves one for the duration of a command (``--sandbox WORLD``).

The two names load on first use (PEP 562), so that importing ``skiptrace.sandbox.serving``
(app.py and lookup/command.py do, on every command) does not load the generator and the server.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from skiptrace.sandbox.generate import generate_world
    from skiptrace.sandbox.server import SandboxServer

__all__ = ["SandboxServer", "generate_world"]


def __getattr__(name: str) -> Any:
    # Lazy for start-up (see the docstring), not to hide a cycle.
    if name == "generate_world":
        from skiptrace.sandbox.generate import generate_world

        return generate_world
    if name == "SandboxServer":
        from skiptrace.sandbox.server import SandboxServer

        return SandboxServer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
