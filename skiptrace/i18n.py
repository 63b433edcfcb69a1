"""The words people read, in their language: gettext catalogues, French by default.

Source strings are English (``_("Assets")``); each language but English has a catalogue
``skiptrace/locale/<lang>/LC_MESSAGES/skiptrace.po`` compiled to ``.mo`` and shipped with the
package (docs/i18n.md says how to add one, Arabic say). The language is process-wide: the CLI
sets it once from ``--lang`` or ``$SKIPTRACE_LANG`` before any command prints; JSON for machines
is never translated. :func:`set_language` also exports ``SKIPTRACE_LANG`` so that worker
processes (spawned, they re-import this module) write their reports in the same language.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "skiptrace"
LOCALE_DIR = Path(__file__).with_name("locale")
SOURCE_LANGUAGE = "en"
DEFAULT_LANGUAGE = "fr"
ENV = "SKIPTRACE_LANG"

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE


def languages() -> list[str]:
    """The languages one can ask for: English (the source strings) and every catalogue shipped."""
    shipped = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return sorted({SOURCE_LANGUAGE, *shipped})


def set_language(lang: str | None = None) -> str:
    """Use ``lang`` (default ``$SKIPTRACE_LANG``, else French) from now on; returns it.

    Raises ValueError naming the languages there are when no catalogue exists for ``lang``."""
    chosen = _install(lang or os.environ.get(ENV) or DEFAULT_LANGUAGE)
    os.environ[ENV] = chosen
    return chosen


def _install(lang: str) -> str:
    global _current, _language
    chosen = lang.strip().lower()
    if chosen == SOURCE_LANGUAGE:
        _current = gettext.NullTranslations()
    else:
        try:
            _current = gettext.translation(DOMAIN, LOCALE_DIR, languages=[chosen])
        except OSError as exc:
            raise ValueError(f"no catalogue for language {chosen!r}: use one of "
                             f"{', '.join(languages())}") from exc
    _language = chosen
    return chosen


def language() -> str:
    """The language in use (a code such as ``fr``)."""
    return _language


def _(message: str) -> str:
    """``message`` (English) in the current language."""
    return _current.gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it yet (a title passed on and
    translated where it is printed)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` that agrees with ``n`` in the current language
    (French counts 0 and 1 as singular: "0 jour", "1 jour", "2 jours")."""
    return _current.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in a context (msgctxt), for a word the language splits by meaning."""
    return _current.pgettext(context, message)


try:
    _install(os.environ.get(ENV) or DEFAULT_LANGUAGE)
except ValueError:  # a $SKIPTRACE_LANG with no catalogue: the CLI says so when it sets it
    _current, _language = gettext.NullTranslations(), SOURCE_LANGUAGE
