"""Keep the stored stories in line with the stored analyses.

The grouping state is kept per article in the store (``grouping_*`` tables, see
``state.py``). ``sync_stories`` brings it up to date from what is stored, whatever happened
before: it groups every analysed article that has no grouping row or whose row was computed
from another analysis (``record_hash``), forgets rows whose article is gone or no longer
analysed, then rebuilds every story marked dirty. It never relies on being told what
changed, so an ``analyze`` killed after storing articles but before grouping them leaves
work that the next ``analyze`` or ``regroup`` finishes: every analysed article ends in a
story.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from ..config import Settings
from ..faults import reached
from ..store import Store
from .build import build_story
from .embeddings import load_embedder
from .features import Embedder
from .grouper import StoryGrouper, grouping_settings

log = logging.getLogger(__name__)
BATCH = 1000
@lru_cache(maxsize=1)
def _embedder() -> Embedder | None:
    """The sentence embedder, loaded once per process (the model takes seconds to load)."""
    embedder = load_embedder()
    if embedder is None:
        log.warning("stories.embeddings is on but the 'embeddings' extra is not installed;"
                    " grouping without sentence embeddings")
    return embedder


def grouper_for(store: Store, settings: Settings) -> StoryGrouper:
    """The grouper over the store's grouping tables, with the current settings."""
    embedder = _embedder() if settings.stories.embeddings else None
    return StoryGrouper(grouping_settings(settings), embedder, conn=store.conn)


def pending_articles(store: Store) -> list[str]:
    """Analysed articles without grouping state, or with state from another analysis."""
    rows = store.conn.execute(
        "SELECT a.id FROM articles a LEFT JOIN grouping_articles g ON g.article_id = a.id"
        " WHERE a.analyzed = 1 AND (g.article_id IS NULL OR g.record_hash != a.record_hash)"
        " ORDER BY a.published, a.id"
    )
    return [r[0] for r in rows]


def gone_articles(store: Store) -> list[str]:
    """Grouped articles that are no longer stored, or no longer analysed."""
    rows = store.conn.execute(
        "SELECT g.article_id FROM grouping_articles g LEFT JOIN articles a"
        " ON a.id = g.article_id WHERE a.id IS NULL OR a.analyzed = 0"
    )
    return [r[0] for r in rows]


def sync_stories(store: Store, settings: Settings) -> int:
    """Group what is not grouped, forget what is gone, rebuild dirty stories.

    Returns:
        How many stories were rebuilt or removed.
    """
    grouper = grouper_for(store, settings)
    gone = gone_articles(store)
    if gone:
        grouper.remove(gone)
    pending = pending_articles(store)
    for start in range(0, len(pending), BATCH):
        chunk = pending[start : start + BATCH]
        hashes = {
            r[0]: r[1]
            for r in grouper.state.select_in(
                "SELECT id, record_hash FROM articles WHERE id IN ({marks})", chunk
            )
        }
        grouper.add(list(store.iter_records(chunk)), hashes)
    reached("grouping-saved")
    return rebuild_dirty_stories(store, grouper)


def rebuild_dirty_stories(store: Store, grouper: StoryGrouper) -> int:
    """Rebuild (or drop, when empty) every story whose membership changed."""
    touched = 0
    while True:
        dirty = [
            r[0] for r in store.conn.execute(
                "SELECT story_id FROM grouping_dirty ORDER BY story_id LIMIT ?", (BATCH,)
            )
        ]
        if not dirty:
            break
        members = grouper.state.members(dirty)
        stories = []
        for story in dirty:
            if story in members:
                ids = members[story]
                copies = {
                    r[0]: r[1]
                    for r in store.conn.execute(
                        "SELECT article_id, copy_of FROM grouping_articles"
                        " WHERE story_id = ? AND copy_of IS NOT NULL",
                        (story,),
                    )
                }
                stories.append(build_story(store.iter_records(ids), ids, story=story,
                                           copies=copies))
        removed = [s for s in dirty if s not in members]
        store.save_stories(stories, removed=removed)
        with store.transaction() as conn:
            conn.executemany("DELETE FROM grouping_dirty WHERE story_id = ?",
                             [(s,) for s in dirty])
        touched += len(dirty)
    # Stories left from before the grouping state existed (or from a killed run) that no
    # article belongs to any more.
    with store.transaction() as conn:
        cursor = conn.execute(
            "DELETE FROM stories WHERE id NOT IN"
            " (SELECT story_id FROM grouping_articles WHERE story_id IS NOT NULL)"
        )
    return touched + max(0, cursor.rowcount)


def update_stories(store: Store, changed_ids: object, settings: Settings) -> int:
    """Bring the stories up to date after articles were stored, replaced or deleted.

    ``changed_ids`` is accepted for callers that know what they changed; the store itself
    says what needs grouping (``sync_stories``), so nothing is missed after a crash.
    """
    return sync_stories(store, settings)


def regroup(store: Store, settings: Settings, since: str | None = None) -> int:
    """Group the stored analyses afresh, without parsing anything again.

    Args:
        store: an open store.
        settings: the (possibly changed) grouping settings.
        since: regroup only articles published on or after this ISO date; earlier articles
            keep their stories (which lose the regrouped articles until they rejoin).

    Returns:
        How many stories were rebuilt or removed.
    """
    grouper = grouper_for(store, settings)
    if since is None:
        grouper.state.clear()
        with store.transaction() as conn:
            conn.execute("DELETE FROM grouping_dirty")
            conn.execute("DELETE FROM stories")
    else:
        ids = [
            r[0] for r in store.conn.execute(
                "SELECT g.article_id FROM grouping_articles g JOIN articles a"
                " ON a.id = g.article_id WHERE a.published >= ?",
                (since,),
            )
        ]
        for start in range(0, len(ids), BATCH):
            grouper.remove(ids[start : start + BATCH])
    return sync_stories(store, settings)
