"""Our retry loop against urllib3's ``Retry`` mounted in a requests ``HTTPAdapter``, on the
sandbox's fault injection (docs/decisions/0013).

Each scenario runs twice against a fresh sandbox server on 127.0.0.1 with the same fault on
the geocoder: once through ``SourceClient.get_json`` (our loop), once through the same source
client's breaker and token bucket around one ``session.get`` on a session whose adapter
retries with ``Retry`` (what a swap would leave: backoff, jitter, Retry-After and the status
list configured from the source's settings). The server counts the requests it receives and
when; the client measures its wall time and what it reports.

    .venv/bin/python benchmarks/retries.py      # writes benchmarks/results/retries.{json,md}
"""

from __future__ import annotations

import argparse
import json
import platform
import socket
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from skiptrace.config import SourceConfig
from skiptrace.connectors.http import SourceClient
from skiptrace.errors import SourceError, SourceUnavailable
from skiptrace.sandbox import SandboxServer, generate_world

RESULTS = Path(__file__).resolve().parent / "results" / "retries.json"
TABLE = RESULTS.with_suffix(".md")
SOURCE = "geocoder"
PARAMS = {"q": "casablanca"}
BASE = SourceConfig(name=SOURCE, timeout=5.0, connect_timeout=0.5, read_timeout=1.0, retries=2,
                    backoff=0.05, backoff_max=0.2, breaker_failures=3, breaker_cooldown=30.0,
                    rate_limit=1000.0, burst=100)


class Urllib3Client:
    """The swap: the source's breaker and bucket kept, its retries handed to urllib3."""

    def __init__(self, cfg: SourceConfig) -> None:
        self.cfg = cfg
        ours = SourceClient(cfg, requests.Session())
        self.breaker, self.bucket = ours.breaker, ours.bucket
        self.session = requests.Session()
        retry = Retry(total=cfg.retries, backoff_factor=cfg.backoff, backoff_max=cfg.backoff_max,
                      backoff_jitter=cfg.backoff, status_forcelist=(429, 500, 502, 503, 504),
                      respect_retry_after_header=True, raise_on_status=False, redirect=0)
        self.session.mount("http://", HTTPAdapter(max_retries=retry))

    def get_json(self, url: str) -> Any:
        deadline = time.monotonic() + self.cfg.timeout
        self.breaker.before_call()
        self.bucket.acquire(deadline)
        try:
            resp = self.session.get(url, params=PARAMS, allow_redirects=False,
                                    timeout=(self.cfg.connect_timeout, self.cfg.read_timeout))
        except requests.RequestException as exc:
            self.breaker.record_failure()
            raise SourceError(f"{SOURCE}: {type(exc).__name__}") from exc
        if resp.status_code >= 500 or resp.status_code == 429:
            self.breaker.record_failure()
            raise SourceError(f"{SOURCE}: HTTP {resp.status_code} (retries spent)")
        self.breaker.record_success()
        return resp.json()


class OursClient:
    def __init__(self, cfg: SourceConfig) -> None:
        self.client = SourceClient(cfg, requests.Session())
        self.breaker = self.client.breaker

    def get_json(self, url: str) -> Any:
        with self.client.call():
            return self.client.get_json(url, params=PARAMS)


@dataclass
class Scenario:
    name: str
    fault: tuple[str, float | None] | None  # mode, value on the geocoder
    cfg: dict[str, Any]
    calls: int = 1
    dead_host: bool = False


SCENARIOS = [
    Scenario("500 on every request", ("status500", 1.0), {}),
    Scenario("500 on every other request", ("status500", 0.5), {}),
    Scenario("429 with Retry-After: 1", ("ratelimit", 1), {}),
    Scenario("429 with Retry-After: 0.3 (as tests/connectors)", ("ratelimit", 0.3), {}),
    Scenario("429 with Retry-After: 5, budget 1 s", ("ratelimit", 5), {"timeout": 1.0}),
    Scenario("hang 10 s, read timeout 0.25 s, budget 0.6 s", ("hang", 10),
             {"timeout": 0.6, "read_timeout": 0.25}),
    Scenario("down: connection closed unanswered", ("down", None), {}),
    Scenario("dead host: nothing listening", None, {}, dead_host=True),
    Scenario("breaker (3 failures) over 5 calls, source down", ("down", None), {}, calls=5),
    Scenario("rate 2/s over 4 calls, 500 on every other request", ("status500", 0.5),
             {"rate_limit": 2.0, "burst": 1}, calls=4),
]
IMPLS: dict[str, Callable[[SourceConfig], Any]] = {"ours": OursClient, "urllib3": Urllib3Client}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(world: Path, scenario: Scenario, impl: str) -> dict[str, Any]:
    arrivals: list[float] = []
    with SandboxServer(world) as server:
        base = f"http://127.0.0.1:{free_port()}" if scenario.dead_host else server.url
        cfg = replace(BASE, base_url=f"{base}/{SOURCE}", **scenario.cfg)
        client = IMPLS[impl](cfg)
        if scenario.fault:
            server.set_fault(SOURCE, *scenario.fault)
        decide = server.faults.decide

        def counted(source: str) -> Any:
            arrivals.append(time.monotonic())
            return decide(source)
        server.faults.decide = counted  # type: ignore[method-assign]
        outcomes = []
        started = time.monotonic()
        for _ in range(scenario.calls):
            try:
                client.get_json(f"{base}/{SOURCE}/search")
                outcomes.append("ok")
            except SourceUnavailable:
                outcomes.append("breaker open")
            except SourceError as exc:
                outcomes.append(f"failed: {str(exc).removeprefix(SOURCE + ': ')[:70]}")
            except Exception as exc:  # what escapes the client is part of the comparison
                outcomes.append(f"raised {type(exc).__name__}")
        elapsed = time.monotonic() - started
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:], strict=False)]
    return {"scenario": scenario.name, "impl": impl, "outcomes": outcomes,
            "requests": len(arrivals), "seconds": round(elapsed, 3),
            "min_gap": round(min(gaps), 3) if gaps else None,
            "budget": cfg.timeout}


def table(rows: list[dict[str, Any]]) -> str:
    """One line a scenario: what each client reported, requests the server saw, seconds."""
    lines = [
        f"# Retries: ours against urllib3 Retry (urllib3 {urllib3.__version__}, "
        f"requests {requests.__version__})", "",
        "Made by benchmarks/retries.py on 127.0.0.1 (the sandbox's fault injection, geocoder); "
        "requests = what the server received; gap = shortest time between two of them.", "",
        "| scenario | budget s | ours | requests | s | gap s | urllib3 Retry | requests | s "
        "| gap s |", "|---|---|---|---|---|---|---|---|---|---|"]
    by_scenario: dict[str, dict[str, dict[str, Any]]] = {}
    for row in rows:
        by_scenario.setdefault(row["scenario"], {})[row["impl"]] = row
    for name, pair in by_scenario.items():
        cells = [name, f"{pair['ours']['budget']:g}"]
        for impl in IMPLS:
            r = pair[impl]
            said = "; ".join(f"{n}× {o}" for o, n in Counter(r["outcomes"]).items())
            gap = "" if r["min_gap"] is None else f"{r['min_gap']:.3f}"
            cells += [said, str(r["requests"]), f"{r['seconds']:.3f}", gap]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        world = generate_world(7, 20, Path(tmp) / "world")
        for impl in IMPLS:  # warm-up, not counted: first connections, lazy imports
            run(world, SCENARIOS[1], impl)
        for scenario in SCENARIOS:
            for impl in IMPLS:
                row = run(world, scenario, impl)
                rows.append(row)
                print(json.dumps(row, ensure_ascii=False))
    args.out.with_suffix(".md").write_text(table(rows), encoding="utf-8")
    args.out.write_text(json.dumps({
        "python": platform.python_version(), "urllib3": urllib3.__version__,
        "requests": requests.__version__, "rows": rows}, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
