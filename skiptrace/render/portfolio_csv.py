"""The appended CSV of a batch: every input row as written, then what skiptrace found.

This is the shape batch skip-trace services hand back (one row in, one row out), so a collection
agency can put it beside its own export: the input's columns first, in its order and spelling,
then ``skiptrace_*`` columns (docs/cli.md, "The appended CSV"). A row the intake rejected or a
debtor not enriched yet is still a row, its status saying so: the row count is the input's.

The file is for machines and spreadsheets alike, so nothing in it is translated (codes as the
JSON profile has them) and every number is a whole number — amounts in MAD, confidences in
percent — which French and English spreadsheets both read as numbers (``0.63`` is text to a
French LibreOffice). Cells go through :mod:`skiptrace.csvsafe` (formulas neutralised, a phone
written ``'+212…``); UTF-8 with a BOM and ``;``, what French Excel opens without a wizard.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

from skiptrace import csvsafe
from skiptrace.render.worklist import best_contact, first_proposed, sources_failed, worth

BOM = "\ufeff"
PREFIX = "skiptrace_"
APPENDED = (
    "debtor_id",  # the id the intake gave the row (derived when the input had none)
    "status",  # done, partial, failed, pending (not enriched yet: run enrich again), rejected
    "reason",  # why the row was rejected (the intake's reason, as in the rejects file)
    "best_address", "best_address_confidence_pct",
    "best_phone", "best_phone_confidence_pct",
    "segment",
    "seizable_low", "seizable_mid", "seizable_high",
    "expected_recovery",
    "first_asset",  # the enforcement proposal's first step
    "sources_failed",  # sources that did not answer fully, comma-separated
)
STATUSES = ("done", "partial", "failed", "pending", "rejected")


def header(columns: Sequence[str]) -> list[str]:
    """The input's columns, then ours; ours take a numeric suffix when the input already has the
    name (an appended CSV fed back in keeps both)."""
    taken = set(columns)
    names = list(columns)
    for name in APPENDED:
        wanted = PREFIX + name
        candidate, n = wanted, 2
        while candidate in taken:
            candidate, n = f"{wanted}_{n}", n + 1
        taken.add(candidate)
        names.append(candidate)
    return names


def _whole(value: Any) -> int | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return round(number) if number == number and abs(number) != float("inf") else None


def _contact(profile: dict[str, Any], kind: str) -> list[Any]:
    contact = best_contact(profile, kind)
    if contact is None:
        return ["", None]
    confidence = _whole(100 * float(contact.get("confidence") or 0.0))
    return [str(contact.get("value") or ""), confidence]


def appended(debtor_id: str | None, status: str, reason: str | None,
             profile: dict[str, Any] | None) -> list[Any]:
    """Our cells for one row, in :data:`APPENDED` order (numbers as ints, absent as None)."""
    if profile is None:
        return [debtor_id, status, reason] + [None] * (len(APPENDED) - 3)
    recoverability = profile.get("recoverability") or {}
    seizable = recoverability.get("seizable") or {}
    return [
        debtor_id, status, reason,
        *_contact(profile, "address"), *_contact(profile, "phone"),
        recoverability.get("segment"),
        _whole(seizable.get("low")), _whole(seizable.get("mid")), _whole(seizable.get("high")),
        _whole(worth(profile).recovery),
        first_proposed(profile) or None,
        ", ".join(sources_failed(profile)) or None,
    ]


class AppendedCsv:
    """Writes the header at once, then one row per input row (:meth:`row`)."""

    def __init__(self, handle: IO[str], columns: Sequence[str]) -> None:
        handle.write(BOM)
        self.width = len(columns)
        self.rows = 0
        self._writer = csvsafe.writer(handle, delimiter=";")
        self._writer.writerow(header(columns))

    def row(self, cells: Sequence[str], debtor_id: str | None, status: str,
            reason: str | None, profile: dict[str, Any] | None) -> None:
        if status not in STATUSES:
            raise ValueError(f"unknown row status {status!r}")
        own = list(cells[:self.width]) + [""] * (self.width - len(cells))
        self._writer.writerow(own + appended(debtor_id, status, reason, profile))
        self.rows += 1


__all__ = ["APPENDED", "BOM", "PREFIX", "STATUSES", "AppendedCsv", "appended", "header"]
