"""The JSON API through the real app over a real SQLite database (hand-built records)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from rashomon.config import Settings, WebSettings
from rashomon.records import AnalyzedArticle
from rashomon.web.app import create_app
from test_web_data import BW, CT, ED, STORY, XSS, build_db

with warnings.catch_warnings():
    # Starlette asks for httpx2 at import; the test client works the same with httpx.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "s3cret-token"


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return build_db(tmp_path / "web.db")


@pytest.fixture()
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(db), settings=Settings())) as test_client:
        yield test_client


@pytest.fixture()
def writer(db: Path) -> Iterator[TestClient]:
    settings = Settings(web=WebSettings(max_body=4000))
    with TestClient(create_app(str(db), settings=settings, token=TOKEN)) as test_client:
        yield test_client


def assert_error(response: object, status: int, code: str) -> dict[str, object]:
    """The response is the one error shape with this status and code."""
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"].startswith("application/json")  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "status"}
    assert body["error"]["code"] == code
    assert body["error"]["status"] == status
    assert body["error"]["message"]
    return dict(body["error"])


# -- reading ----------------------------------------------------------------------------


def test_stories_list_and_story(client: TestClient) -> None:
    body = client.get("/api/stories").json()
    assert {"items", "limit", "offset", "count", "next"} <= set(body)
    geneva = next(s for s in body["items"] if s["id"] == STORY)
    assert geneva["n_articles"] == 3 and geneva["n_outlets"] == 3
    assert geneva["n_conflicts"] == 2 and geneva["n_agreements"] == 1
    story = client.get(f"/api/stories/{STORY}").json()
    assert story["articles"] == [CT, ED, BW]
    assert story["comparisons"][0]["kind"] == "contradiction"
    assert story["comparisons"][0]["a"] == {"article": CT, "statement": 0}


def test_article_record_by_url_id(client: TestClient) -> None:
    record = client.get(f"/api/articles/{quote(ED, safe='')}").json()
    assert record["id"] == ED
    parsed = AnalyzedArticle.from_dict(record)
    assert parsed.statements[0].content == "the question of interference was barely raised"


def test_articles_filters(client: TestClient) -> None:
    items = client.get("/api/articles", params={"outlet": "Baltic Wire"}).json()["items"]
    assert [a["id"] for a in items] == [BW]
    items = client.get("/api/articles", params={"q": "assurances"}).json()["items"]
    assert [a["id"] for a in items] == [ED]
    items = client.get("/api/articles", params={"actor": "Sorokin"}).json()["items"]
    assert {a["id"] for a in items} == {CT, ED}
    items = client.get("/api/articles", params={"date_from": "2025-03-12",
                                                "date_to": "2025-03-12"}).json()["items"]
    assert {a["id"] for a in items} == {ED, BW}


def test_statements_filters(client: TestClient) -> None:
    items = client.get("/api/statements", params={"speaker": "Harlow"}).json()["items"]
    assert {(s["article_id"], s["idx"]) for s in items} == {(CT, 0), (CT, 1)}
    items = client.get("/api/statements", params={"q": "barely"}).json()["items"]
    assert {(s["article_id"], s["idx"]) for s in items} == {(ED, 0), (BW, 1)}


def test_events_filters(client: TestClient) -> None:
    items = client.get("/api/events", params={"type": "reject"}).json()["items"]
    assert [(e["actor"], e["recipient"]) for e in items] == [("Mikhail Sorokin", "Daniel Harlow")]
    items = client.get("/api/events", params={"actor": "Daniel Harlow"}).json()["items"]
    assert len(items) == 2


def test_actors_and_actor(client: TestClient) -> None:
    items = client.get("/api/actors", params={"country": "RUS"}).json()["items"]
    assert {a["name"] for a in items} == {"Mikhail Sorokin", "Russia"}
    by_name = client.get("/api/actors/Mikhail Sorokin").json()
    by_id = client.get(f"/api/actors/{by_name['id']}").json()
    assert by_id["name"] == "Mikhail Sorokin"
    assert "Sorokin" in by_id["aliases"]
    assert len(by_id["statements"]) == 3
    assert {e["as"] for e in by_id["events"]} == {"actor", "recipient"}


def test_search(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "interference"}).json()
    assert {s["article_id"] for s in body["statements"]} == {CT, ED, BW}
    assert {a["id"] for a in body["articles"]} == {CT, ED, BW}
    body = client.get("/api/search", params={"kind": "events", "type": "CONSULT"}).json()
    assert [e["article_id"] for e in body["events"]] == [CT]


def test_pagination_follows_next_links(client: TestClient) -> None:
    seen: list[tuple[str, int]] = []
    url: str | None = "/api/statements?limit=3"
    pages = 0
    while url:
        body = client.get(url).json()
        seen += [(s["article_id"], s["idx"]) for s in body["items"]]
        url = body["next"]
        pages += 1
    assert pages == 3
    assert len(seen) == len(set(seen)) == 8


def test_csv_and_jsonl_downloads(client: TestClient) -> None:
    response = client.get("/api/statements", params={"format": "csv", "speaker": "Sorokin"})
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 3 and json.loads(rows[0]["via"]) == []
    response = client.get("/api/events", params={"format": "jsonl"})
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert {e["type"] for e in lines} == {"CONSULT", "REJECT"}
    response = client.get("/api/stories", params={"format": "jsonl", "limit": 1})
    assert len(response.text.splitlines()) == 1
    assert 'rel="next"' in response.headers["link"]


def test_openapi_and_docs(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/stories", "/api/articles", "/api/actors", "/api/statements",
                 "/api/events", "/api/search"):
        assert path in paths
    assert "post" in paths["/api/articles"]
    page = client.get("/docs")
    assert page.status_code == 200 and "/api/statements" in page.text
    assert "cdn" not in page.text.lower()


# -- errors: one shape ------------------------------------------------------------------


def test_404_shape(client: TestClient) -> None:
    assert_error(client.get("/api/stories/nope"), 404, "E031")
    assert_error(client.get("/api/articles/nope"), 404, "E031")
    assert_error(client.get("/api/actors/Nobody At All"), 404, "E031")
    assert_error(client.get("/api/no/such/path"), 404, "E031")
    assert_error(client.get("/stories/nope.json"), 404, "E031")


def test_422_shape(client: TestClient) -> None:
    error = assert_error(client.get("/api/statements", params={"limit": 0}), 422, "E040")
    assert "limit" in str(error["message"])
    assert_error(client.get("/api/events", params={"date_from": "yesterday"}), 422, "E040")
    assert_error(client.get("/api/stories", params={"format": "xml"}), 422, "E040")
    assert_error(client.get("/api/statements", params={"limit": 5000}), 422, "E040")


def test_405_shape(client: TestClient) -> None:
    assert_error(client.put("/api/stories"), 405, "E040")


def test_500_shape(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rashomon.web import views

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom: secret internals")

    monkeypatch.setattr(views, "actor_view", broken)
    with TestClient(create_app(str(db)), raise_server_exceptions=False) as test_client:
        error = assert_error(test_client.get("/api/actors/1"), 500, "E044")
    assert "secret internals" not in str(error["message"])


def test_database_error_shape(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rashomon.web import views

    def locked(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(views, "search_view", locked)
    with TestClient(create_app(str(db)), raise_server_exceptions=False) as test_client:
        assert_error(test_client.get("/api/search?q=x"), 500, "E032")


# -- security ---------------------------------------------------------------------------

INJECTIONS = [
    "'; DROP TABLE articles; --",
    '" OR 1=1 --',
    "interference OR x",
    "NEAR(a b) * ^ : \" '",
    "x') UNION SELECT name, sql FROM sqlite_master --",
]


@pytest.mark.parametrize("text", INJECTIONS)
def test_search_cannot_inject_sql(client: TestClient, db: Path, text: str) -> None:
    for url, params in (
        ("/api/search", {"q": text, "speaker": text, "outlet": text}),
        ("/api/statements", {"q": text}),
        ("/api/articles", {"q": text, "actor": text}),
        ("/api/events", {"type": text, "actor": text}),
        ("/api/actors", {"q": text}),
        ("/api/stories", {"q": text}),
        ("/search.json", {"q": text, "speaker": text}),
    ):
        response = client.get(url, params=params)
        if response.status_code == 422:  # refused by validation (e.g. too long): also safe
            assert_error(response, 422, "E040")
            continue
        assert response.status_code == 200, (url, response.text)
        assert "sqlite_master" not in json.dumps(response.json().get("items", []))
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 4


def test_fts_operators_are_words(client: TestClient) -> None:
    # "OR" is a word to find, not an operator: nothing has both "interference" and "or".
    body = client.get("/api/statements", params={"q": "interference OR barely"}).json()
    assert body["items"] == []


def test_write_refused_without_server_token(client: TestClient) -> None:
    assert_error(client.post("/api/articles", json={"text": "x"}), 403, "E043")
    assert_error(client.delete(f"/api/articles/{CT}"), 403, "E043")
    assert client.get(f"/api/articles/{CT}").status_code == 200


def test_write_refused_without_or_with_wrong_token(writer: TestClient) -> None:
    assert_error(writer.post("/api/articles", json={"text": "x"}), 401, "E041")
    response = writer.delete(f"/api/articles/{CT}", headers={"Authorization": "Bearer nope"})
    assert_error(response, 401, "E041")
    assert response.headers["www-authenticate"] == "Bearer"
    response = writer.delete(f"/api/articles/{CT}", headers={"Authorization": TOKEN})
    assert_error(response, 401, "E041")
    assert writer.get(f"/api/articles/{CT}").status_code == 200


def test_oversized_body_refused(writer: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    big = {"text": "word " * 2000}
    error = assert_error(writer.post("/api/articles", json=big, headers=auth), 413, "E042")
    assert "limit is 4000" in str(error["message"])
    # Without a Content-Length (chunked), the body is counted as it arrives.

    def chunks() -> Iterator[bytes]:
        for _ in range(100):
            yield b"x" * 100

    response = writer.post("/api/articles?format=txt", content=chunks(),
                           headers={**auth, "Content-Type": "text/plain"})
    assert_error(response, 413, "E042")


def test_oversized_body_refused_before_auth(client: TestClient) -> None:
    # Even a read-only server refuses to read a huge body.
    response = client.post("/api/articles", content=b"x" * 3_000_000,
                           headers={"Content-Type": "text/plain"})
    assert_error(response, 413, "E042")


# -- writing ----------------------------------------------------------------------------


def _store_unanalysed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stand in for the model: store the read articles as they are."""
    import rashomon.jobs as jobs

    def fake(articles, settings, store):  # type: ignore[no-untyped-def]
        summary = jobs.RunSummary()
        ids = []
        for item in articles:
            if hasattr(item, "code"):
                summary.failures.append(item)
                continue
            summary.read += 1
            store.save(AnalyzedArticle.unanalysed(item))
            summary.added += 1
            ids.append(item.id)
        return summary, ids

    monkeypatch.setattr(jobs, "analyze_articles_into_store", fake)


def test_submit_json_and_file_and_delete(writer: TestClient,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _store_unanalysed(monkeypatch)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    response = writer.post("/api/articles", headers=auth, json=[
        {"id": "new-1", "text": "The minister spoke in Riga on Monday.", "outlet": "Ledger"},
        {"id": "bad-1"},
    ])
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["ids"] == ["new-1"]
    assert [f["code"] for f in body["failures"]] == ["E011"]
    assert writer.get("/api/articles/new-1").json()["outlet"] == "Ledger"

    files = {"file": ("note.txt", b"A plain text report from Vilnius about the talks.")}
    response = writer.post("/api/articles", headers=auth, files=files)
    assert response.status_code == 201, response.text
    (new_id,) = response.json()["ids"]
    assert writer.get(f"/api/articles/{quote(new_id, safe='')}").status_code == 200

    assert writer.delete("/api/articles/new-1", headers=auth).json() == {"deleted": "new-1"}
    assert_error(writer.get("/api/articles/new-1"), 404, "E031")
    assert_error(writer.delete("/api/articles/new-1", headers=auth), 404, "E031")


def test_submit_rejects_bad_json(writer: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    assert_error(writer.post("/api/articles", headers=auth, content=b"{nope"), 422, "E040")
    assert_error(writer.post("/api/articles", headers=auth, content=b"[1, 2]"), 422, "E040")
    assert_error(writer.post("/api/articles", headers=auth, content=b""), 422, "E040")


def test_delete_xss_article(writer: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert writer.delete(f"/api/articles/{XSS}", headers=auth).status_code == 200


@pytest.mark.model
def test_submit_runs_the_pipeline(writer: TestClient) -> None:
    pytest.importorskip("rashomon.stories.update", reason="the story grouper is not built yet")
    auth = {"Authorization": f"Bearer {TOKEN}"}
    text = ('Foreign Minister Anna Kovalenko met her Polish counterpart in Warsaw on Monday. '
            '"We pressed them on the border," Kovalenko said.')
    response = writer.post("/api/articles", headers=auth, json={
        "id": "model-1", "text": text, "outlet": "Ledger", "published": "2025-03-14"})
    assert response.status_code == 201, response.text
    record = writer.get("/api/articles/model-1").json()
    assert any(s["content"].startswith("We pressed them") for s in record["statements"])
