"""Monitoring in the service (issue 20): the watch list routes, who may use them, and the
scheduled passes (on, and off by default in tests and with --no-monitor)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from skiptrace.model import Debtor
from skiptrace.store import tenancy, watch

from .conftest import Served


def _own(served: Served, debtor_id: str, agency: str) -> None:
    with served.store() as store, store.atomic():
        tenancy.claim(store.db.conn, [debtor_id], tenancy.agency_id(store.db.conn, agency) or 0)
        store.upsert_debtors([Debtor(debtor_id, "person", "EL ALAOUI Mohamed",
                                     city="Casablanca")])


def test_the_watch_list_routes_and_their_rights(served: Served) -> None:
    _own(served, "MON-A1", "alpha")
    _own(served, "MON-B1", "beta")
    with served.client("case_system") as http:
        added = http.post("/v1/watch", json={"debtor_ids": ["MON-A1"], "schedule": "weekly"})
        assert added.status_code == 200, added.text
        assert added.json() == {"added": 1, "updated": 0, "every_days": 7}
        assert http.post("/v1/watch", json={"debtor_ids": ["MON-B1"]}).status_code == 404
        assert http.post("/v1/watch", json={"debtor_ids": ["NOPE"]}).status_code == 404
        bad = http.post("/v1/watch", json={"debtor_ids": ["MON-A1"], "schedule": "sometimes"})
        assert bad.status_code == 422 and bad.json()["error"]["fields"] == ["body.schedule"]
        listed = http.get("/v1/watch").json()
        assert [(e["debtor_id"], e["every_days"]) for e in listed] == [("MON-A1", 7)]
    with served.client("case_system", "beta") as http:
        assert http.get("/v1/watch").json() == []
        assert http.delete("/v1/watch/MON-A1").status_code == 404
    with served.client("investigator") as http:
        assert http.get("/v1/watch").status_code == 403
        assert http.get("/v1/changes").status_code == 200  # its own feed, contacts only
    with served.client("admin") as http:
        assert http.delete("/v1/watch/MON-A1").status_code == 204
        assert http.get("/v1/watch").json() == []
    assert served.service.monitor is None  # no scheduled pass unless asked for


def test_the_service_runs_passes_on_its_own_schedule(serve_module: Callable[..., Served]
                                                     ) -> None:
    served = serve_module(monitor_every=0.2, warm=False)
    loop = served.service.monitor
    assert loop is not None
    _own(served, "MON-S1", "alpha")
    with served.client("supervisor") as http:
        assert http.post("/v1/watch", json={"debtor_ids": ["MON-S1"]}).status_code == 200
    # the tick in progress may have read the list before the entry: two more end after it
    assert loop.wait_passes(loop.passes + 2, timeout=120)
    assert loop.failures == 0
    with served.store() as store:
        entry = watch.get(store.db.conn, tenancy.agency_id(store.db.conn, "alpha") or 0,
                          "MON-S1")
        assert entry is not None and entry.last_run is not None
        assert entry.last_outcome in ("first", "deferred")
        assert store.get_profile("MON-S1") is not None  # enriched by the scheduled pass
        monitors = [e for e in store.audit_entries() if e["action"] == "monitor"]
        assert monitors and monitors[0]["operator"]


def test_serve_schedules_passes_unless_told_not_to(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """`skiptrace serve` runs a pass every 15 minutes by default, every N with
    --monitor-every N, none with --no-monitor (the settings it starts the service with)."""
    from click.testing import CliRunner

    from skiptrace.cli import cli
    from skiptrace.service import server

    started = []
    monkeypatch.setattr(server, "serve", lambda settings, **_kw: started.append(settings))
    for args, every in (([], 900.0), (["--monitor-every", "2"], 120.0),
                        (["--no-monitor"], None)):
        result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "s.db"), *args])
        assert result.exit_code == 0, result.output
        assert started.pop().monitor_every == every
