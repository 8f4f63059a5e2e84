"""Polite HTTP: robots.txt, a per-host delay and concurrency limit, conditional GET,
timeouts, retries with back-off and a size limit, all with a clear User-Agent.

Every failure is a :class:`FetchError` carrying a numbered ``DocumentFailure`` that names
the URL, so the caller logs it and goes on with the next source.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import httpx

from .. import __version__
from ..config import WatchSettings
from ..errors import DocumentFailure, Errors

MAX_REDIRECTS = 5
# A server's Retry-After is obeyed up to this many seconds, so one host cannot stall a round.
MAX_RETRY_AFTER = 60.0
_CHUNK = 65536


@dataclass(slots=True)
class Fetched:
    """A response: the final URL, status, body and validators for the next conditional GET."""

    url: str
    status: int
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = ""

    @property
    def not_modified(self) -> bool:
        """The server says the resource has not changed since the validators we sent."""
        return self.status == 304


class FetchError(Exception):
    """A URL could not be fetched; ``failure`` says why, with its code."""

    def __init__(self, failure: DocumentFailure, retryable: bool = False,
                 retry_after: float | None = None, status: int | None = None) -> None:
        super().__init__(str(failure))
        self.failure = failure
        self.status = status
        self.retryable = retryable
        self.retry_after = retry_after


@dataclass(slots=True)
class _Host:
    """One host's share: its concurrency slots and when it may next be asked."""

    slots: threading.Semaphore
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_at: float = 0.0


def user_agent(settings: WatchSettings) -> str:
    """The User-Agent header, with Rashomon's version filled in."""
    return settings.user_agent.replace("{version}", __version__)


class Fetcher:
    """Fetches URLs politely; safe to share between threads.

    Args:
        settings: timeouts, retries, delays, limits and the User-Agent.
        transport: an httpx transport (tests may pass a mock one); default: the network.
        sleep: how to wait (tests may record waits instead).
    """

    def __init__(self, settings: WatchSettings, transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self.agent = user_agent(settings)
        self._sleep = sleep
        self._client = httpx.Client(
            timeout=settings.timeout, follow_redirects=True, max_redirects=MAX_REDIRECTS,
            headers={"User-Agent": self.agent}, transport=transport,
        )
        self._hosts: dict[str, _Host] = {}
        self._robots: dict[str, RobotFileParser | None] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET ``url`` (conditionally when validators are given), with retries.

        Raises:
            FetchError: E052 (robots.txt), E050 (an error status), E051 (timeout, network,
                redirects), E053 (too large); after the retries for transient failures.
        """
        if not self.allowed(url):
            host = urlsplit(url).netloc
            raise FetchError(DocumentFailure.of(url, Errors.E052, host=host, url=url))
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._with_retries(url, headers)

    def _with_retries(self, url: str, headers: dict[str, str]) -> Fetched:
        attempts = 1 + max(0, self.settings.retries)
        for attempt in range(attempts):
            try:
                return self._once(url, headers)
            except FetchError as error:
                if not error.retryable or attempt == attempts - 1:
                    raise
                wait = self.settings.backoff * (2 ** attempt)
                if error.retry_after is not None:
                    wait = min(MAX_RETRY_AFTER, max(wait, error.retry_after))
                self._sleep(wait)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _once(self, url: str, headers: dict[str, str]) -> Fetched:
        host = urlsplit(url).netloc.lower()
        try:
            with self._slot(host), self._client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status == 304:
                    return Fetched(str(response.url), 304, etag=response.headers.get("etag"),
                                   last_modified=response.headers.get("last-modified"))
                if status == 429 or status >= 500:
                    raise FetchError(DocumentFailure.of(url, Errors.E050, status=status, url=url),
                                     retryable=True, status=status,
                                     retry_after=_retry_after(response.headers.get("retry-after")))
                if not 200 <= status < 300:
                    raise FetchError(DocumentFailure.of(url, Errors.E050, status=status, url=url),
                                     status=status)
                body = self._read_limited(response, url)
                return Fetched(
                    str(response.url), status, body, response.headers.get("etag"),
                    response.headers.get("last-modified"),
                    response.headers.get("content-type", ""),
                )
        except httpx.TooManyRedirects:
            raise FetchError(DocumentFailure.of(
                url, Errors.E051, detail=f"more than {MAX_REDIRECTS} redirects", url=url)) from None
        except httpx.TimeoutException:
            raise FetchError(DocumentFailure.of(
                url, Errors.E051, detail=f"no answer within {self.settings.timeout:g} s", url=url),
                retryable=True) from None
        except httpx.TransportError as exc:
            raise FetchError(DocumentFailure.of(
                url, Errors.E051, detail=type(exc).__name__ + (f": {exc}" if str(exc) else ""),
                url=url), retryable=True) from None
        except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
            raise FetchError(DocumentFailure.of(
                url, Errors.E051, detail=f"{type(exc).__name__}: {exc}", url=url)) from None

    def _read_limited(self, response: httpx.Response, url: str) -> bytes:
        limit = self.settings.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(DocumentFailure.of(url, Errors.E053, limit=limit, url=url))
        parts: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise FetchError(DocumentFailure.of(url, Errors.E053, limit=limit, url=url))
            parts.append(chunk)
        return b"".join(parts)

    @contextmanager
    def _slot(self, host: str) -> Iterator[None]:
        """Wait for a free slot of ``host`` and for its delay since the last request."""
        with self._lock:
            state = self._hosts.setdefault(
                host, _Host(threading.Semaphore(max(1, self.settings.host_concurrency))))
        with state.slots:
            with state.lock:
                wait = state.next_at - time.monotonic()
                state.next_at = max(state.next_at, time.monotonic()) + self.settings.host_delay
            if wait > 0:
                self._sleep(wait)
            yield

    # -- robots.txt ---------------------------------------------------------------------

    def allowed(self, url: str) -> bool:
        """Whether the site's robots.txt lets our User-Agent fetch ``url``.

        As RFC 9309 asks: a missing robots.txt (4xx) allows everything; one that cannot be
        fetched (5xx, network) forbids everything until a later round reads it.
        """
        parts = urlsplit(url)
        origin = urlunsplit((parts.scheme, parts.netloc, "", "", "")).lower()
        with self._lock:
            origin_lock = self._robots_locks.setdefault(origin, threading.Lock())
        # One thread reads a host's robots.txt; the others wait for its answer.
        with origin_lock:
            if origin not in self._robots:
                self._robots[origin] = self._read_robots(origin)
            parser = self._robots[origin]
        if parser is None:
            return True
        return parser.can_fetch(self.agent, url)

    def _read_robots(self, origin: str) -> RobotFileParser | None:
        robots_url = f"{origin}/robots.txt"
        parser = RobotFileParser(robots_url)
        try:
            fetched = self._with_retries(robots_url, {})
        except FetchError as error:
            if error.status is not None and 400 <= error.status < 500:
                return None
            parser.disallow_all = True  # type: ignore[attr-defined]
            return parser
        parser.parse(fetched.body.decode("utf-8", "replace").splitlines())
        return parser


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (a number or an HTTP date)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())
