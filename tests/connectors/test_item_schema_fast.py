"""The compiled item check (fastjsonschema) says what jsonschema says of every API item
(skiptrace.fastcheck.passes; issue 17, session 23): an item it accepts is one jsonschema
accepts, so no invalid item skips the authority."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from skiptrace.connectors.api import _compiled, first_error
from skiptrace.connectors.geocoder import PLACE_SCHEMA
from skiptrace.connectors.land_registry import TITLE_SCHEMA
from skiptrace.connectors.vehicle_registry import VEHICLE_SCHEMA
from skiptrace.fastcheck import passes

_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=6))
_JSON = st.recursive(_SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=8)


def _keys(schema: dict[str, Any]) -> list[str]:
    return sorted(set(schema.get("required", [])) | set(schema.get("properties", {})))


@st.composite
def _items(draw: st.DrawFn, schema: dict[str, Any]) -> Any:
    """Mostly objects with the schema's own keys (each present or not, any JSON value), now
    and then any JSON value at all."""
    if draw(st.integers(0, 9)) == 0:
        return draw(_JSON)
    item = {}
    for key in _keys(schema):
        if draw(st.booleans()):
            item[key] = draw(st.one_of(_JSON, st.lists(st.dictionaries(
                st.sampled_from(["name", "cin", "share"]), _SCALAR, max_size=3), max_size=2)))
    return item


def _agree(schema: dict[str, Any], item: Any) -> None:
    check = _compiled(json.dumps(schema, sort_keys=True))
    assert check is not None
    authority = first_error(Draft202012Validator(schema), item) is None
    assert passes(check, item) == authority


@settings(max_examples=300)
@given(data=st.data())
def test_the_compiled_check_agrees_with_jsonschema_on_every_item_schema(data: st.DataObject) -> None:
    for schema in (TITLE_SCHEMA, VEHICLE_SCHEMA, PLACE_SCHEMA):
        _agree(schema, data.draw(_items(schema)))


def test_a_valid_title_passes_and_an_invalid_one_is_left_to_jsonschema() -> None:
    check = _compiled(json.dumps(TITLE_SCHEMA, sort_keys=True))
    valid = {"record_id": "LR-1", "title_number": "12345/C", "owners": [{"name": "X"}]}
    assert passes(check, valid)
    invalid = {"record_id": "", "title_number": "12345/C", "owners": []}
    assert not passes(check, invalid)
    assert first_error(Draft202012Validator(TITLE_SCHEMA), invalid) is not None
    assert not passes(None, valid)  # no compiled check: jsonschema decides
