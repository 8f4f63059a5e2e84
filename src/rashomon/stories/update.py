"""Keep the stored stories up to date as articles are added, changed or deleted.

The story grouper's state is kept in the store (``state`` table, key ``story_grouper``)
so that each run only groups its new or changed articles against what is known; only
the stories those articles touch are rebuilt and compared again.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from functools import lru_cache

from ..config import Settings
from ..store import Store
from .build import build_story
from .embeddings import load_embedder
from .features import Embedder
from .grouper import StoryGrouper, grouping_settings

STATE_KEY = "story_grouper"
log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _embedder() -> Embedder | None:
    """The sentence embedder, loaded once per process (the model takes seconds to load)."""
    embedder = load_embedder()
    if embedder is None:
        log.warning("stories.embeddings is on but the 'embeddings' extra is not installed;"
                    " grouping without sentence embeddings")
    return embedder


def load_grouper(store: Store, settings: Settings) -> StoryGrouper:
    """The grouper as the last run left it (with the current settings), or a new one."""
    embedder = _embedder() if settings.stories.embeddings else None
    raw = store.get_state(STATE_KEY)
    if raw is None:
        return StoryGrouper(grouping_settings(settings), embedder)
    return StoryGrouper.from_state(json.loads(raw), grouping_settings(settings), embedder)


def update_stories(store: Store, changed_ids: Sequence[str], settings: Settings) -> int:
    """Regroup after ``changed_ids`` were stored, replaced or deleted; returns stories touched.

    Articles that are no longer stored leave their stories; articles stored without
    analysis (unsupported language) are not grouped.
    """
    if not changed_ids:
        return 0
    grouper = load_grouper(store, settings)
    before = set(grouper.stories())
    touched: set[str] = set()
    present = []
    for article_id in dict.fromkeys(changed_ids):
        old_story = grouper.story_of.get(article_id)
        if old_story is not None:
            touched.add(old_story)
        if _is_analyzed(store, article_id):
            present.append(article_id)
        else:
            grouper.remove(article_id)
    records = list(store.iter_records(present))
    if records:
        touched.update(grouper.add(records).values())
    after = grouper.stories()
    removed = sorted(before - set(after))
    stories = []
    for story_id in sorted(touched & set(after)):
        members = after[story_id]
        stories.append(build_story(store.iter_records(members), members, story=story_id))
    store.save_stories(stories, removed=removed)
    store.set_state(STATE_KEY, json.dumps(grouper.to_state()))
    return len(stories) + len(removed)


def _is_analyzed(store: Store, article_id: str) -> bool:
    """Whether the article is stored and went through the pipeline."""
    row = store.conn.execute("SELECT analyzed FROM articles WHERE id = ?", (article_id,)).fetchone()
    return bool(row and row["analyzed"])


def rebuild_stories(store: Store, settings: Settings) -> int:
    """Group the whole stored corpus afresh (after changing grouping settings)."""
    store.set_state(STATE_KEY, json.dumps(StoryGrouper(grouping_settings(settings)).to_state()))
    with store.transaction() as conn:
        conn.execute("DELETE FROM stories")
    ids = [r[0] for r in store.conn.execute("SELECT id FROM articles ORDER BY published, id")]
    return update_stories(store, ids, settings)
