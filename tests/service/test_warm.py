"""The warm crawl: one crawl child serves every lookup of the service, and a dead one is
replaced for the next lookup."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

from skiptrace.connectors.web import WEB_SOURCES
from tests.service.conftest import Served

PEOPLE = [{"name": "EL IDRISSI Omar", "cin": "G068390", "city": "Kénitra"},
          {"name": "ENNACIRI Btissam Nadia", "cin": "CC114986", "city": "Fès"},
          {"name": "EL ALAOUI Mohamed", "cin": "BK100001", "city": "Casablanca"}]


def crawl_children() -> set[int]:
    """This process's children running ``spiders.crawl``."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == os.getpid() and b"spiders.crawl" in cmdline:
            found.add(int(entry.name))
    return found


def web_states(profile: dict[str, Any]) -> set[str]:
    return {s["status"] for s in profile["sources"] if s["source"] in WEB_SOURCES}


def test_one_crawl_child_serves_every_lookup_and_a_dead_one_is_replaced(
        serve_module: Callable[..., Served]) -> None:
    before = crawl_children()
    served = serve_module(run_batches=False)
    crawl = served.service.warm.crawl
    with served.client("supervisor") as client:
        first = [client.post("/v1/lookups", json=p).json() for p in PEOPLE[:2]]
        children = crawl_children() - before
        assert len(children) == 1  # both lookups on the one warm child
        assert all(web_states(p) <= {"ok", "too_broad"} for p in first)
        os.kill(children.pop(), signal.SIGKILL)
        assert crawl._hub.wait_ended(30)  # the bridge saw it die
        again = client.post("/v1/lookups", json=PEOPLE[2])
    assert again.status_code == 200
    assert web_states(again.json()) <= {"ok", "too_broad"}  # answered by a new child
    assert crawl.starts == 2 and len(crawl_children() - before) == 1
