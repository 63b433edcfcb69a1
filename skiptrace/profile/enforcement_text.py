"""The enforcement proposal's sentences: the notice that a person decides, the assumptions, each
step's obstacles and what it needs. Written from fields, in ``Words``' language (wording.py), so
the profile's English and the report's French say the same thing.
"""

from __future__ import annotations

from typing import Any

from skiptrace.i18n import N_
from skiptrace.profile.wording import ENGLISH, Words

NOTICE = N_("A proposal for the CNSS recovery office, for a person to examine and decide: no "
            "decision may rest on automated processing alone (law 09-08). Values, costs and "
            "delays are estimates to check against the certificat de propriété and the "
            "registration documents before any step.")

OBSTACLES = {
    "mortgage": N_("A mortgage of {amount} is registered ahead of the CNSS: it is paid first "
                   "from the sale (already deducted from the value; whether the CNSS's privilege "
                   "outranks it is not verified)."),
    "seizure": N_("Another creditor has already seized it: the CNSS joins that sale or the "
                  "distribution of its price."),
    "commandement": N_("Another creditor's commandement immobilier is already inscribed on the "
                       "title."),
    "indivision": N_("The debtor holds {share} of it in indivision: the share is sold alone (the "
                     "buyer inherits the indivision) or after a partition sale (licitation)."),
    "indivision_many": N_("Three or more co-owners: a partition sale is slower."),
    "pledge": N_("Pledged (gage) for {amount}: the lender is paid first (already deducted from "
                 "the value)."),
    "usufruct": N_("An usufruct burdens the title: a buyer gets the bare ownership only."),
    "prenotation": N_("A prénotation is inscribed: a right reserved on the title until it is "
                      "lifted or confirmed."),
    "review_area": N_("A large parcel: check its area before relying on the value."),
    "nominal_only": N_("Parts of a company: sold only with the partners' approval (agrément), "
                       "with almost no market."),
    "disproportionate": N_("Worth about {times} times the amount to recover: to pursue only if "
                           "the smaller steps fail."),
}

NEEDS = {
    "land_title": N_("A certificat de propriété of {title} from the conservation foncière of "
                     "{conservation} (owners, shares and charges as of today), then a commandement "
                     "immobilier inscribed on the title."),
    "land_title_nowhere": N_("A certificat de propriété of {title} from the conservation foncière "
                             "that keeps it (the source does not name it: ask the ANCFCC by title "
                             "number), then a commandement immobilier inscribed on the title."),
    "vehicle": N_("The registration (carte grise) of {plate} confirmed through the execution agent "
                  "(the vehicle register is not public), then its seizure where it is found (PV "
                  "de saisie)."),
    "company_stake": N_("The register entry and statutes of {company}, then the seizure of the "
                        "debtor's parts, sold with the partners' approval."),
}

ASSUMPTIONS = (
    N_("Movables before immovables where the movables' low values cover the amount to recover "
       "(as the public-debt recovery code, law 15-97 art. 67, requires; whether it binds the "
       "CNSS is not verified)."),
    N_("An asset whose mid value exceeds {ratio} times the amount to recover plus its costs "
       "comes after smaller assets that cover it together at their mid values (proportionality)."),
    N_("Then an asset that covers the amount alone at its low value, then at its mid value, "
       "then one that covers part of it; the smallest sufficient first, the largest partial "
       "first; an asset already seized, under a commandement, in indivision, with an usufruct "
       "or a prénotation after a free one."),
    N_("Expected net value: the mid estimate of the valuation (forced-sale price less the "
       "charges ranking ahead, the sale's costs and the debtor's share)."),
    N_("Amount to recover: the debt plus the commandement's {fee} fees; each step's cost and "
       "delay come from a table of sourced figures and assumptions ({table})."),
)
SET_ASIDE = {
    "company_asset": N_("A company's asset: the company is a separate person, not seizable for the "
                        "debtor's debt."),
    "not_owned": N_("Leased or not the debtor's: not seizable."),
    "no_value": N_("The charges ahead take all its value."),
    "costs_more": N_("The step would cost as much as it is expected to bring."),
}
APPLIED = N_("Here the movables cover it: they come first.")
NOT_APPLIED = N_("Here the movables do not cover it (or the rule is off): no movables-first "
                 "order.")


def notice(words: Words = ENGLISH) -> str:
    return words.translate(NOTICE)


def set_aside(code: str, words: Words = ENGLISH) -> str:
    """Why an asset is not a step, in words."""
    return words.translate(SET_ASIDE[code])


def obstacle(code: str, asset: dict[str, Any], words: Words = ENGLISH, *, times: float = 0.0) -> str:
    """One obstacle of a step in words, with the amount or share it concerns."""
    params = {p["name"]: p["value"] for p in asset.get("parameters") or []}
    amount = params.get("mortgages_registered") if code == "mortgage" else params.get("pledges_registered")
    return words.translate(OBSTACLES[code]).format(
        amount=words.money_or_none(amount if isinstance(amount, int | float) else None),
        share=asset.get("share") or "?", times=words.number(times, 0))


def needs(kind: str, asset: dict[str, Any], props: dict[str, Any], words: Words = ENGLISH,
          company: str | None = None) -> str:
    """What the step needs before it can start: the document, from where, then the act."""
    key = "land_title_nowhere" if kind == "land_title" and not props.get("conservation") else kind
    return words.translate(NEEDS[key]).format(
        title=props.get("title_number") or asset["label"], conservation=props.get("conservation"),
        plate=props.get("plate") or asset["label"], company=company or asset["label"])


def assumptions(parameters: dict[str, Any], words: Words = ENGLISH) -> list[str]:
    """The order rule and the figures' basis, as the proposal applied them."""
    t = words.translate
    first, ratio, rest, value, fee = ASSUMPTIONS
    applied = APPLIED if parameters["movables_first"] and parameters["movables_suffice"] else NOT_APPLIED
    return [
        t(first) + " " + t(applied),
        t(ratio).format(ratio=words.number(parameters["disproportion_ratio"], 0)),
        t(rest),
        t(value),
        t(fee).format(fee=words.percent(parameters["commandement_fee_rate"]),
                      table=_table(parameters["table"])),
    ]


def _table(origin: str) -> str:
    return "skiptrace/data/enforcement.yml" if origin == "shipped" else origin
