"""Every normalizer takes arbitrary text without raising, and its normal form is a fixed point."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import addresses, companies, names, phones, text
from matching.identifiers import FORMATS

# Latin with accents, Arabic, digits and the punctuation names and addresses carry.
ALPHABET = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèêëïîôûçâÏÉ")
    + list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآةىؤئـًٌٍَُِّْ")
    + list("0123456789٠١٢٣٤٥٦٧٨٩ '’-.,;/|&()°+")
)
TEXT = st.one_of(st.text(alphabet=ALPHABET, max_size=40), st.text(max_size=30))
WORDS = st.lists(
    st.sampled_from(["el", "al", "ben", "ait", "ou", "abd", "Moulay", "Sidi", "fils", "de",
                     "bent", "épouse", "Vve", "Mohamed", "M'hamed", "Fatima", "Zahra",
                     "ALAOUI", "Ezzahra", "Nour", "Eddine", "Simo", "F.", "Rue", "N°", "12",
                     "Hay", "Riad", "Imm", "Appt", "Casa", "20000", "SARL", "AU", "S.A.R.L", "Ste",
                     "محمد", "العلوي", "بن", "&", "et", "Et-", "Tazi", "en", "Naciri", "Bel",
                     "Haj", "AIT", "Ouahmane", "Ech", "chafii"]),
    max_size=8,
).map(" ".join)
ANY = st.one_of(TEXT, WORDS)
FAST = settings(max_examples=150, deadline=None)


@FAST
@given(ANY)
def test_fold_is_idempotent(s):
    assert text.fold(text.fold(s)) == text.fold(s)


@FAST
@given(ANY)
def test_text_helpers_never_raise(s):
    assert isinstance(text.skeleton(s), str)
    assert isinstance(text.transliterate_arabic(s), str)
    assert text.tokens(s) == text.fold(s).split()


@FAST
@given(st.text(alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويةى ")), max_size=20))
def test_transliteration_keeps_the_arabic_skeleton(s):
    assert text.skeleton(text.transliterate_arabic(s)) == text.skeleton(s)


NORMALIZERS = {
    "person_name": names.normalize_person_name,
    "company_name": companies.normalize_company_name,
    "address": addresses.normalize_address,
    "city": addresses.normalize_city,
}


@pytest.mark.parametrize("name", sorted(NORMALIZERS))
@FAST
@given(s=ANY)
def test_normal_form_is_a_fixed_point(name, s):
    normalize = NORMALIZERS[name]
    once = normalize(s)
    assert once is None or normalize(once) == once


@FAST
@given(ANY, ANY)
def test_person_name_comparison_never_raises_and_is_bounded(a, b):
    result = names.compare_person_names(a, b)
    assert 0.0 <= result.score <= 1.0
    assert isinstance(names.person_name_keys(a), frozenset)
    assert isinstance(names.canonical_given(a), str)


@FAST
@given(ANY, ANY)
def test_company_comparison_never_raises(a, b):
    assert 0.0 <= companies.compare_company_names(a, b).score <= 1.0
    assert isinstance(companies.company_name_keys(a), frozenset)


@FAST
@given(ANY, ANY)
def test_address_comparison_never_raises(a, b):
    assert 0.0 <= addresses.compare_addresses(a, b).score <= 1.0


@FAST
@given(st.one_of(ANY, st.from_regex(r"\+?(00)?(212)? ?0?[5-8]\d[ .-]?\d{2}[ .-]?\d{2}[ .-]?\d{2}[ .-]?\d{0,2}",
                                     fullmatch=True)))
def test_phone_normal_form_is_a_fixed_point(s):
    once = phones.normalize_phone(s)
    assert once is None or phones.normalize_phone(once) == once


@FAST
@given(st.one_of(ANY, st.from_regex(r"[A-Za-z]{0,3}[ -]?\d{1,16}[ /|-]?[A-Za-zأبده]?[ /|-]?\d{0,3}",
                                     fullmatch=True)))
def test_identifier_normal_forms_are_fixed_points(s):
    for module in FORMATS:
        once = module.normalize(s)
        assert once is None or module.normalize(once) == once, module.NAME


@FAST
@given(WORDS, WORDS)
def test_comparisons_are_symmetric(a, b):
    assert names.compare_person_names(a, b).level == names.compare_person_names(b, a).level
    assert companies.compare_company_names(a, b).level == companies.compare_company_names(b, a).level
    assert addresses.compare_addresses(a, b).level == addresses.compare_addresses(b, a).level
