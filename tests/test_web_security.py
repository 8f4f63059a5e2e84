"""Security of the web app: headers and CSP everywhere, request limits, inert input, the
articles page and API, markup in article text shown as text."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from rashomon.web.app import create_app
from rashomon.web.security import CONTENT_SECURITY_POLICY
from test_web_data import BW, CT, EVIL, STORY, XSS, build_db

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PAGES = ["/", "/articles", f"/articles/{XSS}", f"/articles/{CT}", f"/stories/{STORY}",
         "/search?q=talks", "/docs", "/actors/Daniel%20Harlow"]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = build_db(tmp_path_factory.mktemp("websec") / "web.db")
    with TestClient(create_app(str(db), token="s3cret-token")) as test_client:
        yield test_client


@pytest.mark.parametrize("url", [*PAGES, "/api/articles", "/api/nothing", "/static/style.css",
                                 f"/stories/{STORY}/timeline.svg"])
def test_every_response_carries_the_security_headers(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_policy_allows_what_the_pages_use_and_no_script(client: TestClient) -> None:
    assert "script-src" not in CONTENT_SECURITY_POLICY  # default-src 'none' forbids script
    for url in PAGES:
        html = client.get(url).text
        assert "<script" not in html and " style=" not in html, url
        assert 'href="http' not in html.split("<main", 1)[0], url  # no third-party assets


def test_over_long_query_strings_and_bodies_are_refused(client: TestClient) -> None:
    response = client.get("/api/statements", params={"q": "x" * 5000})
    assert response.status_code == 414 and response.json()["error"]["code"] == "E042"
    big = client.post("/api/articles", content=b"x" * 2_000_001,
                      headers={"Authorization": "Bearer s3cret-token",
                               "Content-Type": "text/plain"})
    assert big.status_code == 413 and big.json()["error"]["code"] == "E042"


def test_tokens_are_checked(client: TestClient) -> None:
    for header in ("Bearer s3cret-tokeN", "Bearer s3cret-token-and-more", "Basic s3cret-token",
                   "Bearer ", "s3cret-token"):
        response = client.delete(f"/api/articles/{BW}", headers={"Authorization": header})
        assert response.status_code == 401, header
        assert response.json()["error"]["code"] == "E041"


@pytest.mark.parametrize("q", ['talks" OR "x', "talks*", "NEAR(talks geneva)", "talks AND",
                               "-talks", "title:talks", EVIL, "'; DROP TABLE articles; --",
                               "\u0000", "((((", '"'])
def test_search_input_is_inert(client: TestClient, q: str) -> None:
    for url in ("/api/search", "/search.json", "/api/articles", "/articles.json"):
        response = client.get(url, params={"q": q})
        assert response.status_code == 200, (url, q, response.text)
    html = client.get("/search", params={"q": q}).text
    assert EVIL not in html


def test_articles_page_and_api_list_ids_counts_and_stories(client: TestClient) -> None:
    data = client.get("/articles.json").json()
    ids = [a["id"] for a in data["articles"]]
    assert CT in ids and XSS in ids
    row = next(a for a in data["articles"] if a["id"] == CT)
    assert row["story"] == STORY and row["story_href"].startswith("/stories/")
    assert row["statements"] >= 1
    filtered = client.get("/articles.json", params={"outlet": "<b>Bad Outlet</b>"}).json()
    assert [a["id"] for a in filtered["articles"]] == [XSS]
    html = client.get("/articles").text
    assert f'href="/articles/{quote(CT, safe="")}"' in html
    assert EVIL not in html and "&lt;script&gt;" in html
    api = client.get("/api/articles", params={"date_from": "2025-04-01"}).json()
    assert XSS in str(api) and CT not in str(api)
    bad = client.get("/articles", params={"date_from": "yesterday"})
    assert bad.status_code in (400, 422)
