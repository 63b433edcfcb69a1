from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from skiptrace.model import Debtor, Identifier, Provenance, Record
from skiptrace.store import Store

from .engines import ENGINES, store_location

WHEN = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """Every store test runs on SQLite and on PostgreSQL (tests.store.engines)."""
    return str(request.param)


@pytest.fixture
def location(engine: str, tmp_path: Path) -> Iterator[str]:
    """A fresh store's location on the test's engine: a file, or a schema of its own."""
    with store_location(engine, tmp_path) as where:
        yield where


@pytest.fixture
def store(location: str) -> Iterator[Store]:
    with Store.open(location) as s:
        yield s


def make_record(source: str, record_id: str, kind: str, **fields: Any) -> Record:
    return Record(kind, fields, Provenance(source, record_id, WHEN, url=f"http://127.0.0.1/{record_id}"))  # type: ignore[arg-type]


def match_of(debtor_id: str, record: Record, probability: float = 0.93) -> dict[str, Any]:
    """A checkpoint's match of ``debtor_id`` to the first party of ``record``."""
    return {"debtor_id": debtor_id, "record": record.to_dict(), "party": {"index": 0},
            "probability": probability}


def person(debtor_id: str, name: str, cin: str | None = None, **extra: Any) -> Debtor:
    identifiers = (Identifier("cin", cin),) if cin else ()
    return Debtor(debtor_id, "person", name, identifiers=identifiers, **extra)


def company(debtor_id: str, name: str, ice: str | None = None, **extra: Any) -> Debtor:
    identifiers = (Identifier("ice", ice),) if ice else ()
    return Debtor(debtor_id, "company", name, identifiers=identifiers, **extra)
