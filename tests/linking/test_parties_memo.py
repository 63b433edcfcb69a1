"""A record's parties are read once and kept on the record (linking/parties.py), which must not
change what callers get, nor ride along when a record is pickled to or from a worker."""

from __future__ import annotations

import copy
import pickle
from datetime import UTC, datetime

from skiptrace.linking.parties import PARTIES_MEMO, record_parties
from skiptrace.model import Provenance, Record


def _title() -> Record:
    prov = Provenance("land_registry", "LR-9", datetime(2026, 11, 1, tzinfo=UTC), url="http://127.0.0.1/t")
    return Record("land_title", {"title_number": "TF 9/K", "city": "Fès", "owners": [
        {"name": "BENANI Karim", "cin": "C123456", "share": "1/2", "kind": "person"},
        {"name": "BENANI Salma", "share": "1/2", "kind": "person"}]}, prov)


def test_parties_are_read_once_and_each_caller_gets_its_own_list() -> None:
    record = _title()
    first = record_parties(record)
    first.append(first[0])  # a caller's list is its own
    again = record_parties(record)
    assert [p.name for p in again] == ["BENANI Karim", "BENANI Salma"]
    assert [p.index for p in again] == [0, 1]
    assert again[0] is first[0]  # the same party objects: read once


def test_the_memo_is_not_a_field_and_is_not_pickled() -> None:
    record = _title()
    record_parties(record)
    assert PARTIES_MEMO in record.__dict__
    assert record == _title()  # equality reads the fields alone
    for clone in (pickle.loads(pickle.dumps(record)), copy.copy(record)):
        assert PARTIES_MEMO not in clone.__dict__
        assert clone == record
        assert [p.name for p in record_parties(clone)] == ["BENANI Karim", "BENANI Salma"]
