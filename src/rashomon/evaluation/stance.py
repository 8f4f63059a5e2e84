"""Out-of-fold evaluation on FNC-1, folds grouped by story, beside a TF-IDF baseline.

Every pair is scored by a model that saw no pair of its story. The in-fold figures (the
same models scoring their own training pairs) are printed beside them to show how much
of a figure is memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from joblib import Parallel, delayed
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from ..stance.model import fit
from .fnc import LABELS, FncData, fnc_score

FOLDS = 5


@dataclass(slots=True)
class Scores:
    """FNC-1 figures of one set of predictions."""

    fnc: float
    macro_f1: float
    per_class: dict[str, float]

    def line(self, name: str) -> str:
        """One table row: name, FNC-1 score, macro F1, then F1 per class."""
        classes = " ".join(f"{self.per_class[c]:>9.3f}" for c in LABELS)
        return f"{name:<28} {self.fnc:>6.3f} {self.macro_f1:>8.3f} {classes}"


def header() -> str:
    """The header of ``Scores.line`` rows."""
    return f"{'':<28} {'FNC':>6} {'macro F1':>8} " + " ".join(f"{c:>9}" for c in LABELS)


def scores(gold: npt.NDArray[np.int64], predicted: npt.NDArray[np.int64]) -> Scores:
    """FNC-1 score, macro F1 and per-class F1."""
    labels = list(range(len(LABELS)))
    per = f1_score(gold, predicted, labels=labels, average=None, zero_division=0)
    return Scores(
        fnc=fnc_score(list(gold), list(predicted)),
        macro_f1=float(np.mean(per)),
        per_class={c: float(v) for c, v in zip(LABELS, per, strict=True)},
    )


def folds(
    data: FncData, n: int = FOLDS, seed: int | None = None
) -> list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]]:
    """``(train, test)`` index arrays, grouped by story.

    ``seed=None`` gives scikit-learn's ``GroupKFold`` (balanced fold sizes); a seed deals
    the stories out at random instead, to see how much a figure owes to one split.
    """
    index = np.arange(len(data.labels))
    if seed is None:
        splitter = GroupKFold(n_splits=n)
        return [
            (np.asarray(tr), np.asarray(te))
            for tr, te in splitter.split(index, data.labels, groups=data.stories)
        ]
    stories = sorted(set(data.stories))
    np.random.default_rng(seed).shuffle(stories)
    fold_of = {story: k % n for k, story in enumerate(stories)}
    assigned = np.array([fold_of[s] for s in data.stories])
    return [(index[assigned != k], index[assigned == k]) for k in range(n)]


def _fold_predictions(
    data: FncData, prototypes: npt.NDArray[np.float32],
    train: npt.NDArray[np.int64], test: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """One fold's model: its predictions for the held-out pairs and for its training pairs."""
    model = fit(data.features[train], data.labels[train], prototypes)
    return model.predict_rows(data.features[test]), model.predict_rows(data.features[train])


def model_predictions(
    data: FncData, prototypes: npt.NDArray[np.float32], n: int = FOLDS, seed: int | None = None,
    n_jobs: int = 1,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Out-of-fold predictions, and in-fold ones (each pair by a model that trained on it).

    ``n_jobs`` processes fit the folds side by side. Each fit runs on one thread and is
    seeded, so the predictions are the same bit for bit whatever ``n_jobs`` is; only the
    features and labels are sent to the workers (not the texts).
    """
    rows = FncData(headlines=[], bodies=[], labels=data.labels, stories=data.stories,
                   features=data.features)
    splits = folds(data, n, seed)
    fitted = Parallel(n_jobs=min(n_jobs, len(splits)))(
        delayed(_fold_predictions)(rows, prototypes, train, test) for train, test in splits
    )
    oof = np.zeros(len(data.labels), dtype=np.int64)
    infold = np.zeros(len(data.labels), dtype=np.int64)
    for (train, test), (held_out, seen) in zip(splits, fitted, strict=True):
        oof[test] = held_out
        infold[train] = seen
    return oof, infold


def _tfidf_rows(data: FncData, index: npt.NDArray[np.int64], vectorizer: TfidfVectorizer) -> Any:
    heads = vectorizer.transform([data.headlines[i] for i in index])
    bodies = vectorizer.transform([data.bodies[i] for i in index])
    cosine = np.asarray(heads.multiply(bodies).sum(axis=1))
    return hstack([heads, bodies, cosine]).tocsr()


def baseline_predictions(data: FncData, n: int = FOLDS) -> npt.NDArray[np.int64]:
    """Plain TF-IDF of headline and body, their cosine, and a logistic regression."""
    oof = np.zeros(len(data.labels), dtype=np.int64)
    for train, test in folds(data, n):
        vectorizer = TfidfVectorizer(max_features=5000, stop_words="english", sublinear_tf=True)
        vectorizer.fit([data.headlines[i] for i in train] + [data.bodies[i] for i in train])
        classifier = LogisticRegression(max_iter=1000, C=1.0)
        classifier.fit(_tfidf_rows(data, train, vectorizer), data.labels[train])
        oof[test] = classifier.predict(_tfidf_rows(data, test, vectorizer))
    return oof
