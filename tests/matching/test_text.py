from __future__ import annotations

import pytest

from matching.text import (
    arabic_vowels_fit,
    fold,
    is_arabic,
    skeleton,
    tokens,
    transliterate_arabic,
    vowel_pattern,
    vowels_compatible,
)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Fès", "fes"),
        ("  CHRAÏBI--Fatima-Zahra ", "chraibi fatima zahra"),
        ("M'hamed", "m hamed"),
        ("مُحَمَّد", "محمد"),
        ("محـــمد", "محمد"),
        ("N°١٢", "n 12"),
        ("Œuvre", "oeuvre"),
        ("", ""),
    ],
)
def test_fold(raw, folded):
    assert fold(raw) == folded


def test_tokens():
    assert tokens("Ben-Jelloun, Fatima") == ["ben", "jelloun", "fatima"]


def test_is_arabic():
    assert is_arabic("Mohamed محمد")
    assert not is_arabic("Mohamed")
    assert not is_arabic("")


@pytest.mark.parametrize(
    "group",
    [
        ["Mohamed", "Mohammed", "Muhammad", "Mouhamed", "محمد", "مُحَمَّد"],
        ["Abdelkader", "Abd El Kader", "Abdel Kader", "عبد القادر"],
        ["Fatima Zahra", "Fatima Ezzahra", "Fatima El Zahra", "فاطمة الزهراء"],
        ["El Idrissi", "Elidrissi", "الإدريسي"],
        ["Youssef", "Youcef", "Yusuf", "يوسف"],
        ["Khadija", "Khadidja", "خديجة"],
        ["Bouchra", "Bushra", "بشرى"],
        ["Ouazzani", "Wazzani"],
        ["Benjelloun", "Ben Jelloun", "بن جلون"],
        ["Abderrahim", "Abdel Rahim", "عبد الرحيم", "عبدالرحيم"],
        ["Noureddine", "نور الدين"],
        ["Echchafii", "الشافعي", "El Chafii"],
        ["Gilali", "Jilali"],
        ["Agadir", "أكادير"],
    ],
)
def test_skeleton_meets_across_spellings_and_scripts(group):
    assert len({skeleton(x) for x in group}) == 1, {x: skeleton(x) for x in group}


@pytest.mark.parametrize(
    ("a", "b"),
    [("Mohamed", "Ahmed"), ("Alaoui", "Bennani"), ("Karim", "Hakim"), ("Tazi", "Fassi")],
)
def test_skeleton_keeps_different_names_apart(a, b):
    assert skeleton(a) != skeleton(b)


def test_transliterate_arabic_romanises_in_french_orthography():
    assert transliterate_arabic("محمد") == "mhmd"
    assert transliterate_arabic("الزهراء").startswith("ezz")
    assert transliterate_arabic("الإدريسي").startswith("el")
    assert transliterate_arabic("شريف") == "chrif"
    assert transliterate_arabic("Mohamed") == "mohamed"


@pytest.mark.parametrize("gaf", ["ڭ", "ݣ", "گ"])
def test_the_moroccan_gaf_reads_g_in_every_form_it_is_typed(gaf):
    """/g/ is typed with ڭ (U+06AD), ݣ (U+0763, Arabic Supplement block) or گ: a title owned by
    "ݣسوس" is GUESSOUS's, and a letter the table lacks left the name "different" (issue 12,
    development seed 40961: a co-owner entry with the debtor's own CIN scored 0.02)."""
    assert transliterate_arabic(f"{gaf}سوس") == "gsous"
    assert skeleton(f"{gaf}سوس") == skeleton("Guessous") == skeleton("Gassous")


@pytest.mark.parametrize("word", ["محمد", "فاطمة الزهراء", "عبد القادر", "إسحاق", "الشرايبي"])
def test_transliteration_keeps_the_skeleton(word):
    assert skeleton(transliterate_arabic(word)) == skeleton(word)


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [("Ouazzani", "Wazzani", True), ("Amrani", "Omrani", True), ("Kettani", "Kattani", True),
     ("Tahiri", "Tahri", True), ("Aicha", "Aycha", True), ("Idrissi", "Drissi", True),
     ("Bennani", "Bennouna", False), ("Alami", "Allam", False), ("M'hamed", "Mohamed", False)],
)
def test_vowels_compatible(a, b, compatible):
    assert vowels_compatible(a, b) is compatible
    assert vowels_compatible(b, a) is compatible


def test_vowel_pattern():
    assert vowel_pattern("Bennouna") == "AUA"
    assert vowel_pattern("") == ""


@pytest.mark.parametrize(
    ("arabic", "latin", "fits"),
    [("بنونة", "Bennouna", True), ("بنونة", "Bennani", False), ("بناني", "Bennouna", False),
     ("العلوي", "Alaoui", True), ("الإدريسي", "Idrissi", True), ("يوسف", "Youssef", True),
     ("مصطفى", "Mustapha", True), ("محمد", "Mohamed", True)],
)
def test_arabic_vowels_fit(arabic, latin, fits):
    assert arabic_vowels_fit(arabic, latin) is fits
