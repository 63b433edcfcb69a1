"""The layouts of bulk extracts: how rows of each kind of file become Records.

- ``land_registry``: one row per (title, owner); rows of one title are grouped into one
  ``land_title`` record whose provenance row is the title's first data line.
- ``vehicle_registry``: one row per vehicle.
- ``cnss_affiliates``: the CNSS's own affiliate file; headers vary between exports, so their
  aliases live in data/cnss_affiliate_columns.toml.
A JSON Lines extract may also carry whole API items (a TITLE with ``owners``, a VEHICLE with
``owner``): they are mapped exactly like the API's answers. ``read_extract`` reads a file
(files.py) and maps its rows with the layout; every record's provenance names the file and line.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from matching import fold

from ..errors import ConfigError, RejectedRow
from ..intake.refdata import has_company_marker, kind_from_type
from ..model import Provenance, Record, RecordKind, utcnow
from .api import first_error
from .files import Row, read_rows
from .land_registry import TITLE_SCHEMA, title_record
from .vehicle_registry import VEHICLE_SCHEMA, vehicle_record

Converted = tuple[list[Record], list[RejectedRow]]
TITLE_KEYS = ("title_number", "conservation", "property_name", "nature", "city", "zone", "location")


class Bad(ValueError):
    """A row value that cannot be used; the message is the reject reason."""


def _required(values: dict[str, Any], *names: str) -> None:
    """Each name must have a value; "a|b" means either will do (owner_name|owner_name_ar)."""
    missing = [n for n in names if all(values.get(k) in (None, "") for k in n.split("|"))]
    if missing:
        raise Bad(f"missing {', '.join(m.replace('|', ' or ') for m in missing)}")


def _number(value: Any, name: str) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(str(value).replace(" ", "").replace(",", "."))
    except ValueError:
        raise Bad(f"{name} is not a number: {str(value)[:30]!r}") from None


def _json_list(value: Any, name: str) -> list[dict[str, Any]]:
    if value in (None, ""):
        return []
    try:
        parsed = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        raise Bad(f"{name} is not valid JSON") from None
    if not isinstance(parsed, list) or not all(isinstance(p, dict) for p in parsed):
        raise Bad(f"{name} must be a JSON list of objects")
    return parsed


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "oui", "yes", "o", "y")


def _owner(values: dict[str, Any], extra: tuple[str, ...] = ()) -> dict[str, Any]:
    keys = ("name", "name_ar", "cin", "ice", "rc_number", "rc_tribunal", *extra)
    owner = {k: values.get(f"owner_{k}") for k in keys}
    # the kind the extract states (person | company, "personne morale"...); else a company is
    # entered by ICE or RC + court, or named by its legal form or a company word ("TEXFRIG
    # CONCEPT SARL A.U."): read as a person, such an owner was never a candidate for the
    # company debtor (issue 12)
    company = owner["ice"] or owner["rc_number"] or has_company_marker(str(owner["name"] or ""))
    stated = kind_from_type(str(values.get("owner_kind") or ""))
    owner["kind"] = stated or ("company" if company else "person")
    return owner


def _api_item(row: Row, schema: dict[str, Any]) -> dict[str, Any]:
    problem = first_error(Draft202012Validator(schema), row.values)
    if problem:
        raise Bad(f"invalid item ({problem})")
    return row.values


def land_records(rows: Iterable[Row], source: str, file: str, stamp: datetime) -> Converted:
    """Group title-owner rows into one land_title record per title."""
    titles: dict[str, tuple[int, dict[str, Any]]] = {}
    rejects: list[RejectedRow] = []
    for row in rows:
        try:
            _add_land_row(titles, row)
        except Bad as exc:
            rejects.append(RejectedRow(row.line, str(exc)))
    records = [
        title_record(item, Provenance(source, rid, stamp, file=file, row=line))
        for rid, (line, item) in titles.items()
    ]
    return records, rejects


def _add_land_row(titles: dict[str, tuple[int, dict[str, Any]]], row: Row) -> None:
    values = row.values
    if "owners" in values:
        item = _api_item(row, TITLE_SCHEMA)
        titles.setdefault(item["record_id"], (row.line, item))
        return
    _required(values, "record_id", "title_number", "owner_name|owner_name_ar")
    owner = {**_owner(values, ("domicile",)), "share": values.get("owner_share")}
    rid = values["record_id"]
    if rid in titles:
        first_line, item = titles[rid]
        clash = [k for k in TITLE_KEYS if values.get(k) != item.get(k)]
        if clash:
            raise Bad(f"{', '.join(clash)} differ from line {first_line} of the same title")
        item["owners"].append(owner)
        return
    item = {k: values.get(k) for k in TITLE_KEYS}
    item["area_m2"] = _number(values.get("area_m2"), "area_m2")
    item["charges"] = _json_list(values.get("charges"), "charges")
    item["owners"] = [owner]
    titles[rid] = (row.line, item)


def vehicle_records(rows: Iterable[Row], source: str, file: str, stamp: datetime) -> Converted:
    """One vehicle record per row."""
    records: list[Record] = []
    rejects: list[RejectedRow] = []
    for row in rows:
        try:
            item = _vehicle_item(row)
        except Bad as exc:
            rejects.append(RejectedRow(row.line, str(exc)))
            continue
        provenance = Provenance(source, item["record_id"], stamp, file=file, row=row.line)
        records.append(vehicle_record(item, provenance))
    return records, rejects


def _vehicle_item(row: Row) -> dict[str, Any]:
    values = row.values
    if isinstance(values.get("owner"), dict):
        return _api_item(row, VEHICLE_SCHEMA)
    _required(values, "record_id", "plate", "owner_name|owner_name_ar")
    power = _number(values.get("fiscal_power"), "fiscal_power")
    item = {k: values.get(k) for k in ("record_id", "plate", "make", "model", "fuel")}
    item["first_registration"] = values.get("first_registration")
    item["fiscal_power"] = int(power) if power is not None else None
    item["owner"] = _owner(values, ("city", "address"))
    item["pledges"] = _json_list(values.get("pledges"), "pledges")
    item["leasing"] = _flag(values.get("leasing"))
    return item


@cache
def _affiliate_columns() -> tuple[dict[str, str], frozenset[str]]:
    text = resources.files("skiptrace").joinpath("data", "cnss_affiliate_columns.toml").read_text(
        "utf-8"
    )
    data = tomllib.loads(text)
    aliases = {fold_header(a): canon for canon, names in data["columns"].items() for a in names}
    return aliases, frozenset(k.casefold() for k in data["kinds"]["person"])


def fold_header(header: str) -> str:
    """"N° Affiliation" → "n_affiliation": how headers of different exports are compared
    (matching's folding, words joined by "_")."""
    return fold(header).replace(" ", "_")


def affiliate_records(rows: Iterable[Row], source: str, file: str, stamp: datetime) -> Converted:
    """CNSS affiliates: a company record per employer, a person record per self-employed."""
    aliases, person_kinds = _affiliate_columns()
    records: list[Record] = []
    rejects: list[RejectedRow] = []
    for row in rows:
        values = {aliases.get(fold_header(k), k): v for k, v in row.values.items()}
        try:
            _required(values, "cnss_number", "name")
        except Bad as exc:
            rejects.append(RejectedRow(row.line, str(exc)))
            continue
        is_person = str(values.get("kind") or "").casefold() in person_kinds or (
            values.get("cin") and not (values.get("ice") or values.get("rc_number"))
        )
        kind, fields = _person(values) if is_person else _company(values)
        provenance = Provenance(source, str(values["cnss_number"]), stamp, file=file, row=row.line)
        records.append(Record(kind, fields, provenance))
    return records, rejects


def _phones(values: dict[str, Any]) -> list[str]:
    return [p.strip() for p in str(values.get("phone") or "").split("/") if p.strip()]


def _person(values: dict[str, Any]) -> tuple[RecordKind, dict[str, Any]]:
    keys = ("name", "cin", "birth_date", "address", "city", "email", "cnss_number")
    return "person", {**{k: values.get(k) for k in keys}, "phones": _phones(values)}


def _company(values: dict[str, Any]) -> tuple[RecordKind, dict[str, Any]]:
    keys = ("legal_form", "address", "city", "rc_number", "rc_tribunal", "ice", "if_number")
    fields = {"denomination": values["name"], **{k: values.get(k) for k in keys}}
    extra = {k: values.get(k) for k in ("tp_number", "email", "cnss_number")}
    return "company", {**fields, **extra, "phones": _phones(values)}


Layout = Callable[[Iterable[Row], str, str, datetime], Converted]
FORMATS: dict[str, Layout] = {
    "land_registry": land_records,
    "vehicle_registry": vehicle_records,
    "cnss_affiliates": affiliate_records,
}


def get_format(name: str) -> Layout:
    """The row mapper of an extract layout (``land_registry``, ``vehicle_registry``...)."""
    if name not in FORMATS:
        raise ConfigError(f"unknown extract format {name!r}; known: {', '.join(FORMATS)}")
    return FORMATS[name]


@dataclass
class ExtractResult:
    """Records read from one file, the rows refused, and how many data rows there were."""

    records: list[Record] = field(default_factory=list)
    rejects: list[RejectedRow] = field(default_factory=list)
    rows: int = 0


def read_extract(
    path: str | Path, fmt: str, source: str | None = None, retrieved_at: datetime | None = None
) -> ExtractResult:
    """Read an extract of layout ``fmt`` into records of ``source`` (default: the layout name)."""
    path = Path(path)
    layout = get_format(fmt)
    stamp = retrieved_at or utcnow()
    result = ExtractResult()
    rows: list[Row] = []
    for item in read_rows(path):
        if isinstance(item, RejectedRow):
            result.rejects.append(item)
        else:
            rows.append(item)
    result.rows = len(rows) + len(result.rejects)
    records, rejects = layout(rows, source or fmt, path.name, stamp)
    result.records.extend(records)
    result.rejects.extend(rejects)
    result.rejects.sort(key=lambda r: r.line)
    return result
