"""A local HTTP server for the watch tests: routes set per test, requests recorded.

It listens on 127.0.0.1 only, on a free port, in a daemon thread; every route answers
from memory, so no test ever reaches the network.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(slots=True)
class Route:
    """What a path answers: status, body, headers, and how long to wait first."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    etag: str | None = None


@dataclass(slots=True)
class Seen:
    """One request the server received."""

    path: str
    headers: dict[str, str]
    at: float


class Site:
    """The routes and the log of one test server."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()
        self.base = ""

    def url(self, path: str) -> str:
        """The absolute URL of a path on this server."""
        return self.base + path

    def hits(self, path: str) -> list[Seen]:
        """The requests for one path."""
        return [r for r in self.requests if r.path == path]


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            with site.lock:
                site.requests.append(Seen(self.path, dict(self.headers.items()),
                                          time.monotonic()))
                site.in_flight += 1
                site.max_in_flight = max(site.max_in_flight, site.in_flight)
            try:
                self._answer()
            finally:
                with site.lock:
                    site.in_flight -= 1

        def _answer(self) -> None:
            route = site.routes.get(self.path)
            if route is None:
                route = Route(b"not found", 404, "text/plain")
            if route.delay:
                time.sleep(route.delay)
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.send_header("ETag", route.etag)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            if route.etag:
                self.send_header("ETag", route.etag)
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(route.body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serving() -> Iterator[Site]:
    """A running server on 127.0.0.1 and a free port; stopped when the block ends."""
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def rss(title: str, items: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 feed of (link, title, pubDate) items."""
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link><pubDate>{date}</pubDate>"
        f"<description>{t}</description></item>"
        for link, t, date in items
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
            f"{entries}</channel></rss>").encode()


def page(title: str, outlet: str, date: str, paragraphs: list[str]) -> bytes:
    """An article page with navigation and footer around the story."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{title}</title>"
        f'<meta property="og:site_name" content="{outlet}">'
        f'<meta property="article:published_time" content="{date}"></head><body>'
        f'<nav><a href="/">Home</a> <a href="/world">World</a></nav>'
        f"<article><h1>{title}</h1>{body}</article>"
        f"<footer>© {outlet}. All rights reserved.</footer></body></html>"
    ).encode()
