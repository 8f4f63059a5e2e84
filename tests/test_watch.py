"""``rashomon watch`` end to end against a local server: rounds, failures, changes, status.

The server (tests/watch_server.py) serves three outlets' feeds and article pages built from
tests/data/reliability/articles.jsonl, plus sources that misbehave in every way a round
must survive. Everything is on 127.0.0.1 and every loop is bounded.
"""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from rashomon.config import Settings, WatchSettings
from rashomon.store import Store
from rashomon.watch import WatchSource, run_round
from rashomon.watch.http import Fetcher
from rashomon.watch.status import source_status
from reliability_helpers import RELIABILITY, run_cli, snapshot
from shared_corpora import cli_in_process
from watch_server import Route, Site, page, rss, serving

pytestmark = pytest.mark.model

ARTICLES = [json.loads(line)
            for line in (RELIABILITY / "articles.jsonl").read_text("utf-8").splitlines()]
OUTLETS = {"hw": "Harbour Wire", "ed": "Eastern Dispatch", "nl": "Northern Ledger"}
SETTINGS = Settings(watch=WatchSettings(timeout=1.0, retries=1, backoff=0.01, host_delay=0.0,
                                        workers=4, max_bytes=200_000))


def _article_page(article: dict[str, str]) -> bytes:
    title, _, body = article["text"].partition("\n\n")
    return page(title, article["outlet"], article["published"], body.split(". "))


def publish(site: Site, ids: list[str], stamp: str = "09:00:00") -> None:
    """Each outlet's feed lists its articles among ``ids``; every page is served."""
    for article in ARTICLES:
        site.routes[f"/{article['id']}"] = Route(_article_page(article))
    for prefix, outlet in OUTLETS.items():
        items = [(site.url(f"/{a['id']}"), a["title"],
                  f"{a['published']}T{stamp}Z") for a in ARTICLES
                 if a["id"].startswith(prefix) and a["id"] in ids]
        site.routes[f"/{prefix}/feed.xml"] = Route(
            rss(outlet, items), content_type="application/rss+xml",
            etag=f'"{prefix}-{len(items)}-{stamp}"')


def _robots(site: Site) -> Site:
    site.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n",
                                       content_type="text/plain")
    return site


@pytest.fixture()
def site() -> Iterator[Site]:
    with serving() as running:
        yield _robots(running)


def feeds(site: Site) -> list[WatchSource]:
    return [WatchSource(site.url(f"/{p}/feed.xml")) for p in OUTLETS]


def _round(store: Store, sources: list[WatchSource], number: int = 1) -> object:
    with Fetcher(SETTINGS.watch) as fetcher:
        return run_round(store, sources, SETTINGS, fetcher, number=number)


def test_rounds_fetch_new_items_only_and_follow_changes(site: Site, tmp_path: Path) -> None:
    first_ids = ["hw-0412-port", "ed-0412-strike", "hw-0420-flood"]
    publish(site, first_ids)
    with Store(tmp_path / "w.db") as store:
        one = _round(store, feeds(site))
        assert (one.added, one.failures) == (3, [])  # type: ignore[attr-defined]
        assert {r[0] for r in store.conn.execute("SELECT outlet FROM articles")} == {
            "Harbour Wire", "Eastern Dispatch"}
        assert store.conn.execute("SELECT count(*) FROM story_articles").fetchone()[0] == 3
        # Nothing changed: every feed answers 304 and no page is fetched again.
        before = len(site.requests)
        two = _round(store, feeds(site), 2)
        assert two.added == two.fetched == 0  # type: ignore[attr-defined]
        new_requests = [r for r in site.requests[before:] if r.path != "/robots.txt"]
        assert len(new_requests) == 3 and all(r.path.endswith("feed.xml") for r in new_requests)
        assert all("If-None-Match" in r.headers for r in new_requests)
        # The feeds change: new items appear and one article is updated in place.
        publish(site, [a["id"] for a in ARTICLES], stamp="10:00:00")
        changed = next(a for a in ARTICLES if a["id"] == "hw-0412-port")
        site.routes["/hw-0412-port"] = Route(_article_page(
            {**changed, "text": changed["text"] + " Talks were later postponed to Tuesday."}))
        three = _round(store, feeds(site), 3)
        assert three.added == 3 and three.replaced == 1  # type: ignore[attr-defined]
        # Unchanged pages re-listed with a new stamp are fetched, found equal, not re-analysed.
        assert three.unchanged == 2  # type: ignore[attr-defined]
        assert "postponed to Tuesday" in store.load(_id(site, "/hw-0412-port")).text  # type: ignore[union-attr]
        assert store.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 6
        status = {r["url"]: r for r in source_status(store)}
    hw = status[site.url("/hw/feed.xml")]
    assert hw["rounds"] == 3 and hw["failures"] == 0 and hw["last_success"]
    assert hw["articles_stored"] == 3 and hw["items_known"] == 2


def _id(site: Site, path: str) -> str:
    from rashomon.ingest.common import url_id

    return url_id(site.url(path))


def test_a_failing_source_is_logged_and_the_round_goes_on(site: Site, tmp_path: Path) -> None:
    publish(site, ["nl-0413-talks"])
    big = rss("Huge", [(site.url(f"/x{n}"), "x" * 200, "2025-04-12T09:00:00Z")
                       for n in range(2000)])
    site.routes.update({
        "/gone.xml": Route(b"no", 404),
        "/broken.xml": Route(b"oops", 500),
        "/slow.xml": Route(rss("Slow", []), delay=2.5, content_type="application/rss+xml"),
        "/moved.xml": Route(b"", 301, headers={"Location": "/nl/feed.xml"}),
        "/malformed.xml": Route(b"<rss><channel><item><title>cut", content_type="text/xml"),
        "/huge.xml": Route(big, content_type="application/rss+xml"),
        "/private/feed.xml": Route(rss("Hidden", [])),
        "/empty-feed.xml": Route(rss("Empty", [(site.url("/nav-only"), "Nav", "2025-04-12")])),
        "/nav-only": Route(b"<html><body><nav><a href='/'>Home</a></nav></body></html>"),
    })
    names = ["/gone.xml", "/broken.xml", "/slow.xml", "/moved.xml", "/malformed.xml",
             "/huge.xml", "/private/feed.xml", "/empty-feed.xml"]
    with Store(tmp_path / "w.db") as store:
        summary = _round(store, [WatchSource(site.url(n)) for n in names])
        codes = {f.document.removeprefix(site.base): f.code
                 for f in summary.failures}  # type: ignore[attr-defined]
        assert codes == {"/gone.xml": "E050", "/broken.xml": "E050", "/slow.xml": "E051",
                         "/malformed.xml": "E009", "/huge.xml": "E053",
                         "/private/feed.xml": "E052", "/nav-only": "E006"}
        # The redirected feed was followed and its article stored despite the others.
        assert summary.added == 1  # type: ignore[attr-defined]
        status = {r["url"].removeprefix(site.base): r for r in source_status(store)}
    assert status["/broken.xml"]["last_error"].startswith("E050: Fetch failed: HTTP 500")
    assert status["/moved.xml"]["last_error"] is None and status["/moved.xml"]["last_success"]
    assert status["/empty-feed.xml"]["items_failed"] == 1
    assert len(site.hits("/broken.xml")) == 2  # one retry
    assert len(site.hits("/robots.txt")) == 1  # read once per round and host


def test_sitemaps_and_pages_as_sources(site: Site, tmp_path: Path) -> None:
    publish(site, [])
    site.routes["/sitemap.xml"] = Route(
        ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
         f"<url><loc>{site.url('/ed-0420-rain')}</loc><lastmod>2025-04-20</lastmod></url>"
         "</urlset>").encode(), content_type="application/xml")
    sources = [WatchSource(site.url("/sitemap.xml")),
               WatchSource(site.url("/nl-0421-dams"), "page")]
    with Store(tmp_path / "w.db") as store:
        first = _round(store, sources)
        assert first.added == 2 and not first.failures  # type: ignore[attr-defined]
        again = _round(store, sources, 2)
        assert again.added == again.replaced == 0  # type: ignore[attr-defined]
    # The page source was asked again (pages have no feed to say they changed); the
    # sitemap's item was not, its lastmod being the same.
    assert len(site.hits("/nl-0421-dams")) == 2 and len(site.hits("/ed-0420-rain")) == 1


# -- through the CLI --------------------------------------------------------------------


def _sources_file(site: Site, path: Path) -> Path:
    lines = [f"feed {site.url(f'/{p}/feed.xml')}" for p in OUTLETS]
    path.write_text("# three outlets\n" + "\n".join(lines) + "\nnot a url\n", "utf-8")
    return path


def test_cli_once_and_status(site: Site, tmp_path: Path) -> None:
    publish(site, [a["id"] for a in ARTICLES])
    site.routes["/ed/feed.xml"] = Route(b"down", 500)
    db = tmp_path / "w.db"
    result = run_cli("watch", str(_sources_file(site, tmp_path / "s.txt")), "--db", str(db),
                     "--once", env={"RASHOMON_WATCH_RETRIES": "0",
                                    "RASHOMON_WATCH_HOST_DELAY": "0"})
    assert result.returncode == 1, result.stderr  # a source failed; the others were stored
    assert "round 1 done" in result.stderr and "4 article(s) added" in result.stderr
    assert "E054" in result.stderr and "E050" in result.stderr
    status = run_cli("watch", "--status", "--db", str(db), "--format", "jsonl")
    rows = {json.loads(line)["url"]: json.loads(line) for line in status.stdout.splitlines()}
    assert rows[site.url("/ed/feed.xml")]["last_error"].startswith("E050")
    assert rows[site.url("/hw/feed.xml")]["articles_stored"] == 2
    table = run_cli("watch", "--status", "--db", str(db))
    assert "last success" in table.stdout and "never" in table.stdout


WATCH_ENV = {"RASHOMON_WATCH_HOST_DELAY": "0"}


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory: pytest.TempPathFactory
                  ) -> Iterator[tuple[Path, dict[str, list[tuple[object, ...]]]]]:
    """Every article published on one site, and the store of one uninterrupted round of it:
    the sources file and the snapshot the interrupted rounds are compared with."""
    with serving() as site:
        publish(_robots(site), [a["id"] for a in ARTICLES])
        folder = tmp_path_factory.mktemp("watch")
        sources = _sources_file(site, folder / "s.txt")
        reference = folder / "ref.db"
        assert run_cli("watch", str(sources), "--db", str(reference), "--once",
                       env=WATCH_ENV).returncode == 1  # the "not a url" line
        yield sources, snapshot(reference)


KILL_STEPS = ["round-fetched", "article-stored:2", "round-stored"]


@pytest.mark.slow
@pytest.mark.parametrize("step", KILL_STEPS)
def test_killed_watch_then_rerun_equals_an_uninterrupted_round(
    uninterrupted: tuple[Path, dict[str, list[tuple[object, ...]]]], tmp_path: Path, step: str
) -> None:
    sources, reference = uninterrupted
    db = tmp_path / "w.db"
    killed = run_cli("watch", str(sources), "--db", str(db), "--once",
                     env={**WATCH_ENV, "RASHOMON_KILL_AT": step})
    assert killed.returncode == -signal.SIGKILL
    # After the first step's kill the rerun is a new process; after the others it goes through
    # the CLI's entry point in this process (no model load): the store is all a kill leaves.
    if step == KILL_STEPS[0]:
        again = run_cli("watch", str(sources), "--db", str(db), "--once", env=WATCH_ENV)
    else:
        with pytest.MonkeyPatch.context() as patch:
            for name, value in WATCH_ENV.items():
                patch.setenv(name, value)
            again = cli_in_process("watch", str(sources), "--db", str(db), "--once")
    assert again.returncode == 1 and "Traceback" not in again.stderr
    assert snapshot(db) == reference
