"""Story grouping kept in the store: per-article rows, crash recovery, regroup (no model)."""

from __future__ import annotations

from pathlib import Path

from rashomon.config import load_settings
from rashomon.records import AnalyzedArticle
from rashomon.store import Store
from rashomon.store.migrations import MIGRATIONS
from rashomon.stories.update import pending_articles, regroup, sync_stories
from test_stories import GENEVA, GENEVA_2, HELSINKI, SPACE, US_RU, country, record

CORPUS = [
    record("g1", "2025-03-11", GENEVA, US_RU, "Capital Tribune"),
    record("g2", "2025-03-12", GENEVA_2, US_RU, "Eastern Dispatch"),
    record("g3", "2025-03-11", GENEVA + " Reporting by Baltic Wire.", US_RU, "The Northern Ledger"),
    record("sp", "2025-03-12", SPACE, [country("a1", "Russia")], "Baltic Wire"),
    record("h1", "2025-07-21", HELSINKI, US_RU, "Capital Tribune"),
]


def stored(db: Path, records: list[AnalyzedArticle]) -> Store:
    store = Store(db)
    for r in records:
        store.save(r)
    return store


def story_members(store: Store) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for sid, aid in store.conn.execute("SELECT story_id, article_id FROM story_articles"):
        out.setdefault(sid, set()).add(aid)
    return {sid: frozenset(m) for sid, m in out.items()}


def every_analysed_article_has_one_story(store: Store) -> bool:
    rows = store.conn.execute(
        "SELECT a.id, count(sa.story_id) FROM articles a"
        " LEFT JOIN story_articles sa ON sa.article_id = a.id WHERE a.analyzed = 1 GROUP BY a.id"
    ).fetchall()
    return all(n == 1 for _id, n in rows)


def test_grouping_state_is_rows_per_article(tmp_path: Path) -> None:
    with stored(tmp_path / "s.db", CORPUS) as store:
        sync_stories(store, load_settings())
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        rows = store.conn.execute("SELECT count(*) FROM grouping_articles").fetchone()[0]
        assert rows == len(CORPUS)
        assert store.get_state("story_grouper") is None
        groups = set(story_members(store).values())
        assert frozenset({"g1", "g2", "g3"}) in groups
        assert frozenset({"h1"}) in groups and frozenset({"sp"}) in groups
        copy = store.conn.execute(
            "SELECT copy_of FROM story_articles WHERE article_id = 'g3'").fetchone()[0]
        assert copy == "g1"
        story = store.story_data(store.conn.execute(
            "SELECT story_id FROM story_articles WHERE article_id = 'g1'").fetchone()[0])
        assert story is not None and story["copies"] == {"g3": "g1"}


def test_articles_stored_but_never_grouped_are_grouped_by_the_next_run(tmp_path: Path) -> None:
    # As after a run killed between storing and grouping: rows stored, no grouping state.
    with stored(tmp_path / "s.db", CORPUS) as store:
        assert len(pending_articles(store)) == len(CORPUS)
        assert not every_analysed_article_has_one_story(store)
        sync_stories(store, load_settings())
        assert pending_articles(store) == []
        assert every_analysed_article_has_one_story(store)


def test_a_reanalysed_article_with_stale_state_is_regrouped(tmp_path: Path) -> None:
    with stored(tmp_path / "s.db", CORPUS) as store:
        sync_stories(store, load_settings())
        # g2 re-analysed into something else; the grouping step has not run yet.
        store.save(record("g2", "2025-03-12", SPACE, [country("a1", "Russia")], "Eastern Dispatch"))
        assert pending_articles(store) == ["g2"]
        sync_stories(store, load_settings())
        groups = set(story_members(store).values())
        assert frozenset({"g1", "g3"}) in groups
        assert any({"g2", "sp"} <= g for g in groups)
        assert every_analysed_article_has_one_story(store)


def test_deleting_an_article_updates_its_story(tmp_path: Path) -> None:
    with stored(tmp_path / "s.db", CORPUS) as store:
        sync_stories(store, load_settings())
        store.delete_article("g1")
        sync_stories(store, load_settings())
        assert frozenset({"g2", "g3"}) in set(story_members(store).values())
        assert store.conn.execute(
            "SELECT count(*) FROM grouping_articles WHERE article_id = 'g1'").fetchone()[0] == 0
        assert every_analysed_article_has_one_story(store)


def test_regroup_gives_what_grouping_during_the_run_gave(tmp_path: Path) -> None:
    with stored(tmp_path / "s.db", CORPUS) as store:
        settings = load_settings()
        sync_stories(store, settings)
        before = story_members(store)
        regroup(store, settings)
        assert story_members(store) == before
        regroup(store, settings, since="2025-03-12")
        assert story_members(store) == before
        assert every_analysed_article_has_one_story(store)


def test_a_store_from_before_per_article_state_is_regrouped(tmp_path: Path) -> None:
    import sqlite3

    from rashomon.store.migrations import V_STORY_GROUPING

    db = tmp_path / "old.db"
    with stored(db, CORPUS) as store:
        sync_stories(store, load_settings())
    # Back to how an older Rashomon left it: one JSON value, no grouping rows.
    conn = sqlite3.connect(db)
    for table in ("grouping_articles", "grouping_keys", "grouping_edges", "grouping_terms",
                  "grouping_dirty"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("ALTER TABLE story_articles DROP COLUMN copy_of")
    conn.execute("INSERT INTO state (key, value) VALUES ('story_grouper', '{}')")
    conn.execute(f"PRAGMA user_version = {MIGRATIONS.index(V_STORY_GROUPING)}")
    conn.commit()
    conn.close()
    with Store(db) as store:
        assert store.get_state("story_grouper") is None
        assert len(pending_articles(store)) == len(CORPUS)
        sync_stories(store, load_settings())
        assert every_analysed_article_has_one_story(store)


def test_grouping_state_from_the_smaller_hash_space_is_regrouped(tmp_path: Path) -> None:
    import sqlite3

    from rashomon.store.migrations import V_GROUPING_TERMS

    db = tmp_path / "old.db"
    with stored(db, CORPUS) as store:
        sync_stories(store, load_settings())
        before = story_members(store)
    # As a store grouped with the old term hashing stands before the migration.
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {MIGRATIONS.index(V_GROUPING_TERMS)}")
    conn.commit()
    conn.close()
    with Store(db) as store:
        assert len(pending_articles(store)) == len(CORPUS)
        sync_stories(store, load_settings())
        assert every_analysed_article_has_one_story(store)
        assert story_members(store) == before
