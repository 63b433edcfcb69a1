"""The sandbox: a deterministic, local stand-in for every public source, with ground truth.

``generate_world(seed, debtors, out)`` writes a world; ``SandboxServer(world)`` serves it on
127.0.0.1 with the HTTP shapes of docs/sandbox-api.md and faults on demand.
"""

from __future__ import annotations

from skiptrace.sandbox.generate import generate_world
from skiptrace.sandbox.server import SandboxServer  # noqa: E402

__all__ = ["SandboxServer", "generate_world"]
