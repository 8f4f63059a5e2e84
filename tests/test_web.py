"""The pages and their .json twins through the real app, the text marking, and escaping."""

from __future__ import annotations

import html
import re
import warnings
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

from rashomon.web.app import create_app
from rashomon.web.markup import MENTION, STATEMENT, Span, mark_text
from test_web_data import BW, CT, ED, EVIL, STORY, XSS, XSS_STORY, build_db

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

HTML = {"Accept": "text/html"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = build_db(tmp_path_factory.mktemp("web") / "web.db")
    with TestClient(create_app(str(db))) as test_client:
        yield test_client


class _Tags(HTMLParser):
    """Collects start tags and checks that every element closes in order."""

    VOID = {"meta", "link", "input", "img", "br", "hr", "source"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
            return
        self.stack.pop()


def parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


def page(client: TestClient, url: str) -> str:
    response = client.get(url, headers=HTML)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert not parse(response.text).errors
    return response.text


# -- pages ------------------------------------------------------------------------------


def test_home_lists_stories_with_counts(client: TestClient) -> None:
    html = page(client, "/")
    assert "Harlow and Sorokin meet in Geneva" in html
    assert f'href="/stories/{STORY}"' in html
    assert "2 conflicts" in html and "3 outlets" in html and "1 agreement" in html
    data = client.get("/index.json").json()
    assert data["counts"]["articles"] == 4
    by_size = client.get("/index.json?sort=size").json()["stories"]
    assert by_size[0]["id"] == STORY
    recent = client.get("/index.json").json()["stories"]
    assert recent[0]["id"] == XSS_STORY


def test_story_page_accounts_side_by_side(client: TestClient) -> None:
    html = page(client, f"/stories/{STORY}")
    parsed = parse(html)
    columns = [a for t, a in parsed.tags if t == "section" and "column" in (a.get("class") or "")]
    assert len(columns) == 4
    assert "Mikhail Sorokin" in html and "Daniel Harlow" in html
    # the conflict is flagged, explained, and both sides link to their sentences
    assert "flag-contradiction" in html
    assert "Sorokin says the question was barely raised" in html
    assert f'href="/articles/{CT}#s0"' in html
    assert f'href="/articles/{quote(ED, safe="")}#s0"' in html
    assert 'class="claim claim-contradiction"' in html
    assert "claim-agreement" in html
    assert f'src="/stories/{STORY}/timeline.svg"' in html
    assert f'src="/stories/{STORY}/actors.svg"' in html


def test_story_grouped_by_outlet_and_side(client: TestClient) -> None:
    data = client.get(f"/stories/{STORY}.json", params={"by": "outlet"}).json()
    assert {c["name"] for c in data["columns"]} == {"Capital Tribune", "Eastern Dispatch",
                                                    "Baltic Wire"}
    data = client.get(f"/stories/{STORY}.json", params={"by": "side"}).json()
    assert {c["name"] for c in data["columns"]} == {"USA", "RUS"}
    page(client, f"/stories/{STORY}?by=side")


def test_story_json_twin(client: TestClient) -> None:
    data = client.get(f"/stories/{STORY}.json").json()
    assert data["counts"] == {"articles": 3, "outlets": 3, "speakers": 4, "conflicts": 2,
                              "agreements": 1}
    first = data["comparisons"][0]
    assert first["kind"] == "contradiction"
    assert first["a"]["speaker"] == "Daniel Harlow" and first["b"]["speaker"] == "Mikhail Sorokin"
    assert data["story"]["id"] == STORY
    names = {n["name"] for n in data["graph"]["nodes"]}
    assert {"Daniel Harlow", "Mikhail Sorokin"} <= names
    kinds = {e["kind"] for e in data["graph"]["edges"]}
    assert {"CONSULT", "contradiction", "agreement"} <= kinds


def test_charts_are_svg(client: TestClient) -> None:
    for url in (f"/stories/{STORY}/timeline.svg", f"/stories/{STORY}/actors.svg",
                "/actors/1/events.svg"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("image/svg+xml")
        assert response.text.lstrip().startswith("<svg")
    timeline = client.get(f"/stories/{STORY}/timeline.svg").text
    assert "Capital Tribune" in timeline and "Baltic Wire" in timeline
    assert client.get("/stories/nope/timeline.svg").status_code == 404


def test_article_page_marks_statements_and_events(client: TestClient) -> None:
    html = page(client, f"/articles/{quote(ED, safe='')}")
    parsed = parse(html)
    ids = {a.get("id") for _, a in parsed.tags}
    assert {"s0", "s1", "s2", "e0"} <= ids
    statement = next(a for _, a in parsed.tags if a.get("id") == "s1")
    assert "st-direct" in (statement["class"] or "")
    assert "channel: press_conference" in (statement["title"] or "")
    assert "cue: tell" in (statement["title"] or "")
    mentions = [a for t, a in parsed.tags if t == "a" and "mn" in (a.get("class") or "")]
    assert mentions and all(re.fullmatch(r"/actors/\d+", a["href"] or "") for a in mentions)
    assert f'href="/stories/{STORY}"' in html
    assert "CONFLICT" in html.upper()
    text = re.sub(r"<[^>]+>", "", html.split('class="article-text">')[1].split("</div>")[0])
    assert "Foreign Minister Mikhail Sorokin said the question" in text


def test_article_json_twin(client: TestClient) -> None:
    data = client.get(f"/articles/{CT}.json").json()
    assert data["record"]["id"] == CT
    assert [s["anchor"] for s in data["statements"]] == ["s0", "s1"]
    assert data["statements"][0]["flags"][0]["kind"] == "contradiction"
    assert data["stories"][0]["id"] == STORY


def test_actor_page(client: TestClient) -> None:
    actor = client.get("/actors/Mikhail Sorokin.json").json()
    html = page(client, f"/actors/{actor['id']}")
    assert "Foreign Minister" in html
    assert "the question of interference was barely raised" in html
    assert f'href="/articles/{quote(ED, safe="")}#s0"' in html
    assert f"/actors/{actor['id']}/events.svg" in html
    assert "as recipient" in " ".join(r["role"] for r in actor["event_counts"])


def test_search_page(client: TestClient) -> None:
    html = page(client, "/search?q=barely&speaker=&date_from=&kind=all")
    assert "the topic was barely discussed" in html
    assert f'href="/articles/{BW}#s1"' in html
    data = client.get("/search.json", params={"q": "barely", "kind": "statements"}).json()
    assert {s["article_id"] for s in data["statements"]} == {ED, BW}
    data = client.get("/search.json", params={"type": "REJECT", "kind": "events"}).json()
    assert [e["article_id"] for e in data["events"]] == [ED]
    page(client, "/search")


def test_pages_escape_html_and_script(client: TestClient) -> None:
    html = page(client, f"/articles/{XSS}")
    assert EVIL not in html
    assert "<img src=x" not in html and "<b>Breaking" not in html
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    parsed = parse(html)
    assert not [t for t, _ in parsed.tags if t in ("script", "img", "i", "b")]
    for url in (f"/stories/{XSS_STORY}", "/", "/search?q=" + quote(EVIL), "/actors/"
                + quote("<i>Evil</i> Corp", safe="")):
        html = page(client, url)
        assert EVIL not in html and "<i>Evil" not in html, url
        assert not [t for t, _ in parse(html).tags if t == "script"], url


def test_page_errors(client: TestClient) -> None:
    response = client.get("/stories/nope", headers=HTML)
    assert response.status_code == 404
    assert "E031" in response.text and "<html" in response.text
    response = client.get("/stories/nope")
    assert response.json()["error"]["code"] == "E031"
    response = client.get("/search?date_from=tomorrow", headers=HTML)
    assert response.status_code == 422 and "E040" in response.text


def test_static_assets_are_local(client: TestClient) -> None:
    html = page(client, f"/stories/{STORY}")
    for _, attrs in parse(html).tags:
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            assert not value.startswith(("http://", "https://", "//")) or name == "href", value
    assert client.get("/static/style.css").status_code == 200


# -- marking ----------------------------------------------------------------------------


def test_mark_text_escapes_text_and_attributes() -> None:
    text = 'a <b>"x"</b> & c'
    spans = [Span(2, 14, STATEMENT, "span", "st", "s0", {"title": '"><script>'})]
    html = str(mark_text(text, spans))
    assert "<b>" not in html and "<script>" not in html
    assert 'title="&#34;&gt;&lt;script&gt;"' in html
    assert re.sub(r"<[^>]+>", "", html) == "a &lt;b&gt;&#34;x&#34;&lt;/b&gt; &amp; c"


def test_mark_text_splits_crossing_spans() -> None:
    text = "0123456789"
    spans = [Span(0, 6, STATEMENT, "span", "st", "s0"), Span(4, 9, MENTION, "a", "mn", None,
                                                            {"href": "/actors/1"})]
    html = str(mark_text(text, spans))
    assert not parse(html).errors
    assert html.count('id="s0"') == 1
    assert re.sub(r"<[^>]+>", "", html) == text
    assert html.count("<a ") == 2  # the mention in two pieces, one inside the statement


def test_mark_text_ignores_bad_offsets() -> None:
    spans = [Span(5, 3, MENTION, "span", "mn"), Span(-1, 2, MENTION, "span", "mn"),
             Span(0, 99, MENTION, "span", "mn")]
    assert str(mark_text("abc", spans)) == "abc"


def test_db_is_created_when_missing(tmp_path: Path) -> None:
    with TestClient(create_app(str(tmp_path / "new.db"))) as test_client:
        assert "No stories yet" in test_client.get("/", headers=HTML).text


def test_story_page_says_whose_account_each_outlet_carries(client: TestClient) -> None:
    data = client.get("/api/stories").json()["items"]
    story = client.get(f"/stories/{quote(data[0]['id'], safe='')}.json").json()
    assert story["carriers"], story.keys()
    page = client.get(f"/stories/{quote(data[0]['id'], safe='')}").text
    assert "Whose account each outlet carries" in page
    for row in story["carriers"]:
        assert html.escape(row["claimant"], quote=False) in page
