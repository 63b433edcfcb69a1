"""The contact plan: which address to write to or visit and which phone to call, in order, each
with its confidence and why.

Built from the ranked contacts (ranking.py), never re-scored: a plan step is a contact at or
above the contact threshold. The debtor's own contacts come first, most likely to reach the
debtor first (a phone before an address of the same confidence: a call costs less than a
letter or a visit). A contact the debtor shares with someone else (a number a record also lists
for another person or company: a relative's, a household's, a business line) is kept apart at
the end, ``household: true``: it may be used to ask where the debtor can be reached, never to
speak of the debt (docs/reference/DOMAIN.md §8.2; docs/security.md, "Third parties").
E-mails are left out: the contract's channels are an address and a phone.
"""

from __future__ import annotations

from typing import Any

from skiptrace.i18n import N_
from skiptrace.profile.wording import ENGLISH, Words

CHANNELS = (("addresses", "address"), ("phones", "phone"))
CHANNEL_ORDER = {"phone": 0, "address": 1}

OWN_PHONE = N_("Call the debtor on it: confidence {confidence}, given by {sources}.")
OWN_ADDRESS = N_("Write to or visit the debtor there: confidence {confidence}, given by {sources}.")
GEOCODED = N_("The geocoder found this address.")
HOUSEHOLD = N_("Also listed for {names}: a line shared with someone else. Use it only to ask "
               "where the debtor can be reached; never speak of the debt to a third party.")


def plan_why(item: dict[str, Any], contact: dict[str, Any], words: Words = ENGLISH) -> str:
    """Why this step, in ``words``' language: what to do, how sure, from where; a shared line's
    limits."""
    t = words.translate
    sources = ", ".join(words.source(s) for s in contact["sources"])
    template = OWN_PHONE if item["channel"] == "phone" else OWN_ADDRESS
    text = t(template).format(confidence=words.number(contact["confidence"], 2), sources=sources)
    if contact.get("geocoded") and item["channel"] == "address":
        text += " " + t(GEOCODED)
    if item["household"]:
        text = t(HOUSEHOLD).format(names=", ".join(contact["shared_with"]))
    return text


def _step(channel: str, contact: dict[str, Any]) -> dict[str, Any]:
    item = {
        "channel": channel,
        "value": contact["value"],
        "confidence": contact["confidence"],
        "household": bool(contact["shared_with"]),
        "node_id": contact["node_id"],
        "contact_rank": contact["rank"],
    }
    item["why"] = plan_why(item, contact)
    return item


def _order(item: dict[str, Any]) -> tuple[Any, ...]:
    return (item["household"], -item["confidence"], CHANNEL_ORDER[item["channel"]],
            item["contact_rank"], item["node_id"])


def contact_plan(contacts: dict[str, list[dict[str, Any]]], threshold: float) -> list[dict[str, Any]]:
    """The plan's steps, ranked from 1: the debtor's own contacts, then the shared ones."""
    steps = [_step(channel, c) for kind, channel in CHANNELS for c in contacts.get(kind, [])
             if c["confidence"] >= threshold]
    steps.sort(key=_order)
    return [{"rank": rank, **step} for rank, step in enumerate(steps, 1)]
