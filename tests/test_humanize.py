"""Numbers, amounts, percentages and dates as French readers write them (skiptrace.humanize)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skiptrace import humanize
from skiptrace.humanize import GROUP, day, moment, money, number, percent
from skiptrace.i18n import language, set_language


@pytest.fixture
def french() -> Iterator[None]:
    before = language()
    set_language("fr")
    yield
    set_language(before)


def _parse(text: str, mark: str) -> float:
    return float(text.replace(GROUP, "").replace(mark, "."))


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.integers(0, 3))
def test_a_number_reads_back_to_its_rounded_value_in_groups_of_three(value: float, decimals: int
                                                                     ) -> None:
    set_language("fr")
    text = number(value, decimals)
    assert text.count(",") == (1 if decimals else 0)  # the decimal mark only, never thousands
    whole = text.lstrip("-").split(",")[0]
    groups = whole.split(GROUP)
    assert all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3, text
    assert _parse(text, ",") == pytest.approx(round(value, decimals), abs=10 ** -decimals)
    assert text != "-0" and not re.fullmatch(r"-0(,0+)?", text)  # no negative zero


@given(st.integers(min_value=0, max_value=10**12))
def test_whole_amounts_never_use_a_comma(value: int) -> None:
    set_language("fr")
    text = money(value)
    assert text.endswith(f"{GROUP}MAD") and "," not in text and "." not in text
    assert int(text.removesuffix(f"{GROUP}MAD").replace(GROUP, "")) == value


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_english_keeps_the_space_and_takes_the_point(value: float) -> None:
    set_language("en")
    try:
        text = number(value, 2)
        assert "," not in text
        assert _parse(text, ".") == pytest.approx(round(value, 2), abs=0.01)
    finally:
        set_language("fr")


def test_examples_from_the_issue(french: None) -> None:
    assert money(1538362) == "1\u00a0538\u00a0362\u00a0MAD"
    assert number(0.954, 2) == "0,95" and number(None) == "—" and number(float("nan")) == "—"
    assert day("2026-12-04T18:05:00+00:00") == "04/12/2026" and day(date(2026, 1, 2)) == "02/01/2026"
    assert moment("2026-12-04T18:05:59+00:00", local=False) == "04/12/2026 18:05"
    assert day(None) == "—" and moment("") == "—"


def test_a_percentage_multiplies_the_ratio_once(french: None) -> None:
    set_language("fr")
    assert percent(1.2616) == "126\u00a0%" and percent(99) == "9\u00a0900\u00a0%"
    assert percent(0.5) == "50\u00a0%" and percent(None) == "—"
    set_language("en")
    assert percent(1.2616) == "126%"


def test_a_moment_is_shown_on_the_readers_clock() -> None:
    casablanca = timezone(timedelta(hours=1))
    when = datetime(2026, 12, 4, 17, 5, tzinfo=UTC)
    assert moment(when.astimezone(casablanca), local=False) == "04/12/2026 18:05"
    assert moment(when) == when.astimezone().strftime("%d/%m/%Y %H:%M")


def test_the_module_has_no_comma_formatting_left() -> None:
    """The renderers once formatted with ``{:,.0f}`` (1,538,362); none may do it again."""
    import pathlib

    root = pathlib.Path(humanize.__file__).parent
    offenders = [str(p) for p in (root / "render").glob("*.py")
                 if re.search(r":,\.?\d*[fg]", p.read_text("utf-8"))]
    offenders += [str(p) for p in (root / "app.py", *(root / "evaluate").glob("*.py"))
                  if re.search(r":,\.?\d*[fg]", p.read_text("utf-8"))]
    assert not offenders, offenders
