"""External services some tests need (PostgreSQL, Redis): where to find them, and what to do
when they are absent.

`make test` on a developer's machine needs no server: a test that needs one skips with a single
line naming what is missing and how to provide it. CI starts the services itself
(`.ci/services/*.sh`, run by `.ci/run`), exports their URLs and sets
``SKIPTRACE_REQUIRE_SERVICES=1``, under which a missing service fails the test instead, so a
CI run can never pass by skipping them (issue 21).
"""

from __future__ import annotations

import os

import pytest

REQUIRE = "SKIPTRACE_REQUIRE_SERVICES"


def service_url(env: str, what: str) -> str:
    """The URL in ``env``; else skip (or, under ``SKIPTRACE_REQUIRE_SERVICES=1``, fail) saying
    what is missing."""
    url = os.environ.get(env, "").strip()
    if url:
        return url
    message = f"{what} not available: set {env} (CI starts it with .ci/services/)"
    if os.environ.get(REQUIRE) == "1":
        pytest.fail(message)
    pytest.skip(message)
