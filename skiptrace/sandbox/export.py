"""Bulk extracts: a source written as the `;`-separated CSV an agency receives under agreement.

land_registry: one row per (title, owner); vehicle_registry: one row per vehicle. UTF-8, header
row, charges and pledges as JSON lists. ``owner_kind`` (person | company) is what the registry
states of the owner, as its API does: a company holding no number is still a company. Streams the world file: any size, flat memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from skiptrace import csvsafe
from skiptrace.sandbox.sink import private_open

LAND_COLUMNS = ["record_id", "title_number", "conservation", "property_name", "nature", "city", "zone",
                "location", "area_m2", "owner_name", "owner_name_ar", "owner_cin", "owner_ice",
                "owner_share", "charges", "owner_rc_number", "owner_rc_tribunal", "owner_domicile",
                "owner_kind"]
VEHICLE_COLUMNS = ["record_id", "plate", "make", "model", "first_registration", "fiscal_power", "fuel",
                   "owner_name", "owner_name_ar", "owner_cin", "owner_ice", "owner_city",
                   "owner_address", "pledges", "leasing", "owner_rc_number", "owner_rc_tribunal",
                   "owner_kind"]
EXPORTABLE = ("land_registry", "vehicle_registry")


def _records(world: Path, source: str) -> Iterator[dict[str, Any]]:
    with (world / "sources" / f"{source}.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def land_rows(world: Path) -> Iterator[dict[str, Any]]:
    for r in _records(world, "land_registry"):
        charges = json.dumps(r.get("charges") or [], ensure_ascii=False)
        base = {k: r.get(k) for k in LAND_COLUMNS[:9]}
        for owner in r.get("owners") or []:
            yield {**base, "owner_name": owner.get("name"), "owner_name_ar": owner.get("name_ar"),
                   "owner_cin": owner.get("cin"), "owner_ice": owner.get("ice"),
                   "owner_share": owner.get("share"), "charges": charges,
                   "owner_rc_number": owner.get("rc_number"),
                   "owner_rc_tribunal": owner.get("rc_tribunal"),
                   "owner_domicile": owner.get("domicile"), "owner_kind": owner.get("kind")}


def vehicle_rows(world: Path) -> Iterator[dict[str, Any]]:
    for r in _records(world, "vehicle_registry"):
        owner = r.get("owner") or {}
        yield {**{k: r.get(k) for k in VEHICLE_COLUMNS[:7]},
               "owner_name": owner.get("name"), "owner_name_ar": owner.get("name_ar"),
               "owner_cin": owner.get("cin"), "owner_ice": owner.get("ice"),
               "owner_city": owner.get("city"), "owner_address": owner.get("address"),
               "pledges": json.dumps(r.get("pledges") or [], ensure_ascii=False),
               "leasing": "true" if r.get("leasing") else "false",
               "owner_rc_number": owner.get("rc_number"),
               "owner_rc_tribunal": owner.get("rc_tribunal"), "owner_kind": owner.get("kind")}


def export_source(source: str, world: Path, out: Path) -> int:
    """Write ``source`` of ``world`` as a bulk CSV extract to ``out`` (mode 0600); rows written."""
    if source not in EXPORTABLE:
        raise ValueError(f"no bulk extract for {source!r}: one of {', '.join(EXPORTABLE)}")
    columns, rows = (LAND_COLUMNS, land_rows) if source == "land_registry" else (VEHICLE_COLUMNS, vehicle_rows)
    n = 0
    with private_open(Path(out)) as handle:
        writer = csvsafe.dict_writer(handle, columns, delimiter=";", lineterminator="\n")
        writer.writeheader()
        for row in rows(Path(world)):
            writer.writerow(row)
            n += 1
    return n
