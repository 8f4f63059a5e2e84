"""Polite fetching and source discovery against a local server (no model, no network)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from rashomon.config import WatchSettings
from rashomon.watch.discover import MalformedSource, feed_items, sitemap_items, sniff_kind
from rashomon.watch.http import Fetcher, FetchError
from rashomon.watch.sources import read_sources
from watch_server import Route, Site, rss, serving

FAST = WatchSettings(timeout=0.5, retries=2, backoff=0.01, host_delay=0.0, workers=4,
                     max_bytes=100_000)


@pytest.fixture()
def site() -> Iterator[Site]:
    with serving() as running:
        running.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n",
                                              content_type="text/plain")
        yield running


def test_user_agent_and_conditional_get(site: Site) -> None:
    site.routes["/feed"] = Route(rss("Wire", []), content_type="application/rss+xml",
                                 etag='"v1"')
    with Fetcher(FAST) as fetcher:
        first = fetcher.get(site.url("/feed"))
        again = fetcher.get(site.url("/feed"), etag=first.etag)
    assert first.status == 200 and first.etag == '"v1"'
    assert again.not_modified and again.body == b""
    (request, conditional) = site.hits("/feed")
    assert request.headers["User-Agent"].startswith("Rashomon/")
    assert conditional.headers["If-None-Match"] == '"v1"'


def test_robots_txt_is_respected(site: Site) -> None:
    site.routes["/private/memo"] = Route(b"secret")
    with Fetcher(FAST) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(site.url("/private/memo"))
    assert caught.value.failure.code == "E052"
    assert not site.hits("/private/memo")
    assert len(site.hits("/robots.txt")) == 1


def test_missing_robots_txt_allows_and_broken_one_forbids() -> None:
    with serving() as site:
        site.routes["/a"] = Route(b"ok")
        with Fetcher(FAST) as fetcher:
            assert fetcher.get(site.url("/a")).body == b"ok"
    with serving() as site:
        site.routes["/robots.txt"] = Route(b"down", 503)
        site.routes["/a"] = Route(b"ok")
        with Fetcher(FAST) as fetcher, pytest.raises(FetchError) as caught:
            fetcher.get(site.url("/a"))
        assert caught.value.failure.code == "E052" and not site.hits("/a")


@pytest.mark.parametrize(("route", "code", "attempts"), [
    (Route(b"gone", 404), "E050", 1),
    (Route(b"oops", 500), "E050", 3),
    (Route(b"slow", delay=1.5), "E051", 3),
    (Route(b"x" * 200_000), "E053", 1),
])
def test_failures_are_coded_and_only_transient_ones_retried(
    site: Site, route: Route, code: str, attempts: int
) -> None:
    site.routes["/doc"] = route
    with Fetcher(FAST) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(site.url("/doc"))
    assert caught.value.failure.code == code
    assert caught.value.failure.document == site.url("/doc")
    assert len(site.hits("/doc")) == attempts


def test_retry_after_is_obeyed_and_bounded(site: Site) -> None:
    site.routes["/busy"] = Route(b"", 429, headers={"Retry-After": "7"})
    waits: list[float] = []
    with Fetcher(FAST, sleep=waits.append) as fetcher, pytest.raises(FetchError):
        fetcher.get(site.url("/busy"))
    assert waits == [7.0, 7.0]


def test_redirects_are_followed_but_not_forever(site: Site) -> None:
    site.routes["/old"] = Route(b"", 301, headers={"Location": "/new"})
    site.routes["/new"] = Route(b"moved here")
    site.routes["/loop"] = Route(b"", 302, headers={"Location": "/loop"})
    with Fetcher(FAST) as fetcher:
        moved = fetcher.get(site.url("/old"))
        assert moved.body == b"moved here" and moved.url.endswith("/new")
        with pytest.raises(FetchError) as caught:
            fetcher.get(site.url("/loop"))
    assert caught.value.failure.code == "E051" and "redirects" in caught.value.failure.reason


def test_per_host_delay_and_concurrency(site: Site) -> None:
    from concurrent.futures import ThreadPoolExecutor

    for n in range(6):
        site.routes[f"/p{n}"] = Route(b"page", delay=0.02)
    polite = WatchSettings(timeout=2, retries=0, host_delay=0.15, host_concurrency=1, workers=6)
    with Fetcher(polite) as fetcher, ThreadPoolExecutor(6) as pool:
        list(pool.map(lambda n: fetcher.get(site.url(f"/p{n}")), range(6)))
    times = sorted(r.at for r in site.requests if r.path.startswith("/p"))
    assert site.max_in_flight == 1
    # Five gaps of 0.15 s as the client sends them (0.75 s); arrival may jitter under load,
    # so allow one gap's worth. Without the delay the six would take about 0.12 s.
    assert times[-1] - times[0] >= 0.6


def test_sniffing_and_listing_feeds_and_sitemaps(site: Site) -> None:
    feed = rss("Wire", [(site.url("/a"), "A", "Sat, 12 Apr 2025 09:00:00 +0000"),
                        ("javascript:alert(1)", "Bad", "Sat, 12 Apr 2025 09:00:00 +0000")])
    assert sniff_kind(feed) == "feed"
    listing = feed_items(feed, "feed")
    assert [i.url for i in listing.items] == [site.url("/a")]
    assert listing.items[0].stamp
    sitemap = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
               b"<url><loc>https://w.example/a</loc><lastmod>2025-04-12</lastmod></url>"
               b"<url><loc>ftp://w.example/b</loc></url></urlset>")
    assert sniff_kind(sitemap) == "sitemap"
    items = sitemap_items(sitemap, "map").items
    assert [(i.url, i.stamp) for i in items] == [("https://w.example/a", "2025-04-12")]
    assert sniff_kind(b"<!doctype html><p>news</p>") == "page"
    with pytest.raises(MalformedSource) as caught:
        feed_items(b"<rss><channel><item><title>broken", "bad")
    assert caught.value.failure.code == "E009"
    with pytest.raises(MalformedSource):
        sitemap_items(b"<urlset><url><loc>http://x</loc>", "bad")


def test_sources_file(tmp_path: Path) -> None:
    path = tmp_path / "sources.txt"
    path.write_text(
        "# wires\nfeed https://harbourwire.example/rss.xml  # main feed\n"
        "https://easterndispatch.example/sitemap.xml\n\n"
        "page https://northernledger.example/a#top\n"
        "ftp://nowhere.example/x\nfeed\nhttps://harbourwire.example/rss.xml\n", "utf-8")
    sources, problems = read_sources(path)
    assert [(s.kind, s.url) for s in sources] == [
        ("feed", "https://harbourwire.example/rss.xml"),
        ("auto", "https://easterndispatch.example/sitemap.xml"),
        ("page", "https://northernledger.example/a#top"),
    ]
    assert [p.code for p in problems] == ["E054", "E054"]
    assert "line 6: not an http(s) URL" in problems[0].reason
    assert "line 7: not an http(s) URL: 'feed'" in problems[1].reason


def test_timeouts_bound_the_wait(site: Site) -> None:
    site.routes["/hang"] = Route(b"late", delay=3)
    started = time.monotonic()
    with Fetcher(WatchSettings(timeout=0.3, retries=0)) as fetcher, pytest.raises(FetchError):
        fetcher.get(site.url("/hang"))
    assert time.monotonic() - started < 2.5
