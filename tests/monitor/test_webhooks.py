"""Webhook delivery (skiptrace/monitor/webhooks.py): where it may go, the signature, retries with
backoff and the delivery log, against a receiver on 127.0.0.1."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from skiptrace.cli import cli
from skiptrace.monitor import webhooks
from skiptrace.monitor.webhooks import HEADER, MAX_ATTEMPTS, WebhookError, check_url, sign, verify
from skiptrace.store import Store, changes
from skiptrace.store import webhooks as hooks
from tests.monitor.receiver import receiver

NOW = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/x", "file:///etc/passwd", "http:///x",
                                 "http://user:pw@127.0.0.1/x", "http://127.0.0.1/x#frag",
                                 "javascript:alert(1)", "http://" + "a" * 2001])
def test_only_http_urls_with_a_host_and_nothing_else(url: str) -> None:
    with pytest.raises(WebhookError):
        check_url(url, allow_private=True)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/hook", "http://localhost/x",
                                 "http://10.1.2.3/x", "http://169.254.169.254/latest/meta-data",
                                 "http://[::1]/x", "http://192.168.0.1/x", "http://0.0.0.0/x"])
def test_private_and_loopback_targets_need_the_admins_leave(url: str) -> None:
    """SSRF: the metadata service, the loopback, the LAN are refused unless --allow-private
    (resolving these literals sends nothing on the network)."""
    with pytest.raises(WebhookError, match="allow-private"):
        check_url(url, allow_private=False)
    assert check_url(url, allow_private=True) == url


def test_the_signature_is_hmac_sha256_over_time_dot_body() -> None:
    body = b'{"event":{"id":1}}'
    header = sign("whsec_k", 1_800_000_000, body)
    expected = hmac.new(b"whsec_k", b"1800000000." + body, hashlib.sha256).hexdigest()
    assert header == f"t=1800000000,v1={expected}"
    assert verify("whsec_k", header, body, now=1_800_000_100)
    assert not verify("whsec_k", header, body, now=1_800_000_000 + 301)  # a replay, too late
    assert not verify("whsec_k", header.replace("t=1800000000", "t=1800000001"), body,
                      now=1_800_000_000)
    assert not verify("whsec_k", "v1=" + expected, body, now=1_800_000_000)


def _store_with_event(tmp_path: Path, url: str) -> tuple[Store, str]:
    store = Store.open(tmp_path / "store.db")
    with store.atomic():
        secret = webhooks.new_secret()
        hooks.add(store.db.conn, 1, url, secret, True, NOW)
        ids = changes.add(store.db.conn, 1, "D1", "run-1", NOW.isoformat(), [
            {"type": "phone_new", "key": "phone:+212600000001",
             "evidence": {"value": "+212 6 00 00 00 01"}}])
        assert hooks.queue(store.db.conn, 1, "D1", ids, NOW) == 1
    return store, secret


def test_a_failed_delivery_is_retried_with_backoff_and_logged(tmp_path: Path) -> None:
    with receiver() as hook:
        hook.statuses = [500, 503]
        store, secret = _store_with_event(tmp_path, hook.url)
        with store:
            first = webhooks.deliver_due(store, NOW)
            assert first.to_dict() == {"delivered": 0, "retrying": 1, "failed": 0,
                                        "postponed": 0}
            # not due again before its backoff (1 minute after the first failure)
            assert webhooks.deliver_due(store, NOW + timedelta(seconds=59)).retrying == 0
            assert webhooks.deliver_due(store, NOW + timedelta(minutes=1)).retrying == 1
            # the second failure waits 2 minutes
            assert webhooks.deliver_due(store, NOW + timedelta(minutes=2)).delivered == 0
            done = webhooks.deliver_due(store, NOW + timedelta(minutes=3))
            assert done.delivered == 1
            [entry] = hooks.log(store.db.conn)
            assert (entry["state"], entry["attempts"], entry["last_status"]) == ("delivered", 3,
                                                                                 200)
            assert len(hook.received) == 3
            bodies = {got.body for got in hook.received}
            assert len(bodies) == 1  # the same body each time, re-signed
            for got in hook.received:
                assert verify(secret, got.headers[HEADER], got.body, time.time())
            assert json.loads(hook.received[0].body)["event"]["type"] == "phone_new"


def test_a_delivery_gives_up_after_its_attempts(tmp_path: Path) -> None:
    with receiver() as hook:
        hook.statuses = [500] * MAX_ATTEMPTS
        store, _secret = _store_with_event(tmp_path, hook.url)
        with store:
            at = NOW
            for _ in range(MAX_ATTEMPTS):
                result = webhooks.deliver_due(store, at)
                at += timedelta(days=1)
            assert result.failed == 1
            assert webhooks.deliver_due(store, at).to_dict() == {
                "delivered": 0, "retrying": 0, "failed": 0, "postponed": 0}
            [entry] = hooks.log(store.db.conn)
            assert (entry["state"], entry["attempts"], entry["last_error"]) == (
                "failed", MAX_ATTEMPTS, "HTTP 500")


def test_a_redirect_is_not_followed(tmp_path: Path) -> None:
    with receiver() as hook:
        hook.statuses = [302]
        store, _secret = _store_with_event(tmp_path, hook.url)
        with store:
            assert webhooks.deliver_due(store, NOW).retrying == 1
            assert len(hook.received) == 1


def test_the_cli_registers_admin_urls_only_and_shows_the_secret_once(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    runner = CliRunner()
    refused = runner.invoke(cli, ["webhooks", "add", "http://127.0.0.1:9/x", "--db", db])
    assert refused.exit_code == 1 and "allow-private" in refused.output
    made = runner.invoke(cli, ["webhooks", "add", "http://127.0.0.1:9/x", "--allow-private",
                               "--db", db, "--json", "--operator", "admin", "--purpose", "setup"])
    assert made.exit_code == 0, made.output
    secret = json.loads(made.stdout)["secret"]
    listed = runner.invoke(cli, ["webhooks", "list", "--db", db, "--json"])
    assert secret not in listed.output and json.loads(listed.stdout)[0]["url"].endswith("/x")
    removed = runner.invoke(cli, ["webhooks", "remove", "1", "--db", db])
    assert removed.exit_code == 0
    again = runner.invoke(cli, ["webhooks", "remove", "1", "--db", db])
    assert again.exit_code == 1
    with Store.open(db) as store:
        actions = [e["action"] for e in store.audit_entries()]
    assert actions == ["webhook_add", "webhook_remove", "webhook_remove"]


def test_a_failing_receiver_is_tried_once_a_run(tmp_path: Path) -> None:
    """Three events for a receiver that fails: one attempt this run, the others postponed (a
    receiver that hangs costs one timeout per run, not one per event)."""
    with receiver() as hook:
        hook.statuses = [500]
        store, _secret = _store_with_event(tmp_path, hook.url)
        with store:
            with store.atomic():
                ids = changes.add(store.db.conn, 1, "D2", "run-1", NOW.isoformat(), [
                    {"type": "segment_changed", "key": "segment", "evidence": {}},
                    {"type": "phone_lost", "key": "phone:x", "evidence": {}}])
                hooks.queue(store.db.conn, 1, "D2", ids, NOW)
            first = webhooks.deliver_due(store, NOW)
            assert (first.retrying, first.postponed, len(hook.received)) == (1, 2, 1)
            second = webhooks.deliver_due(store, NOW + timedelta(minutes=1))
            assert (second.delivered, len(hook.received)) == (3, 4)
