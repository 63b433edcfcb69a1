"""The hidden world behind the sources: people, companies and addresses as they really are.

Sources only ever see these through the renderers (render_names, render_places), which write
them the many ways Moroccan records do. The truth file is written from these objects.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from skiptrace.sandbox.ids import Allocator
from skiptrace.sandbox.tables import Tables, between, pick

EPOCH = date(2026, 6, 30)  # the world's "today": every date is before it


@dataclass
class Address:
    city: dict[str, Any]
    quartier: str
    street_kind: str | None = None
    street: str | None = None
    number: int | None = None
    residence: str | None = None
    building: int | None = None
    apartment: int | None = None
    postcode: str = ""
    lat: float = 0.0
    lon: float = 0.0
    place_id: str | None = None  # geocoder record id once the place is published

    def parts(self) -> dict[str, Any]:
        """The canonical parts, as the truth file gives them."""
        return {"number": self.number, "street_kind": self.street_kind, "street": self.street,
                "residence": self.residence, "building": self.building, "apartment": self.apartment,
                "quartier": self.quartier, "city": self.city["name"], "postcode": self.postcode,
                "lat": self.lat, "lon": self.lon}


@dataclass
class Person:
    first: dict[str, Any]
    family: dict[str, Any]
    sex: str
    birth: date
    cin: str
    father: dict[str, Any]
    address: Address
    second: dict[str, Any] | None = None
    old_address: Address | None = None
    moved_on: date | None = None
    phones: list[str] = field(default_factory=list)
    ice: str | None = None

    @property
    def canonical(self) -> str:
        given = self.first["name"] + (f" {self.second['name']}" if self.second else "")
        return f"{self.family['name']} {given}"


@dataclass
class Company:
    brand: str
    activity: dict[str, Any]
    legal_form: dict[str, Any]
    denomination: str
    capital: int
    total_shares: int
    ice: str
    rc: str
    tribunal: str
    if_number: str
    created: date
    status: str
    address: Address
    managers: list[Person] = field(default_factory=list)
    partners: list[tuple[Person | Company, int]] = field(default_factory=list)
    old_name: str | None = None
    old_address: Address | None = None
    moved_on: date | None = None
    phones: list[str] = field(default_factory=list)
    sigle: str | None = None
    trade_names: list[str] = field(default_factory=list)
    dissolved: date | None = None  # the act date of its dissolution notice, once written


def random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=int(rng.random() * max(1, (end - start).days)))


def make_address(rng: random.Random, t: Tables, city: dict[str, Any]) -> Address:
    """A plausible urban address in ``city``: apartment blocks, houses on numbered streets, lots."""
    street = pick(rng, t.places["streets"])
    addr = Address(city=city, quartier=pick(rng, city["quartiers"]), street_kind=street["kind"],
                   street=street["name"], number=between(rng, 1, 240),
                   postcode=pick(rng, city["postcodes"]))
    if street["kind"] != "lotissement" and rng.random() < 0.4:
        addr.residence = pick(rng, t.places["residences"])
        addr.building, addr.apartment = between(rng, 1, 30), between(rng, 1, 40)
    addr.lat = round(city["lat"] + rng.uniform(-0.04, 0.04), 6)
    addr.lon = round(city["lon"] + rng.uniform(-0.04, 0.04), 6)
    return addr


def make_person(rng: random.Random, t: Tables, ids: Allocator, city: dict[str, Any], *,
                family: dict[str, Any] | None = None, first: dict[str, Any] | None = None,
                sex: str | None = None, born: tuple[int, int] = (1950, 2000),
                address: Address | None = None) -> Person:
    """A person living in ``city``; family, first name and address may be imposed (relatives)."""
    if first is None:
        sex = sex or ("M" if rng.random() < 0.68 else "F")
        first = (t.male if sex == "M" else t.female).pick(rng)
    elif sex is None:
        sex = "F" if first in t.names["female"] else "M"
    second = None
    if rng.random() < 0.12:
        second = (t.male if sex == "M" else t.female).pick(rng)
        second = None if second is first else second
    birth = random_date(rng, date(born[0], 1, 1), date(born[1], 12, 31))
    return Person(first=first, second=second, family=family or t.surnames.pick(rng), sex=sex,
                  birth=birth, cin=ids.cin_for(pick(rng, city["cin"])), father=t.male.pick(rng),
                  address=address or make_address(rng, t, city), phones=[ids.mobile()])


def move(rng: random.Random, t: Tables, person: Person | Company, *, other_city: bool) -> None:
    """The person or company moved: the current address becomes the old one."""
    city = t.cities.pick(rng) if other_city else person.address.city
    person.old_address = person.address
    person.address = make_address(rng, t, city)
    person.moved_on = random_date(rng, date(2019, 1, 1), EPOCH - timedelta(days=60))
