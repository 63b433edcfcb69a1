"""A tiny threaded HTTP server that plays the three web sources from the saved fixture pages,
with switchable faults: enough to test the crawl bridge's mechanics (streaming, deadlines,
dead children) without the sandbox. Sandbox-backed tests live in test_sandbox_crawl.py."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "fixtures"
ROUTES = {
    ("company_register", "search"): "search.html",
    ("company_register", "browse"): "search.html",
    ("company_register", "company/CR-000123"): "company.html",
    ("company_register", "company/CR-000777"): "company_missing.html",
    ("phone_directory", "search"): "search.html",
    ("legal_notices", "search"): "search.html",
}
LAYOUT = {"search": "search_layout.html", "company/CR-000123": "company_layout.html",
          "company/CR-000777": "company_layout.html", "browse": "search_layout.html"}


class FixtureSite(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.faults: dict[str, tuple[str, float]] = {}  # source -> (mode, value)
        self.hits: list[str] = []
        self.closing = threading.Event()  # a hanging answer ends when the site closes
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> FixtureSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.closing.set()
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: FixtureSite

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        self.server.hits.append(self.path)
        if parts.path == "/robots.txt":
            return self._send(200, b"User-agent: *\nDisallow: /_admin/\n", "text/plain")
        source, _, rest = parts.path.strip("/").partition("/")
        mode, value = self.server.faults.get(source, ("", 0.0))
        if mode == "hang":  # the site holds the connection (a server-side fault, not a test wait)
            self.server.closing.wait(value)
        if mode == "status500" or (mode == "detail500" and rest.startswith("company/")):
            return self._send(500, b"<h1>Erreur interne</h1>")
        if mode == "down":
            self.close_connection = True
            return
        page = int(parse_qs(parts.query).get("page", ["1"])[0])
        name = ROUTES.get((source, rest))
        if name is None:
            return self._send(404, b"<h1>Introuvable</h1>")
        if page > 1:
            name = "search_empty.html" if source == "company_register" else name
            if source != "company_register":
                return self._send(200, b'<html><body><p class="count">0 r\xc3\xa9sultat</p></body></html>')
        if mode == "layout":
            name = LAYOUT.get(rest, name)
        self._send(200, (FIXTURES / source / name).read_bytes())

    def _send(self, status: int, body: bytes, kind: str = "text/html; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
