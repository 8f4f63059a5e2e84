"""Cross-validated story grouping: thresholds tuned on some stories, scored on the others.

Used by the benchmark and the quality gate on real coverage (FNC-1 bodies grouped by story).
Folds split the *stories*, never the articles of one story, so a threshold is always judged
on stories it was not tuned on. Each method clusters one fold's articles on their own, as a
fresh store would, and is scored with B-cubed F1 against the gold stories.

The baseline is what a dozen lines do: TF-IDF (sublinear tf, English stop words, fitted on
the articles being clustered) and average-linkage clustering of the cosine similarities,
cut at a threshold tuned the same way. ``select_by_cross_validation`` also chooses among
settings (nested: the choice is made on the training folds only) so that a setting is never
chosen on the stories it is scored on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfVectorizer

from ..records import AnalyzedArticle, Article
from ..stories.features import Embedder, full_text
from ..stories.grouper import GroupingSettings, StoryGrouper
from .stories import bcubed

# A method clusters records at each of several thresholds: threshold → (article id → label).
Method = Callable[[Sequence[AnalyzedArticle], Sequence[float]], dict[float, dict[str, str]]]
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


def story_folds(gold: Mapping[str, str], k: int = 5, salt: str = "") -> list[set[str]]:
    """``k`` folds of article ids, whole stories at a time, balanced by size.

    Stories are ordered by a hash of their name (so the split is fixed but not biased by
    naming; another ``salt`` gives another split) and each goes to the fold with the fewest
    articles so far.
    """
    by_story: dict[str, list[str]] = {}
    for article, story in gold.items():
        by_story.setdefault(story, []).append(article)
    order = sorted(by_story, key=lambda s: hashlib.sha1((salt + s).encode("utf8")).hexdigest())
    order.sort(key=lambda s: -len(by_story[s]))  # stable: largest first, hash within a size
    folds: list[set[str]] = [set() for _ in range(k)]
    for story in order:
        smallest = min(range(k), key=lambda i: (len(folds[i]), i))
        folds[smallest].update(by_story[story])
    return folds


def grouper_method(settings: GroupingSettings, embedder: Embedder | None = None) -> Method:
    """Our grouper, fresh for every call (as a new store would be), cut at each threshold.

    The records are grouped once and the stored edges re-cut at every threshold
    (``StoryGrouper.recuts``): the same stories as grouping afresh at each threshold.
    """

    def run(
        records: Sequence[AnalyzedArticle], thresholds: Sequence[float]
    ) -> dict[float, dict[str, str]]:
        grouper = StoryGrouper(settings, embedder)
        grouper.add(records)
        return {t: _labels(clusters) for t, clusters in grouper.recuts(thresholds).items()}

    return run


def _labels(clusters: Sequence[Sequence[str]]) -> dict[str, str]:
    return {aid: str(k) for k, members in enumerate(clusters) for aid in members}


def tfidf_average_linkage(
    records: Sequence[AnalyzedArticle], thresholds: Sequence[float]
) -> dict[float, dict[str, str]]:
    """The baseline: TF-IDF cosine, average linkage, cut at each threshold."""
    if len(records) < 2:
        return {t: {r.id: "0" for r in records} for t in thresholds}
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
        [full_text(r) for r in records]
    )
    similarity = (matrix @ matrix.T).toarray()
    distance = np.clip(1.0 - similarity, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    out: dict[float, dict[str, str]] = {}
    for t in thresholds:
        labels = fcluster(tree, t=1.0 - t, criterion="distance")
        out[t] = {r.id: str(label) for r, label in zip(records, labels, strict=True)}
    return out


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
        tuned = method(train, grid)
        scored = {t: _score(tuned[t], train, gold) for t in grid}
        best = max(grid, key=lambda t: (scored[t], -t))
        chosen.append(best)
        in_fold.append(scored[best])
        out_of_fold.append(_score(method(test, [best])[best], test, gold))
    return FoldFigures(float(np.mean(in_fold)), float(np.mean(out_of_fold)), tuple(chosen))


def _score(
    predicted: Mapping[str, str], records: Sequence[AnalyzedArticle], gold: Mapping[str, str]
) -> float:
    ids = {r.id for r in records}
    return bcubed(predicted, {a: s for a, s in gold.items() if a in ids}).f1


@dataclass(frozen=True, slots=True)
class Selection:
    """Settings chosen by cross-validation, scored on stories they were not chosen on.

    ``chosen`` names the method each held-out fold was scored with; ``in_fold`` is its
    figure on the folds it was chosen and tuned on.
    """

    in_fold: float
    out_of_fold: float
    chosen: tuple[str, ...]
    thresholds: tuple[float, ...]


def select_by_cross_validation(
    methods: Mapping[str, Method],
    records: Sequence[AnalyzedArticle],
    gold: Mapping[str, str],
    folds: Sequence[set[str]],
    grid: Sequence[float] = GRID,
) -> Selection:
    """Nested cross-validation: for each held-out fold, pick the method by cross-validating
    every method over the other folds (each inner fold scored at the threshold tuned on the
    rest), tune the winner's threshold on all the other folds, and score it on the held-out
    one. A method is never chosen, nor its threshold tuned, on the stories it is scored on.
    """
    scores: dict[tuple[str, frozenset[int]], dict[float, float]] = {}

    def scored(name: str, part: frozenset[int]) -> dict[float, float]:
        if (name, part) not in scores:
            ids = set().union(*(folds[i] for i in part))
            chosen = [r for r in records if r.id in ids and r.id in gold]
            clusterings = methods[name](chosen, grid)
            scores[name, part] = {t: _score(clusterings[t], chosen, gold) for t in grid}
        return scores[name, part]

    def tuned(name: str, part: frozenset[int]) -> float:
        figures = scored(name, part)
        return max(grid, key=lambda t: (figures[t], -t))

    def inner(name: str, part: frozenset[int]) -> float:
        return float(np.mean([
            scored(name, frozenset({h}))[tuned(name, part - {h})] for h in sorted(part)
        ]))

    in_fold, out_of_fold, chosen, thresholds = [], [], [], []
    for held_out in range(len(folds)):
        train = frozenset(range(len(folds))) - {held_out}
        best = max(methods, key=lambda name: inner(name, train))  # first listed on a tie
        threshold = tuned(best, train)
        chosen.append(best)
        thresholds.append(threshold)
        in_fold.append(scored(best, train)[threshold])
        out_of_fold.append(scored(best, frozenset({held_out}))[threshold])
    return Selection(
        float(np.mean(in_fold)), float(np.mean(out_of_fold)), tuple(chosen), tuple(thresholds)
    )
