"""Which candidate parties of a person debtor are scored in full (issue 17, decision 0049).

At 10^5 a person debtor's name searches bring about 355 candidate parties, two thirds of them
people whose name shares nothing with the debtor's (the other co-owners of a title, the other
managers of a company found through one of them): on a 10^5 store, 24,946 of 38,215 parties
scored for 100 person debtors, of which 3 reached 0.01, all three through the debtor's CIN.
Scoring them in full (their address parsed and compared, their explanation written) was a
fifth of a person debtor's CPU. So a party is screened first on what is cheap to compare
(``matching.bounds``: the name, the identifiers, the phones, the birth date) and scored in
full unless all of these hold:

- the matcher calls the names ``different`` (no word paired, no initial, no spelling): no
  namesake or household rule reads such a party, those read names the debtor's could be;
- whatever the address, the city and the father's name could add, the model could not give it
  :data:`SCREEN_FLOOR` (the floor under which no match is stored either), so that an
  identifier, a phone or a birth date in common always gets the party its full score;
- no linking rule may lift it: ``lifted`` says which ones could (a name one keystroke off the
  debtor's, which the door rules read as the debtor's name mistyped).

A record none of whose parties was scored is still reported, once, as a candidate set aside at
probability 0 with the reason, so that the profile lists everything fetched.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from matching import Description, Model, domain
from matching.bounds import Bound, upper_bounds
from skiptrace.model import Debtor, FieldExplanation, Match, Party, Record

#: below this a match is never stored (skiptrace.pipeline.enrich.STORED_MATCH_FLOOR) nor near
#: any threshold: the review band starts at 0.2, a link at 0.5
SCREEN_FLOOR = 0.01
SCREENED_NOTE = ("the names differ and nothing else this record gives could make it the "
                 "debtor's, whatever its address: at most {bound:.4f}, not compared further")


def screen(debtor: Debtor, debtor_description: Description,
           described: Sequence[Description], lifted: Callable[[Description], bool],
           model: Model | None = None) -> list[Bound | None]:
    """For each description, its bound when it need not be scored in full, else None. Only
    person debtors are screened: a company's parties are few, and its rules (a brand at its
    number, a denomination) read names the matcher calls different. The names are compared
    first (their forms are needed for the full score anyway); only the parties whose name is
    different are bounded."""
    out: list[Bound | None] = [None] * len(described)
    mine = debtor_description.features
    if debtor.kind != "person" or mine.kind != "person" or not mine.name:
        return out
    differ = [k for k, d in enumerate(described) if _names_differ(mine.name, d)]
    bounds = upper_bounds(debtor_description, [described[k] for k in differ], model)
    for k, bound in zip(differ, bounds, strict=True):
        if (bound.level("name") == "different" and bound.probability < SCREEN_FLOOR
                and not lifted(described[k])):
            out[k] = bound
    return out


def _names_differ(mine: str, description: Description) -> bool:
    """The matcher's person-name comparison (``matching.domain_comparisons.PersonName``) calls
    the two names different: two people's names, no word of them paired."""
    name = description.name.strip()
    if not name or description.first_name or description.last_name:
        return False  # names given in parts: left to the full comparison
    if domain.effective_kind(name, description.kind) != "person":
        return False
    return domain.compare_persons(mine, name)[0] == "different"


def screened_match(debtor: Debtor, record: Record, party: Party, bound: Bound) -> Match:
    """A record none of whose parties could be the debtor: a candidate set aside, at 0."""
    sentence = SCREENED_NOTE.format(bound=bound.probability)
    return Match(debtor.debtor_id, record, party, probability=0.0, match_weight=bound.weight,
                 explanation=(FieldExplanation("name", "different", 0.0, debtor.name, party.name,
                                               sentence),))
