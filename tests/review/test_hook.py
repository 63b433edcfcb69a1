"""Judgements honoured by every later run (linking/judgements.py, the hook in pipeline/enrich.py).

Unit tests of the hook on made-up matches, then real `skiptrace enrich` runs against the
session's sandbox: a first run, judgements recorded on its candidates, and a second run from
scratch (`--refresh`, in worker processes: the path that opens the store in another process)
that never attaches the rejected record and gives the accepted one probability 1 with "confirmed
by X on D" in its evidence.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from skiptrace.linking.judgements import apply_judgements, judged_successors
from skiptrace.model import FieldExplanation, Match, Provenance, Record
from skiptrace.store import Store
from skiptrace.store import judgements as stored
from tests.portfolios import first_rows

REPO = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-27T09:00:00+00:00"


def match(record_id: str, probability: float) -> Match:
    record = Record("phone", {"name": "X"}, Provenance("phone_directory", record_id,
                                                      datetime(2026, 11, 27, tzinfo=UTC)))
    return Match("D1", record, None, probability,
                 explanation=(FieldExplanation("name", "exact", 3.0, sentence="same"),))


def verdict(record_id: str, what: str) -> stored.Judgement:
    return stored.Judgement("D1", "phone_directory", record_id, what, "", "amina", "web:1",
                            "2026-12-06T03:00:00+00:00")


def test_the_hook_rejects_accepts_and_leaves_unsure_and_unjudged_alone() -> None:
    verdicts = {("phone_directory", r): verdict(r, v)
                for r, v in (("PD-1", "reject"), ("PD-2", "accept"), ("PD-3", "unsure"))}
    out = apply_judgements([match("PD-1", 0.97), match("PD-2", 0.4), match("PD-3", 0.5),
                            match("PD-4", 0.6)], verdicts)
    assert [m.probability for m in out] == [0.0, 1.0, 0.5, 0.6]
    assert out[1].explanation[-1].sentence == "confirmed by amina on 2026-12-06"
    assert out[0].explanation[-1].sentence == "rejected by amina on 2026-12-06"
    assert out[2].explanation == out[3].explanation == match("PD-3", 0).explanation
    # applied again (every round), the judgement's line is there once
    assert len(apply_judgements(out, verdicts)[1].explanation) == 2


def test_a_rejected_successor_goes_and_an_accepted_one_is_certain() -> None:
    successors = [{"source": "company_register", "record_id": r, "confidence": 0.6,
                   "note": "for a person to assess", "name": r} for r in ("CR-1", "CR-2", "CR-3")]
    verdicts = {("company_register", "CR-1"): verdict("CR-1", "reject"),
                ("company_register", "CR-2"): verdict("CR-2", "accept")}
    out = judged_successors(successors, verdicts)
    assert [(s["record_id"], s["confidence"]) for s in out] == [("CR-2", 1.0), ("CR-3", 0.6)]
    assert out[0]["note"].endswith("confirmed by amina on 2026-12-06")


def enrich(portfolio: Path, db: Path, sandbox_url: str, *extra: str) -> list[dict[str, Any]]:
    out = db.parent / "profiles.jsonl"
    cmd = [sys.executable, "-m", "skiptrace", "enrich", str(portfolio), "--db", str(db),
           "--out", str(out), "--rejects", str(db.parent / "rejects.csv"), "--operator", "t",
           "--purpose", "judgements test", "--as-of", AS_OF, "--quiet", "--json", *extra]
    env = {**os.environ, "SKIPTRACE_SANDBOX_URL": sandbox_url}
    done = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=240)
    assert done.returncode in (0, 3), done.stderr[-3000:]
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def linked(profile: dict[str, Any]) -> set[tuple[str, str]]:
    return {(link["source"], link["record_id"]) for link in profile["links"]}


def evidence_of(profile: dict[str, Any], source: str, record_id: str) -> list[dict[str, Any]]:
    found = []
    for kind in ("addresses", "phones", "emails"):
        for contact in profile["contacts"][kind]:
            found += [e for e in contact["evidence"]
                      if (e["source"], e["record_id"]) == (source, record_id)]
    for asset in profile["assets"]:
        found += [e for e in asset["evidence"] if (e["source"], e["record_id"]) == (source, record_id)]
    return found


@pytest.mark.integration
def test_a_later_run_never_attaches_a_rejected_record_and_confirms_an_accepted_one(
        sandbox_world: Path, sandbox_url: str, tmp_path: Path) -> None:
    # 40 rows: the directory's door rules (decisions 0040, 0041) now link the listing that was
    # the first 12 rows' only set-aside candidate (DEB-0000008's own line, rightly), and the
    # test needs one left aside
    portfolio = first_rows(sandbox_world, tmp_path, 40)
    db = tmp_path / "store.db"
    first = {p["debtor_id"]: p for p in enrich(portfolio, db, sandbox_url)}
    with Store.open(db) as store:
        rows = store.db.conn.execute(
            "SELECT debtor_id, json_extract(json, '$.record.provenance.source'), "
            "json_extract(json, '$.record.provenance.record_id'), probability FROM matches "
            "WHERE json_extract(json, '$.party') IS NOT NULL ORDER BY debtor_id, record_key"
        ).fetchall()
        # a confident link to reject, and a candidate the model set aside to accept, of the
        # same debtor
        links = [r for r in rows if r[3] >= 0.9 and (r[1], r[2]) in linked(first[r[0]])]
        doubtful = [r for r in rows if 0.01 <= r[3] < 0.5
                    and r[1] in ("phone_directory", "land_registry", "vehicle_registry")]
        both = [(link, d) for link in links for d in doubtful if link[0] == d[0]]
        assert both, "the sandbox gave no debtor both a link and a set-aside candidate"
        rejected, accepted = both[0]
        with store.atomic():
            for row, what in ((rejected, "reject"), (accepted, "accept")):
                stored.record(store.db.conn, stored.new(row[0], row[1], row[2], what, "",
                                                        "amina", "web:1"), "test")
    again = {p["debtor_id"]: p for p in enrich(portfolio, db, sandbox_url, "--refresh",
                                                "--workers", "2")}
    profile = again[rejected[0]]
    assert (rejected[1], rejected[2]) not in linked(profile)
    assert (accepted[1], accepted[2]) in linked(profile)
    [link] = [x for x in profile["links"] if (x["source"], x["record_id"]) == accepted[1:3]]
    assert link["probability"] == 1.0
    confirmations = [x["sentence"] for e in evidence_of(profile, *accepted[1:3])
                     for x in e["explanation"] if x["field"] == "judgement"]
    assert confirmations and all(s.startswith("confirmed by amina on ") for s in confirmations)
    with Store.open(db) as store:
        kept = {(m["record"]["provenance"]["source"], m["record"]["provenance"]["record_id"])
                for m in store.get_matches(rejected[0])}
    assert rejected[1:3] not in kept  # not even stored as a candidate: out of the queue
    others = {d for d in again if d != rejected[0]}
    assert all(linked(again[d]) == linked(first[d]) for d in others)


def test_the_report_says_who_confirmed_in_the_reader_s_language() -> None:
    from skiptrace.render.sentences import explanation

    line = {"field": "judgement", "level": "accepted", "weight": 0.0,
            "sentence": "confirmed by amina on 2026-12-06"}
    assert explanation(line) == "confirmé par amina le 06/12/2026"
    assert explanation({**line, "sentence": "rejected by amina on 2026-12-06"}) == (
        "écarté par amina le 06/12/2026")
