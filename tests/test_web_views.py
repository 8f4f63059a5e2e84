"""The web layer's parts on their own: SVG charts, dispute groups, dates, bounded search,
chunked downloads and the indexes the pages rely on."""

from __future__ import annotations

import csv
import io
import sqlite3
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rashomon.store import Store, queries
from rashomon.store.queries import Filters, list_articles, list_statements
from rashomon.web import charts, output
from rashomon.web.app import create_app
from rashomon.web.markup import day, day_range
from rashomon.web.views import comparison_groups, stances
from test_web_data import STORY, build_db

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("views") / "web.db")


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(db))) as test_client:
        yield test_client


def _svg(text: str) -> ET.Element:
    root = ET.fromstring(text)  # well-formed XML, or this raises
    assert root.tag == f"{SVG}svg"
    return root


def _texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


# -- charts -----------------------------------------------------------------------------


def test_timeline_svg_rows_per_outlet_and_counts() -> None:
    articles: list[dict[str, Any]] = [
        {"id": "a", "outlet": "Capital Tribune", "published": "2025-03-11T07:00:00+00:00"},
        {"id": "b", "outlet": "Capital Tribune", "published": "2025-03-11"},
        {"id": "c", "outlet": "<b>Wire</b>", "published": "2025-03-13"},
        {"id": "d", "outlet": "Undated", "published": None},
    ]
    svg = charts.timeline_svg(articles)
    root = _svg(svg)
    texts = _texts(root)
    assert "Capital Tribune" in texts and "<b>Wire</b>" in texts  # escaped, then parsed back
    assert "<b>" not in svg
    assert "2" in texts  # two articles from one outlet on one day
    assert len(list(root.iter(f"{SVG}circle"))) == 2
    assert "Undated" not in texts


def test_timeline_svg_merges_outlets_past_the_limit() -> None:
    articles = [
        {"id": str(i), "outlet": f"Outlet {i:02d}", "published": f"2025-01-{1 + i % 28:02d}"}
        for i in range(40)
    ]
    texts = _texts(_svg(charts.timeline_svg(articles)))
    assert f"{40 - charts.MAX_OUTLET_ROWS + 1} other outlets" in texts
    assert sum(t.startswith("Outlet ") for t in texts) == charts.MAX_OUTLET_ROWS - 1


def test_graph_svg_merges_links_of_a_pair() -> None:
    nodes = [{"name": "Harlow", "type": "person", "weight": 5},
             {"name": "Sorokin", "type": "person", "weight": 3},
             {"name": "Russia", "type": "country", "weight": 1}]
    edges = [{"source": "Harlow", "target": "Sorokin", "kind": "contradiction", "n": 1},
             {"source": "Sorokin", "target": "Harlow", "kind": "contradiction", "n": 1},
             {"source": "Harlow", "target": "Sorokin", "kind": "CONSULT", "n": 2},
             {"source": "Harlow", "target": "Nobody", "kind": "agreement", "n": 1}]
    root = _svg(charts.graph_svg(nodes, edges))
    paths = list(root.iter(f"{SVG}path"))
    assert len(paths) == 2  # one conflict link (two comparisons) and one event link
    titles = sorted((p.find(f"{SVG}title").text or "") for p in paths)  # type: ignore[union-attr]
    assert titles == ["Harlow – Sorokin: 2 × conflict", "Harlow – Sorokin: 2 × event"]
    assert {"Harlow", "Sorokin", "Russia"} <= set(_texts(root))


def test_actor_events_svg_even_months() -> None:
    rows = [{"month": "2025-01", "role": "as actor", "type": "ACCUSE", "n": 2},
            {"month": "2025-01", "role": "as recipient", "type": "REJECT", "n": 1},
            {"month": "2025-04", "role": "as actor", "type": "CONSULT", "n": 4}]
    root = _svg(charts.actor_events_svg(rows))
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(bars) == 3
    assert charts._months("2024-11", "2025-02") == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert "Jan 2025" in _texts(root)


def test_empty_charts_say_why() -> None:
    assert "No dated articles" in _texts(_svg(charts.timeline_svg([])))
    assert "No actors" in _texts(_svg(charts.graph_svg([], [])))
    assert "No dated events" in _texts(_svg(charts.actor_events_svg([])))


# -- dispute groups ---------------------------------------------------------------------


def _side(key: str, speaker: str, outlet: str = "Wire") -> dict[str, Any]:
    return {"key": key, "article": key.split("#")[0], "speaker": speaker, "outlet": outlet,
            "published": "2025-06-14", "text": f"text of {key}", "href": f"/articles/{key}"}


def _cmp(n: int, kind: str, a: dict[str, Any], b: dict[str, Any], why: str,
         topic: str = "relief") -> dict[str, Any]:
    return {"n": n, "kind": kind, "topic": topic, "explanation": why, "a": a, "b": b}


def test_stances_read_each_explanation_form() -> None:
    a, b = _side("x#s0", "Tavakoli", "Baltic Wire"), _side("y#s1", "Marquardt", "Tribune")
    assert stances(_cmp(0, "contradiction", a, b, '"full" vs "partial": Tavakoli (Baltic Wire)'
                        ' says full, Marquardt (Tribune) says partial')) == ("full", "partial")
    assert stances(_cmp(0, "contradiction", a, b, 'numbers (money): Tavakoli (Baltic Wire) says'
                        ' "6 billion dollars", Marquardt (Tribune) says "2 billion dollars"')
                   ) == ("6 billion dollars", "2 billion dollars")
    assert stances(_cmp(0, "contradiction", a, b, "places: Tavakoli (Baltic Wire) says Muscat,"
                        " Marquardt (Tribune) says Geneva")) == ("Muscat", "Geneva")
    assert stances(_cmp(0, "agreement", a, b, 'both say "full" about relief')) == ("full", "full")
    assert stances(_cmp(0, "contradiction", a, b, 'polarity: Marquardt (Tribune) says "raise",'
                        ' Tavakoli (Baltic Wire) says not "raise"')) == ("not raise", "raise")
    assert stances(_cmp(0, "contradiction", a, b, "They disagree.")) == (None, None)


def test_comparison_groups_gather_pairs_into_positions() -> None:
    full1, full2 = _side("a#s0", "Tavakoli"), _side("b#s0", "Moradi")
    part1, part2 = _side("c#s0", "Marquardt"), _side("d#s0", "Belgium")
    other1, other2 = _side("e#s0", "Harthi"), _side("f#s0", "Moradi")

    def vs(x: dict[str, Any], y: dict[str, Any], xv: str, yv: str) -> str:
        return f'"{xv}" vs "{yv}": {x["speaker"]} (Wire) says {xv}, {y["speaker"]} (Wire) says {yv}'

    pairs = [
        _cmp(0, "contradiction", full1, part1, vs(full1, part1, "full", "partial")),
        _cmp(1, "contradiction", full1, part2, vs(full1, part2, "full", "partial")),
        _cmp(2, "contradiction", part1, full2, vs(part1, full2, "partial", "full")),
        _cmp(3, "agreement", full1, full2, 'both say "full" about relief'),
        _cmp(4, "agreement", other1, other2, "Both say so.", topic="meeting"),
    ]
    groups = comparison_groups(pairs)
    assert len(groups) == 2
    dispute, agreement = groups
    assert dispute["kind"] == "contradiction" and agreement["kind"] == "agreement"
    assert dispute["topic"] == "relief" and dispute["id"] == 0
    assert [(p["label"], [c["speaker"] for c in p["claims"]]) for p in dispute["positions"]] == [
        ("full", ["Moradi", "Tavakoli"]), ("partial", ["Belgium", "Marquardt"])]
    assert (dispute["conflicts"], dispute["agreements"], dispute["claims"]) == (3, 1, 4)
    # every pairwise comparison stays reachable
    assert sorted(c["n"] for g in groups for c in g["pairs"]) == [0, 1, 2, 3, 4]
    assert agreement["positions"][0]["label"] is None


def test_story_page_groups_comparisons(client: TestClient) -> None:
    data = client.get(f"/stories/{STORY}.json").json()
    groups = data["groups"]
    assert sorted(c["n"] for g in groups for c in g["pairs"]) == sorted(
        c["n"] for c in data["comparisons"])
    assert groups[0]["kind"] == "contradiction"
    html = client.get(f"/stories/{STORY}", headers={"Accept": "text/html"}).text
    assert 'id="d0"' in html
    for c in data["comparisons"]:
        assert f'id="cmp{c["n"]}"' in html
    # a claim's flags are counted once per kind and link to its group
    flagged = [i for col in data["columns"] for i in col["claims"] if i["flag_summary"]]
    assert flagged and all(f["href"].startswith("#d") for i in flagged
                           for f in i["flag_summary"])
    assert "2025-03-11T" not in html


def test_article_page_collapses_comparisons(client: TestClient) -> None:
    from test_web_data import CT

    html = client.get(f"/articles/{CT}", headers={"Accept": "text/html"}).text
    assert 'class="compared"' in html
    assert "other account →" in html


# -- dates ------------------------------------------------------------------------------


def test_day_and_day_range() -> None:
    assert day("2025-03-12T07:00:00+00:00") == "12 Mar 2025"
    assert day("2025-03") == "Mar 2025" and day("2025") == "2025"
    assert day(None) == "" and day("last week") == "last week" and day("2025-13-01") == "2025-13-01"
    assert day_range("2025-06-14", "2025-06-16T07:00:00+00:00") == "14–16 Jun 2025"
    assert day_range("2025-06-30", "2025-07-02") == "30 Jun – 2 Jul 2025"
    assert day_range("2024-12-30", "2025-01-02") == "30 Dec 2024 – 2 Jan 2025"
    assert day_range("2025-06-14", "2025-06-14") == "14 Jun 2025"
    assert day_range(None, None) == "" and day_range("2025-06", None) == "Jun 2025"


# -- bounded full-text search ------------------------------------------------------------


def test_search_gives_the_same_rows_with_either_plan(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    probes = (Filters(search="the"), Filters(search="barely"),
              Filters(search="the", limit=1, offset=1),
              Filters(search="diplomats", speaker="Daniel Harlow"),
              Filters(search="nothing matches this"),
              Filters(search="Geneva", outlet="Capital Tribune"), Filters())
    results = []
    for walk_at in (0, 1_000_000):
        monkeypatch.setattr(queries, "FTS_WALK_AT", walk_at)
        with Store(db, readonly=True) as store:
            results.append([(list_statements(store.conn, f), list_articles(store.conn, f))
                            for f in probes])
    assert results[0] == results[1]
    assert any(statements for statements, _ in results[0])


def test_fts_filter_walks_the_index_only_for_many_matches(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(db, readonly=True) as store:
        monkeypatch.setattr(queries, "FTS_WALK_AT", 0)
        assert queries._fts_filter(store.conn, "statements_fts", "s.id", '"the"').startswith("+")
        monkeypatch.setattr(queries, "FTS_WALK_AT", 1_000_000)
        assert queries._fts_filter(store.conn, "statements_fts", "s.id", '"the"').startswith("s.")


def test_listing_indexes_exist(db: Path) -> None:
    conn = sqlite3.connect(db)
    indexes = {r[1] for r in conn.execute("PRAGMA index_list(events)")}
    indexes |= {r[1] for r in conn.execute("PRAGMA index_list(stories)")}
    indexes |= {r[1] for r in conn.execute("PRAGMA index_list(mentions)")}
    conn.close()
    assert {"events_type_occurred", "stories_size", "mentions_local"} <= indexes


# -- downloads --------------------------------------------------------------------------


def test_downloads_are_complete_across_chunks(client: TestClient,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    whole = client.get("/api/statements", params={"format": "csv", "limit": 1000}).text
    monkeypatch.setattr(output, "CHUNK", 10)
    chunked = client.get("/api/statements", params={"format": "csv", "limit": 1000}).text
    assert chunked == whole
    rows = list(csv.DictReader(io.StringIO(chunked)))
    assert len(rows) == len(client.get("/api/statements", params={"limit": 1000}).json()["items"])
    lines = client.get("/api/events", params={"format": "jsonl"}).text.splitlines()
    assert lines and all(line.startswith("{") for line in lines)
