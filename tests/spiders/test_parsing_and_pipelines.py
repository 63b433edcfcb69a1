"""Text parsers, search-term building and the item pipelines, each on its own."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem

from skiptrace.model import Record, SourceStatus
from spiders.items import RecordItem, StatusItem
from spiders.parsing import clean_text, parse_amount, parse_date, parse_int
from spiders.pipelines import (
    DedupePipeline,
    EmitPipeline,
    NormalizePipeline,
    ProvenancePipeline,
    StatusPipeline,
    ValidatePipeline,
)
from spiders.querying import find_legal_form, search_name


@pytest.mark.parametrize(("text", "value"), [
    ("100 000,00 MAD", 100000.0), ("1.000.000 DH", 1000000.0), ("2500.50", 2500.5),
    ("100\u00a0000,00", 100000.0), ("12,5", 12.5), ("néant", None), (None, None),
])
def test_parse_amount(text: str | None, value: float | None) -> None:
    assert parse_amount(text) == value


def test_parse_int_date_and_clean_text() -> None:
    assert parse_int("1 000 parts") == 1000 and parse_int("12,5") is None
    assert parse_date("11/04/2019") == "2019-04-11" and parse_date("2019-04-11") == "2019-04-11"
    assert parse_date("31/02/2019") is None and parse_date("hier") is None
    assert clean_text("  a \n\t b\u00a0c ") == "a b c" and clean_text("  ") is None


@pytest.mark.parametrize(("name", "terms", "form"), [
    ("STE ATLAS BTP SARL AU", "ATLAS BTP", "SARL AU"),
    ("ATLAS BTP S.A.R.L", "ATLAS BTP", "SARL"),
    ("ATLAS BTP SARLAU", "ATLAS BTP", "SARL AU"),
    ("NOUR TRADING SA", "NOUR TRADING", "SA"),
    ("EL ALAOUI Mohamed", "EL ALAOUI Mohamed", None),
    ("SARL", "SARL", "SARL"),  # nothing else left: search the name as given
])
def test_search_terms_leave_legal_forms_out(name: str, terms: str, form: str | None) -> None:
    assert search_name(name) == terms
    found = find_legal_form(name)
    assert (found[0] if found else None) == form


def test_lowercase_sa_is_a_word_not_a_legal_form() -> None:
    assert find_legal_form("sa démission est acceptée") is None


def _item(**fields: object) -> RecordItem:
    return RecordItem(source="phone_directory", kind="phone", record_id="PD-1",
                      url="http://127.0.0.1/x", fields=dict(fields), debtor_id="D-1")


def test_validate_drops_items_without_record_id() -> None:
    item = _item(name="x")
    item.record_id = None
    with pytest.raises(DropItem):
        ValidatePipeline().process_item(item, None)


def test_normalize_cleans_nested_values_and_counts_shares() -> None:
    item = _item(name=" Alaoui \n Mohamed ", category="", phones=["06 61", " "],
                 partners=[{"name": "X", "shares": "1 200", "cin": None}])
    fields = NormalizePipeline().process_item(item, None).fields
    assert fields == {"name": "Alaoui Mohamed", "phones": ["06 61"],
                      "partners": [{"name": "X", "shares": 1200}]}


def test_provenance_then_dedupe_per_debtor() -> None:
    first = ProvenancePipeline().process_item(_item(name="x"), None)
    assert isinstance(first.retrieved_at, datetime) and first.retrieved_at.tzinfo is not None
    dedupe = DedupePipeline()
    dedupe.process_item(first, None)
    with pytest.raises(DropItem):
        dedupe.process_item(_item(name="x"), None)
    other = _item(name="x")
    other.debtor_id = "D-2"  # the same listing found for another debtor is kept
    assert dedupe.process_item(other, None) is other


def test_dedupe_forgets_a_pair_when_its_status_passes() -> None:
    """What dedupe holds is the open (debtor, source) pairs' records, not the whole crawl's
    (issue 17: 11-17 KB per debtor, 1.2-1.8 GB at 10^5 before)."""
    dedupe = DedupePipeline()
    for debtor in ("D-1", "D-2"):
        item = _item(name="x")
        item.debtor_id = debtor
        dedupe.process_item(item, None)
    assert len(dedupe._seen) == 2
    dedupe.process_item(StatusItem(item.source, "D-1", SourceStatus(item.source, "ok")), None)
    assert set(dedupe._seen) == {("D-2", item.source)}


def test_status_counts_records_and_turns_partial_records_into_a_partial_answer() -> None:
    pipeline = StatusPipeline()
    partial = _item(name="x")
    partial.warn("missing field: phones")
    for item in (_item(name="y"), partial):
        pipeline.process_item(item)
    done = pipeline.process_item(
        StatusItem("phone_directory", "D-1", SourceStatus("phone_directory", "ok")))
    assert done.status.records == 2 and done.status.status == "partial"
    assert done.status.reason == "1 of 2 records partial: phones"
    other = pipeline.process_item(
        StatusItem("phone_directory", "D-2", SourceStatus("phone_directory", "ok")))
    assert other.status.records == 0 and other.status.status == "ok"


def test_emit_writes_records_then_status_with_the_count(tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    emit, status = EmitPipeline(str(out)), StatusPipeline()
    emit.open_spider()
    item = _item(name="Alaoui")
    item.retrieved_at = datetime(2026, 1, 2, tzinfo=UTC)
    emit.process_item(status.process_item(item))
    emit.process_item(status.process_item(
        StatusItem("phone_directory", "D-1", SourceStatus("phone_directory", "ok"))))
    emit.close_spider()
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    record = Record.from_dict(lines[0]["record"])
    assert record.key == "phone_directory:PD-1" and record.provenance.url == "http://127.0.0.1/x"
    assert lines[1]["status"]["records"] == 1 and lines[1]["debtor_id"] == "D-1"
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600  # personal data: private file
