"""A Debtor from what an investigator types at the terminal (``skiptrace lookup --name ...``)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from skiptrace.errors import ConfigError
from skiptrace.model import Debtor, stable_id

_LEGAL_FORM = re.compile(r"\b(s\.?a\.?r\.?l|sarlau|s\.?a|snc|sas|ste|sté|société|ets|groupe)\b",
                         re.IGNORECASE)


def _birth_date(text: str | None) -> date | None:
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ConfigError(f"birth date {text!r}: use YYYY-MM-DD or DD/MM/YYYY")


def _kind(kind: str | None, name: str | None, ice: str | None, rc: str | None) -> str:
    if kind:
        return kind
    if ice or rc or (name and _LEGAL_FORM.search(name)):
        return "company"
    return "person"


def debtor_from_options(
    *, name: str | None = None, kind: str | None = None, cin: str | None = None,
    ice: str | None = None, rc: str | None = None, tribunal: str | None = None,
    phone: str | None = None, city: str | None = None, address: str | None = None,
    birth_date: str | None = None, **_ignored: Any,
) -> Debtor:
    """Identifiers are checked like the portfolio's: a bad one is kept but never trusted."""
    from skiptrace.intake.identifiers import check

    if not (name or cin or ice or rc or phone):
        raise ConfigError("say whom to look up: --name, --cin, --ice, --rc or --phone (or --debtor)")
    identifiers = []
    for scheme, raw in (("cin", cin), ("ice", ice), ("rc", rc)):
        if raw:
            identifier, _note = check(scheme, raw, tribunal if scheme == "rc" else None)
            identifiers.append(identifier)
    debtor_kind = _kind(kind, name, ice, rc)
    return Debtor(
        debtor_id=stable_id("lookup", debtor_kind, name, cin, ice, rc, phone, city),
        kind=debtor_kind,  # type: ignore[arg-type]
        name=name or "",
        birth_date=_birth_date(birth_date),
        identifiers=tuple(identifiers),
        addresses=(address,) if address else (),
        city=city,
        phones=(phone,) if phone else (),
        debtor_id_derived=True,
    )

