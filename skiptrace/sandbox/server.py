"""SandboxServer: serve a world on 127.0.0.1 in a background thread, faults on demand.

Threaded (one thread per connection, HTTP/1.1 keep-alive) so concurrent clients are not
serialized; reads only the world's source files through their on-disk index, never the truth.
Request lines are not logged: query strings carry identifiers.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Sequence
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from skiptrace.model import SOURCE_NAMES
from skiptrace.sandbox import pages, routes
from skiptrace.sandbox.arrivals import Arrivals
from skiptrace.sandbox.faults import Fault, Faults, make_fault, parse_fault
from skiptrace.sandbox.index import Index, ensure_index
from skiptrace.sandbox.routes import Answer, BadRequest

ROBOTS = "User-agent: *\nDisallow: /_admin/\n"
DEFAULT_CREDENTIALS = {"land_registry": {"token": "sandbox-land-token"},
                       "vehicle_registry": {"api_key": "sandbox-vehicle-key"}}


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    sandbox: SandboxServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up (a killed crawl, a closed pool) is not an error to print."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class SandboxServer:
    """The world's sources over HTTP. ``start()`` returns the base URL; use as a context manager."""

    def __init__(self, world: Path, host: str = "127.0.0.1", port: int = 0,
                 faults: Sequence[Fault | str] = (), record_arrivals: bool = False) -> None:
        """``record_arrivals``: keep each source request's arrival (time.monotonic()), so a
        test or benchmark can check the rate a source saw (issue 21); off, nothing is kept."""
        self.world = Path(world)
        self._arrivals = Arrivals() if record_arrivals else None
        self.host, self.port = host, port
        manifest_path = self.world / "manifest.json"
        manifest = json.loads(manifest_path.read_text("utf-8")) if manifest_path.exists() else {}
        creds = manifest.get("credentials") or DEFAULT_CREDENTIALS
        self.land_token = creds.get("land_registry", {}).get("token", "")
        self.vehicle_key = creds.get("vehicle_registry", {}).get("api_key", "")
        self.faults = Faults([parse_fault(f) if isinstance(f, str) else f for f in faults])
        self.stopping = threading.Event()
        self.index: Index | None = None
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("the sandbox server is not started")
        host, port = self._httpd.server_address[:2]
        if not isinstance(host, str):  # an AF_INET server's is text; the type allows bytes
            host = host.decode("ascii")
        return f"http://{host}:{port}"

    def start(self) -> str:
        if self._httpd is not None:
            return self.url
        self.index = Index(ensure_index(self.world))
        self.stopping.clear()
        self._httpd = _HTTPServer((self.host, self.port), Handler)
        self._httpd.sandbox = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="sandbox-server",
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self.url

    def stop(self) -> None:
        self.stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if self.index is not None:
            self.index.close()
            self.index = None

    def set_fault(self, source: str, mode: str, value: float | None = None) -> Fault:
        fault = make_fault(source, mode, value)
        self.faults.set(fault)
        return fault

    def clear_faults(self) -> None:
        self.faults.clear()

    def note_arrival(self, source: str) -> None:
        if self._arrivals is not None:
            self._arrivals.note(source)

    def arrivals(self, source: str) -> list[float]:
        """When ``source``'s requests arrived (time.monotonic(), in order), if recorded."""
        if self._arrivals is None:
            raise RuntimeError("the sandbox was started without record_arrivals=True")
        return self._arrivals.of(source)

    def arrival_report(self, window: float = 1.0) -> dict[str, dict[str, object]] | None:
        """Arrivals.report(window), or None when arrivals are not recorded."""
        return None if self._arrivals is None else self._arrivals.report(window)

    def __enter__(self) -> SandboxServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # header and body go out as separate writes: no 40 ms stalls
    server_version = "skiptrace-sandbox/1"
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Silent: request lines carry CIN and names (law 09-08; logs never print identifiers)."""

    def _send(self, answer: Answer, *, truncate: float | None = None, malformed: bool = False) -> None:
        body = answer.body
        if malformed and answer.content_type == routes.HTML:
            body = pages.malformed(body)
        data = body.encode("utf-8")
        if truncate is not None and answer.content_type == routes.JSON:
            data = data[: max(1, min(len(data) - 1, int(len(data) * truncate)))]
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(data)))
        for key, value in answer.headers.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802
        self._handle()

    def do_HEAD(self) -> None:  # noqa: N802
        self._handle()

    def do_POST(self) -> None:  # noqa: N802
        self._handle()

    def do_DELETE(self) -> None:  # noqa: N802
        self._handle()

    def _handle(self) -> None:
        sandbox = self.server.sandbox
        split = urlsplit(self.path)
        parts = [p for p in split.path.split("/") if p]
        params = dict(parse_qsl(split.query, keep_blank_values=True))
        try:
            if parts[:2] == ["_admin", "faults"]:
                return self._send(self._admin(sandbox))
            if parts[:2] == ["_admin", "arrivals"]:
                return self._send(self._arrivals(sandbox, params))
            if split.path == "/robots.txt":
                return self._send(Answer(200, "text/plain; charset=utf-8", ROBOTS))
            if not parts or parts[0] not in SOURCE_NAMES:
                return self._send(self._home() if not parts else
                                  Answer(404, routes.HTML, "<h1>404</h1>"))
            if self.command not in ("GET", "HEAD"):
                return self._send(Answer(405, routes.JSON, '{"error": "method not allowed"}'))
            source = parts[0]
            sandbox.note_arrival(source)
            d = sandbox.faults.decide(source)
            if d.down:
                self.close_connection = True
                return None
            if d.hang or d.latency:
                sandbox.stopping.wait(d.hang + d.latency)
                if sandbox.stopping.is_set():  # the server stopped meanwhile: nothing to answer
                    self.close_connection = True
                    return None
            if d.status500:
                return self._send(Answer(500, routes.HTML, "<h1>500 Erreur interne</h1>"))
            if d.retry_after is not None:
                retry = f"{d.retry_after:g}"
                return self._send(Answer(429, routes.JSON, '{"error": "too many requests"}',
                                         {"Retry-After": retry}))
            answer = self._route(sandbox, source, parts[1:], params, d.layout)
            answer = self._conditional(answer)
            return self._send(answer, truncate=d.truncate, malformed=d.malformed)
        except BadRequest as exc:
            return self._send(routes.json_answer({"error": str(exc)}, 400))
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
            return None
        except Exception:  # a bug must answer 500, not drop the connection like the 'down' fault
            return self._send(Answer(500, routes.JSON, '{"error": "internal error"}'))

    def _route(self, sandbox: SandboxServer, source: str, rest: list[str], params: dict[str, str],
               layout: bool) -> Answer:
        ix = sandbox.index
        if ix is None:  # answered as a 500 by the caller
            raise RuntimeError("the sandbox server has no index loaded")
        path = self.path.split("?", 1)[0]
        if source == "company_register":
            if rest == ["search"]:
                return routes.company_search(ix, path, params, layout)
            if rest == ["browse"]:
                return routes.browse(ix, source, path, params, layout)
            if len(rest) == 2 and rest[0] == "company":
                return routes.detail(ix, source, rest[1], layout)
        elif source == "phone_directory":
            if rest == ["search"]:
                return routes.phone_search(ix, path, params, layout)
            if rest == ["browse"]:
                return routes.browse(ix, source, path, params, layout)
        elif source == "legal_notices":
            if rest == ["browse"]:
                return routes.browse(ix, source, path, params, layout)
            if rest in (["search"], []):
                return routes.notice_search(ix, path, params, layout)
            if len(rest) == 2 and rest[0] == "notice":
                return routes.detail(ix, source, rest[1], layout)
        elif source == "land_registry" and rest[:2] == ["api", "titles"]:
            if self.headers.get("Authorization", "") != f"Bearer {sandbox.land_token}":
                return routes.json_answer({"error": "unauthorized"}, 401)
            return routes.titles(ix, params) if len(rest) == 2 else routes.one(ix, source, rest[2])
        elif source == "vehicle_registry" and rest[:2] == ["api", "vehicles"]:
            if self.headers.get("X-API-Key", "") != sandbox.vehicle_key:
                return routes.json_answer({"error": "unauthorized"}, 401)
            return routes.vehicles(ix, params) if len(rest) == 2 else routes.one(ix, source, rest[2])
        elif source == "geocoder" and rest == ["search"]:
            return routes.geocode(ix, params)
        return Answer(404, routes.HTML, pages_404())

    def _conditional(self, answer: Answer) -> Answer:
        if answer.status != 200 or not answer.updated_at:
            return answer
        modified = datetime.fromisoformat(answer.updated_at.replace("Z", "+00:00"))
        answer.headers["Last-Modified"] = format_datetime(modified, usegmt=True)
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                if modified <= parsedate_to_datetime(since):
                    return Answer(304, answer.content_type, "", {"Last-Modified": answer.headers["Last-Modified"]})
            except (TypeError, ValueError):
                pass
        return answer

    def _admin(self, sandbox: SandboxServer) -> Answer:
        if self.command == "POST":
            try:
                length = int(self.headers.get("Content-Length") or 0)
                if not 0 <= length <= 1 << 16:
                    raise ValueError(f"Content-Length {length} out of range")
                data = json.loads(self.rfile.read(length) or b"{}")
                sandbox.set_fault(data["source"], data["mode"], data.get("value"))
            except (ValueError, KeyError, TypeError) as exc:
                return routes.json_answer({"error": f"bad fault: {exc}"}, 400)
        elif self.command == "DELETE":
            sandbox.clear_faults()
        return routes.json_answer({"faults": [f.to_dict() for f in sandbox.faults.list()]})

    def _arrivals(self, sandbox: SandboxServer, params: dict[str, str]) -> Answer:
        """``GET /_admin/arrivals[?window=S]``: each source's request times (issue 21)."""
        try:
            window = float(params.get("window") or 1.0)
            if not 0 < window <= 3600:
                raise ValueError
        except ValueError:
            return routes.json_answer({"error": "window: seconds, > 0 and <= 3600"}, 400)
        report = sandbox.arrival_report(window)
        if report is None:
            return routes.json_answer({"error": "not recorded: serve with --record-arrivals"}, 404)
        return routes.json_answer({"arrivals": report})

    def _home(self) -> Answer:
        entry = {"company_register": "browse", "phone_directory": "browse", "legal_notices": "browse",
                 "land_registry": "api/titles", "vehicle_registry": "api/vehicles", "geocoder": "search"}
        links = "".join(f'<li><a href="/{s}/{entry[s]}">{s}</a></li>' for s in SOURCE_NAMES)
        return Answer(200, routes.HTML, f"<h1>skiptrace sandbox</h1><ul>{links}</ul>")


def pages_404() -> str:
    return "<!DOCTYPE html><html><body><h1>404 Page introuvable</h1></body></html>"
