"""Monitoring end to end over real HTTP on 127.0.0.1 (issue 20).

A sandbox world is enriched and watched; the world is changed by a change set (a new title, a
seizure, a move, a closure and a successor); a first pass meets a failing land registry and
reports nothing; the next complete pass reports exactly the change set's events, through the
feed (GET /v1/changes, page by page), `skiptrace changes` and a signed webhook on loopback.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from skiptrace.cli import cli
from skiptrace.monitor.diff import CONTACT_TYPES
from skiptrace.monitor.webhooks import HEADER, verify
from skiptrace.sandbox import SandboxServer
from skiptrace.sandbox.serving import SANDBOX_ENV
from skiptrace.service.settings import ServiceSettings
from skiptrace.store import Store, tenancy, watch
from tests.monitor.receiver import Receiver, receiver
from tests.service.conftest import start, stop

pytestmark = pytest.mark.integration
AS_OF = "2026-11-27T09:00:00+00:00"
FIRST_PASS = "2027-01-10T09:00:00+00:00"  # due: watched on the day of the test
SECOND_PASS = "2027-01-12T09:00:00+00:00"  # a deferred debtor is due again after a day
WHO = ["--operator", "tester", "--purpose", "monitoring test"]


def _cli(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.stdout


@dataclass
class Story:
    run: Path
    key: dict[str, Any]
    faulty: dict[str, Any]
    clean: dict[str, Any]
    hook: Receiver
    secret: str
    outcomes_after_fault: set[str]
    events_after_fault: int


@pytest.fixture(scope="module")
def story(sandbox_world: Path, tmp_path_factory: pytest.TempPathFactory,
          ) -> Iterator[Story]:
    run = tmp_path_factory.mktemp("monitor")
    db = str(run / "store.db")
    summary = json.loads(_cli("enrich", str(sandbox_world / "portfolio.csv"), "--sandbox",
                              str(sandbox_world), "--db", db, "--out", str(run / "p.jsonl"),
                              "--as-of", AS_OF, "--json", "--quiet", *WHO))
    _cli("sandbox", "change", "--world", str(sandbox_world), "--out", str(run / "later"))
    key = json.loads((run / "later" / "changes.json").read_text())
    with receiver() as hook:
        made = json.loads(_cli("webhooks", "add", hook.url, "--allow-private", "--db", db,
                               "--json", *WHO))
        _cli("watch", "add", "--job", summary["job_id"], "--db", db, *WHO)
        # the land registry fails this time: every profile is partial, nothing is compared
        with (SandboxServer(run / "later", faults=["land_registry:status500=1.0"]) as server,
              pytest.MonkeyPatch.context() as patch):
            patch.setenv(SANDBOX_ENV, server.url)
            faulty = json.loads(_cli("monitor", "--db", db, "--now", FIRST_PASS,
                                     "--as-of", AS_OF, "--json", *WHO, code=3))
        with Store.open(db) as store:
            outcomes = {e.last_outcome for e in watch.entries(store.db.conn)}
            events = store.db.conn.execute("SELECT count(*) FROM change_events").fetchone()[0]
        clean = json.loads(_cli("monitor", "--db", db, "--sandbox", str(run / "later"),
                                "--now", SECOND_PASS, "--as-of", AS_OF, "--json", *WHO))
        yield Story(run, key, faulty, clean, hook, made["secret"], outcomes, events)


def _expected(key: dict[str, Any]) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    must = {(c["debtor_id"], t) for c in key["changes"] for t in c["expected"]}
    may = {(c["debtor_id"], t) for c in key["changes"] for t in c["may_also"]}
    return must, may


def _check(events: list[dict[str, Any]], key: dict[str, Any]) -> None:
    """Every expected event, nothing about any other debtor, nothing but the allowed extras."""
    must, may = _expected(key)
    got = {(e["debtor_id"], e["type"]) for e in events}
    assert must <= got, (must, got)
    assert got - must <= may, got - must
    assert len(events) == len({e["id"] for e in events})


def test_a_failed_source_reports_nothing(story: Story) -> None:
    assert story.faulty["selected"] == 60
    assert story.faulty["outcomes"] == {"deferred": 60}
    assert story.faulty["events_total"] == 0 and story.events_after_fault == 0
    assert story.outcomes_after_fault == {"deferred"}


def test_the_next_complete_pass_reports_the_change_set(story: Story) -> None:
    assert story.clean["outcomes"] == {"compared": 60}
    assert story.clean["selected"] == 60 and story.clean["due"] == 60
    events = [json.loads(line) for line in _cli(
        "changes", "--since", "2027-01-01", "--db", str(story.run / "store.db"),
        *WHO).splitlines()]
    _check(events, story.key)
    by_type = {e["type"]: e for e in events}
    changes = {c["change"]: c for c in story.key["changes"]}
    assert by_type["asset_new"]["evidence"]["record"]["record_id"] in (
        changes["new_title"]["records"])
    assert by_type["title_charge_new"]["evidence"]["charge"] == "seizure"
    assert by_type["title_charge_new"]["evidence"]["record"]["record_id"] in (
        changes["seizure"]["records"])
    status = by_type["company_status_changed"]["evidence"]
    assert (status["before"], status["after"], status["debtor"]) == ("active", "radiée", True)
    assert by_type["successor_new"]["evidence"]["record_id"] == changes["successor"]["records"][0]
    assert story.clean["deliveries"] == {"delivered": len(events), "failed": 0, "retrying": 0,
                                         "postponed": 0}


def test_the_feed_pages_through_the_same_events(story: Story) -> None:
    db = story.run / "store.db"
    with Store.open(db) as store, store.atomic():
        _key, token = tenancy.create_key(store.db.conn, "crm", "case_system", "default")
        _key, inv = tenancy.create_key(store.db.conn, "inv", "investigator", "default")
        _key, other = tenancy.create_key(store.db.conn, "crm", "case_system", "elsewhere")
    server, thread, url = start(ServiceSettings(db=db, warm=False, run_batches=False,
                                                rate=1000.0, burst=1000))
    try:
        headers = {"X-Operator": "crm", "X-Purpose": "suivi 2027"}

        def pages(bearer: str) -> list[dict[str, Any]]:
            events: list[dict[str, Any]] = []
            cursor = None
            with httpx.Client(base_url=url, timeout=30,
                              headers={**headers, "Authorization": f"Bearer {bearer}"}) as http:
                for _ in range(20):
                    params = {"since": "2027-01-01T00:00:00+00:00", "limit": 2}
                    answer = http.get("/v1/changes", params={**params, **(
                        {"cursor": cursor} if cursor else {})})
                    assert answer.status_code == 200, answer.text
                    page = answer.json()
                    events += page["events"]
                    cursor = page["next_cursor"]
                    if not page["has_more"]:
                        return events
            raise AssertionError("the feed never ended")

        events = pages(token)
        _check(events, story.key)
        assert [e["id"] for e in events] == sorted(e["id"] for e in events)
        contacts = [e for e in events if e["type"] in CONTACT_TYPES]
        assert contacts and pages(inv) == contacts  # the investigator: contacts only
        assert pages(other) == []  # another agency sees none of them
        with httpx.Client(base_url=url, timeout=30) as http:
            bad = http.get("/v1/changes", params={"cursor": "not-ours"},
                           headers={**headers, "Authorization": f"Bearer {token}"})
        assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_request"
    finally:
        stop(server, thread)


def test_the_webhook_received_each_event_signed(story: Story) -> None:
    events = [json.loads(line) for line in _cli(
        "changes", "--db", str(story.run / "store.db"), *WHO).splitlines()]
    assert story.hook.wait_for(len(events))
    bodies = []
    for got in story.hook.received:
        assert got.path == "/hook"
        assert verify(story.secret, got.headers[HEADER], got.body, time.time())
        assert not verify("whsec_other", got.headers[HEADER], got.body, time.time())
        assert not verify(story.secret, got.headers[HEADER], got.body + b" ", time.time())
        bodies.append(json.loads(got.body)["event"])
    assert sorted(bodies, key=lambda e: e["id"]) == events
