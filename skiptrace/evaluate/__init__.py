"""Match quality of a run against a world's truth: the measure anyone can take on any world.

Reads profiles (one JSON a line, as ``enrich`` writes them) and ``truth.jsonl`` (the world
format of docs/sandbox.md) and counts, per source and per fact kind: links found that truly
belong to the debtor (true positives), links that do not (false positives, of which decoys —
homonyms, relatives, same-name father or son — are counted apart), and true links missed.
Also: whether the best-ranked address and phone are the true current ones, and asset recall.

Beside each recall, the share of true records **retrieved**: the record appears anywhere in the
profile (a link at any probability or a rejected candidate), i.e. it was fetched and scored at
all. A true record not retrieved was never fetched (a retrieval miss); one retrieved but not
linked was fetched and set aside (a matching miss). Links are also counted per the debtor's
role in the record (the truth's ``debtor_role``: subject, manager, partner, owner, co-owner,
holder); a false link has no true role and counts under the role the profile gives it
(``ROLE_OF_PARTY``). Requests per debtor per source come from the profiles' ``sources``.

The grader is its own: it compares what a profile says with the truth's structured fields
(address ``parts``, E.164 phones, title numbers and plates) using the plain rules below, never
the matcher it judges (matching/) nor the generator's code (skiptrace/sandbox/); a layer
contract in pyproject.toml holds both apart.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skiptrace.humanize import number
from skiptrace.i18n import _
from skiptrace.labels import label

SOURCE_KIND = {
    "company_register": "company",
    "phone_directory": "phone",
    "legal_notices": "notice",
    "land_registry": "land_title",
    "vehicle_registry": "vehicle",
    "geocoder": "address",
}


# The profile's party role → the truth's debtor_role vocabulary, for false links (which have no
# true role). A land registry's "owner" cannot be told from a co-owner by the link alone.
ROLE_OF_PARTY = {
    "subject": "subject", "listing": "subject", "named": "subject", "manager": "manager",
    "partner": "partner",
}
SOURCE_ROLE = {"vehicle_registry": "holder", "land_registry": "owner", "geocoder": "subject",
               "phone_directory": "subject"}
# Truth's source-specific ``role`` → debtor_role, for truth files written before debtor_role.
LEGACY_ROLE = {"listing": "subject", "old_listing": "subject", "named": "subject",
               "current_address": "subject", "previous_address": "subject", "link": "subject"}
# The roles whose links the issue-12 targets are set on (outside the geocoder).
OWN_ROLES = frozenset({"subject", "owner", "co-owner", "holder"})


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    decoys: int = 0
    retrieved: int = 0

    def to_dict(self) -> dict[str, Any]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else None
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else None
        f1 = (
            2 * precision * recall / (precision + recall)
            if precision is not None and recall is not None and precision + recall
            else None
        )
        return {
            "true_positives": self.tp,
            "false_positives": self.fp,
            "false_negatives": self.fn,
            "decoys_linked": self.decoys,
            "precision": _round(precision),
            "recall": _round(recall),
            "f1": _round(f1),
            "retrieved": self.retrieved,
            "retrieved_share": _ratio(self.retrieved, self.tp + self.fn),
        }


@dataclass
class Evaluation:
    by_source: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_role: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_source_role: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    outside_geocoder: Tally = field(default_factory=Tally)
    own_outside_geocoder: Tally = field(default_factory=Tally)
    overall: Tally = field(default_factory=Tally)
    requests: Counter[str] = field(default_factory=Counter)
    profiles: int = 0
    unfindable: int = 0
    unfindable_linked: int = 0
    decoy_relations: Counter[str] = field(default_factory=Counter)
    debtors: int = 0
    missing_profiles: int = 0
    address_right: int = 0
    address_asked: int = 0
    phone_right: int = 0
    phone_asked: int = 0
    assets_found: int = 0
    assets_true: int = 0
    successors: Counter[str] = field(default_factory=Counter)  # tp, fp, fn, lookalike:<relation>
    second_degree: Counter[str] = field(default_factory=Counter)  # tp, fp, fn

    def count(self, source: str, outcome: str, decoy_relation: str | None = None, *,
              role: str = "subject", retrieved: bool = False) -> None:
        kind = SOURCE_KIND.get(source, source)
        tallies = [self.by_source[source], self.by_kind[kind], self.by_role[role],
                   self.by_source_role[(source, role)], self.overall]
        if source != "geocoder":
            tallies.append(self.outside_geocoder)
            if role in OWN_ROLES:
                tallies.append(self.own_outside_geocoder)
        for tally in tallies:
            setattr(tally, outcome, getattr(tally, outcome) + 1)
            tally.retrieved += retrieved
            if decoy_relation is not None:
                tally.decoys += 1
        if decoy_relation is not None:
            self.decoy_relations[decoy_relation] += 1

    def to_dict(self) -> dict[str, Any]:
        links = self.overall.tp + self.overall.fp
        return {
            "debtors": self.debtors,
            "missing_profiles": self.missing_profiles,
            "links": self.overall.to_dict(),
            "decoy_link_rate": _round(self.overall.decoys / links) if links else None,
            "decoys_by_relation": dict(sorted(self.decoy_relations.items())),
            "by_source": {k: v.to_dict() for k, v in sorted(self.by_source.items())},
            "by_kind": {k: v.to_dict() for k, v in sorted(self.by_kind.items())},
            "by_role": {k: v.to_dict() for k, v in sorted(self.by_role.items())},
            "by_source_role": _nested(self.by_source_role),
            "outside_geocoder": self.outside_geocoder.to_dict(),
            "own_outside_geocoder": self.own_outside_geocoder.to_dict(),
            "retrieved_share": self.overall.to_dict()["retrieved_share"],
            "unfindable_debtors": self.unfindable,
            "unfindable_with_links": _ratio(self.unfindable_linked, self.unfindable),
            "requests_per_debtor": {
                k: round(v / self.profiles, 3) for k, v in sorted(self.requests.items())
            } if self.profiles else {},
            "best_address_accuracy": _ratio(self.address_right, self.address_asked),
            "best_address_evaluated": self.address_asked,
            "best_phone_accuracy": _ratio(self.phone_right, self.phone_asked),
            "best_phone_evaluated": self.phone_asked,
            "asset_recall": _ratio(self.assets_found, self.assets_true),
            "assets_true": self.assets_true,
            "successors": self._successors(),
            "second_degree_assets": self._second_degree(),
        }

    def _second_degree(self) -> dict[str, Any]:
        """Assets of the debtor's companies (the profile's assets held by a company) against the
        truth's ``second_degree_assets``."""
        tp, fp, fn = (self.second_degree[k] for k in ("tp", "fp", "fn"))
        return {"tp": tp, "fp": fp, "fn": fn, "precision": _ratio(tp, tp + fp),
                "recall": _ratio(tp, tp + fn)}

    def _successors(self) -> dict[str, Any]:
        """Possible successors reported against the truth's (a look-alike reported is a false
        positive, counted by its relation too)."""
        tp, fp, fn = (self.successors[k] for k in ("tp", "fp", "fn"))
        return {"tp": tp, "fp": fp, "fn": fn, "precision": _ratio(tp, tp + fp),
                "recall": _ratio(tp, tp + fn),
                "lookalikes_reported": {k.split(":", 1)[1]: v for k, v in
                                        sorted(self.successors.items()) if k.startswith("lookalike:")}}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def _nested(tallies: dict[tuple[str, str], Tally]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for (source, role), tally in sorted(tallies.items()):
        out.setdefault(source, {})[role] = tally.to_dict()
    return out


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def truth_links(truth: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(source, record_id) → role, from the truth's per-source link lists."""
    links: dict[tuple[str, str], str] = {}
    for source, entries in (truth.get("links") or {}).items():
        for entry in entries:
            if isinstance(entry, str):
                links[(source, entry)] = "link"
            else:
                links[(source, str(entry["record_id"]))] = str(entry.get("role", "link"))
    return links


def truth_roles(truth: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(source, record_id) → the debtor's role in the record (``debtor_role``; for a truth
    written before it, the source-specific role mapped onto the same vocabulary)."""
    roles: dict[tuple[str, str], str] = {}
    for source, entries in (truth.get("links") or {}).items():
        for entry in entries:
            if isinstance(entry, str):
                roles[(source, entry)] = SOURCE_ROLE.get(source, "subject")
                continue
            role = entry.get("debtor_role")
            if not role:
                legacy = str(entry.get("role", "link"))
                role = SOURCE_ROLE.get(source) if legacy == "owner" else LEGACY_ROLE.get(legacy, legacy)
            roles[(source, str(entry["record_id"]))] = str(role)
    return roles


def truth_decoys(truth: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(source, record_id) → relation (homonym, relative, father_or_son, similar_company...)."""
    decoys = truth.get("decoys") or []
    out: dict[tuple[str, str], str] = {}
    if isinstance(decoys, dict):  # {source: [{record_id, relation}]}
        decoys = [dict(d, source=s) for s, items in decoys.items() for d in items]
    for entry in decoys:
        out[(str(entry["source"]), str(entry["record_id"]))] = str(entry.get("relation", "decoy"))
    return out


def profile_links(profile: dict[str, Any], threshold: float | None) -> set[tuple[str, str]]:
    return {
        (str(link["source"]), str(link["record_id"]))
        for link in profile.get("links") or []
        if threshold is None or float(link.get("probability", 0)) >= threshold
    }


def profile_link_roles(profile: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(source, record_id) → the role the profile gives the debtor, in the truth's vocabulary."""
    roles: dict[tuple[str, str], str] = {}
    for link in profile.get("links") or []:
        source, role = str(link["source"]), link.get("role")
        mapped = ROLE_OF_PARTY.get(str(role)) if role and role != "owner" else None
        roles.setdefault((source, str(link["record_id"])), mapped or SOURCE_ROLE.get(source, "subject"))
    return roles


def profile_retrieved(profile: dict[str, Any]) -> set[tuple[str, str]]:
    """Every record the profile shows at all: its links (at any probability) and the rejected
    candidates it fetched, scored and set aside."""
    return {
        (str(entry["source"]), str(entry["record_id"]))
        for group in ("links", "rejected")
        for entry in profile.get(group) or []
    }


def evaluate(
    profiles: Iterable[dict[str, Any]],
    truths: Iterable[dict[str, Any]],
    *,
    threshold: float | None = None,
) -> dict[str, Any]:
    """Score profiles against the truth; sources absent from a truth line are not scored."""
    by_id = {str(p["debtor_id"]): p for p in profiles}
    truths = list(truths)
    cities = truth_cities(truths)
    ev = Evaluation()
    for truth in truths:
        ev.debtors += 1
        profile = by_id.get(str(truth["debtor_id"]))
        if profile is None:
            ev.missing_profiles += 1
            profile = {}
        else:
            ev.profiles += 1
            for status in profile.get("sources") or []:
                ev.requests[str(status.get("source"))] += int(status.get("requests") or 0)
        if not truth.get("findable", True):
            ev.unfindable += 1
            ev.unfindable_linked += bool(profile_links(profile, threshold))
        _score_links(ev, profile, truth, threshold)
        _score_successors(ev, profile, truth)
        _score_second_degree(ev, profile, truth)
        _score_contacts(ev, profile, truth, cities)
        _score_assets(ev, profile, truth)
    return ev.to_dict()


def _score_links(
    ev: Evaluation, profile: dict[str, Any], truth: dict[str, Any], threshold: float | None
) -> None:
    true = truth_roles(truth)
    decoys = truth_decoys(truth)
    claimed = profile_link_roles(profile)
    retrieved = profile_retrieved(profile)
    scored_sources = set((truth.get("links") or {}).keys()) | {s for s, _ in decoys}
    found = {link for link in profile_links(profile, threshold) if link[0] in scored_sources}
    for link in sorted(found):
        if link in true:
            ev.count(link[0], "tp", role=true[link], retrieved=True)
        else:
            ev.count(link[0], "fp", decoys.get(link), role=claimed.get(link, "subject"))
    for link in sorted(set(true) - found):
        ev.count(link[0], "fn", role=true[link], retrieved=link in retrieved)


def _score_second_degree(ev: Evaluation, profile: dict[str, Any], truth: dict[str, Any]) -> None:
    """A company-held asset in the profile counts when one of its records is a second-degree
    asset of the truth (an asset of a company the debtor runs or holds parts of)."""
    if "second_degree_assets" not in truth:
        return
    true = {(str(a["source"]), str(a["record_id"])) for a in truth["second_degree_assets"]}
    said = [{(str(e.get("source")), str(e.get("record_id"))) for e in a.get("evidence") or []}
            for a in profile.get("assets") or [] if a.get("held_by") == "company"]
    hit = set().union(*said) & true if said else set()
    ev.second_degree["tp"] += len(hit)
    ev.second_degree["fn"] += len(true - hit)
    ev.second_degree["fp"] += sum(1 for keys in said if not keys & true)


def _score_successors(ev: Evaluation, profile: dict[str, Any], truth: dict[str, Any]) -> None:
    """The profile's possible successors (their register record ids) against the truth's."""
    if "successors" not in truth:
        return
    true = {str(s["record_id"]) for s in truth.get("successors") or []}
    lookalikes = {str(s["record_id"]): str(s.get("relation")) for s in
                  truth.get("successor_lookalikes") or []}
    said = {str(s["record_id"]) for s in profile.get("successors") or [] if s.get("record_id")}
    ev.successors["tp"] += len(said & true)
    ev.successors["fp"] += len(said - true)
    ev.successors["fn"] += len(true - said)
    for record_id in said & set(lookalikes):
        ev.successors[f"lookalike:{lookalikes[record_id]}"] += 1


def _score_contacts(
    ev: Evaluation, profile: dict[str, Any], truth: dict[str, Any], cities: frozenset[str]
) -> None:
    contacts = profile.get("contacts") or {}
    address = truth.get("address") or truth.get("current_address")
    if address and truth.get("findable", True):
        ev.address_asked += 1
        best = (contacts.get("addresses") or [None])[0]
        if best and address_is(_contact_text(best), address, cities):
            ev.address_right += 1
    true_phones = {phone_digits(p) for p in truth.get("phones") or []} - {None}
    if true_phones and truth.get("findable", True):
        ev.phone_asked += 1
        best = (contacts.get("phones") or [None])[0]
        if best and phone_digits(_contact_text(best)) in true_phones:
            ev.phone_right += 1


def _contact_text(contact: dict[str, Any]) -> str:
    return str(contact.get("value") or contact.get("text") or "")


def words(text: str) -> list[str]:
    """Lower case, accents off, everything but letters and digits a separator:
    "N°217 Av. Al Wahda, Meknès" → ["n", "217", "av", "al", "wahda", "meknes"]."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.findall(r"[^\W_]+", plain)


def _has_run(haystack: list[str], needle: list[str]) -> bool:
    """``needle`` as consecutive words of ``haystack``."""
    n = len(needle)
    return n > 0 and any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


def address_is(text: str, truth_address: dict[str, Any] | str, cities: frozenset[str]) -> bool:
    """Is ``text`` the true address? By its structured parts (docs/sandbox.md): the street's
    name (whatever the street kind is written as: Bd, Av., Rue...) and the house number, both
    required; the city or its postcode, or at least no other city of the truth file
    (``cities``: a spelling this grader cannot read, Casa for Casablanca, is not held against
    the address, another city of the world is). Residence, building, flat and quartier are
    details a source may leave out. A truth without parts (a bare text) needs its words in order.
    """
    said = words(text)
    if isinstance(truth_address, str) or not truth_address.get("parts"):
        wanted = truth_address if isinstance(truth_address, str) else truth_address.get("text")
        return bool(wanted) and _has_run(said, words(str(wanted)))
    parts = truth_address["parts"]
    street = words(str(parts.get("street") or ""))
    if not street or not _has_run(said, street):
        return False
    if parts.get("number") is not None and str(parts["number"]) not in said:
        return False
    city = words(str(parts.get("city") or ""))
    postcode = str(parts.get("postcode") or "")
    if (city and _has_run(said, city)) or (postcode and postcode in said):
        return True
    return not any(_has_run(said, other.split()) for other in cities if other.split() != city)


def truth_cities(truths: Iterable[dict[str, Any]]) -> frozenset[str]:
    """The cities the truth file names (current and previous addresses), as folded words."""
    found: set[str] = set()
    for truth in truths:
        for address in [truth.get("address")] + list(truth.get("previous_addresses") or []):
            if isinstance(address, dict) and (address.get("parts") or {}).get("city"):
                found.add(" ".join(words(str(address["parts"]["city"]))))
    return frozenset(found)


def phone_digits(text: str | None) -> str | None:
    """A Moroccan number as its 9 national digits, however written (+212 6 61..., 0661-...,
    00212..., 06 61 23 45 67); any other number as its digits; None without digits."""
    digits = re.sub(r"\D", "", text or "")
    if digits.startswith("00"):
        digits = digits[2:]
    if digits.startswith("212") and len(digits) == 12:
        return digits[3:]
    if digits.startswith("0") and len(digits) == 10:
        return digits[1:]
    return digits or None


def title_number(text: str) -> str:
    """A land title number without its prefix, spaces or case: "TF 12345/C", "T.F. n° 12345/c",
    "12345/C" → "12345/C"."""
    bare = re.sub(r"(?i)\b(t\.?\s*f\.?|titre\s+foncier|n°|no)(?!\w)", " ", text)
    return re.sub(r"\s+", "", bare).strip(".").upper()


def plate_number(text: str) -> str:
    """A plate as its parts joined by "-": "12345 | أ | 6", "12345-أ-6" → "12345-أ-6"."""
    return "-".join(p for p in re.split(r"[\s|/\-]+", text.strip()) if p).upper()


def _asset_keys(profile: dict[str, Any]) -> set[str]:
    """Record ids behind each reported asset, plus its title number or plate."""
    keys: set[str] = set()
    for asset in profile.get("assets") or []:
        for evidence in asset.get("evidence") or []:
            keys.add(f"record:{evidence.get('source')}:{evidence.get('record_id')}")
        kind, _sep, value = str(asset.get("asset_id", "")).partition(":")
        if kind == "title":
            keys.add("title:" + title_number(value))
        elif kind == "vehicle":
            keys.add("plate:" + plate_number(value))
    return keys


def _truth_asset_keys(assets: dict[str, Any]) -> list[set[str]]:
    """One set of acceptable keys per true asset (its record id, title number or plate)."""
    wanted: list[set[str]] = []
    for source, group, field_name, normalize, prefix in (
        ("land_registry", "land_titles", "title_number", title_number, "title:"),
        ("vehicle_registry", "vehicles", "plate", plate_number, "plate:"),
    ):
        for entry in assets.get(group, []):
            keys: set[str] = set()
            value = entry if isinstance(entry, str) else entry.get(field_name)
            if value:
                keys.add(prefix + normalize(str(value)))
            if isinstance(entry, dict) and entry.get("record_id"):
                keys.add(f"record:{source}:{entry['record_id']}")
            if keys:
                wanted.append(keys)
    return wanted


def _score_assets(ev: Evaluation, profile: dict[str, Any], truth: dict[str, Any]) -> None:
    found = _asset_keys(profile)
    for keys in _truth_asset_keys(truth.get("assets") or {}):
        ev.assets_true += 1
        ev.assets_found += bool(keys & found)


def evaluate_files(profiles: Path, truth: Path, *, threshold: float | None = None,
                   places: Path | None = None) -> dict[str, Any]:
    """The report of :func:`evaluate`; with the world's geocoder places (``places``, by default
    ``sources/geocoder.jsonl`` beside the truth file) also its ``by_door`` section
    (docs/decisions/0017)."""
    runs = list(read_jsonl(profiles))
    truths = list(read_jsonl(truth))
    report = evaluate(runs, truths, threshold=threshold)
    places = places if places is not None else truth.parent / "sources" / "geocoder.jsonl"
    if places.is_file():
        from skiptrace.evaluate.doors import score_by_door

        door = score_by_door({str(p["debtor_id"]): p for p in runs}, truths, places, threshold)
        report["by_door"] = {
            "geocoder": Tally(tp=door.tp, fp=door.fp, fn=door.fn,
                              retrieved=door.retrieved).to_dict(),
            "unfindable_debtors": door.unfindable,
            "unfindable_with_links": _ratio(door.unfindable_linked, door.unfindable),
            "places_read": door.places_read}
    return report


def render_evaluation(report: dict[str, Any]) -> None:
    """Readable tables of the evaluation for a terminal: per source, per role, requests.
    Words through the catalogue, sources and roles through their labels, numbers in French."""
    from rich.console import Console

    console = Console()
    rows = {label("source", k): v for k, v in report["by_source"].items()}
    rows[_("all")] = report["links"]
    if "outside_geocoder" in report:
        rows[_("outside the geocoder")] = report["outside_geocoder"]
        rows[_("own roles outside the geocoder")] = report["own_outside_geocoder"]
    console.print(_tally_table(_("Links against the truth, per source"), _("source"), rows))
    if report.get("by_role"):
        console.print(_tally_table(_("Links per debtor role (the truth's debtor_role)"),
                                   _("role"), {label("role", k): v
                                               for k, v in report["by_role"].items()}))
    if report.get("requests_per_debtor"):
        requests = report["requests_per_debtor"]
        console.print(_("requests per debtor: {list} · all {total}").format(
            list=" · ".join(f"{label('source', s)} {number(v, 2)}" for s, v in requests.items()),
            total=number(sum(requests.values()), 2)))
    line = _("decoy link rate {decoys} · best address {address} · best phone {phone} · asset "
             "recall {assets} · debtors {n}").format(
        decoys=_fmt(report["decoy_link_rate"]), address=_fmt(report["best_address_accuracy"]),
        phone=_fmt(report["best_phone_accuracy"]), assets=_fmt(report["asset_recall"]),
        n=number(report["debtors"]))
    if "unfindable_with_links" in report:
        line += " · " + _("unfindable with links {share}").format(
            share=_fmt(report["unfindable_with_links"]))
    console.print(line)
    doors = report.get("by_door")
    if doors:
        geo = doors["geocoder"]
        _print_counts(console, _("geocoder by door (decision 0017): TP {tp} · FP {fp} · FN {fn} · "
                                 "precision {p} · recall {r} · unfindable with links {share}"),
                      geo["true_positives"], geo["false_positives"], geo["false_negatives"],
                      geo["precision"], geo["recall"], share=_fmt(doors["unfindable_with_links"]))
    second = report.get("second_degree_assets") or {}
    if second.get("tp") or second.get("fp") or second.get("fn"):
        _print_counts(console, _("assets of the debtor's companies: TP {tp} · FP {fp} · FN {fn} · "
                                 "precision {p} · recall {r}"),
                      second["tp"], second["fp"], second["fn"], second["precision"],
                      second["recall"])
    succ = report.get("successors") or {}
    if succ.get("tp") or succ.get("fp") or succ.get("fn"):
        _print_counts(console, _("possible successors: TP {tp} · FP {fp} · FN {fn} · precision {p} · "
                                 "recall {r} · look-alikes reported {lookalikes}"),
                      succ["tp"], succ["fp"], succ["fn"], succ["precision"], succ["recall"],
                      lookalikes=succ["lookalikes_reported"] or _("none"))


def _print_counts(console: Any, template: str, tp: int, fp: int, fn: int,
                  precision: float | None, recall: float | None, **more: Any) -> None:
    """One line of counts and their precision and recall, numbers in the reader's format."""
    console.print(template.format(tp=number(tp), fp=number(fp), fn=number(fn),
                                  p=_fmt(precision), r=_fmt(recall), **more))


def _tally_table(title: str, first: str, rows: dict[str, dict[str, Any]]) -> Any:
    from rich.table import Table

    table = Table(title=title)
    table.add_column(first, overflow="fold", min_width=10)
    for column in (_("TP"), _("FP"), _("FN"), _("decoys"), _("precision"), _("recall"),
                   _("retrieved"), "F1"):
        table.add_column(column, justify="right", no_wrap=True)
    for name, t in rows.items():
        table.add_row(
            name, number(t["true_positives"]), number(t["false_positives"]),
            number(t["false_negatives"]), number(t["decoys_linked"]),
            _fmt(t["precision"]), _fmt(t["recall"]), _fmt(t.get("retrieved_share")), _fmt(t["f1"]),
        )
    return table


def _fmt(value: float | None) -> str:
    return number(value, 3)
