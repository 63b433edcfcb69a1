"""The libraries of decisions 0012 and 0014 against the code they replaced or were weighed
against, on the same calls: cost per call, and what a breaker does to concurrent calls.

One job and one implementation a run, so that two runs can be timed as whole processes, A
against B in turn (docs/decisions/0014 quotes those medians); each run also prints its own
in-process figures as one JSON line (CPU microseconds a call, after a warm-up).

    .venv/bin/python benchmarks/libraries.py ice --impl stdnum          # as shipped (0012)
    .venv/bin/python benchmarks/libraries.py ice --impl arithmetic      # the check before 0012
    .venv/bin/python benchmarks/libraries.py bucket --impl pyrate       # as shipped (0014)
    .venv/bin/python benchmarks/libraries.py bucket --impl own          # the bucket before 0014
    .venv/bin/python benchmarks/libraries.py breaker --impl own         # as shipped
    .venv/bin/python benchmarks/libraries.py breaker --impl pybreaker   # pybreaker 1.4
    .venv/bin/python benchmarks/libraries.py breaker-threads --impl own|pybreaker

``breaker-threads``: 8 threads make 5 calls each of 20 ms (a request's time on loopback)
through one breaker; the wall time says whether the breaker lets them overlap.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import threading
import time
from collections.abc import Callable

import pybreaker
from stdnum import exceptions as stdnum_errors

from matching.identifiers import ice
from skiptrace.connectors.breaker import CircuitBreaker
from skiptrace.connectors.ratelimit import TokenBucket

Job = Callable[[], None]


class OwnBucket:
    """The token bucket before decision 0014, kept here as the baseline (float state)."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, burst
        self._lock = threading.Lock()
        self._tokens, self._stamp = float(burst), time.monotonic()

    def reserve(self, deadline: float | None = None) -> float:
        with self._lock:
            now = time.monotonic()
            self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now
            wait = 0.0 if self._tokens >= 1 else (1 - self._tokens) / self.rate
            if deadline is not None and now + wait > deadline:
                raise ValueError("past the time budget")
            self._tokens -= 1
            return wait


def ice_inputs(n: int) -> list[str]:
    """Valid ICEs with labels and spaces, exports without leading zeros, bad check digits."""
    rng = random.Random(12)
    out = []
    for _ in range(n):
        first13 = f"{rng.randrange(1, 10**9):09d}{rng.choice(['0000', '0001', '0002'])}"
        value = first13 + ice.calc_check_digits(first13)
        shape = rng.random()
        if shape < 0.4:
            out.append(f"ICE : {value[:3]} {value[3:9]} {value[9:]}")
        elif shape < 0.7:
            out.append(value.lstrip("0"))
        elif shape < 0.9:
            out.append(value[:-1] + str((int(value[-1]) + 1) % 10))
        else:
            out.append(value)
    return out


def arithmetic_check(number: str) -> str:
    """The check before 0012: the 15-digit number divisible by 97, stdnum's errors."""
    if int(number) % 97:
        raise stdnum_errors.InvalidChecksum()
    return number


def ice_job(impl: str, calls: int) -> Job:
    if impl == "arithmetic":
        ice.stdnum_ice.validate = arithmetic_check  # type: ignore[assignment]
    values = ice_inputs(calls)
    return lambda: [ice.normalize(v) for v in values] and None


def bucket_job(impl: str, calls: int) -> Job:
    # a rate no run reaches: every call is the bookkeeping of a granted token, never a wait
    bucket = TokenBucket(rate=1e6, burst=10**9) if impl == "pyrate" else OwnBucket(1e6, 10**9)
    deadline = math.inf

    def run() -> None:
        for _ in range(calls):
            bucket.reserve(deadline)
    return run


def breaker_job(impl: str, calls: int) -> Job:
    if impl == "pybreaker":
        theirs = pybreaker.CircuitBreaker(fail_max=5, reset_timeout=30)

        def call_theirs() -> None:
            for _ in range(calls):
                theirs.call(_nothing)
        return call_theirs
    ours = CircuitBreaker("bench", 5, 30.0)

    def call_ours() -> None:
        for _ in range(calls):
            ours.before_call()
            ours.record_success()
    return call_ours


def _nothing() -> None:
    return None


def breaker_threads_job(impl: str, calls: int) -> Job:
    """8 threads x ``calls`` requests of 20 ms each through one breaker."""
    def request() -> None:
        time.sleep(0.02)

    if impl == "pybreaker":
        theirs = pybreaker.CircuitBreaker(fail_max=5, reset_timeout=30)

        def one() -> None:
            for _ in range(calls):
                theirs.call(request)
    else:
        ours = CircuitBreaker("bench", 5, 30.0)

        def one() -> None:
            for _ in range(calls):
                ours.before_call()
                request()
                ours.record_success()

    def run() -> None:
        threads = [threading.Thread(target=one) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    return run


JOBS: dict[str, tuple[Callable[[str, int], Job], tuple[str, str], int]] = {
    "ice": (ice_job, ("stdnum", "arithmetic"), 200_000),
    "bucket": (bucket_job, ("pyrate", "own"), 500_000),
    "breaker": (breaker_job, ("own", "pybreaker"), 500_000),
    "breaker-threads": (breaker_threads_job, ("own", "pybreaker"), 5),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("job", choices=sorted(JOBS))
    parser.add_argument("--impl", required=True)
    parser.add_argument("--calls", type=int, help="calls a run (each job has its default)")
    args = parser.parse_args()
    make, impls, default_calls = JOBS[args.job]
    if args.impl not in impls:
        parser.error(f"--impl for {args.job}: one of {', '.join(impls)}")
    calls = args.calls or default_calls
    make(args.impl, min(calls, 1000))()  # warm-up: imports, caches, first allocations
    job = make(args.impl, calls)
    cpu, wall = time.process_time(), time.perf_counter()
    job()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    threads = args.job == "breaker-threads"
    print(json.dumps({
        "job": args.job, "impl": args.impl, "calls": calls * (8 if threads else 1),
        "cpu_seconds": round(cpu, 4), "wall_seconds": round(wall, 4),
        "cpu_us_per_call": round(cpu / calls * 1e6, 3) if not threads else None,
    }))


if __name__ == "__main__":
    main()
