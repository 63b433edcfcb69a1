"""Issue 10 item 5: forget erases the person everywhere the product wrote them.

The acceptance test makes up a person whose surname, CIN and phone occur nowhere else, writes
them into the store (a real lookup against the sandbox, a portfolio debtor, another debtor's
match), into profiles.jsonl, an HTML report and a warnings CSV, forgets them, and searches the
bytes of the database, its -wal and -shm, the outputs and the reports.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from skiptrace.cli import cli
from skiptrace.model import Debtor, Identifier, Provenance, Record
from skiptrace.pipeline.outputfile import dumps_profile
from skiptrace.pipeline.reports import write_report
from skiptrace.store import Store, UnknownDebtor
from skiptrace.store.database import side_files

SURNAME, FIRST, CIN, PHONE = "ZYXQUORAH", "Idriss", "ZZ987654", "+212661234987"
NATIONAL = "06 61 23 49 87"  # PHONE as Moroccan lists print it
NAME = f"{SURNAME} {FIRST}"


def needles() -> list[bytes]:
    """The person's surname, CIN and phone as the files may hold them: as given, casefolded
    (the FTS tokens), UTF-16 (either byte order), the phone in its national forms."""
    texts = {SURNAME, SURNAME.casefold(), CIN, CIN.casefold(), "661234987",
             NATIONAL, NATIONAL.replace(" ", "")}
    found = set()
    for text in texts:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            found.add(text.encode(encoding))
    return sorted(found)


def holders(paths: list[Path]) -> dict[str, list[bytes]]:
    """For each existing file, the needles its bytes contain."""
    hits = {}
    for path in paths:
        if path.is_file():
            data = path.read_bytes()
            if found := [n for n in needles() if n in data]:
                hits[str(path)] = found
    return hits


def the_person(debtor_id: str) -> Debtor:
    return Debtor(debtor_id, "person", NAME, last_name=SURNAME, first_name=FIRST,
                  identifiers=(Identifier("cin", CIN),), phones=("0661234987",),
                  city="Casablanca")


def phone_listing() -> Record:
    when = __import__("datetime").datetime(2026, 11, 1, 9, 0, tzinfo=__import__("datetime").UTC)
    return Record("phone", {"name": NAME, "phone": "06 61 23 49 87", "city": "Casablanca"},
                  Provenance("phone_directory", "pd-77", when, url="http://127.0.0.1/pd-77"))


@pytest.fixture
def env(sandbox_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SKIPTRACE_SANDBOX_URL", sandbox_url)
    return tmp_path


@pytest.mark.integration
def test_forget_leaves_no_byte_of_the_person_anywhere(env: Path) -> None:
    db, out, reports = env / "store.db", env / "profiles.jsonl", env / "reports"
    warnings = env / "portfolio.warnings.csv"
    runner = CliRunner()
    looked_up = runner.invoke(cli, [
        "lookup", "--name", NAME, "--cin", CIN, "--phone", PHONE, "--city", "Casablanca",
        "--db", str(db), "--operator", "inv-7", "--purpose", "dossier 2026-0042",
        "--format", "html", "--out", str(env / "lookup.html")], catch_exceptions=False)
    assert looked_up.exit_code == 0, looked_up.output

    # a long-running process keeps the store open: the WAL and -shm stay on disk throughout
    with Store.open(db) as store:
        [copy_id] = [d.debtor_id for d in store.iter_debtors()]
        assert copy_id.startswith("lookup-")
        profile = {**store.get_profile(copy_id), "debtor_id": "D-ZQ"}
        other = Debtor("D2", "person", "EL ALAOUI Mohamed", identifiers=(Identifier(
            "cin", "BK100001"),), phones=("0522000001",))
        store.upsert_debtors([the_person("D-ZQ"), other])
        store.start_job("J1", "portfolio.csv", {})
        store.checkpoint("J1", "D-ZQ", "ok", profile, [], audit={"operator": "op",
                                                                  "purpose": "dossier"})
        wrong = {"debtor_id": "D2", "record": phone_listing().to_dict(),
                 "party": {"index": 0, "name": NAME}, "probability": 0.12}
        other_profile = {"debtor_id": "D2", "debtor": other.to_dict(), "contacts": [
            {"kind": "phone", "value": "+212522000001"}, {"kind": "phone", "value": PHONE}]}
        store.checkpoint("J1", "D2", "ok", other_profile, [wrong])
        out.write_text(dumps_profile(profile) + "\n" + dumps_profile(other_profile) + "\n")
        reports.mkdir()
        report = write_report(reports, profile)
        with open(warnings, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh, delimiter=";")
            writer.writerows([("line", "reason", "raw"),
                              (2, "invalid cin", f"D-ZQ;{NAME};{CIN};0661234987"),
                              (3, "e-mail ignored", "D2;EL ALAOUI Mohamed;BK100001;0522000001")])
        store.register_file("report", env / "lookup.html", debtor_id=copy_id)
        store.register_file("report", report, job_id="J1", debtor_id="D-ZQ")
        store.register_file("profiles_jsonl", out, job_id="J1")
        store.register_file("warnings_csv", warnings, job_id="J1")
        store.db.execute("PRAGMA wal_checkpoint(PASSIVE)")  # the lookup's pages into the db
        store.upsert_debtors([the_person("D-ZQ")])  # and the debtor again in the WAL

        wal = side_files(db)[0]
        everything = [db, *side_files(db), out, warnings, env / "lookup.html", *reports.iterdir()]
        before = holders(everything)
        assert {str(db), str(wal), str(out), str(warnings), str(env / "lookup.html"),
                str(report)} <= set(before)
        assert SURNAME.casefold().encode() in db.read_bytes()  # the FTS tokens

        forgot = runner.invoke(cli, ["forget", "D-ZQ", "--db", str(db), "--yes", "--json",
                                     "--operator", "dpo", "--purpose", "fin de mandat 2026-0042"])
        assert forgot.exit_code == 0, forgot.output
        erased = json.loads(forgot.stdout)
        assert erased["debtor_ids"] == ["D-ZQ", copy_id]
        assert erased["counts"]["matches_of_others"] == 1
        assert erased["counts"]["profiles_scrubbed"] == 1
        assert erased["wal_checkpoint"] == "truncated"

        assert wal.exists() and side_files(db)[1].exists()
        assert holders(everything) == {}
    assert not report.exists() and not (env / "lookup.html").exists()
    with Store.open(db) as store:  # the other debtor is intact, minus what named the person
        assert store.get_debtor("D2") == other
        assert store.get_profile("D2")["contacts"] == [{"kind": "phone", "value": "+212522000001"}]
        assert store.get_matches("D2") == [] and store.get_debtor(copy_id) is None
        assert [d.debtor_id for d in store.search_debtors("alaoui")] == ["D2"]
        forgets = [e for e in store.audit_entries() if e["action"] == "forget"]
        assert [e["debtor_id"] for e in forgets] == ["D-ZQ", copy_id]
        assert store.verify_audit()["ok"]
    assert [json.loads(line)["debtor_id"] for line in out.read_text().splitlines()] == ["D2"]
    assert [r[0] for r in csv.reader(warnings.open(newline=""), delimiter=";")] == ["line", "3"]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store.open(tmp_path / "store.db") as s:
        yield s


def test_the_name_index_keeps_no_token_of_a_forgotten_debtor(store: Store, tmp_path: Path) -> None:
    store.upsert_debtors([the_person("D-ZQ"), Debtor("D2", "person", "EL ALAOUI Mohamed")])
    store.forget("D-ZQ", "dpo", "fin de mandat")
    conn = sqlite3.connect(tmp_path / "store.db")
    segments = b"".join(row[0] for row in conn.execute("SELECT block FROM debtors_fts_data"))
    assert SURNAME.casefold().encode() not in segments and b"alaoui" in segments
    raw = (tmp_path / "store.db").read_bytes() + side_files(tmp_path / "store.db")[0].read_bytes()
    assert SURNAME.casefold().encode() not in raw and SURNAME.encode() not in raw


def test_lookup_copies_are_linked_by_identifier_or_phone_never_by_name(store: Store) -> None:
    by_cin = Debtor("lookup-aaaa", "person", "Z. Idriss", identifiers=(Identifier("cin", CIN),))
    by_phone = Debtor("lookup-bbbb", "person", "Idriss", phones=(PHONE,))
    homonym = Debtor("lookup-cccc", "person", NAME, identifiers=(Identifier("cin", "AB123456"),))
    other_file = Debtor("D9", "person", NAME, identifiers=(Identifier("cin", CIN),))
    store.upsert_debtors([the_person("D-ZQ"), by_cin, by_phone, homonym, other_file])
    erased = store.forget("D-ZQ", "dpo", "fin de mandat")
    assert erased.debtor_ids == ["D-ZQ", "lookup-aaaa", "lookup-bbbb"]
    assert {d.debtor_id for d in store.iter_debtors()} == {"lookup-cccc", "D9"}


def test_register_file_is_idempotent_and_checks_its_kind(store: Store, tmp_path: Path) -> None:
    for _ in range(2):
        store.register_file("profiles_jsonl", tmp_path / "out.jsonl", job_id="J1")
        store.register_file("report", tmp_path / "r" / "D1.html", job_id="J1", debtor_id="D1")
    store.register_file("profiles_jsonl", tmp_path / "out.jsonl", job_id="J2")
    assert store.registered_files() == [
        {"kind": "profiles_jsonl", "path": str(tmp_path / "out.jsonl"), "job_id": "J1",
         "debtor_id": None},
        {"kind": "report", "path": str(tmp_path / "r" / "D1.html"), "job_id": "J1",
         "debtor_id": "D1"},
        {"kind": "profiles_jsonl", "path": str(tmp_path / "out.jsonl"), "job_id": "J2",
         "debtor_id": None},
    ]
    with pytest.raises(ValueError, match="unknown file kind"):
        store.register_file("notes", tmp_path / "x")
    with pytest.raises(ValueError, match="debtor_id"):
        store.register_file("report", tmp_path / "x.html")


def test_a_symlinked_output_is_left_alone_not_followed(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.jsonl"
    target.write_text(json.dumps({"debtor_id": "D-ZQ", "cin": CIN}) + "\n")
    (tmp_path / "out.jsonl").symlink_to(target)
    store.upsert_debtors([the_person("D-ZQ")])
    store.register_file("profiles_jsonl", tmp_path / "out.jsonl", job_id="J1")
    erased = store.forget("D-ZQ", "dpo", "fin de mandat")
    assert erased.files == [{"path": str(tmp_path / "out.jsonl"), "action": "refused"}]
    assert (tmp_path / "out.jsonl").is_symlink() and CIN in target.read_text()


def test_a_rewritten_output_stays_private_and_keeps_others_lines(store: Store,
                                                                  tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    lines = [dumps_profile({"debtor_id": i, "n": n}) + "\n" for n, i in enumerate(("D1", "D-ZQ",
                                                                               "D3"))]
    out.write_text("".join(lines))
    os.chmod(out, 0o600)
    store.upsert_debtors([the_person("D-ZQ")])
    store.register_file("profiles_jsonl", out)
    store.forget("D-ZQ", "dpo", "fin de mandat")
    assert out.read_text() == lines[0] + lines[2]
    assert (out.stat().st_mode & 0o777) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "store.db",
                                                          "store.db-shm", "store.db-wal"]


def test_forget_audit_holds_no_identifier(store: Store, tmp_path: Path) -> None:
    store.upsert_debtors([the_person("D-ZQ")])
    store.forget("D-ZQ", "dpo", "fin de mandat")
    [entry] = store.audit_entries()
    text = json.dumps(entry)
    assert entry["action"] == "forget" and entry["debtor_id"] == "D-ZQ"
    assert SURNAME not in text and CIN not in text and "661234987" not in text


def test_forgetting_an_unknown_id_fails_and_changes_nothing(store: Store, tmp_path: Path) -> None:
    with pytest.raises(UnknownDebtor, match="no debtor D404"):
        store.forget("D404", "dpo", "fin de mandat")
    assert store.audit_entries() == []
    result = CliRunner().invoke(cli, ["forget", "D404", "--yes", "--db", str(tmp_path / "store.db"),
                                      "--operator", "dpo", "--purpose", "fin de mandat"])
    assert result.exit_code == 1 and "no debtor D404 in the store" in result.output


def test_forget_erases_the_monitoring_rows_and_scrubs_others(store: Store, tmp_path: Path) -> None:
    """Issue 20: watch entries, the baseline profile, change events and their webhook
    deliveries go with the debtor; other debtors' baselines and events lose what names them."""
    from datetime import UTC, datetime

    from skiptrace.store import changes, watch, webhooks

    now = datetime(2026, 12, 1, tzinfo=UTC)
    store.upsert_debtors([the_person("D-ZQ"), Debtor("D2", "person", "EL ALAOUI Mohamed")])
    conn = store.db.conn
    with store.atomic():
        watch.add(conn, 1, ["D-ZQ", "D2"], 30, "op", now)
        watch.set_baseline(conn, "D-ZQ", {"debtor": {"name": NAME, "cin": CIN}}, now)
        watch.set_baseline(conn, "D2", {"contacts": {"phones": [{"value": PHONE},
                                                                {"value": "+212522000001"}]}}, now)
        hook = webhooks.add(conn, 1, "http://127.0.0.1:9/hook", "whsec_x", True, now)
        mine = changes.add(conn, 1, "D-ZQ", "run-1", now.isoformat(), [
            {"type": "phone_new", "key": f"phone:{PHONE}", "evidence": {"value": PHONE}}])
        theirs = changes.add(conn, 1, "D2", "run-1", now.isoformat(), [
            {"type": "phone_new", "key": "phone:shared", "evidence": {"values": [
                PHONE, "+212522000001"], "name": NAME}},
            {"type": "segment_changed", "key": "segment", "evidence": {"after": "x"}}])
        webhooks.queue(conn, 1, "D-ZQ", mine, now)
        webhooks.queue(conn, 1, "D2", theirs, now)
    erased = store.forget("D-ZQ", "dpo", "fin de mandat")
    counts = erased.counts
    assert (counts["watch_entries"], counts["monitor_baselines"], counts["change_events"],
            counts["webhook_deliveries"]) == (1, 1, 1, 1)
    assert counts["monitor_baselines_scrubbed"] == 1 and counts["change_events_scrubbed"] == 1
    assert [e.debtor_id for e in watch.entries(conn)] == ["D2"]
    assert watch.baseline(conn, "D-ZQ") is None
    assert watch.baseline(conn, "D2") == {"contacts": {"phones": [{"value": "+212522000001"}]}}
    events = changes.page(conn, 1, after_id=0, since=None, types=None, limit=10)
    assert [e["debtor_id"] for e in events] == ["D2", "D2"]
    assert events[0]["evidence"] == {"values": ["+212522000001"], "name": NAME}
    assert [d["event_id"] for d in webhooks.log(conn)] == list(reversed(theirs))
    assert webhooks.hooks(conn)[0]["id"] == hook  # the webhook is the agency's, not the person's
    store.truncate_wal()
    raw = (tmp_path / "store.db").read_bytes() + side_files(tmp_path / "store.db")[0].read_bytes()
    assert CIN.encode() not in raw and b"661234987" not in raw
