"""A recording loopback site for the issue 10 attack cases (no tests of its own): the hostile
pages of test_crawler.py and the redirecting registry of tests/connectors/test_credentials.py.

``pages`` maps a path (without query) to a body (HTML, or JSON when it starts with ``{``/``[``)
or to ``("redirect", url)``; ``redirect_all`` answers every path but ``/landed…`` with
``status`` and ``Location: redirect_all + path`` (the query kept). Every request is recorded
in ``seen`` as (path with query, headers).
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Site(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__((host, port), _Handler)
        self.seen: list[tuple[str, dict[str, str]]] = []
        self.pages: dict[str, Any] = {"/robots.txt": "User-agent: *\nDisallow:\n"}
        self.redirect_all: str | None = None
        self.status = 302
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> Site:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: Site

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        site = self.server
        site.seen.append((self.path, dict(self.headers.items())))
        if site.redirect_all and not self.path.startswith("/landed"):
            return self._redirect(site.status, site.redirect_all + self.path)
        page = site.pages.get(self.path.split("?")[0])
        if isinstance(page, tuple):
            return self._redirect(302, page[1])
        body = (page or "<h1>Introuvable</h1>").encode()
        kind = "application/json" if body[:1] in (b"{", b"[") else "text/html; charset=utf-8"
        self.send_response(200 if page else 404)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, status: int, location: str) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()
