"""Source records, one builder per source, in the JSON shapes of docs/sandbox-api.md.

Each builder takes the hidden entity, writes it the way that source would (through the
renderers), hands the record to the sink and returns its record id for the truth file.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from skiptrace.sandbox import render_names as rn
from skiptrace.sandbox import render_places as rp
from skiptrace.sandbox.entities import EPOCH, Address, Company, Person, random_date
from skiptrace.sandbox.ids import Allocator
from skiptrace.sandbox.sink import LaneSink
from skiptrace.sandbox.tables import Tables, between, pick

GEOCODER_BASE = 10**9
LICENCE = "Data © OpenStreetMap contributors, ODbL 1.0. https://osm.org/copyright (sandbox)"


class Builders:
    """Writes records for one world; ``ids`` and ``sink`` are shared by all debtors."""

    def __init__(self, t: Tables, ids: Allocator, sink: LaneSink) -> None:
        self.t, self.ids, self.sink = t, ids, sink

    def _emit(self, source: str, record: dict[str, Any]) -> str:
        key, rid = self.ids.record_id(source)
        record = {"record_id": rid, **record}
        self.sink.add(source, key, record)
        return rid

    @staticmethod
    def _updated(rng: random.Random) -> str:
        return random_date(rng, date(2022, 1, 1), EPOCH).isoformat() + "T08:00:00Z"

    def company(self, rng: random.Random, c: Company) -> str:
        return self._register(rng, c, kind="company", address=c.address, rc=c.rc, tribunal=c.tribunal,
                              ice=c.ice, main=None)

    def branch(self, rng: random.Random, c: Company, address: Address, rc: str, ice: str) -> str:
        """A secondary establishment (établissement secondaire) registered at its own court."""
        main = {"rc_number": c.rc, "rc_tribunal": c.tribunal}
        return self._register(rng, c, kind="branch", address=address, rc=rc,
                              tribunal=address.city["tribunal"], ice=ice, main=main)

    def _register(self, rng: random.Random, c: Company, *, kind: str, address: Address, rc: str,
                  tribunal: str, ice: str, main: dict[str, str] | None) -> str:
        managers = [{"name": rn.person_name(rng, m, p_variant=0.15, allow_missing_first=False),
                     "cin": m.cin, "role": "gérant" if i == 0 else "co-gérant"}
                    for i, m in enumerate(c.managers)]
        partners = []
        for holder, shares in c.partners if kind == "company" else ():
            if isinstance(holder, Person):
                partners.append({"name": rn.person_name(rng, holder, p_variant=0.15, allow_missing_first=False),
                                 "cin": holder.cin, "ice": None, "kind": "person", "shares": shares})
            else:
                partners.append({"name": holder.denomination, "cin": None, "ice": holder.ice,
                                 "kind": "company", "shares": shares})
        return self._emit("company_register", {
            "kind": kind, "denomination": c.denomination, "sigle": c.sigle,
            "trade_names": list(c.trade_names), "legal_form": c.legal_form["form"],
            "capital": c.capital, "address": rp.address_line(rng, address, with_quartier=0.8),
            "city": address.city["name"], "rc_number": rc, "rc_tribunal": tribunal,
            "ice": ice, "if_number": c.if_number, "created": c.created.isoformat(),
            "status": c.status, "old_names": [c.old_name] if c.old_name else [],
            "phones": [rp.phone_text(rng, p) for p in c.phones], "managers": managers,
            "partners": partners, "total_shares": c.total_shares if kind == "company" else None,
            "main_establishment": main, "updated_at": self._updated(rng)})

    def trader(self, rng: random.Random, p: Person, trade_name: str | None, created: date) -> str:
        """A trader (commerçant personne physique) on the RC: the person is the registered name."""
        city = p.address.city
        name = rn.person_name(rng, p, p_variant=0.15, allow_missing_first=False)
        return self._emit("company_register", {
            "kind": "trader", "denomination": name, "sigle": None,
            "trade_names": [trade_name] if trade_name else [], "legal_form": "personne physique",
            "capital": None, "address": rp.address_line(rng, p.address, with_quartier=0.8),
            "city": city["name"], "rc_number": self.ids.rc_number(city["tribunal"]),
            "rc_tribunal": city["tribunal"], "ice": self.ids.ice_number(),
            "if_number": self.ids.if_number(), "created": created.isoformat(), "status": "active",
            "old_names": [], "phones": [rp.phone_text(rng, ph) for ph in p.phones[:1]],
            "managers": [{"name": name, "cin": p.cin, "role": "commerçant"}], "partners": [],
            "total_shares": None, "main_establishment": None, "updated_at": self._updated(rng)})

    def listing(self, rng: random.Random, who: Person | Company, *, address: Address | None = None,
                phones: list[str] | None = None) -> str:
        """A phone-directory listing; a person's listing may show a trade."""
        address = address or who.address
        if isinstance(who, Person):
            name = rn.person_name(rng, who, allow_nick=True)
            kind = "person"
            category = pick(rng, self.t.companies["trades"]) if rng.random() < 0.3 else None
        else:
            name = rn.company_name(rng, who, p_form=0.3, p_prefix=0.25)
            if who.trade_names and rng.random() < self.t.rates["register"]["trade_name_listed"]:
                name = pick(rng, who.trade_names)
            kind, category = "business", who.activity["category"]
        line = rp.address_line(rng, address)
        if rng.random() < 0.15:
            line = f"{line}, {address.postcode}"
        return self._emit("phone_directory", {
            "name": name, "kind": kind, "address": line,
            "city": rp.city_text(rng, address.city, 0.35),
            "phones": [rp.phone_text(rng, p) for p in (phones if phones is not None else who.phones)],
            "category": category, "updated_at": self._updated(rng),
            "listed_since": _listed_since(who, line)})

    def notice(self, rng: random.Random, title: str, text: str, published: date) -> str:
        return self._emit("legal_notices", {
            "title": title, "published": published.isoformat(),
            "journal": pick(rng, self.t.companies["journals"]), "text": text,
            "updated_at": published.isoformat() + "T08:00:00Z"})

    def owner(self, rng: random.Random, who: Person | Company, share: str, *,
              registry: str = "land") -> dict[str, Any]:
        """A title owner or vehicle holder as that registry writes it (rates: data/rates.yml):
        a person by name (Latin and/or Arabic), maybe a CIN, a domicile as written when the
        entry was made; a company by name and RC + court, the ICE on recent entries only."""
        rates = self.t.rates[registry]
        out: dict[str, Any] = {"name": None, "name_ar": None, "cin": None, "ice": None,
                               "rc_number": None, "rc_tribunal": None, "share": share}
        if isinstance(who, Company):
            mix = rates["company_owner" if registry == "land" else "company_holder"]
            r = rng.random()
            p_old = self.t.rates["land"]["renamed_company_old_name"] if registry == "land" else 0.0
            out.update(name=rn.company_name(rng, who, p_form=0.7, p_old=p_old), kind="company")
            if r < mix["rc_court"] + mix["rc_court_and_ice"]:
                out.update(rc_number=who.rc, rc_tribunal=who.tribunal)
            if mix["rc_court"] <= r < mix["rc_court"] + mix["rc_court_and_ice"]:
                out["ice"] = who.ice
        else:
            name: str | None = rn.person_name(rng, who, allow_missing_first=False)
            if rng.random() < 0.15:
                name = rn.with_father(rng, who, str(name))
            r = rng.random()
            name_ar = rn.arabic_name(who) if r < 0.55 else None
            if r < 0.12:
                name = None  # written in Arabic script only
            no_cin = rates["person_owner_without_cin" if registry == "land" else "person_holder_without_cin"]
            out.update(name=name, name_ar=name_ar, cin=None if rng.random() < no_cin else who.cin,
                       kind="person")
        if registry == "land":
            keep = rates["company_owner_seat" if isinstance(who, Company) else "person_owner_domicile"]
            out["domicile"] = self._domicile(rng, who) if rng.random() < keep else None
        return out

    def _domicile(self, rng: random.Random, who: Person | Company) -> str:
        """The domicile (or seat) as written when the entry was made: the old one for some movers."""
        addr = who.address
        if who.old_address is not None and rng.random() < self.t.rates["land"]["moved_owner_old_domicile"]:
            addr = who.old_address
        return rp.full_text(rng, addr, p_postcode=0.2)

    def land_title(self, rng: random.Random, owners: list[tuple[Person | Company, str]],
                   nature: dict[str, Any], address: Address,
                   charges: list[dict[str, Any]]) -> tuple[str, str, list[dict[str, Any]]]:
        city = address.city
        i = int(rng.random() * len(city["tf_suffix"]))
        number = "TF " + self.ids.title_number(city["tf_suffix"][i])
        m2 = between(rng, *nature["m2"])
        area = {"ha": m2 // 10_000, "a": m2 % 10_000 // 100, "ca": m2 % 100}
        rural = nature["nature"] == "terrain agricole"
        location = (f"Douar {pick(rng, self.t.land['property_names']).title()}, commune de {city['name']}"
                    if rural else rp.address_line(rng, address))
        conservation = city["conservation"][i % len(city["conservation"])]
        entries = [self.owner(rng, who, share) for who, share in owners]
        rid = self._emit("land_registry", {
            "title_number": number, "conservation": conservation,
            "property_name": f"{pick(rng, self.t.land['property_names'])} {between(rng, 1, 40)}",
            "nature": nature["nature"], "location": location, "city": city["name"],
            "zone": None if rural else address.quartier, "area": area, "area_m2": m2,
            "owners": entries, "charges": charges, "updated_at": self._updated(rng)})
        return rid, number, entries

    def charges(self, rng: random.Random, value_hint: int) -> list[dict[str, Any]]:
        out = []
        for _ in range(pick(rng, (0, 0, 0, 1, 1, 2))):
            kind = self.t.charges.pick(rng)["type"]
            creditors = self.t.companies["seizing_creditors"] if kind.startswith(("saisie", "command")) \
                else self.t.companies["banks"]
            out.append({"type": kind, "amount": round(value_hint * rng.uniform(0.1, 0.8), -3),
                        "beneficiary": pick(rng, creditors),
                        "date": random_date(rng, date(2012, 1, 1), EPOCH).isoformat()})
        return out

    def vehicle(self, rng: random.Random, who: Person | Company,
                model: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
        city = who.address.city
        plate = self.ids.plate_number(pick(rng, city["plates"]), self.t.vehicles["letters"])
        first = random_date(rng, date(2004, 1, 1), EPOCH - timedelta(days=30))
        pledges = []
        if EPOCH.year - first.year < 5 and rng.random() < 0.5:
            pledges.append({"creditor": pick(rng, self.t.companies["consumer_credit"]),
                            "amount": rng.randrange(30_000, 250_000, 1000), "date": first.isoformat()})
        owner = self.owner(rng, who, "1/1", registry="vehicle")
        owner.pop("share")
        written = who.old_address if who.old_address is not None and rng.random() < 0.5 else who.address
        owner["address"] = rp.address_line(rng, written)
        owner["city"] = rp.city_text(rng, city, 0.2)
        rid = self._emit("vehicle_registry", {
            "plate": plate, "make": model["make"], "model": model["model"],
            "first_registration": first.isoformat(), "fiscal_power": pick(rng, model["cv"]),
            "fuel": pick(rng, model["fuel"]), "genre": model["genre"], "owner": owner,
            "pledges": pledges, "leasing": bool(pledges) and rng.random() < 0.3,
            "updated_at": self._updated(rng)})
        return rid, plate, owner

    def place(self, rng: random.Random, addr: Address) -> str:
        """A geocoder place for this address (once per address), Nominatim jsonv2 shape."""
        if addr.place_id is not None:
            return addr.place_id
        key, _ = self.ids.record_id("geocoder")
        place_id = GEOCODER_BASE + key  # ten digits: the record id is str(place_id), sortable
        road = rp.street_text(rng, addr, canonical=True)
        city = addr.city
        suburb = addr.quartier
        house = str(addr.number) if addr.number is not None else None
        name = f"Résidence {addr.residence}" if addr.residence else ""
        display = ", ".join(p for p in (name, house, road, suburb, city["name"],
                                        f"{city['region']}", addr.postcode, "Maroc") if p)
        rid = str(place_id)
        record = {"record_id": rid, "place_id": place_id, "licence": LICENCE,
                  "osm_type": "way" if addr.residence else "node", "osm_id": self.ids.osm_id(),
                  "lat": f"{addr.lat:.7f}", "lon": f"{addr.lon:.7f}",
                  "category": "building" if addr.residence else "place",
                  "type": "apartments" if addr.residence else "house", "place_rank": 30,
                  "importance": round(rng.uniform(0.00001, 0.2), 8),
                  "addresstype": "building" if addr.residence else "place", "name": name,
                  "display_name": display,
                  "address": {"house_number": house, "road": road, "suburb": suburb,
                              "city": city["name"], "state": city["region"],
                              "postcode": addr.postcode, "country": "Maroc", "country_code": "ma"}}
        self.sink.add("geocoder", key, record)
        addr.place_id = rid
        return rid


def _listed_since(who: Person | Company, line: str) -> str | None:
    """When a person's listing first appeared: some day after they turned 20, before the world's
    today. Drawn from its own generator seeded by the person and the address written, so adding
    the field left every other draw of a seed unchanged. Companies' listings carry none."""
    if not isinstance(who, Person):
        return None
    adult = who.birth.replace(year=who.birth.year + 20) if (who.birth.month, who.birth.day) != (2, 29) \
        else who.birth.replace(year=who.birth.year + 20, day=28)
    if adult >= EPOCH:
        return None
    return random_date(random.Random(f"listed:{who.cin}:{line}"), adult, EPOCH).isoformat()
