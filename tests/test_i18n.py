"""The catalogues: what ships is what was translated, and every string people read has a
translation (skiptrace.i18n, docs/i18n.md)."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from click.testing import CliRunner

from skiptrace import i18n
from skiptrace.cli import cli
from skiptrace.i18n import _, language, languages, ngettext, set_language
from skiptrace.labels import KINDS, label, table

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "skiptrace" / "locale"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


def _catalogue(lang: str):
    with open(LOCALE / lang / "LC_MESSAGES" / "skiptrace.po", "rb") as fh:
        return read_po(fh)


def _source_messages() -> set[tuple[str | None, str]]:
    """(context, msgid) of every string marked in our code and every label, as pybabel sees
    them with babel.cfg."""
    from babel.messages.frontend import parse_mapping_cfg

    with open(ROOT / "babel.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        found.add((context, message[0] if isinstance(message, tuple) else message))
    return found


def test_every_marked_string_and_label_has_a_french_translation() -> None:
    po = _catalogue("fr")
    wanted = _source_messages()
    assert len(wanted) > 300  # the extraction really ran over the code and labels.yml
    missing = []
    for context, msgid in sorted(wanted, key=str):
        entry = po.get(msgid, context=context)
        strings = entry.string if entry is not None else ""
        if not entry or not all(strings if isinstance(strings, tuple) else (strings,)):
            missing.append(f"{context or ''}|{msgid}")
    assert not missing, "translate these in skiptrace/locale/fr (docs/i18n.md): " + "; ".join(missing)


def test_translations_keep_their_placeholders() -> None:
    for entry in _catalogue("fr"):
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        wanted = set(re.findall(r"\{(\w+)\}", ids[-1]))
        for text in strings:
            assert set(re.findall(r"\{(\w+)\}", text)) == wanted, (entry.id, text)


def test_the_shipped_mo_is_the_compiled_po() -> None:
    """A .po edited without `pybabel compile` would ship stale words: compare them."""
    po = _catalogue("fr")
    with open(LOCALE / "fr" / "LC_MESSAGES" / "skiptrace.mo", "rb") as fh:
        mo = gettext.GNUTranslations(fh)
    for entry in po:
        if not entry.id or entry.fuzzy:
            continue
        key = entry.id if not isinstance(entry.id, tuple) else entry.id[0]
        if entry.context:
            key = f"{entry.context}\x04{key}"
        if isinstance(entry.id, tuple):
            for i, text in enumerate(entry.string):
                assert mo._catalog[(key, i)] == text, entry.id  # type: ignore[attr-defined]
        else:
            assert mo._catalog[key] == entry.string, entry.id  # type: ignore[attr-defined]


def test_every_label_kind_is_known_and_every_code_translated() -> None:
    assert set(table()) == set(KINDS)
    set_language("fr")
    same = [(k, c) for k in KINDS for c, words in table()[k].items()
            if label(k, c) == words and words.lower() not in _SAME_IN_FRENCH]
    assert not same, same


# English labels that French writes the same way.
_SAME_IN_FRENCH = {"cin", "ice", "rc", "api", "e-mail", "capital", "zone", "villa", "active",
                   "action", "format", "source", "segment", "conf.", "purge",
                   "company stake (valuation §9.3)"}


def test_french_counts_zero_and_one_as_singular() -> None:
    set_language("fr")
    words = [ngettext("purged {n} debtor", "purged {n} debtors", n).format(n=n) for n in (0, 1, 2)]
    assert words == ["0 débiteur purgé", "1 débiteur purgé", "2 débiteurs purgés"]
    set_language("en")
    assert ngettext("purged {n} debtor", "purged {n} debtors", 1).format(n=1) == "purged 1 debtor"


def test_a_too_broad_search_reads_its_count_or_its_bound_in_french() -> None:
    """model.too_broad_search's two forms come back as words: the store's counts stop one past
    the cap, so a local search too broad says "plus de 50", never a made-up total."""
    from skiptrace.labels import reason
    from skiptrace.model import too_broad_reason, too_broad_search
    text = too_broad_reason([too_broad_search("name EL******", 50, more=True),
                             too_broad_search("cin BK******", 1014)])
    set_language("fr")
    try:
        words = reason(text)
    finally:
        set_language("en")
    assert "(plus de 50 résultats)" in words and "(1\xa0014 résultats)" in words
    assert "more than" not in words and "results)" not in words


def test_an_unknown_language_names_the_ones_there_are() -> None:
    assert {"en", "fr"} <= set(languages())
    with pytest.raises(ValueError, match="no catalogue for language 'ar'.*en, fr"):
        set_language("ar")
    result = CliRunner().invoke(cli, ["--lang", "ar", "sources"])
    assert result.exit_code == 2 and "no catalogue for language 'ar'" in result.output


def test_the_cli_speaks_french_by_default_and_english_when_asked(monkeypatch: pytest.MonkeyPatch
                                                                 ) -> None:
    monkeypatch.delenv(i18n.ENV, raising=False)
    french = CliRunner().invoke(cli, ["sources"], env={"COLUMNS": "200"})
    assert french.exit_code == 0, french.output
    assert "Sources configurées" in french.output and "Configured sources" not in french.output
    english = CliRunner().invoke(cli, ["--lang", "en", "sources"], env={"COLUMNS": "200"})
    assert "Configured sources" in english.output and language() == "en"
    by_env = CliRunner().invoke(cli, ["sources"], env={"SKIPTRACE_LANG": "en", "COLUMNS": "200"})
    assert "Configured sources" in by_env.output
    set_language("fr")
    assert _("Audit log") == "Journal d'audit"
