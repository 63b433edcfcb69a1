"""Schedules, the rate budget of a pass, and the watch list's commands."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from skiptrace.cli import cli
from skiptrace.model import Debtor
from skiptrace.monitor.schedule import (
    UNKNOWN_COST,
    Budget,
    costs_from_profile,
    period_days,
    select,
)
from skiptrace.store import Store, watch

NOW = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("text", "days"), [("monthly", 30), ("Weekly", 7), ("daily", 1),
                                           ("quarterly", 91), ("14d", 14), ("3660d", 3660)])
def test_schedules(text: str, days: int) -> None:
    assert period_days(text) == days


@pytest.mark.parametrize("text", ["", "0d", "-3d", "3661d", "fortnightly", "14", "1.5d"])
def test_bad_schedules_say_what_is_accepted(text: str) -> None:
    with pytest.raises(ValueError, match="monthly"):
        period_days(text)


def test_a_pass_takes_the_due_debtors_its_rate_budget_allows() -> None:
    # over 100 s, half for monitoring: 50 land registry requests, 100 geocoder ones
    budget = Budget.of({"land_registry": 1.0, "geocoder": 2.0}, 100, 0.5)
    costs = {"a": {"land_registry": 20, "geocoder": 5}, "b": {"land_registry": 20},
             "c": {"land_registry": 20}, "d": {"geocoder": 96}, "e": {"land_registry": 5}}
    taken, left = select(list(costs), costs.__getitem__, budget)
    assert taken == ["a", "b", "e"] and left == ["c", "d"]
    assert budget.spent == {"land_registry": 45, "geocoder": 5}


def test_the_first_due_debtor_is_taken_whatever_it_costs() -> None:
    taken, left = select(["big", "small"], lambda _d: {"s": 1000}, Budget.of({"s": 1.0}, 1, 1))
    assert (taken, left) == (["big"], ["small"])
    taken, _left = select(list("abc"), lambda _d: {}, Budget.of({"s": 1.0}, 1, 1), limit=2)
    assert taken == ["a", "b"]


def test_a_debtors_cost_is_what_its_last_profile_took() -> None:
    profile = {"sources": [{"source": "land_registry", "requests": 3},
                           {"source": "geocoder", "requests": 0}, {"source": "x"}]}
    assert costs_from_profile(profile, ["land_registry", "geocoder", "company_register"]) == {
        "land_registry": 3, "geocoder": 0, "company_register": UNKNOWN_COST}
    assert costs_from_profile(None, ["geocoder"]) == {"geocoder": UNKNOWN_COST}


def test_due_entries_come_longest_overdue_first_and_move_on(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store, store.atomic():
        conn = store.db.conn
        watch.add(conn, 1, ["B"], 30, "op", NOW)
        watch.add(conn, 1, ["A"], 7, "op", NOW - timedelta(days=2))
        watch.add(conn, 1, ["C"], 30, "op", NOW + timedelta(days=1))
        assert [e.debtor_id for e in watch.due(conn, NOW)] == ["A", "B"]
        a, b = watch.due(conn, NOW)
        watch.ran(conn, a.id, "compared", NOW, a.every_days)
        watch.ran(conn, b.id, watch.DEFERRED, NOW, b.every_days)
        assert watch.get(conn, 1, "A").next_due == (NOW + timedelta(days=7)).isoformat()
        assert watch.get(conn, 1, "B").next_due == (NOW + timedelta(days=1)).isoformat()
        assert watch.due(conn, NOW + timedelta(days=1)) == [watch.get(conn, 1, "B"),
                                                             watch.get(conn, 1, "C")]


def _runner(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "--db", str(db)])
    return result.exit_code, result.output


def test_watch_commands(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    with Store.open(db) as store:
        store.upsert_debtors([Debtor("D1", "person", "A B"), Debtor("D2", "person", "C D")])
    code, out = _runner(db, "watch", "add", "D1", "D2", "--schedule", "weekly", "--json")
    assert code == 0 and json.loads(out) == {"added": 2, "updated": 0, "every_days": 7}
    code, out = _runner(db, "watch", "add", "D1", "--schedule", "14d", "--json")
    assert json.loads(out) == {"added": 0, "updated": 1, "every_days": 14}
    code, out = _runner(db, "watch", "add", "D1", "--schedule", "sometimes")
    assert code == 1 and "monthly" in out
    code, out = _runner(db, "watch", "add", "D9")
    assert code == 1 and "not stored for agency" in out
    code, out = _runner(db, "watch", "add", "D1", "--agency", "nowhere")
    assert code == 1 and "no agency" in out
    code, out = _runner(db, "watch", "add", "--job", "no-such-job")
    assert code == 1 and "no job" in out
    code, out = _runner(db, "watch", "list", "--json")
    assert [(e["debtor_id"], e["every_days"]) for e in json.loads(out)] == [("D1", 14),
                                                                            ("D2", 7)]
    code, out = _runner(db, "watch", "remove", "D2", "D9")
    assert code == 0
    code, out = _runner(db, "watch", "list", "--json")
    assert [e["debtor_id"] for e in json.loads(out)] == ["D1"]
    with Store.open(db) as store:
        actions = [e["action"] for e in store.audit_entries()]
    assert actions.count("watch_add") == 2 and actions.count("watch_remove") == 1


def test_changes_refuses_an_unreadable_since(tmp_path: Path) -> None:
    code, out = _runner(tmp_path / "s.db", "changes", "--since", "last tuesday")
    assert code == 1 and "ISO" in out
