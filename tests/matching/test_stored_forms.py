"""A normal form written at import is read back as the very form normalisation gives, under a
key that does not depend on the process, and nothing else is ever taken for one (decision 0033)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import stored_forms
from matching.description import Description, Features

TEXT = st.text(alphabet=st.sampled_from("abcdeéALMN ouiمحد-'0123456789/"), max_size=30)
MAYBE = st.none() | TEXT

DESCRIPTIONS = st.builds(
    Description,
    kind=st.sampled_from(["person", "company"]),
    name=TEXT,
    first_name=MAYBE,
    last_name=MAYBE,
    birth_date=st.none() | st.dates(date(1930, 1, 1), date(2010, 12, 31)),
    father_name=MAYBE,
    cin=st.none() | st.sampled_from(["BK100001", "A200002", "zz", "JM 300003"]),
    ice=st.none() | st.sampled_from(["001525698000084", "36794000036", "12"]),
    rc=st.none() | st.sampled_from(["400001", "RC 12/3"]),
    tribunal=st.none() | st.sampled_from(["Casablanca", "Rabat", "طنجة"]),
    invalid=st.frozensets(st.sampled_from(["cin", "ice"])),
    city=st.none() | st.sampled_from(["Casa", "Fès", "الرباط", "Nowhere"]),
    address=MAYBE,
    phones=st.lists(st.sampled_from(["0661234567", "+212 5 22 33 44 55", "12"]), max_size=2)
    .map(tuple),
)

KENZA = Description(kind="person", name="BENNANI Kenza", cin="BK100001", city="Rabat",
                    address="12 rue Ibn Sina, Agdal", phones=("0661234567",),
                    birth_date=date(1980, 5, 2))


@settings(max_examples=100, deadline=None)
@given(DESCRIPTIONS)
def test_a_form_read_back_is_the_form_normalisation_gives(description: Description) -> None:
    computed = Features.of(description)
    assert stored_forms.from_data(stored_forms.to_data(computed)) == computed


@settings(max_examples=100, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | TEXT,
                    lambda inner: st.lists(inner, max_size=12) | st.dictionaries(TEXT, inner,
                                                                                max_size=3)))
def test_anything_else_read_as_a_form_is_refused_or_a_form(data: object) -> None:
    try:
        features = stored_forms.from_data(data)  # type: ignore[arg-type]
    except ValueError:
        return
    assert isinstance(features, Features)


def test_the_key_names_every_field() -> None:
    changed = [replace(KENZA, name="BENNANI Kenza "), replace(KENZA, cin="BK100002"),
               replace(KENZA, city=None), replace(KENZA, phones=()),
               replace(KENZA, birth_date=date(1980, 5, 3)), replace(KENZA, kind="company"),
               replace(KENZA, invalid=frozenset({"cin"})), replace(KENZA, address="12 rue Ibn Sina")]
    keys = {stored_forms.key(d) for d in changed}
    assert stored_forms.key(KENZA) not in keys and len(keys) == len(changed)
    assert stored_forms.key(replace(KENZA)) == stored_forms.key(KENZA)


def test_the_key_and_the_version_are_the_same_in_another_process() -> None:
    code = ("from datetime import date; from matching import stored_forms as s; "
            "from matching.description import Description as D; "
            "print(s.key(D(kind='person', name='BENNANI Kenza', cin='BK100001', city='Rabat', "
            "address='12 rue Ibn Sina, Agdal', phones=('0661234567',), "
            "birth_date=date(1980, 5, 2), invalid=frozenset({'ice', 'cin'}))), s.version())")
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                              text=True, check=True)
        outputs.add(done.stdout.strip())
    here = replace(KENZA, invalid=frozenset({"cin", "ice"}))
    assert outputs == {f"{stored_forms.key(here)} {stored_forms.version()}"}


def test_the_version_follows_the_code_the_data_and_the_libraries(
        monkeypatch: pytest.MonkeyPatch) -> None:
    compute = stored_forms.version.__wrapped__
    files = stored_forms._package_files()
    assert any(name == "data/given_names.yml" for name, _ in files)
    assert any(name == "description.py" for name, _ in files)
    today = compute()
    edited = [(n, b + b"\n# x" if n == "data/given_names.yml" else b) for n, b in files]
    monkeypatch.setattr(stored_forms, "_package_files", lambda: edited)
    assert compute() != today
    monkeypatch.setattr(stored_forms, "_package_files", lambda: files)
    assert compute() == today
    monkeypatch.setattr(stored_forms.metadata, "version", lambda name: "0.0-other")
    assert compute() != today


def test_a_remembered_form_is_the_one_the_description_answers_with() -> None:
    stored = Features.of(replace(KENZA, name="SOMEONE Else"))
    fresh = replace(KENZA)
    fresh.remember(stored)
    assert fresh.features is stored
    own = replace(KENZA, city="Fès")
    computed = own.features
    own.remember(stored)  # a description that has its form keeps it
    assert own.features is computed


@settings(max_examples=100, deadline=None)
@given(DESCRIPTIONS)
def test_a_seeded_parse_is_the_parse_the_code_makes(description: Description) -> None:
    from matching.address_parse import _parse_address, parse_address
    from matching.companies import _parse_company_name, parse_company_name
    from matching.names import _parse_person_name, parse_person_name

    features = Features.of(description)
    stored = json.loads(json.dumps(stored_forms.parses(features)))  # as the store keeps it
    for parse in (parse_address, parse_company_name, parse_person_name):
        parse.cache_clear()
    assert stored_forms.seed(stored) == sum(len(v) for v in stored.values())
    if features.address:
        assert parse_address(features.address) == _parse_address(features.address)
        assert parse_address._seeds[features.address] == _parse_address(features.address)
    if features.name and features.kind == "person":
        assert parse_person_name._seeds[features.name] == _parse_person_name(features.name)
    if features.name and features.kind == "company":
        assert parse_company_name._seeds[features.name] == _parse_company_name(features.name)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["person", "company", "address", "other"]),
                       st.dictionaries(TEXT, st.lists(st.none() | TEXT | st.lists(TEXT),
                                                      max_size=13) | st.integers(), max_size=3),
                       max_size=3))
def test_stored_parses_of_another_shape_are_never_seeded(stored: dict) -> None:
    from matching.address_parse import parse_address
    from matching.companies import parse_company_name
    from matching.names import parse_person_name

    for parse in (parse_address, parse_company_name, parse_person_name):
        parse.cache_clear()
    stored_forms.seed(stored)
    for parse in (parse_address, parse_company_name, parse_person_name):
        for text, parsed in parse._seeds.items():
            assert len(stored_forms._values(parsed)) == len(
                next(v for k, v in stored.items() if stored_forms._PARSES.get(k, (None,))[0]
                     is parse)[text])


def test_seeds_are_bounded_and_emptied_whole() -> None:
    from matching.seeded import Seeded

    calls: list[str] = []

    def parse(text: str) -> str:
        calls.append(text)
        return text.upper()

    seeded = Seeded(parse, limit=2)
    seeded.seed("a", "SEEDED-A")
    seeded.seed("b", "SEEDED-B")
    assert seeded("a") == "SEEDED-A" and calls == []
    seeded.seed("c", "SEEDED-C")  # full: emptied, then kept
    assert seeded("a") == "A" and seeded("c") == "SEEDED-C" and calls == ["a"]
