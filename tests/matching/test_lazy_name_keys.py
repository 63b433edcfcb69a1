"""A party's blocking keys are computed when blocking asks for them, not with its form (issue
17): scoring a debtor against the parties its searches found never reads them, and at 10^5
nearly every party is normalised cold, so computing them up front was a large share of a batch
worker's CPU for nothing."""

from __future__ import annotations

import pytest

from matching import domain
from matching.description import DESCRIPTION_BLOCKING, Description, Features


def test_the_form_is_built_without_the_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(name: str, kind: str) -> tuple[str, ...]:
        raise AssertionError("name keys computed with the form")

    monkeypatch.setattr(domain, "name_keys", refuse)
    form = Features.of(Description(name="EL ALAOUI Mohamed", city="Fès", cin="AB123456"))
    assert form.surname == "alaoui"
    with pytest.raises(AssertionError):
        _ = form.name_keys


def test_the_keys_are_the_name_keys_and_kept() -> None:
    form = Features.of(Description(name="Sté ATLAS TRAVAUX SARL", kind="company"))
    assert form.name_keys == domain.name_keys("Sté ATLAS TRAVAUX SARL", "company")
    assert form.name_keys is form.name_keys  # computed once
    assert Features.of(Description(name="")).name_keys == ()


def test_a_memo_changes_no_equality() -> None:
    a = Features.of(Description(name="BENNANI Rachid", city="Rabat"))
    b = Features.of(Description(name="BENNANI Rachid", city="Rabat"))
    _ = a.name_keys
    assert a == b


def test_blocking_still_meets_spellings() -> None:
    left = [Description(name="Mohamed EL ALAOUI", city="Fès")]
    right = [Description(name="ALAOUI Mohammed", city="Fes"), Description(name="TAZI Amine")]
    pairs = {(int(i), int(j)) for i, j in zip(*DESCRIPTION_BLOCKING.pairs(left, right),
                                               strict=True)}
    assert (0, 0) in pairs
