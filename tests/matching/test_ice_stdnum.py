"""Our ICE layer against python-stdnum's ``stdnum.ma.ice`` on the same inputs (decision 0012).

Where both read a value they must agree; where we differ, the test says exactly how: all zeros
(stdnum accepts, we refuse), exports without their leading zeros (we pad, stdnum reports a
length), labels, Arabic-Indic digits and dots (we clean them, stdnum only strips spaces) and
the error kinds our callers catch. Digits of other scripts are refused by both.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from stdnum import exceptions as stdnum_errors
from stdnum.ma import ice as stdnum_ice

from matching.identifiers import InvalidChecksum, InvalidFormat, InvalidLength, ice

MANY = settings(max_examples=1000, deadline=None)
DIGITS = "0123456789"
ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
ALL_ZEROS = "0" * 15


def _stdnum(value: str) -> str | type[Exception]:
    try:
        return stdnum_ice.validate(value)
    except stdnum_errors.ValidationError as exc:
        return type(exc)


def _ours(value: object) -> str | type[Exception]:
    try:
        return ice.validate(value)
    except ValueError as exc:
        return type(exc)


def valid_ices() -> st.SearchStrategy[str]:
    first13 = st.text(alphabet=DIGITS, min_size=13, max_size=13).filter(lambda s: int(s) > 0)
    return first13.map(lambda f: f + ice.calc_check_digits(f))


@MANY
@given(st.text(alphabet=DIGITS, min_size=15, max_size=15))
@example(ALL_ZEROS)
@example("001561191000066")  # stdnum's own doctest value
def test_every_15_digit_string_gets_the_same_verdict(value):
    theirs, ours = _stdnum(value), _ours(value)
    if value == ALL_ZEROS:
        assert theirs == value and ours is InvalidFormat  # the one place we are stricter
    elif theirs == value:
        assert ours == value
    else:
        assert theirs is stdnum_errors.InvalidChecksum and ours is InvalidChecksum


@MANY
@given(st.text(alphabet=DIGITS, min_size=1, max_size=14))
def test_short_exports_are_the_padded_value_or_a_length_error(value):
    theirs, ours = _stdnum(value.zfill(15)), _ours(value)
    assert _stdnum(value) is stdnum_errors.InvalidLength  # stdnum does not pad in validate
    if int(value) == 0:
        assert ours is InvalidFormat
    elif theirs == value.zfill(15):
        assert ours == theirs
    else:
        assert ours is InvalidLength


@MANY
@given(st.text(alphabet=DIGITS, min_size=16, max_size=30))
def test_too_long_is_a_length_error_for_both(value):
    assert _stdnum(value) is stdnum_errors.InvalidLength and _ours(value) is InvalidLength


@MANY
@given(valid_ices())
def test_our_check_digits_verify_in_stdnum(value):
    assert stdnum_ice.is_valid(value)
    assert ice.calc_check_digits(value[:13]) == value[13:]


@MANY
@given(valid_ices(), st.data())
def test_compact_and_format_agree_on_spaced_input(value, data):
    cuts = sorted(data.draw(st.lists(st.integers(1, 14), max_size=5, unique=True)))
    spaced = " ".join(value[a:b] for a, b in zip([0, *cuts], [*cuts, 15], strict=True))
    assert ice.compact(spaced) == stdnum_ice.compact(spaced) == value
    assert ice.format(spaced) == stdnum_ice.format(spaced) == value


@MANY
@given(valid_ices(), st.sampled_from(["", "ICE ", "ICE : ", "I.C.E. N° ", "ice n° "]),
       st.sampled_from([" ", ".", "-", ""]), st.booleans())
def test_our_extras_reach_the_value_stdnum_validates(value, label, separator, arabic):
    digits = value.translate(str.maketrans(DIGITS, ARABIC_INDIC)) if arabic else value
    raw = label + separator.join([digits[:3], digits[3:9], digits[9:]])
    assert ice.validate(raw) == value == stdnum_ice.validate(value)


@MANY
@given(st.text(max_size=40))
@example("०००००0101000086")  # Devanagari zeros: str.isdigit() says yes
@example("۰۰۰۰۰۰۱۰۱۰۰۰۰۸۶")  # Persian digits
def test_whatever_we_accept_is_ascii_and_valid_for_stdnum(raw):
    result = _ours(raw)
    if isinstance(result, str):
        assert result.isascii() and stdnum_ice.validate(result) == result
    else:
        assert result in (InvalidFormat, InvalidLength, InvalidChecksum)


@pytest.mark.parametrize("raw", ["०००००0101000086", "१२३४५६७८९०००००१"])
def test_digits_of_other_scripts_are_a_format_error(raw):
    """Before stdnum, ``str.isdigit`` let Devanagari digits through as a 'canonical' ICE."""
    with pytest.raises(InvalidFormat):
        ice.validate(raw)
    assert _stdnum(raw) is stdnum_errors.InvalidFormat
