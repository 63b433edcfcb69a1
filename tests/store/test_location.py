"""A PostgreSQL store's URL and credentials (issue 21): the password never sits in the URL,
never shows in a message or a log, and never goes to a host it was not given for; ``--db``
takes the URL."""

from __future__ import annotations

import json
import logging
import os
import select
import socket
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from skiptrace.cli import cli
from skiptrace.errors import ConfigError
from skiptrace.store import Store
from skiptrace.store.location import is_postgres, masked, postgres_url, target

from .engines import postgres_schema

SECRET = "s3cret-Pa55"


def test_masked_hides_passwords_in_both_places() -> None:
    shown = masked(f"postgresql://amina:{SECRET}@db.example.ma:5432/skiptrace"
                   f"?sslmode=require&password={SECRET}")
    assert SECRET not in shown
    assert shown == ("postgresql://amina:***@db.example.ma:5432/skiptrace"
                     "?sslmode=require&password=***")


def test_a_url_survives_a_path() -> None:
    from pathlib import Path

    url = "postgresql://amina@127.0.0.1:5432/skiptrace?options=-csearch_path%3Dt_1"
    assert is_postgres(Path(url)) and postgres_url(Path(url)) == url
    assert not is_postgres(Path("/var/lib/skiptrace/postgresql.db"))


@pytest.mark.parametrize("url", [
    f"postgresql://amina:{SECRET}@127.0.0.1:5432/skiptrace",
    f"postgresql://amina@127.0.0.1:5432/skiptrace?password={SECRET}",
])
def test_a_password_in_the_url_is_refused_and_not_shown(url: str) -> None:
    with pytest.raises(ConfigError, match="carries a password") as caught:
        Store.open(url)
    assert SECRET not in str(caught.value)


@pytest.mark.parametrize("url", ["postgresql:///skiptrace",
                                 "postgresql://amina@a.example.ma,b.example.ma/skiptrace"])
def test_a_url_must_name_one_server(url: str) -> None:
    with pytest.raises(ConfigError, match="no server|several hosts"):
        target(url)


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A TCP server on 127.0.0.1 that nothing should ever connect to."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.setblocking(False)
    yield server
    server.close()


def test_pgpassword_never_goes_to_another_host(listener: socket.socket,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """PGPASSWORD is for PGHOST's server: a URL naming another host (here 'localhost', which
    reaches the listener) is refused before anything connects."""
    port = listener.getsockname()[1]
    monkeypatch.setenv("PGPASSWORD", SECRET)
    monkeypatch.setenv("PGHOST", "db.example.ma")
    with pytest.raises(ConfigError, match="PGPASSWORD") as caught:
        Store.open(f"postgresql://amina@localhost:{port}/skiptrace")
    assert SECRET not in str(caught.value)
    readable, _, _ = select.select([listener], [], [], 0)
    assert readable == []  # no connection was even attempted


def test_a_refused_login_names_the_url_masked_and_logs_no_secret(
        tmp_path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    with postgres_schema() as url:
        passfile = tmp_path / "pgpass"
        host, port = target(url).host, target(url).port
        passfile.write_text(f"{host}:{port}:*:*:{SECRET}\n")
        passfile.chmod(0o600)
        caplog.set_level(logging.DEBUG)
        with monkeypatch.context() as env:
            env.setenv("PGPASSFILE", str(passfile))
            with pytest.raises(ConfigError, match="password authentication failed") as caught:
                Store.open(url)
        assert SECRET not in str(caught.value) and masked(url) in str(caught.value)
        assert "cannot open the PostgreSQL store" in str(caught.value)
        assert SECRET not in caplog.text


def test_the_cli_opens_a_postgresql_store_with_db() -> None:
    assert os.environ.get("PGPASSWORD") is None or os.environ.get("PGHOST")
    with postgres_schema() as url:
        with Store.open(url) as store:
            store.audit("amina", "contrôle", "lookup", "D1")
        result = CliRunner().invoke(cli, ["audit", "verify", "--db", url, "--json"])
        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout)
        assert report["ok"] and report["rows"] == 1
