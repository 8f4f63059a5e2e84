"""End-to-end: the real server in a thread, driven by headless Chromium (Debian's package).

The demo-corpus test runs the real pipeline over ``examples/``; the fixture test uses the
hand-built corpus so that the browser path is checked even without the model.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"
                       " (/usr/bin/chromium); `make` installs it"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving() -> Iterator[Callable[[Path], str]]:
    """Start uvicorn on a free local port for a database; stop every server on leaving."""
    import uvicorn

    from rashomon.web.app import create_app

    servers: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(db: Path) -> str:
        port = _free_port()
        config = uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port,
                                log_level="warning")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.05)
        servers.append((server, thread))
        return f"http://127.0.0.1:{port}"

    try:
        yield start
    finally:
        for server, thread in servers:
            server.should_exit = True
            thread.join(10)


@pytest.fixture()
def serve() -> Iterator[Callable[[Path], str]]:
    """Serve a database for one test."""
    with serving() as start:
        yield start


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The hand-built corpus, served once for the tests that only read it."""
    from test_web_data import build_db

    with serving() as start:
        yield start(build_db(tmp_path_factory.mktemp("browser") / "web.db"))


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One Chromium for the module: each test opens its own pages (each in a new context)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def _follow_claim(page: object, base: str, name: str) -> None:
    """Click the first flagged conflict's claim and check that its sentence is shown."""
    link = page.locator(".cmp-contradiction a.to-source").first  # type: ignore[attr-defined]
    href = link.get_attribute("href")
    assert href and href.startswith("/articles/") and "#s" in href
    link.click()
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    anchor = href.split("#", 1)[1]
    assert page.url.endswith(f"#{anchor}")  # type: ignore[attr-defined]
    target = page.locator(f"[id='{anchor}']")  # type: ignore[attr-defined]
    assert target.is_visible()
    assert "st" in (target.get_attribute("class") or "").split()
    assert target.inner_text().strip()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-article.png"))  # type: ignore[attr-defined]


def _open_story(browser: object, url: str, name: str) -> object:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page.goto(url)
    page.wait_for_load_state("networkidle")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-story.png"), full_page=True)
    phone = browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    phone.goto(url)
    phone.wait_for_load_state("networkidle")
    phone.screenshot(path=str(ARTIFACTS / f"{name}-story-phone.png"), full_page=True)
    # The charts rendered (an <img> that failed to load has no natural width).
    widths = phone.eval_on_selector_all(".chart img", "els => els.map(e => e.naturalWidth)")
    assert widths and all(w > 0 for w in widths)
    phone.close()
    return page


def test_fixture_story_in_browser(fixture_site: str, browser: object) -> None:
    from test_web_data import STORY

    base = fixture_site
    page = _open_story(browser, f"{base}/stories/{STORY}", "fixture")
    headers = page.locator(".column h3").all_inner_texts()  # type: ignore[attr-defined]
    assert any("Daniel Harlow" in h for h in headers)
    assert any("Mikhail Sorokin" in h for h in headers)
    conflict = page.locator(".cmp-contradiction").first  # type: ignore[attr-defined]
    assert "barely raised" in conflict.inner_text()
    _follow_claim(page, base, "fixture")


@pytest.mark.model
@pytest.mark.slow
def test_demo_corpus_story_in_browser(
    serve: Callable[[Path], str], browser: object, tmp_path: Path, demo_store: Path
) -> None:
    """The demo corpus through the real pipeline: the Geneva story's two sides and conflict."""
    pytest.importorskip("rashomon.stories.update", reason="the story grouper is not built yet")
    from rashomon.store import Store
    from rashomon.store.queries import article_stories
    from shared_corpora import copy_store

    examples = REPO / "examples"
    if not (examples / "articles.jsonl").exists():
        pytest.skip("the demo corpus examples/ is absent")
    # `rashomon analyze examples/`, run once per session by conftest.py.
    db = copy_store(demo_store, tmp_path / "demo.db")
    with Store(db, readonly=True) as store:
        stories = article_stories(store.conn, "ct-2025-03-11-geneva")
    assert stories, "the Geneva article is in no story"
    story_id = max(stories, key=lambda s: s["n_articles"])["id"]
    base = serve(db)
    from urllib.parse import quote

    page = _open_story(browser, f"{base}/stories/{quote(story_id, safe='')}", "demo")
    text = page.inner_text("main")  # type: ignore[attr-defined]
    assert "Harlow" in text and "Sorokin" in text
    headers = " ".join(page.locator(".column h3").all_inner_texts())  # type: ignore[attr-defined]
    assert page.locator(".column").count() >= 2  # type: ignore[attr-defined]
    assert "Sorokin" in headers or "Russia" in headers or "Eastern Dispatch" in headers
    assert page.locator(".cmp-contradiction").count() >= 1  # type: ignore[attr-defined]
    _follow_claim(page, base, "demo")


def test_markup_in_article_text_is_shown_as_text_on_every_page(
    fixture_site: str, browser: object
) -> None:
    """Every page that shows article text, under the real CSP: no script runs, no markup
    renders, the text is shown literally, and the page's own style and charts still load."""
    from urllib.parse import quote

    from test_web_data import EVIL, STORY, XSS, XSS_STORY

    base = fixture_site
    page = browser.new_page()  # type: ignore[attr-defined]
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    urls = [f"/articles/{XSS}", f"/stories/{XSS_STORY}", "/articles", "/",
            "/search?q=" + quote("pwned"), "/search?q=" + quote(EVIL),
            "/actors/" + quote("<i>Evil</i> Corp", safe=""), f"/stories/{STORY}"]
    for url in urls:
        page.goto(base + url)
        page.wait_for_load_state("networkidle")
        # No element came from the article's markup: the hostile tags are text.
        assert page.locator("main script, main img[src=x], main b, main i").count() == 0, url
        # The stylesheet applied (the CSP allows this server's styles): .top-inner is flex.
        display = page.eval_on_selector(".top-inner", "e => getComputedStyle(e).display")
        assert display == "flex", url
    page.goto(base + f"/articles/{XSS}")
    assert EVIL in page.inner_text("main")
    page.goto(base + f"/stories/{STORY}")
    widths = page.eval_on_selector_all(".chart img", "els => els.map(e => e.naturalWidth)")
    assert widths and all(w > 0 for w in widths), "charts blocked by the CSP"
    assert dialogs == [] and violations == []
    page.close()
