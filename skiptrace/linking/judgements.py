"""People's judgements, honoured by every run (issue 19, docs/review.md).

A judgement names a candidate by its source and the source's own record id (store/judgements.py),
so it holds for the record fetched again. :func:`apply_judgements` is the one place a run gives
way to a person: a rejected record is set to probability 0 (never attached to that debtor, never
a pivot, not stored as a candidate again), an accepted one to probability 1 with "confirmed by
X on D" in its explanation (what the profile's evidence shows), and an unsure one is left as the
model scored it (it stays in the review queue with its note). The enrichment calls it wherever
matches are made or re-weighed (pipeline/enrich.py), so that no later rule undoes a decision.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any, Protocol

from skiptrace.model import FieldExplanation, Match


class Judgement(Protocol):
    """What a run reads of a judgement (store/judgements.Judgement; the store imports linking,
    so linking names the shape, not the class)."""

    @property
    def verdict(self) -> str: ...
    @property
    def judged_by(self) -> str: ...
    @property
    def judged_at(self) -> str: ...


#: (source, source record id) → the debtor's judgement on it
Verdicts = Mapping[tuple[str, str], Judgement]
JudgementsOf = Callable[[str], Verdicts]
FIELD = "judgement"
#: the sentences the profile carries; render/sentences.py reads them back in the reader's language
JUDGED = re.compile(r"^(?P<verdict>confirmed|rejected) by (?P<by>.+) on "
                    r"(?P<day>\d{4}-\d{2}-\d{2})$")


def confirmed(judgement: Judgement) -> str:
    return f"confirmed by {judgement.judged_by} on {judgement.judged_at[:10]}"


def apply_judgements(matches: Iterable[Match], verdicts: Verdicts) -> list[Match]:
    """``matches`` with every accepted or rejected record's probability set by the person."""
    if not verdicts:
        return list(matches)
    out = []
    for match in matches:
        judgement = verdicts.get((match.record.source, match.record.record_id))
        if judgement is None or judgement.verdict == "unsure":
            out.append(match)
        elif judgement.verdict == "reject":
            note = FieldExplanation(FIELD, "rejected", 0.0, sentence=(
                f"rejected by {judgement.judged_by} on {judgement.judged_at[:10]}"))
            out.append(replace(match, probability=0.0, explanation=(*_unjudged(match), note)))
        else:
            note = FieldExplanation(FIELD, "accepted", 0.0, sentence=confirmed(judgement))
            out.append(replace(match, probability=1.0, explanation=(*_unjudged(match), note)))
    return out


def _unjudged(match: Match) -> tuple[FieldExplanation, ...]:
    """The explanation without an earlier pass's judgement line (applied once per round)."""
    return tuple(f for f in match.explanation if f.field != FIELD)


def judged_successors(successors: list[dict[str, Any]], verdicts: Verdicts
                      ) -> list[dict[str, Any]]:
    """Possible successors without the rejected ones; an accepted one certain (confidence 1)
    with who confirmed it in its note. Still never merged with the debtor (docs/pivots.md)."""
    out = []
    for successor in successors:
        judgement = verdicts.get((successor.get("source") or "", successor.get("record_id") or ""))
        if judgement is not None and judgement.verdict == "reject":
            continue
        if judgement is not None and judgement.verdict == "accept":
            note = successor.get("note")
            successor = {**successor, "confidence": 1.0,
                         "note": f"{note}; {confirmed(judgement)}" if note else
                         confirmed(judgement)}
        out.append(successor)
    return out


__all__ = ["FIELD", "JUDGED", "JudgementsOf", "Verdicts", "apply_judgements", "confirmed",
           "judged_successors"]
