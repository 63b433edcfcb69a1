"""`skiptrace lookup` finds the stored debtor first, refuses to choose among several, looks a
phone up by its holder, and fails with a reason when nothing can be reached (issue 15)."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from matching import fold
from matching.phones import normalize_phone
from skiptrace.cli import cli
from skiptrace.intake import read_debtors
from skiptrace.model import Debtor
from skiptrace.sandbox import SandboxServer
from skiptrace.sandbox.faults import parse_fault
from skiptrace.store import Store

pytestmark = pytest.mark.integration
WHO = ["--operator", "inv-7", "--purpose", "dossier 2026-0042"]


@pytest.fixture
def store(sandbox_world: Path, sandbox_url: str, tmp_path: Path,
          monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store holding the world's portfolio, as after an import or an enrich."""
    monkeypatch.setenv("SKIPTRACE_SANDBOX_URL", sandbox_url)
    path = tmp_path / "store.db"
    with Store.open(path) as s:
        s.upsert_debtors(read_debtors(sandbox_world / "portfolio.csv"))
    return path


def stored(path: Path) -> list[Debtor]:
    with Store.open(path) as s:
        return list(s.iter_debtors())


def lookup(path: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["lookup", *args, "--db", str(path), *WHO, "--json"])


def person_with(path: Path, scheme: str) -> Debtor:
    return next(d for d in stored(path) if d.kind == "person" and d.identifier(scheme) and d.city)


def test_a_cin_alone_reuses_the_stored_debtor_and_shows_its_name(store: Path) -> None:
    debtor = person_with(store, "cin")
    before = len(stored(store))
    result = lookup(store, "--cin", debtor.identifier("cin").value)  # type: ignore[union-attr]
    assert result.exit_code == 0, result.output
    assert f"fiche existante utilisée : {debtor.debtor_id} (CIN identique)" in result.stderr
    profile = json.loads(result.stdout)
    assert profile["debtor_id"] == debtor.debtor_id
    assert profile["debtor"]["name"] == debtor.name
    assert len(stored(store)) == before  # no new lookup-… debtor
    with Store.open(store) as s:
        (entry,) = [e for e in s.audit_entries() if e["action"] == "lookup"]
    cin = debtor.identifier("cin").value  # type: ignore[union-attr]
    assert entry["target"] == "cin:" + cin[:2] + "*" * (len(cin) - 2)  # what it searched by, masked
    english = CliRunner().invoke(cli, ["--lang", "en", "lookup", "--cin", cin, "--db", str(store),
                                       *WHO, "--json"])
    assert f"stored debtor used: {debtor.debtor_id} (same CIN)" in english.stderr


def test_name_and_city_find_the_stored_debtor_with_the_matcher(store: Path) -> None:
    debtor = person_with(store, "cin")
    reordered = " ".join(reversed(debtor.name.split()))  # "Given SURNAME": the matcher's job
    result = lookup(store, "--name", reordered, "--city", debtor.city or "")
    assert result.exit_code == 0, result.output
    assert f"fiche existante utilisée : {debtor.debtor_id} (nom et ville" in result.stderr
    assert json.loads(result.stdout)["debtor_id"] == debtor.debtor_id


def test_several_stored_debtors_are_listed_and_nothing_is_looked_up(store: Path) -> None:
    debtor = person_with(store, "cin")
    twin = replace(debtor, debtor_id="DEB-TWIN-1")  # another mandate's file, same CIN
    with Store.open(store) as s:
        s.upsert_debtors([twin])
    result = lookup(store, "--cin", debtor.identifier("cin").value)  # type: ignore[union-attr]
    assert result.exit_code == 2, result.output
    assert debtor.debtor_id in result.output and "DEB-TWIN-1" in result.output
    assert "--debtor" in result.output and "CIN identique" in result.output
    with Store.open(store) as s:
        assert s.get_profile(debtor.debtor_id) is None and s.get_profile("DEB-TWIN-1") is None
        assert [e["details"]["status"] for e in s.audit_entries()] == ["ambiguous"]


def _listed_holder(world: Path, path: Path) -> Debtor:
    """A stored person whose phone the directory lists under their surname, for one holder."""
    listings: dict[str, set[str]] = {}
    with open(world / "sources" / "phone_directory.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            for phone in row["phones"]:
                listings.setdefault(normalize_phone(phone) or "", set()).add(fold(row["name"]))
    for debtor in stored(path):
        number = normalize_phone(debtor.phones[0]) if debtor.phones else None
        names = listings.get(number or "", set())
        if debtor.kind == "person" and debtor.last_name and len(names) == 1 and \
                fold(debtor.last_name) in next(iter(names)):
            return debtor
    raise AssertionError("the world has no person listed under their own phone")


def test_a_phone_alone_is_looked_up_through_its_holder(store: Path, sandbox_world: Path) -> None:
    debtor = _listed_holder(sandbox_world, store)
    result = lookup(store, "--phone", debtor.phones[0])
    assert result.exit_code == 0, result.output
    assert "l'annuaire attribue le" in result.stderr
    assert debtor.phones[0] not in result.stderr  # masked
    assert f"fiche existante utilisée : {debtor.debtor_id}" in result.stderr
    profile = json.loads(result.stdout)
    assert profile["debtor_id"] == debtor.debtor_id and profile["links"]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_nothing_reachable_says_why_exits_4_and_stores_no_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SKIPTRACE_SANDBOX_URL", f"http://127.0.0.1:{_closed_port()}")
    path = tmp_path / "store.db"
    result = lookup(path, "--name", "EL ALAOUI Mohamed", "--cin", "BK100001", "--city", "Casablanca")
    assert result.exit_code == 4, result.output
    message = result.stderr.strip()
    assert "\n" not in message and "connexion refusée" in message
    assert "skiptrace sandbox serve" in message and "--sandbox" in message
    assert "Traceback" not in result.output
    with Store.open(path) as s:
        assert s.count_debtors() == 0
        entries = s.audit_entries()
    assert [(e["action"], e["details"]["status"]) for e in entries] == [("lookup", "unreachable")]


def test_sources_that_accept_then_fail_are_not_stored_as_a_result(
    fresh_sandbox: Callable[..., SandboxServer], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = fresh_sandbox(faults=(parse_fault("*:down"),))
    monkeypatch.setenv("SKIPTRACE_SANDBOX_URL", server.url)
    path = tmp_path / "store.db"
    result = lookup(path, "--name", "EL ALAOUI Mohamed", "--city", "Casablanca")
    assert result.exit_code == 4, result.output
    assert "aucune source n'a répondu" in result.stderr
    with Store.open(path) as s:
        assert s.count_debtors() == 0
        assert [e["details"]["status"] for e in s.audit_entries()] == ["unreachable"]
