"""Reads served fast under load: pooled read connections and a response cache that the
store's data version keeps correct.

Every page and listing is a pure function of the request and the store's content, so an
answer can be given again for as long as nothing was committed since. SQLite tells that
cheaply: ``PRAGMA data_version`` on one connection held open changes whenever another
connection (any process: ``analyze``, ``watch``, the API's own writer) commits. The cache
keeps the answers of one version only and forgets them all when the version moves.

Why that is correct: the version is read *before* the answer is computed, and the answer
reads a snapshot taken after that, so an answer stored under version V holds every commit
up to the moment V was read, and no request asks for V once a later commit is visible.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import library
from ..config import Settings
from ..store.db import connect

# Answers larger than this are not kept (a 10,000-row download is sent, not stored).
MAX_ENTRY = 2 * 1024 * 1024
# What one server process keeps at most, all entries together.
MAX_TOTAL = 48 * 1024 * 1024
# Idle read connections kept open per process (about one per request in flight: the
# thread pool runs up to 40); more are opened when needed, then closed.
MAX_IDLE = 48
# Request headers an answer may depend on: the error pages choose HTML or JSON by Accept.
VARY = (b"accept",)


class DataVersion:
    """Whether the store changed: ``PRAGMA data_version`` on one read connection kept open."""

    def __init__(self, db_path: str) -> None:
        self._conn = connect(db_path, readonly=True)
        self._lock = threading.Lock()

    def current(self) -> int:
        """A number that differs from the last one given whenever a commit happened since."""
        with self._lock:
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()


class ReadPool:
    """Read-only stores reused across requests (opening one per request cost a millisecond
    or two of a loaded CPU: path checks, the connection, pragmas, the schema version)."""

    def __init__(self, db_path: str, settings: Settings, max_idle: int = MAX_IDLE) -> None:
        self.db_path = db_path
        self.settings = settings
        self.max_idle = max_idle
        self._idle: queue.SimpleQueue[library.Store] = queue.SimpleQueue()

    @contextmanager
    def store(self) -> Iterator[library.Store]:
        """A read-only store for one request, returned to the pool after it.

        A request that failed may still hold a cursor (and with it an old snapshot) through
        its traceback, so its connection is closed rather than reused.
        """
        try:
            store = self._idle.get_nowait()
        except queue.Empty:
            store = library.Store(self.db_path, readonly=True, settings=self.settings)
        try:
            yield store
        except BaseException:
            store.close()
            raise
        if self._idle.qsize() < self.max_idle:
            self._idle.put(store)
        else:
            store.close()

    def close(self) -> None:
        """Close every idle connection."""
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return


@dataclass(slots=True)
class _Answer:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class ResponseCache:
    """The answers of one data version, least recently used dropped first."""

    def __init__(self, version: DataVersion, max_total: int = MAX_TOTAL,
                 max_entry: int = MAX_ENTRY) -> None:
        self.version = version
        self.max_total = max_total
        self.max_entry = max_entry
        self._entries: OrderedDict[tuple[object, ...], _Answer] = OrderedDict()
        self._of_version: int | None = None
        self._size = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def current_version(self) -> int:
        """The store's version now; the entries of any other version are dropped."""
        now = self.version.current()
        with self._lock:
            if now != self._of_version:
                self._entries.clear()
                self._size = 0
                self._of_version = now
        return now

    def get(self, version: int, key: tuple[object, ...]) -> _Answer | None:
        """The answer stored for ``key`` under ``version``, if any."""
        with self._lock:
            answer = self._entries.get(key) if version == self._of_version else None
            if answer is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return answer

    def put(self, version: int, key: tuple[object, ...], answer: _Answer) -> None:
        """Keep ``answer`` unless the version moved on meanwhile or it is too large."""
        size = len(answer.body)
        if size > self.max_entry:
            return
        with self._lock:
            if version != self._of_version:
                return
            old = self._entries.pop(key, None)
            if old is not None:
                self._size -= len(old.body)
            self._entries[key] = answer
            self._size += size
            while self._size > self.max_total and self._entries:
                _, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped.body)


def _key(scope: Scope) -> tuple[object, ...]:
    headers = dict(scope.get("headers", []))
    return (scope["path"], scope.get("query_string", b""),
            *(headers.get(name, b"") for name in VARY))


class ResponseCacheMiddleware:
    """Answer a ``GET`` from the cache when the store has not changed since it was computed.

    Only complete ``200`` answers are kept; a streamed download is gathered and kept when it
    is small enough. Static files are left to the browser's own cache.
    """

    def __init__(self, app: ASGIApp, cache: ResponseCache) -> None:
        self.app = app
        self.cache = cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["method"] != "GET"
                or scope["path"].startswith("/static/")):
            await self.app(scope, receive, send)
            return
        key = _key(scope)
        try:
            version = self.cache.current_version()
        except sqlite3.Error:
            # The store cannot be read just now: answer without the cache; the route says why.
            await self.app(scope, receive, send)
            return
        answer = self.cache.get(version, key)
        if answer is not None:
            await send({"type": "http.response.start", "status": answer.status,
                        "headers": answer.headers})
            await send({"type": "http.response.body", "body": answer.body})
            return
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        keep = True

        async def recording(message: Message) -> None:
            nonlocal start, size, keep
            if message["type"] == "http.response.start":
                start = message
                keep = message["status"] == 200
            elif message["type"] == "http.response.body" and keep:
                body = message.get("body", b"")
                size += len(body)
                if size > self.cache.max_entry:
                    keep = False
                    chunks.clear()
                else:
                    chunks.append(body)
                if not message.get("more_body", False) and keep and start is not None:
                    self.cache.put(version, key, _Answer(
                        start["status"], list(start.get("headers", [])), b"".join(chunks)))
            await send(message)

        await self.app(scope, receive, recording)
