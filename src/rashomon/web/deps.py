"""Per-request plumbing: the app's state, read connections, the token check, the body limit."""

from __future__ import annotations

import hmac
import json
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import library
from ..config import Settings
from ..errors import Errors
from ..store import Store
from .cache import DataVersion, ReadPool, ResponseCache
from .errors import ApiError, BodyTooLarge, error_payload

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
MAX_LIMIT = 1000
MAX_DOWNLOAD = 10_000


@dataclass(slots=True)
class WebState:
    """What every request needs: where the data is, the settings and the write token; the
    pooled read connections and the response cache."""

    db_path: str
    settings: Settings
    token: str | None
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    writer: Store | None = None
    reads: ReadPool = field(init=False)
    cache: ResponseCache = field(init=False)

    def __post_init__(self) -> None:
        self.reads = ReadPool(self.db_path, self.settings)
        self.cache = ResponseCache(DataVersion(self.db_path))

    def write_store(self) -> Store:
        """The one writing connection, opened on first use (call with ``write_lock`` held)."""
        if self.writer is None:
            self.writer = Store(self.db_path)
        return self.writer

    def close(self) -> None:
        """Close the writing connection, if one was opened, and the read connections."""
        if self.writer is not None:
            self.writer.close()
            self.writer = None
        self.reads.close()
        self.cache.version.close()


def web_state(request: Request) -> WebState:
    """The app's :class:`WebState`."""
    state: WebState = request.app.state.web
    return state


async def read_store(request: Request) -> AsyncIterator[library.Store]:
    """A read-only store for the length of one request.

    A connection per request keeps readers independent of each other and of the writer
    (WAL lets them read while it writes); connections come from a pool, so that a request
    does not pay for opening one. Taking one from the pool does not block, so this runs on
    the event loop: a synchronous dependency cost two trips through the thread pool.
    """
    with web_state(request).reads.store() as store:
        yield store


ReadStore = Annotated[library.Store, Depends(read_store)]


def require_token(request: Request) -> None:
    """Refuse a write unless the server has a token and the request carries it.

    The comparison runs in constant time so the token cannot be guessed byte by byte.
    """
    token = web_state(request).token
    if not token:
        raise ApiError(403, Errors.E043)
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode("utf8"), token.encode("utf8")
    ):
        raise ApiError(401, Errors.E041, headers={"WWW-Authenticate": "Bearer"})


# -- shared query parameters ------------------------------------------------------------

Q = Annotated[
    str | None, Query(max_length=500, description="Full-text search (words, all required).")
]
Speaker = Annotated[str | None, Query(max_length=200, description="Speaker name or alias.")]
ActorName = Annotated[
    str | None, Query(max_length=200, description="Actor name or alias (as actor or recipient).")
]
Outlet = Annotated[str | None, Query(max_length=200, description="Outlet name, exactly.")]
EventType = Annotated[str | None, Query(max_length=40, description="PLOVER type, e.g. ACCUSE.")]
DateFrom = Annotated[
    str | None,
    Query(pattern=DATE_PATTERN, description="On or after this date (YYYY, YYYY-MM or YYYY-MM-DD)."),
]
DateTo = Annotated[
    str | None, Query(pattern=DATE_PATTERN, description="On or before this date.")
]
Limit = Annotated[
    int | None,
    Query(ge=1, le=MAX_DOWNLOAD, description="Rows per page (default: the page_size setting;"
          f" at most {MAX_LIMIT}, or {MAX_DOWNLOAD} for csv/jsonl downloads)."),
]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")]


def page_limit(request: Request, limit: int | None, fmt: str = "json") -> int:
    """The page size asked for, defaulted and capped (downloads may ask for more)."""
    if limit is None:
        return web_state(request).settings.web.page_size
    cap = MAX_DOWNLOAD if fmt in ("csv", "jsonl") else MAX_LIMIT
    if limit > cap:
        raise ApiError(422, Errors.E040, detail=f"limit: at most {cap} for format {fmt}")
    return limit


def next_link(request: Request, limit: int, offset: int, more: bool) -> str | None:
    """The relative URL of the next page, or None on the last one."""
    if not more:
        return None
    params = dict(request.query_params)
    params["offset"] = str(offset + limit)
    params["limit"] = str(limit)
    from urllib.parse import urlencode

    return f"{request.url.path}?{urlencode(params)}"


def prev_link(request: Request, limit: int, offset: int) -> str | None:
    """The relative URL of the previous page, or None on the first one."""
    if offset <= 0:
        return None
    from urllib.parse import urlencode

    params = dict(request.query_params)
    params["offset"] = str(max(0, offset - limit))
    params["limit"] = str(limit)
    return f"{request.url.path}?{urlencode(params)}"


class JsonAnswer(JSONResponse):
    """A JSON answer rendered in one pass, anything unusual (a date) as its string.

    A route that returns a dict has FastAPI walk every value in Python before rendering:
    on an actor's record (100 statements, 100 events) that cost three times the queries.
    """

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"),
                          default=str).encode("utf-8")


# -- the body limit ---------------------------------------------------------------------


class BodyLimitMiddleware:
    """Refuse request bodies larger than ``limit`` bytes (E042), before reading them all.

    A declared ``Content-Length`` over the limit is refused at once; a body sent without
    one (chunked) is counted as it arrives and refused as soon as it passes the limit.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.limit:
            await _send_too_large(send, declared, self.limit)
            return
        received = 0
        limit = self.limit

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(received, limit)
            return message

        await self.app(scope, counted, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _send_too_large(send: Send, size: int, limit: int) -> None:
    body = json.dumps(
        error_payload("E042", Errors.E042.value.format(size=size, limit=limit), 413)
    ).encode("utf8")
    await send({
        "type": "http.response.start",
        "status": 413,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ],
    })
    await send({"type": "http.response.body", "body": body})
