"""The public Python API, used only through ``import rashomon`` and its ``__all__``."""

from __future__ import annotations

import json
import pickle
import string
import subprocess
import sys
from pathlib import Path

import pytest

import rashomon
from conftest import EXAMPLES, REPO
from test_web_data import BW, CT, STORY, build_db

DOCS = REPO / "docs" / "python.md"

# Three short reports of one exchange, from three outlets, written for these tests.
HARBOUR = {
    "id": "harbour-herald-1",
    "outlet": "Harbour Herald",
    "published": "2025-06-03",
    "title": "Norway and Iceland agree on fishing quotas",
    "text": "Norwegian Foreign Minister Ingrid Halvorsen met Icelandic officials in Reykjavik on "
    "Monday. \"We have agreed on a fair share of the mackerel quota,\" Halvorsen told reporters "
    "after the talks. Iceland's fisheries ministry said the agreement would be signed in "
    "July.",
}
NORTHERN = {
    "id": "northern-ledger-7",
    "outlet": "Northern Ledger",
    "published": "2025-06-04",
    "title": "Iceland says quota talks unfinished",
    "text": "Iceland's fisheries ministry said on Tuesday that no agreement on the mackerel "
    "quota had been reached. \"The talks in Reykjavik were useful, but nothing is settled,\" "
    "a ministry spokeswoman said.",
}


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return build_db(tmp_path / "api.db")


# -- the names ----------------------------------------------------------------------------


def test_every_public_name_resolves_and_is_documented() -> None:
    text = DOCS.read_text()
    for name in rashomon.__all__:
        assert getattr(rashomon, name) is not None, name
        if name != "__version__":
            assert f"`{name}" in text or f"rashomon.{name}" in text, f"docs/python.md lacks {name}"
    assert set(rashomon.__all__) <= set(dir(rashomon))
    with pytest.raises(AttributeError):
        rashomon.no_such_name  # noqa: B018


def test_import_and_store_reads_do_not_load_the_analysis_stack(db: Path) -> None:
    code = (
        "import sys, rashomon\n"
        f"with rashomon.open({str(db)!r}, readonly=True) as store:\n"
        "    store.stories(); store.statements(search='interference'); store.actors()\n"
        "    store.story(store.stories()[0]['id']); store.to_arrow('events')\n"
        "heavy = ('spacy', 'thinc', 'torch', 'sklearn', 'fastapi', 'rashomon.nlp',"
        " 'rashomon.jobs')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, check=True)
    assert result.stdout.strip() == "[]", result.stdout


# -- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize("error", list(rashomon.Errors))
def test_every_error_is_raised_as_its_family(error: rashomon.Errors) -> None:
    number = int(error.name[1:])
    family = {0: rashomon.DocumentError, 1: rashomon.DocumentError, 2: rashomon.SettingsError,
              3: rashomon.StoreError, 4: rashomon.RequestError,
              5: rashomon.FetchError}[number // 10]
    fields = {name: "x" for _, name, _, _ in string.Formatter().parse(error.value) if name}
    exc = rashomon.RashomonError(error, **fields)
    assert isinstance(exc, family) and isinstance(exc, rashomon.RashomonError)
    assert exc.code == error.name and str(exc).startswith(f"{error.name}: ")
    # Errors cross process boundaries (worker pools) intact.
    copy = pickle.loads(pickle.dumps(exc))
    assert (type(copy), copy.code, copy.message) == (type(exc), exc.code, exc.message)


def test_not_found_and_bad_table(db: Path) -> None:
    with rashomon.open(db, readonly=True) as store:
        for lookup in (store.story, store.article, store.actor):
            with pytest.raises(rashomon.NotFoundError) as caught:
                lookup("nothing-like-this")
            assert caught.value.code == "E031"
            assert isinstance(caught.value, LookupError)
        with pytest.raises(rashomon.RequestError, match="E040"):
            store.to_arrow("passwords")


def test_readonly_open_of_a_missing_database_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "absent.db"
    with pytest.raises(rashomon.NotFoundError, match="E031"):
        rashomon.open(missing, readonly=True)
    assert not missing.exists()


def test_a_readonly_store_refuses_to_analyze(db: Path) -> None:
    with rashomon.open(db, readonly=True) as store, pytest.raises(rashomon.StoreError,
                                                                   match="E032.*read-only"):
        store.analyze("Officials said the talks would resume.")


@pytest.mark.model
def test_check_rows_have_the_check_contract(db: Path) -> None:
    with rashomon.open(db, readonly=True) as store:
        rows = store.check("Harlow pressed Sorokin on interference")
        assert isinstance(rows, rashomon.Rows)
        assert rows, "the examples hold coverage of the Harlow–Sorokin talks"
        for row in rows:
            assert {"claim_id", "claim", "article", "outlet", "stance", "score", "speaker",
                    "evidence"} <= set(row)
            assert row["stance"] in ("supports", "disputes", "discusses", "unrelated")


# -- the store ----------------------------------------------------------------------------


def test_listings_take_the_cli_filters(db: Path) -> None:
    with rashomon.open(db, readonly=True) as store:
        stories = store.stories()
        assert isinstance(stories, rashomon.Rows) and isinstance(stories, list)
        assert STORY in [s["id"] for s in stories]
        assert [s["id"] for s in store.stories(search="Geneva")] == [STORY]
        said = store.statements(speaker="Sorokin")
        assert said and {r["speaker"] for r in said} == {"Mikhail Sorokin"}
        assert {r["article_id"] for r in store.statements(outlet="Baltic Wire")} == {BW}
        assert all(r["published"] >= "2025-03-12"
                   for r in store.statements(date_from="2025-03-12"))
        assert [r["type"] for r in store.events(type="consult")] == ["CONSULT"]
        assert [r["name"] for r in store.actors(country="rus", type="person")] == [
            "Mikhail Sorokin"]
        assert {r["id"] for r in store.articles(actor="Harlow")} >= {CT}
        assert len(store.statements(limit=2)) == 2
        assert len(store.statements(limit=None)) == len(store.to_arrow("statements"))
        assert store.article(CT).id == CT
        assert store.actor("Harlow")["name"] == "Daniel Harlow"
        story = store.story(STORY)
        assert isinstance(story, rashomon.Story) and CT in story.articles


def test_compare_names_each_side(db: Path) -> None:
    with rashomon.open(db, readonly=True) as store:
        rows = store.compare(STORY)
        story = store.story(STORY)
    assert [{k: r[k] for k in ("kind", "topic", "a", "b", "explanation", "score")}
             for r in rows] == [
        c.to_dict() for c in story.comparisons]
    first = rows[0]
    assert first["a_speaker"] == "Daniel Harlow" and first["a_outlet"] == "Capital Tribune"
    assert first["a_text"].startswith("I pressed him")


def test_tables_to_pandas_and_arrow(db: Path) -> None:
    pandas = pytest.importorskip("pandas")
    with rashomon.open(db, readonly=True) as store:
        for table in ("articles", "actors", "statements", "events", "stories", "comparisons"):
            arrow = store.to_arrow(table)
            frame = store.to_pandas(table)
            assert isinstance(frame, pandas.DataFrame)
            assert len(frame) == arrow.num_rows > 0, table
            assert list(frame.columns) == arrow.column_names
        statements = store.to_pandas("statements")
        assert set(statements["article_id"]) <= set(store.to_pandas("articles")["id"])
        assert json.loads(statements["via"].iloc[0]) == []
        listed = store.statements(limit=None)
    frame = listed.to_pandas()
    assert len(frame) == len(listed) and "speaker" in frame.columns
    assert listed.to_arrow().num_rows == len(listed)


# -- analysis -----------------------------------------------------------------------------


@pytest.mark.model
def test_extract_takes_texts_dicts_articles_and_paths() -> None:
    article = rashomon.Article(id="given-1", text=NORTHERN["text"], outlet="Northern Ledger")
    example = sorted((EXAMPLES / "txt").glob("*.txt"))[0]
    text = "Danish police said on Friday that two fishing boats collided off Skagen."
    copy = dict(HARBOUR, id="copy")  # the same text again: skipped as a duplicate
    records = rashomon.extract([text, HARBOUR, article, example, "   ", 42, copy])
    assert isinstance(records, rashomon.Records)
    assert [type(r) for r in records] == [rashomon.AnalyzedArticle] * 4
    assert records[0].text == text and records[0].id
    assert records[1].id == "harbour-herald-1" and records[1].outlet == "Harbour Herald"
    assert records[2].id == "given-1" and article.language is None  # the caller's copy
    eide = [s for s in records[1].statements if s.content.startswith("We have agreed")]
    assert eide and {a.id: a.name for a in records[1].actors}[eide[0].speaker or ""] == (
        "Ingrid Halvorsen")
    assert [(f.document, f.code) for f in records.failures] == [("item 5", "E002"),
                                                                 ("item 6", "E013")]
    # The same records as `rashomon extract` prints for the file.
    printed = subprocess.run(
        [sys.executable, "-m", "rashomon", "extract", str(example)],
        capture_output=True, text=True, timeout=600, check=True,
    )
    assert [json.loads(line) for line in printed.stdout.splitlines()] == [
        records[3].to_dict()]


@pytest.mark.model
def test_extract_iter_streams_and_raise_names_the_document() -> None:
    stream = rashomon.extract_iter([HARBOUR, NORTHERN])
    assert iter(stream) is stream
    assert [r.id for r in stream] == ["harbour-herald-1", "northern-ledger-7"]
    one = rashomon.extract(HARBOUR["text"])
    assert len(one) == 1 and one[0].text == HARBOUR["text"]
    with pytest.raises(rashomon.DocumentError) as caught:
        list(rashomon.extract_iter([HARBOUR, {"title": "no text"}], on_error="raise"))
    assert caught.value.code == "E011" and caught.value.document == "item 2"


@pytest.mark.model
def test_store_analyze_then_read(tmp_path: Path) -> None:
    with rashomon.open(tmp_path / "news.db") as store:
        summary = store.analyze([HARBOUR, NORTHERN, {"id": "bad"}])
        assert (summary.added, summary.failed) == (2, 1)
        assert summary.failures[0].code == "E011"
        again = store.analyze([HARBOUR, NORTHERN])
        assert (again.added, again.unchanged) == (0, 2)
        said = store.statements(outlet="Northern Ledger")
        assert said and all(r["article_id"] == "northern-ledger-7" for r in said)
        assert store.article("harbour-herald-1").outlet == "Harbour Herald"
        assert store.actors(search="Halvorsen")[0]["name"] == "Ingrid Halvorsen"
        with pytest.raises(rashomon.DocumentError, match="E002"):
            store.analyze(["  "], on_error="raise")
