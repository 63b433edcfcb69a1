"""What each spawned worker process runs in the multi-process tests: one source's client made
from the config text (so the shared limits come from [limits], as in a real worker), started
with the others at a barrier, one request at a time."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any

from skiptrace.config import parse_config
from skiptrace.connectors.http import HttpClient
from skiptrace.errors import SourceError, SourceUnavailable


def ask(config_text: str, source: str, count: int, start: Any, results: Any) -> None:
    """``count`` geocoder searches; puts the list of outcomes (ok / open / failed) on
    ``results``."""
    cfg = parse_config(config_text, env={}).source(source)
    client = HttpClient(concurrency=1).source(cfg)
    start.wait(60)
    outcomes = []
    for n in range(count):
        with client.call():
            try:
                client.get_json(f"{cfg.base_url}/search", params={"q": f"Rabat {n}",
                                                                  "format": "jsonv2"})
                outcomes.append("ok")
            except SourceUnavailable:
                outcomes.append("open")
            except SourceError:
                outcomes.append("failed")
    results.put(outcomes)


def run_together(target: Callable[..., None], args: tuple[Any, ...], processes: int,
                 timeout: float = 120.0) -> list[Any]:
    """Spawn ``processes`` processes running ``target(*args, start, results)``: each waits at
    ``start`` (a barrier, so they begin together) and puts one report on ``results``; the
    reports, once every process has ended well."""
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(processes), ctx.Queue()
    procs = [ctx.Process(target=target, args=(*args, start, results)) for _ in range(processes)]
    for proc in procs:
        proc.start()
    reports = [results.get(timeout=timeout) for _ in procs]
    for proc in procs:
        proc.join(30)
        assert proc.exitcode == 0, f"a worker process ended with {proc.exitcode}"
    return reports
