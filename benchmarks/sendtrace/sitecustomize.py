"""Client send times for the rate benchmarks (issue 21), recorded beside the sandbox's arrivals.

Not part of the product: ``benchmarks/scale_out.py --record-sends`` puts this folder first on
the enrich job's PYTHONPATH, so Python imports it at start-up in the job and in every worker
process it spawns (they inherit the environment), and names a folder in $SKIPTRACE_SENDTRACE_DIR.
Each process then appends one JSON line per HTTP request to ``DIR/sends-PID.jsonl``:

- ``source``: the URL's first path segment (what the sandbox counts the arrival under);
- ``send``: time.monotonic() just before requests sends it (CLOCK_MONOTONIC is the machine's,
  the same clock the sandbox stamps arrivals with);
- ``slot``: when the token bucket said this thread's request may go (the moment the last slot
  taken on this thread was handed out, plus the wait it named), and ``woke``: when the thread
  came back from sleeping for it; ``bucket``: that bucket's identity in this process;
- ``given_up``: the slots that bucket had given up so far, their callers back too late for
  them (TokenBucket.late_slots, decision 0021);
- ``after_acquire``: how many requests this thread has sent since its last acquire (2 or more:
  a request sent outside the bucket, a redirect or a retry that skipped it).

Lines are written at once (a SIGKILLed worker keeps what it sent). Times only, never a URL's
query or a header: nothing about a debtor is written.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import json
import os
import sys
import threading
import time

_DIR = os.environ.get("SKIPTRACE_SENDTRACE_DIR")


def _install(folder: str) -> None:
    """Patch requests now and the token bucket once skiptrace imports it: not here, where
    ``sys.path`` does not yet hold the job's working directory, which would import the
    installed checkout's skiptrace instead of the one the job runs (a worktree)."""
    import requests

    class _OnImport(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):  # type: ignore[no-untyped-def]
            if name != "skiptrace.connectors.ratelimit":
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(name)
            if spec is None or spec.loader is None:
                return spec
            run = spec.loader.exec_module

            def exec_module(module):  # type: ignore[no-untyped-def]
                run(module)
                _patch(module, requests, folder)

            spec.loader.exec_module = exec_module  # type: ignore[method-assign]
            return spec

    sys.meta_path.insert(0, _OnImport())


def _patch(ratelimit, requests, folder: str) -> None:  # type: ignore[no-untyped-def]
    local = threading.local()
    lock = threading.Lock()
    out = open(os.path.join(folder, f"sends-{os.getpid()}.jsonl"), "a", encoding="utf-8",  # noqa: SIM115
               buffering=1)

    # where a slot is taken: _slot since decision 0021 (acquire may take several), else reserve
    taker = "_slot" if hasattr(ratelimit.TokenBucket, "_slot") else "reserve"
    take, acquire, send = (getattr(ratelimit.TokenBucket, taker), ratelimit.TokenBucket.acquire,
                           requests.Session.send)

    def traced_take(self, deadline=None):  # type: ignore[no-untyped-def]
        taken = take(self, deadline)
        local.slot = time.monotonic() + (taken[1] if isinstance(taken, tuple) else taken)
        local.bucket = f"{os.getpid()}:{id(self):x}:{self.rate:g}/{self.burst}"
        return taken

    def traced_acquire(self, deadline=None):  # type: ignore[no-untyped-def]
        waited = acquire(self, deadline)
        local.woke = time.monotonic()
        local.sent = 0
        local.given_up = getattr(self, "late_slots", 0)
        return waited

    def traced_send(self, request, **kwargs):  # type: ignore[no-untyped-def]
        path = request.path_url.split("?", 1)[0].strip("/").split("/")
        local.sent = getattr(local, "sent", 0) + 1
        line = json.dumps({"source": path[0] if path else "", "send": time.monotonic(),
                           "slot": getattr(local, "slot", None), "woke": getattr(local, "woke", None),
                           "bucket": getattr(local, "bucket", None), "pid": os.getpid(),
                           "tid": threading.get_ident(), "after_acquire": local.sent,
                           "given_up": getattr(local, "given_up", 0)})
        with lock:
            out.write(line + "\n")
        return send(self, request, **kwargs)

    setattr(ratelimit.TokenBucket, taker, traced_take)
    ratelimit.TokenBucket.acquire = traced_acquire  # type: ignore[method-assign]
    requests.Session.send = traced_send  # type: ignore[method-assign]


if _DIR:
    _install(_DIR)
