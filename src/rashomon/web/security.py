"""Security headers on every response, and a bound on the request line.

The pages run no script at all, so the content security policy allows none: a string of
markup that slipped into a page could not run. Styles and images come from this server
only (the charts are SVG files served here, shown through ``<img>``, where SVG cannot run
script either). Forms may only submit here; no other site may frame the pages.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import Errors
from .errors import error_payload

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
    " frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
# Longest query string accepted; every filter together fits in far less.
MAX_QUERY = 4096


class SecurityHeadersMiddleware:
    """Add :data:`HEADERS` to every HTTP response; refuse over-long query strings (E042)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"")
        if len(query) > MAX_QUERY:
            await _refuse(send, len(query))
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *((name, value) for name, value in HEADERS if name not in present),
                ]
            await send(message)

        await self.app(scope, receive, with_headers)


async def _refuse(send: Send, size: int) -> None:
    message = Errors.E042.value.format(size=size, limit=MAX_QUERY) + " (query string)"
    body = json.dumps(error_payload("E042", message, 414)).encode("utf8")
    await send({"type": "http.response.start", "status": 414, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        *HEADERS]})
    await send({"type": "http.response.body", "body": body})
