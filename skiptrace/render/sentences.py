"""The sentences people read beside a verdict or a contact, written from the profile's fields.

The profile also carries English sentences (``reasons``, ``why``) for case systems; a person's
page is written here instead, in the reader's language and number formats, from the same
structured fields (segment, seizable values, sources, evidence), so no code or English phrase
leaks into a French page.
"""

from __future__ import annotations

from typing import Any

from skiptrace.humanize import GROUP, day, money, number, percent
from skiptrace.i18n import N_, _, ngettext
from skiptrace.labels import label, labels
from skiptrace.linking.judgements import FIELD as JUDGEMENT
from skiptrace.linking.judgements import JUDGED

SEGMENT_TEXT = {
    "amicable_contact": N_("No seizable value found, but the debtor is reachable: pursue "
                           "amicably."),
    "further_search": N_("Nothing seizable and no reliable contact yet."),
}


def verdict_reasons(profile: dict[str, Any]) -> list[str]:
    """Why the segment: seizable value and its limits, completeness, reachability, coverage."""
    r = profile["recoverability"]
    s = r["seizable"]
    lines: list[str] = []
    if r["segment"] == "forced_recovery":
        lines.append(_("Seizable assets identified: {mid} (mid; low {low}, high {high}).").format(
            mid=money(s["mid"]), low=money(s["low"]), high=money(s["high"])))
        limits = sorted({f for a in profile["assets"] if a["held_by"] == "debtor"
                         for f in a["flags"] if f != "nominal_only"})
        if limits:
            lines.append(_("Limits on seizure to check: {limits}.").format(
                limits=labels("flag", limits)))
    elif r["segment"] == "irrecoverable_proposal":
        lines.append(_("Every source answered ({sources}); no seizable asset and no reliable "
                       "contact: propose as irrecoverable, with this search as evidence.").format(
            sources=labels("source", [x["source"] for x in profile["sources"]])))
    else:
        lines.append(_(SEGMENT_TEXT[r["segment"]]))
    failed = r["sources_incomplete"]
    if failed:
        lines.append(ngettext(
            "Search incomplete: {sources} did not answer fully, so the debt cannot be proposed "
            "as irrecoverable.",
            "Search incomplete: {sources} did not answer fully, so the debt cannot be proposed "
            "as irrecoverable.", len(failed)).format(sources=labels("source", failed)))
    reachable = _best_contacts(profile)
    if reachable:
        lines.append(_("Reachable at: {contacts}.").format(contacts="; ".join(reachable)))
    if r["debt_amount"]:
        lines.append(_coverage(r["debt_amount"], r["coverage_mid"]))
    return lines


def _coverage(debt: float, ratio: float) -> str:
    """The ratio shown once as a percentage (126 %), or as "n times" from ten times the debt."""
    if ratio < 10:
        return _("Debt {debt}; the mid seizable value covers {share} of it.").format(
            debt=money(debt), share=percent(ratio))
    return _("Debt {debt}; the mid seizable value covers it {n} times over.").format(
        debt=money(debt), n=number(ratio))


def _best_contacts(profile: dict[str, Any]) -> list[str]:
    r = profile["recoverability"]
    wanted = {r.get("best_address"), r.get("best_phone")} - {None}
    return [c["value"] if kind == "addresses" else c["value"].replace(" ", GROUP)  # one piece
            for kind in ("addresses", "phones") for c in profile["contacts"][kind]
            if c["node_id"] in wanted]


def contact_why(contact: dict[str, Any]) -> list[str]:
    """Why a contact ranks where it does: sources, agreement, age, contradiction, geocoder,
    sharing."""
    evidence = contact["evidence"]
    parts = []
    for source in contact["sources"]:
        top = max((e for e in evidence if e["source"] == source), key=lambda e: e["weight"])
        parts.append(_("{source} (match {p} × reliability {r})").format(
            source=label("source", source), p=number(top["probability"], 2),
            r=number(top["reliability"], 2)))
    n = len(contact["sources"])
    lines = [ngettext("Given by {n} independent source: {sources}.",
                      "Given by {n} independent sources: {sources}.", n).format(
        n=n, sources=", ".join(parts))]
    before, after = contact["confidence_before_contradiction"], contact["confidence"]
    if n > 1:
        lines.append(_("{n} sources agree, which raises the confidence to {c}.").format(
            n=n, c=number(before, 2)))
    own = [e for e in evidence if e["source"] in contact["sources"]] or evidence
    if own:
        last = max(own, key=lambda e: e["observed_at"])
        days = round(last["age_days"])
        lines.append(ngettext(
            "Last seen on {date} ({n} day before this profile; age weight {w}).",
            "Last seen on {date} ({n} days before this profile; age weight {w}).", days).format(
            date=day(last["observed_at"]), n=number(days), w=number(last["decay"], 2)))
    if after < before - 1e-9:
        lines.append(_("Another source gives a different current address: confidence lowered "
                       "from {before} to {after}.").format(before=number(before, 2),
                                                          after=number(after, 2)))
    if contact["geocoded"]:
        lines.append(_("Confirmed by the geocoder."))
    if contact["shared_with"]:
        lines.append(_("Shared number: also listed for {names}.").format(
            names=", ".join(contact["shared_with"])))
    return lines


def judged(sentence: str) -> str:
    """A person's decision on a record, as the profile writes it ("confirmed by amina on
    2026-12-06", linking/judgements.py), in the reader's language."""
    found = JUDGED.match(sentence)
    if found is None:
        return sentence
    text = (_("confirmed by {by} on {date}") if found["verdict"] == "confirmed"
            else _("rejected by {by} on {date}"))
    return text.format(by=found["by"], date=day(found["day"]))


def explanation(item: dict[str, Any]) -> str:
    """One field of a match: ``name: identical — 245 723 times more likely to be a match``."""
    if item["field"] == JUDGEMENT:
        return judged(item["sentence"])
    weight = float(item["weight"])
    head = _("{field}: {level}").format(field=label("field", item["field"]),
                                        level=label("level", item["level"]))
    if abs(weight) < 0.05:
        return head + " — " + _("no evidence either way")
    factor = 2.0 ** abs(weight)
    shown = number(factor, 1) if factor < 100 else number(factor)
    text = (_("{factor} times more likely to be a match") if weight > 0
            else _("{factor} times less likely to be a match")).format(factor=shown)
    return f"{head} — {text}"
