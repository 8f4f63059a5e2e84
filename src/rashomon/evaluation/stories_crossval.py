"""Cross-validated story grouping: thresholds tuned on some stories, scored on the others.

Used by the benchmark and the quality gate on real coverage (FNC-1 bodies grouped by story).
Folds split the *stories*, never the articles of one story, so a threshold is always judged
on stories it was not tuned on. Each method clusters one fold's articles on their own, as a
fresh store would, and is scored with B-cubed F1 against the gold stories.

The baseline is what a dozen lines do: TF-IDF (sublinear tf, English stop words, fitted on
the articles being clustered) and average-linkage clustering of the cosine similarities,
cut at a threshold tuned the same way.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfVectorizer

from ..records import AnalyzedArticle, Article
from ..stories.features import Embedder, full_text
from ..stories.grouper import GroupingSettings, StoryGrouper
from .stories import bcubed

# A method clusters records at a threshold: article id → cluster label.
Method = Callable[[Sequence[AnalyzedArticle], float], dict[str, str]]
GRID = tuple(round(0.05 + 0.025 * k, 3) for k in range(33))


@dataclass(frozen=True, slots=True)
class FoldFigures:
    """One method's figures, averaged over folds."""

    in_fold: float
    out_of_fold: float
    thresholds: tuple[float, ...]


def fnc1_gold(folder: Path) -> dict[str, str]:
    """FNC-1 (``bodies.jsonl``/``pairs.jsonl``): article id ``fnc-<body_id>`` → its story, from
    the headline–body pairs that are related (``stance`` other than ``unrelated``)."""
    gold: dict[str, str] = {}
    with open(folder / "pairs.jsonl", encoding="utf8") as lines:
        for line in lines:
            pair = json.loads(line)
            if pair["stance"] != "unrelated":
                gold[f"fnc-{pair['body_id']}"] = pair["story"]
    return gold


def fnc1_articles(folder: Path) -> list[Article]:
    """The FNC-1 bodies as articles: text only, no title, date or outlet."""
    with open(folder / "bodies.jsonl", encoding="utf8") as lines:
        bodies = [json.loads(line) for line in lines]
    return [Article(id=f"fnc-{b['body_id']}", text=b["text"], language="en") for b in bodies]


def story_folds(gold: Mapping[str, str], k: int = 5) -> list[set[str]]:
    """``k`` folds of article ids, whole stories at a time, balanced by size.

    Stories are ordered by a hash of their name (so the split is fixed but not biased by
    naming) and each goes to the fold with the fewest articles so far.
    """
    by_story: dict[str, list[str]] = {}
    for article, story in gold.items():
        by_story.setdefault(story, []).append(article)
    order = sorted(by_story, key=lambda s: hashlib.sha1(s.encode("utf8")).hexdigest())
    order.sort(key=lambda s: -len(by_story[s]))  # stable: largest first, hash within a size
    folds: list[set[str]] = [set() for _ in range(k)]
    for story in order:
        smallest = min(range(k), key=lambda i: (len(folds[i]), i))
        folds[smallest].update(by_story[story])
    return folds


def grouper_method(settings: GroupingSettings, embedder: Embedder | None = None) -> Method:
    """Our grouper, fresh for every call, at the given threshold."""

    def run(records: Sequence[AnalyzedArticle], threshold: float) -> dict[str, str]:
        grouper = StoryGrouper(replace(settings, threshold=threshold), embedder)
        grouper.add(records)
        return grouper.story_of

    return run


def tfidf_average_linkage(records: Sequence[AnalyzedArticle], threshold: float) -> dict[str, str]:
    """The baseline: TF-IDF cosine, average linkage, cut at ``threshold``."""
    if len(records) < 2:
        return {r.id: "0" for r in records}
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
        [full_text(r) for r in records]
    )
    similarity = (matrix @ matrix.T).toarray()
    distance = np.clip(1.0 - similarity, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    labels = fcluster(tree, t=1.0 - threshold, criterion="distance")
    return {r.id: str(label) for r, label in zip(records, labels, strict=True)}


def caching_embedder(embedder: Embedder) -> Embedder:
    """The embedder, computing each distinct text once (tuning re-groups the same texts)."""
    cache: dict[str, list[float]] = {}

    def embed(texts: list[str]) -> list[list[float]]:
        missing = [t for t in dict.fromkeys(texts) if t not in cache]
        if missing:
            cache.update(zip(missing, embedder(missing), strict=True))
        return [cache[t] for t in texts]

    return embed


def cross_validate(
    method: Method,
    records: Sequence[AnalyzedArticle],
    gold: Mapping[str, str],
    folds: Sequence[set[str]],
    grid: Sequence[float] = GRID,
) -> FoldFigures:
    """Tune the threshold on the other folds, score it on each fold; average the folds."""
    in_fold, out_of_fold, chosen = [], [], []
    for held_out in folds:
        train = [r for r in records if r.id not in held_out and r.id in gold]
        test = [r for r in records if r.id in held_out and r.id in gold]
        scored = {t: _score(method(train, t), train, gold) for t in grid}
        best = max(grid, key=lambda t: (scored[t], -t))
        chosen.append(best)
        in_fold.append(scored[best])
        out_of_fold.append(_score(method(test, best), test, gold))
    return FoldFigures(float(np.mean(in_fold)), float(np.mean(out_of_fold)), tuple(chosen))


def _score(
    predicted: Mapping[str, str], records: Sequence[AnalyzedArticle], gold: Mapping[str, str]
) -> float:
    ids = {r.id for r in records}
    return bcubed(predicted, {a: s for a, s in gold.items() if a in ids}).f1
