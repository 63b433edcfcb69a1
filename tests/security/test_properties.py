"""Property-based tests (hypothesis) of the code that reads hostile input: the portfolio reader on
arbitrary bytes, the legal-notice parser on arbitrary text and HTML, the address parser, and
every identifier normalizer. They may reject; they never raise anything else, never hang (a
deadline per example, bounded sizes), and what the intake accepts the outputs can hold.

The normal-form and never-raises properties of the matching normalizers on names, companies and
phones are in tests/matching/test_properties.py; this file adds the parsing entry points.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from parsel import Selector

from matching import address_parse, addresses
from matching.identifiers import FORMATS, InvalidIdentifier, cin, cnss, plate, rc
from skiptrace.intake import PortfolioError, load_portfolio
from skiptrace.intake import identifiers as intake_identifiers
from skiptrace.intake.rows import MAX_ID_LENGTH, UNUSABLE_ID_CATEGORIES
from spiders import notices_parser, notices_text, parsing
from spiders.sources.legal_notices import parse_article

PROPERTY = settings(max_examples=200, deadline=2000,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

HEADERS = ["id", "id_debiteur", "nom", "prénom", "cin", "ice", "rc", "tribunal", "if", "cnss",
           "telephone", "email", "montant_dû", "date_naissance", "type", "raison_sociale",
           "ville", "adresse", "forme_juridique", "date_situation", "representant", "pere"]
SPECIAL = ["=1+1", "+212661234567", "-12,5", "@SUM(A1)", "'=x", "BK123456", "000000101000086",
           "RC 400001 Casablanca", "12/03/1979", "31/02/1980", "1.234.567,50 DH", "personne morale",
           "SARL AU", "STE ATLAS", '"', '""', "\x00", "\r", "\n", "\t", "\u2028", "\u202e", "\ufeff",
           "../x", "ملف ٤٥", "x" * 200, "0661 00 10 20 / 0522 00 10 20", "a@b.ma", "sep=;"]
CELL = st.one_of(st.text(max_size=12), st.sampled_from(SPECIAL))
CODECS = ["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le", "utf-16-be"]


@st.composite
def csv_bytes(draw: st.DrawFn) -> bytes:
    delimiter = draw(st.sampled_from([";", ",", "\t", "|"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    width = draw(st.integers(1, 7))
    header = draw(st.lists(st.one_of(st.sampled_from(HEADERS), st.text(max_size=8)),
                           min_size=width, max_size=width))
    rows = draw(st.lists(st.lists(CELL, max_size=width + 1), max_size=8))
    text = newline.join(delimiter.join(cells) for cells in [header, *rows])
    return text.encode(draw(st.sampled_from(CODECS)), errors="replace")


@st.composite
def jsonl_bytes(draw: st.DrawFn) -> bytes:
    value = st.one_of(CELL, st.integers(), st.floats(), st.none(), st.booleans(),
                      st.lists(CELL, max_size=3), st.dictionaries(CELL, CELL, max_size=2))
    line = st.one_of(st.dictionaries(st.sampled_from(HEADERS), value, max_size=6).map(json.dumps),
                     st.text(max_size=20), st.sampled_from(["[]", "null", "{", "[" * 3000]))
    lines = draw(st.lists(line, min_size=1, max_size=6))
    return "\n".join(lines).encode("utf-8", errors="surrogatepass")


PORTFOLIO = st.one_of(csv_bytes(), jsonl_bytes(), st.binary(max_size=600),
                      st.binary(max_size=300).map(lambda b: codecs.BOM_UTF16_LE + b))


def inert(cell: str) -> bool:
    return not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n", "\0")) and \
        not cell.lstrip().startswith(("=", "+", "-", "@"))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("portfolios")


@PROPERTY
@given(data=PORTFOLIO, suffix=st.sampled_from([".csv", ".jsonl", ".txt"]))
@example(data="\n".join(["id;nom", "D1;A", "D1;B"]).encode(), suffix=".csv")
@example(data=b"id\r;", suffix=".csv")  # found by this test: csv.Error on the header line
@example(data=b'{"id": "D\\u0000", "nom": "A"}\n[[[[\n{"nom": "\\ud800"}', suffix=".jsonl")
def test_properties_portfolio_reader_rejects_rows_or_refuses_the_file_never_crashes(
        folder: Path, data: bytes, suffix: str) -> None:
    path = folder / f"portfolio{suffix}"
    rejects, warnings = folder / "rejects.csv", folder / "warnings.csv"
    path.write_bytes(data)
    try:
        result = load_portfolio(path, rejects, warnings)
    except PortfolioError as exc:
        assert str(exc)
        return
    assert result.rows == result.accepted + result.rejected
    ids = [d.debtor_id for d in result.debtors]
    assert len(set(ids)) == len(ids), "one debtor id, one row"
    for debtor in result.debtors:
        assert 0 < len(debtor.debtor_id) <= MAX_ID_LENGTH
        assert not {unicodedata.category(c) for c in debtor.debtor_id} & UNUSABLE_ID_CATEGORIES
        # what the intake accepts, the outputs (UTF-8 JSON, SQLite) can hold
        json.dumps(debtor.to_dict(), ensure_ascii=False, default=str).encode("utf-8")
    for written in (rejects, warnings):
        with open(written, encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle, delimiter=";"):
                assert all(inert(cell) for cell in row), row


NOTICE_WORDS = ["Société à responsabilité limitée", "SARL", "SARL AU", "constitution",
                "cession de parts", "gérant", "M.", "Mme", "Monsieur", "titulaire de la CIN",
                "BK123456", "au capital de", "100.000,00", "dirhams", "siège social", ":", ",",
                "registre de commerce de", "Casablanca", "sous le n°", "12345", "Tribunal de "
                "commerce de Rabat", "dissolution", "transfert du siège", "parts", "associé unique",
                "demeurant à", "Rue", "N°", "(", ")", "\n", "«", "»", "عبد", "'"]
NOTICE_TEXT = st.one_of(st.text(max_size=200),
                        st.lists(st.one_of(st.sampled_from(NOTICE_WORDS), st.text(max_size=6)),
                                 max_size=40).map(" ".join))


@PROPERTY
@given(NOTICE_TEXT, st.one_of(st.none(), NOTICE_TEXT))
def test_properties_notice_parser_never_raises(text: str, title: str | None) -> None:
    fields = notices_parser.parse_notice(text, title)
    assert isinstance(fields, dict) and fields["notice_kind"]
    kind = notices_parser.notice_kind(text, title)
    notices_parser.denomination(text, title)
    notices_parser.capital(text)
    notices_parser.seat(text, kind)
    notices_parser.rc(text)
    notices_text.city_of(text)
    for start in (0, len(text) // 2, len(text)):
        assert isinstance(notices_text.clause(text, start), str)
        assert isinstance(notices_text.sentence(text, start, len(text)), str)
    parsing.parse_amount(text)
    parsing.parse_int(text)
    parsing.parse_date(text)
    parsing.clean_text(text)


@PROPERTY
@given(st.one_of(
    st.text(max_size=300),
    st.tuples(NOTICE_TEXT, NOTICE_TEXT, st.text(max_size=12), st.text(max_size=12)).map(
        lambda t: (f'<article class="notice" data-id="{t[2]}"><h2 class="title"><a href="{t[3]}">'
                   f'{t[1]}</a></h2><time class="published" datetime="{t[2]}">{t[3]}</time>'
                   f'<span class="journal">{t[3]}</span><div class="text">{t[0]}</div></article>'))))
def test_properties_notice_html_parser_never_raises(html: str) -> None:
    for article in Selector(text=html or "<p></p>").css("article.notice"):
        assert isinstance(parse_article(article), dict)


ADDRESS_WORDS = ["N°", "12", "Rue", "Bd", "Avenue", "Hay", "Riad", "Imm", "Appt", "Etage", "Bloc",
                 "Résidence", "Lot", "Km", "7", "Route de", "Casablanca", "Casa", "20000", "Q.",
                 "Quartier", "Derb", "Sidi", "Moulay", "BP", "،", "شارع", "رقم", ",", "-", "/"]
ADDRESS = st.one_of(st.text(max_size=80),
                    st.lists(st.one_of(st.sampled_from(ADDRESS_WORDS), st.text(max_size=5)),
                             max_size=14).map(" ".join))


@PROPERTY
@given(ADDRESS)
def test_properties_address_parser_never_raises(s: str) -> None:
    parts = address_parse.parse_address(s)
    assert isinstance(addresses.render(parts), str)
    normal = addresses.normalize_address(s)
    assert isinstance(normal, str)
    assert addresses.same_name(s, s) in (True, False)


IDENTIFIER = st.one_of(
    st.text(max_size=30), st.none(), st.integers(),
    st.from_regex(r"[A-Za-z]{0,3}[ -]?\d{1,16}[ /|-]?[A-Za-zأبده]?[ /|-]?\d{0,3}", fullmatch=True),
    st.sampled_from(["RC n° 123456 Casablanca", "T 12345/07", "12345-أ-6", "BK 123 456",
                     "00000010100008 6", "٠٠١٢٣", "ＢＫ１２３４５６", "\x00", "\u202e123"]),
)


@PROPERTY
@given(IDENTIFIER, st.one_of(st.none(), st.text(max_size=15)))
def test_properties_identifier_normalizers_never_raise_but_invalid(value: object,
                                                                   tribunal: str | None) -> None:
    for module in FORMATS:
        # normalize and is_valid never raise; the strict verbs may refuse, with InvalidIdentifier
        assert module.is_valid(value) in (True, False), module.NAME
        once = module.normalize(value)
        assert once is None or module.normalize(once) == once, module.NAME
        for strict in (module.compact, module.validate, module.format,
                       getattr(module, "parse", None)):
            if strict is not None:
                with contextlib.suppress(InvalidIdentifier):
                    strict(value)
    rc.is_valid(value, tribunal)
    rc.has_tribunal(value, tribunal)
    rc.normalize(value, tribunal)
    cnss.kind(value)
    cin.prefix(value)
    cin.issuing_city(value)
    cin.is_standard(value)
    plate.region_name(value)


@PROPERTY
@given(st.text(max_size=30), st.one_of(st.none(), st.text(max_size=15)))
def test_properties_intake_identifier_checks_never_raise(raw: str, tribunal: str | None) -> None:
    for scheme in intake_identifiers.SCHEMES:
        ident, note = intake_identifiers.check(scheme, raw, tribunal)
        assert ident.scheme == scheme and (ident.valid or ident.reason)
        assert isinstance(intake_identifiers.lookup_value(scheme, raw), str)
    intake_identifiers.court_key(tribunal)
