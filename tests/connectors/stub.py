"""A tiny loopback server that plays the sandbox's API shapes and faults (docs/sandbox-api.md).

Lets the connector tests run without the real sandbox: a handful of titles, vehicles and
places, the same auth rules, and the same fault modes chosen deterministically per source.
Every request is logged with its server-side arrival time so tests can check retry timing
without sleeping themselves.
"""

from __future__ import annotations

import json
import math
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

LAND_TOKEN = "stub-land-token"
VEHICLE_KEY = "stub-vehicle-key"


def _title(rid: str, number: str, owners: list[dict[str, Any]], city: str = "Casablanca") -> dict:
    return {
        "record_id": rid, "title_number": number, "conservation": "Casablanca-Anfa",
        "property_name": "Dar Saada", "nature": "appartement", "location": "Bd Zerktouni",
        "city": city, "zone": "Maarif", "area": {"ha": 0, "a": 1, "ca": 20}, "area_m2": 120,
        "owners": owners, "charges": [
            {"type": "hypotheque", "amount": 250000, "beneficiary": "CIH Bank", "date": "2019-05-02"}
        ], "updated_at": "2024-01-01",
    }


OWNER_A = {"name": "EL ALAOUI Mohamed", "name_ar": "العلوي محمد", "cin": "BK100001",
           "ice": None, "share": "1/2", "kind": "person"}
OWNER_B = {"name": "BENNANI Fatima", "name_ar": None, "cin": "BE200002", "ice": None,
           "share": "1/2", "kind": "person"}
OWNER_CO = {"name": "ATLAS BTP", "name_ar": None, "cin": None, "ice": "001525464000030",
            "share": "1/1", "kind": "company"}
TITLES = [
    _title("LR-000001", "TF 12345/C", [OWNER_A, OWNER_B]),
    _title("LR-000002", "TF 777/05", [OWNER_A], city="Rabat"),
    _title("LR-000003", "TF 9100/C", [OWNER_CO]),
] + [_title(f"LR-1{i:05d}", f"TF {i}/C", [OWNER_B]) for i in range(25)]
VEHICLES = [
    {"record_id": "VR-000001", "plate": "12345-أ-6", "make": "Dacia", "model": "Logan",
     "first_registration": "2018-06-01", "fiscal_power": 6, "fuel": "diesel",
     "owner": {**OWNER_A, "address": "12 Bd Zerktouni", "city": "Casablanca"},
     "pledges": [{"creditor": "Wafasalaf", "amount": 40000, "date": "2018-06-01"}],
     "leasing": False, "updated_at": "2024-01-01"},
    {"record_id": "VR-000002", "plate": "777-ب-1", "make": "Renault", "model": "Master",
     "first_registration": "2020-01-15", "fiscal_power": 9, "fuel": "diesel",
     "owner": {**OWNER_CO, "address": "Zone industrielle", "city": "Casablanca"},
     "pledges": [], "leasing": True, "updated_at": "2024-01-01"},
]
PLACES = [
    {"place_id": 501, "licence": "stub", "osm_type": "way", "osm_id": 1, "lat": "33.5899",
     "lon": "-7.6323", "category": "highway", "type": "residential", "place_rank": 26,
     "importance": 0.31, "addresstype": "road", "name": "Boulevard Zerktouni",
     "display_name": "12, Boulevard Zerktouni, Maarif, Casablanca, 20330, Maroc",
     "address": {"house_number": "12", "road": "Boulevard Zerktouni", "suburb": "Maarif",
                 "city": "Casablanca", "state": "Casablanca-Settat", "postcode": "20330",
                 "country": "Maroc", "country_code": "ma"}},
]


@dataclass
class Hit:
    source: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    at: float  # server-side arrival, time.monotonic()


@dataclass
class StubState:
    faults: dict[str, tuple[str, float]] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fault(self, source: str, mode: str, value: float = 1.0) -> None:
        self.faults[source] = (mode, value)

    def of(self, source: str) -> list[Hit]:
        return [h for h in self.hits if h.source == source]


def _matches(text: str, needle: str) -> bool:
    return all(tok in text.casefold() for tok in needle.casefold().split())


def search_titles(q: dict[str, str]) -> list[dict[str, Any]]:
    def keep(t: dict[str, Any]) -> bool:
        owners = t["owners"]
        if "cin" in q:
            return any(o.get("cin") == q["cin"] for o in owners)
        if "ice" in q:
            return any(o.get("ice") == q["ice"] for o in owners)
        named = any(_matches(" ".join(filter(None, (o.get("name"), o.get("name_ar")))),
                             q.get("name", "")) for o in owners)  # either script, as a registry
        return named and ("city" not in q or _matches(t["city"], q["city"]))

    return [t for t in TITLES if keep(t)]


def search_vehicles(q: dict[str, str]) -> list[dict[str, Any]]:
    key = "cin" if "cin" in q else "ice"
    return [v for v in VEHICLES if q.get(key) and v["owner"].get(key) == q[key]]


class Handler(BaseHTTPRequestHandler):
    state: StubState
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        parts = urlsplit(self.path)
        source = parts.path.strip("/").split("/")[0]
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        with self.state.lock:
            n = self.state.counters.get(source, 0)
            self.state.counters[source] = n + 1
            self.state.hits.append(
                Hit(source, parts.path, query, dict(self.headers), time.monotonic())
            )
        if self._fault(source, n):
            return
        status, body = self._route(source, parts.path, query)
        self._send(status, body, source)

    def _fault(self, source: str, n: int) -> bool:
        mode, value = self.state.faults.get(source, self.state.faults.get("*", ("", 0.0)))
        if mode == "status500" and math.ceil((n + 1) * value) > math.ceil(n * value):
            self._send(500, {"error": "internal"}, source)
        elif mode == "ratelimit" and n % 2 == 0:
            self._send(429, {"error": "slow down"}, source, {"Retry-After": f"{value:g}"})
        elif mode == "hang":
            self.state.release.wait(value)
            return False
        elif mode == "down":
            self.close_connection = True
            self.connection.close()
        else:
            return False
        return True

    def _route(self, source: str, path: str, q: dict[str, str]) -> tuple[int, Any]:
        if source == "land_registry":
            if self.headers.get("Authorization") != f"Bearer {LAND_TOKEN}":
                return 401, {"error": "unauthorized"}
            return 200, _page(search_titles(q), q)
        if source == "vehicle_registry":
            if self.headers.get("X-API-Key") != VEHICLE_KEY:
                return 401, {"error": "unauthorized"}
            return 200, _page(search_vehicles(q), q)
        if source == "geocoder" and path.endswith("/search"):
            hits = [p for p in PLACES if _matches(p["display_name"], q.get("q", "").replace(",", " "))]
            return 200, hits[: int(q.get("limit", 10))]
        if source in ("big", "bigstream"):
            return 200, {"count": 1, "results": ["x" * 200_000]}
        return 404, {"error": "not found"}

    def _send(self, status: int, body: Any, source: str, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        mode, value = self.state.faults.get(source, ("", 0.0))
        if mode == "truncate" and status == 200:
            data = data[: int(len(data) * value)]
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        if source == "bigstream":  # no length: the client must stop reading by itself
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(len(data)))
        for key, val in (headers or {}).items():
            self.send_header(key, val)
        self.end_headers()
        self.wfile.write(data)


def _page(items: list[dict[str, Any]], q: dict[str, str]) -> dict[str, Any]:
    page, per_page = int(q.get("page", 1)), min(int(q.get("per_page", 10)), 100)
    start = (page - 1) * per_page
    return {"count": len(items), "page": page, "per_page": per_page,
            "results": items[start : start + per_page]}


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients that hang up on purpose (size cap, timeouts) are not errors here


class StubServer:
    """Start with ``with StubServer() as stub:``; ``stub.url`` is its base."""

    def __init__(self) -> None:
        self.state = StubState()
        handler = type("BoundHandler", (Handler,), {"state": self.state})
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    def __enter__(self) -> StubServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.state.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
