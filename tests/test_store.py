"""The SQLite store: round trip, idempotence, replacement, search, deletion, migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from rashomon.errors import RashomonError
from rashomon.records import Actor, AnalyzedArticle, ClaimRef, Comparison, Mention, Story
from rashomon.store import Store
from rashomon.store.migrations import SCHEMA_VERSION
from rashomon.store.queries import Filters, fts_query, list_actors, list_statements, list_stories
from records_factory import sample_record


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "t.db")


def test_round_trip_gives_the_record_back(store: Store) -> None:
    record = sample_record()
    assert store.save(record) == "added"
    assert store.load(record.id) == record


def test_saving_again_changes_nothing(store: Store) -> None:
    record = sample_record()
    store.save(record)
    before = store.conn.execute("SELECT count(*) FROM statements").fetchone()[0]
    assert store.save(record) == "unchanged"
    assert store.conn.execute("SELECT count(*) FROM statements").fetchone()[0] == before


def test_changed_record_replaces_old_rows(store: Store) -> None:
    record = sample_record()
    store.save(record)
    record.statements[0].cue = "tell"
    record.events = []
    assert store.save(record) == "replaced"
    loaded = store.load(record.id)
    assert loaded is not None and loaded.statements[0].cue == "tell" and loaded.events == []
    assert store.conn.execute("SELECT count(*) FROM events").fetchone()[0] == 0


def test_actors_are_shared_across_articles_with_aliases(store: Store) -> None:
    store.save(sample_record("a"))
    store.save(sample_record("b", outlet="Baltic Wire"))
    rows = list_actors(store.conn, Filters())
    kovalenko = next(r for r in rows if r["name"] == "Anna Kovalenko")
    assert kovalenko["articles"] == 2 and kovalenko["statements"] == 2
    aliases = {r[0] for r in store.conn.execute("SELECT alias FROM actor_aliases")}
    assert {"Anna Kovalenko", "Kovalenko"} <= aliases


def test_full_text_search_and_speaker_filter(store: Store) -> None:
    store.save(sample_record())
    assert len(list_statements(store.conn, Filters(search="border"))) == 1
    assert list_statements(store.conn, Filters(search="ceasefire")) == []
    assert len(list_statements(store.conn, Filters(speaker="kovalenko"))) == 1


@pytest.mark.parametrize(
    "hostile", ['border" OR 1=1 --', "'; DROP TABLE articles; --", "NEAR(", "*"]
)
def test_search_text_cannot_change_the_query(store: Store, hostile: str) -> None:
    store.save(sample_record())
    list_statements(store.conn, Filters(search=hostile))
    assert store.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('border" OR x') == '"border" "OR" "x"'
    assert fts_query("!!") is None


def test_delete_removes_everything_derived(store: Store) -> None:
    store.save(sample_record())
    assert store.delete_article("ledger-1")
    for table in ("mentions", "statements", "events", "article_actors"):
        assert store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    assert list_statements(store.conn, Filters(search="border")) == []


def test_stories_are_saved_with_their_comparisons(store: Store) -> None:
    store.save(sample_record("a"))
    store.save(sample_record("b", outlet="Baltic Wire"))
    story = Story(
        id="s-1", title="Kovalenko in Warsaw", start="2026-03-02", end="2026-03-02",
        articles=["a", "b"], actors=["Anna Kovalenko"],
        comparisons=[Comparison(kind="contradiction", topic="border",
                                a=ClaimRef("a", statement=0), b=ClaimRef("b", statement=0),
                                explanation="pressed vs accepted")],
    )
    store.save_stories([story])
    rows = list_stories(store.conn, Filters())
    assert rows[0]["n_outlets"] == 2 and rows[0]["n_conflicts"] == 1
    assert store.story_data("s-1") == story.to_dict()


def test_schema_version_is_recorded_and_newer_databases_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "v.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(RashomonError) as info:
        Store(path)
    assert info.value.code == "E030"


def test_a_failed_write_leaves_the_stored_article_intact(store: Store) -> None:
    record = sample_record()
    store.save(record)
    broken = sample_record()
    broken.statements[0].cue = "changed"
    broken.mentions[0].actor = None  # type: ignore[assignment]  # violates NOT NULL
    with pytest.raises(sqlite3.IntegrityError):
        store.save(broken)
    assert store.load(record.id) == record


def _person_record(article_id: str, name: str, mention: str) -> AnalyzedArticle:
    text = f"{mention} said the talks were useful. He left on Monday."
    return AnalyzedArticle(
        id=article_id, url=None, outlet=None, published="2026-03-02", title=None, language="en",
        text=text,
        actors=[Actor(id="a1", name=name, type="person", country="IRN", sector="GOV",
                      role=None, code="IRNGOV")],
        mentions=[Mention(actor="a1", start=0, end=len(mention), text=mention),
                  Mention(actor="a1", start=text.index("He"), end=text.index("He") + 2,
                          text="He")],
    )


@pytest.mark.parametrize("order", [("full", "short"), ("short", "full")])
def test_a_surname_alone_joins_the_full_name_across_articles(
    store: Store, order: tuple[str, str]
) -> None:
    records = {"full": _person_record("x1", "Kamran Tavakoli", "Kamran Tavakoli"),
               "short": _person_record("x2", "Tavakoli", "Tavakoli")}
    for name in order:
        store.save(records[name])
    rows = list_actors(store.conn, Filters())
    assert [(r["name"], r["articles"]) for r in rows] == [("Kamran Tavakoli", 2)]
    aliases = {r[0] for r in store.conn.execute("SELECT alias FROM actor_aliases")}
    assert aliases == {"Kamran Tavakoli", "Tavakoli"}


def test_a_surname_shared_by_two_people_stays_apart(store: Store) -> None:
    store.save(_person_record("x1", "Kamran Tavakoli", "Kamran Tavakoli"))
    store.save(_person_record("x2", "Leila Tavakoli", "Leila Tavakoli"))
    store.save(_person_record("x3", "Tavakoli", "Tavakoli"))
    assert len(list_actors(store.conn, Filters())) == 3


def test_groups_of_different_countries_stay_apart(store: Store) -> None:
    for article_id, country in (("g1", "GEO"), ("g2", "BLR"), ("g3", "GEO")):
        record = sample_record(article_id)
        record.actors.append(Actor(id="a3", name="Protesters", type="group", country=country,
                                   sector="CVL", role=None, code=f"{country}CVL"))
        store.save(record)
    rows = {(r["name"], r["country"]): r["articles"] for r in list_actors(store.conn, Filters())}
    assert rows[("Protesters", "GEO")] == 2 and rows[("Protesters", "BLR")] == 1
