"""`skiptrace store normalize` fills the normal forms a store lacks, says how many in French or
in JSON, and refuses a store that does not exist (decision 0033)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from skiptrace.cli import cli
from skiptrace.linking.normal_forms import forms_current
from skiptrace.model import Provenance, Record
from skiptrace.store import Store

WHEN = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)


def _store(path: Path) -> None:
    with Store.open(path) as store:
        store.save_records([
            Record("vehicle", {"plate": f"{i}-A-6", "owner": {"name": f"ALAOUI Ahmed {i}"}},
                   Provenance("vehicle_registry", f"V-{i}", WHEN)) for i in range(3)])
        store.db.conn.execute("UPDATE records SET forms = NULL WHERE record_id != 'V-0'")


def test_normalize_fills_the_missing_forms(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    _store(path)
    done = CliRunner().invoke(cli, ["store", "normalize", "--db", str(path), "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output) == {"records": 3, "normalized": 2}
    with Store.open(path) as store:
        forms = [r[0] for r in store.db.conn.execute("SELECT forms FROM records")]
    assert len(forms) == 3 and all(forms_current(f) for f in forms)
    again = CliRunner().invoke(cli, ["store", "normalize", "--db", str(path)])
    assert again.exit_code == 0 and "0 enregistrements normalisés sur 3" in again.output


def test_normalize_refuses_a_store_that_is_not_there(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    done = CliRunner().invoke(cli, ["store", "normalize", "--db", str(missing)])
    assert done.exit_code != 0 and not missing.exists()
