"""A finished debtor's profile is serialised once, for the store and the output file alike
(issue 17: a batch's main process spent a third of its samples in ``json.dumps``, twice per
debtor). The stored JSON and the output line are the same text, and both read back as the
profile."""

from __future__ import annotations

import json
from pathlib import Path

from skiptrace.model import Debtor
from skiptrace.pipeline.batch import BatchOptions, BatchSummary, Finisher
from skiptrace.pipeline.enrich import Enriched
from skiptrace.pipeline.outputfile import OutputWriter, dumps_profile
from skiptrace.store import Store


def test_the_store_and_the_file_hold_one_text(tmp_path: Path) -> None:
    profile = {"debtor_id": "D1", "schema_version": "1.2.0", "contacts": [{"é": "Fès"}],
               "a": {"z": 1, "b": 2}}
    enriched = Enriched(Debtor("D1", "person", "ALAOUI Mohamed"), profile, [], [])
    options = BatchOptions(out=tmp_path / "out.jsonl", operator="agent", purpose="recovery")
    with Store.open(tmp_path / "store.db") as store, OutputWriter(options.out) as out:
        store.start_job("J1", None, {})
        Finisher(store, out, BatchSummary("J1", "p.csv"), options).done(enriched)
        stored_text = store.db.conn.execute(
            "SELECT json FROM profiles WHERE debtor_id = 'D1'").fetchone()[0]
        assert store.get_profile("D1") == profile
    line = options.out.read_text(encoding="utf-8")
    assert line == stored_text + "\n" == dumps_profile(profile) + "\n"
    assert json.loads(line) == profile
