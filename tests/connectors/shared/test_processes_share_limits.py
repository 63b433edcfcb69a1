"""Three spawned worker processes, one source, one Redis, the sandbox over real HTTP: the
source's requests as the sandbox saw them arrive never exceed its configured rate (with its
burst), and a breaker one process opens is open for another."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests

from skiptrace.config import LimitsConfig, parse_config
from skiptrace.connectors.http import HttpClient
from skiptrace.errors import SourceUnavailable
from skiptrace.sandbox.arrivals import most_in_window
from skiptrace.sandbox.server import SandboxServer

from .processes import ask, run_together

RATE, BURST, PROCESSES, EACH = 20.0, 2, 3, 15


def config_text(sandbox: SandboxServer, limits: LimitsConfig) -> str:
    return f"""
[skiptrace]
sandbox = true
[limits]
redis = "{limits.redis}"
prefix = "{limits.prefix}"
[sources.geocoder]
kind = "api"
base_url = "{sandbox.url}/geocoder"
rate_limit = {RATE}
burst = {BURST}
timeout = 60.0
retries = 0
breaker_failures = 3
breaker_cooldown = 60.0
"""


def run_workers(text: str, processes: int, each: int) -> list[list[str]]:
    """Spawn ``processes`` workers that start together; their outcomes."""
    return run_together(ask, (text, "geocoder", each), processes)


def test_three_processes_together_keep_to_the_sources_rate(
        fresh_sandbox: Callable[..., SandboxServer], limits: LimitsConfig) -> None:
    server = fresh_sandbox(record_arrivals=True)
    outcomes = run_workers(config_text(server, limits), PROCESSES, EACH)
    assert outcomes == [["ok"] * EACH] * PROCESSES
    arrivals = server.arrivals("geocoder")
    assert len(arrivals) == PROCESSES * EACH
    # The bucket admits at most BURST + RATE x W requests in any W seconds of sending. At the
    # sandbox a request sent before a window may arrive in it; each process has one request in
    # flight at most, so arrivals add PROCESSES at most. Without the shared bucket the three
    # would send at 3 x RATE: 45 requests in ~0.65 s, 28 in the 0.5 s window.
    span = arrivals[-1] - arrivals[0]
    for width in (0.1, 0.25, 0.5, 1.0, span):
        assert most_in_window(arrivals, width) <= BURST + RATE * width + PROCESSES, width
    assert span >= (PROCESSES * EACH - BURST - PROCESSES) / RATE
    report = requests.get(f"{server.url}/_admin/arrivals", params={"window": "0.5"},
                          timeout=10).json()["arrivals"]["geocoder"]  # as an operator reads it
    assert (report["requests"], report["most_in_window"]) == (45, most_in_window(arrivals, 0.5))


def test_a_breaker_one_process_opened_is_open_for_another(
        fresh_sandbox: Callable[..., SandboxServer], limits: LimitsConfig) -> None:
    server = fresh_sandbox(record_arrivals=True)
    server.set_fault("geocoder", "status500", 1.0)
    text = config_text(server, limits)
    [outcomes] = run_workers(text, 1, 4)
    assert outcomes == ["failed", "failed", "failed", "open"]  # 3 failures open it
    assert len(server.arrivals("geocoder")) == 3
    cfg = parse_config(text, env={}).source("geocoder")
    client = HttpClient(concurrency=1).source(cfg)  # this test's process: another worker
    assert client.breaker.state == "open"
    with client.call(), pytest.raises(SourceUnavailable, match="circuit open after 3"):
        client.get_json(f"{cfg.base_url}/search", params={"q": "Rabat"})
    assert len(server.arrivals("geocoder")) == 3  # it asked nothing of the failing source
