"""The stance model: related or not, then agree / disagree / discuss among the related.

Two small scikit-learn classifiers on ``features.FEATURE_NAMES``: gradient-boosted trees say
whether a passage bears on the claim at all; then trees and a logistic regression, their
probabilities averaged (trained on related pairs only, classes balanced so that the rare
"disagree" is not drowned), say how it stands. Probabilities combine
as P(unrelated) = 1 − P(related) and P(stance) = P(related) · P(stance | related).

The fitted model ships as ``data/stance_model.joblib`` (sklearn objects and the prototype
vectors; no torch), written by ``make train``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import joblib
import numpy as np
import numpy.typing as npt
from sklearn.ensemble import HistGradientBoostingClassifier, VotingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from ..errors import Errors, RashomonError
from .features import FEATURE_NAMES, ClaimText, Passage, evidence, pair_features

STANCES = ("agree", "disagree", "discuss", "unrelated")
MODEL_FILE = "data/stance_model.joblib"
UNRELATED = STANCES.index("unrelated")


@dataclass(slots=True)
class StanceResult:
    """How one passage stands towards one claim."""

    stance: str
    probabilities: dict[str, float]
    evidence: list[tuple[int, int]] = field(default_factory=list)

    @property
    def score(self) -> float:
        """The probability of the chosen stance."""
        return self.probabilities[self.stance]


def _trees(seed: int, balanced: bool) -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(
        max_iter=150,
        learning_rate=0.06,
        max_leaf_nodes=15,
        min_samples_leaf=30,
        l2_regularization=1.0,
        class_weight="balanced" if balanced else None,
        random_state=seed,
    )


def _stance_classifier(seed: int) -> VotingClassifier:
    """Trees and a linear model, probabilities averaged: the trees find the interactions
    (a refuting claim against a refuting article), the linear model keeps "disagree" from
    being drowned by the larger classes."""
    linear = make_pipeline(
        StandardScaler(), LogisticRegression(C=0.3, class_weight="balanced", max_iter=2000)
    )
    return VotingClassifier(
        [("trees", _trees(seed, balanced=True)), ("linear", linear)], voting="soft"
    )


@dataclass(slots=True)
class StanceModel:
    """The two fitted stages and the prototype vectors the features need."""

    related: Any
    stance: Any
    prototypes: npt.NDArray[np.float32]
    card: dict[str, Any] = field(default_factory=dict)

    def probabilities(self, rows: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """``len(rows) × 4`` probabilities in ``STANCES`` order."""
        if not len(rows):
            return np.zeros((0, len(STANCES)))
        # One thread: the trees' OpenMP threads only contend on a small, shared machine.
        with threadpool_limits(limits=1):
            p_related = self.related.predict_proba(rows)[:, 1]
            p_stance = self.stance.predict_proba(rows)
        out = np.empty((len(rows), len(STANCES)))
        out[:, :UNRELATED] = p_stance * p_related[:, None]
        out[:, UNRELATED] = 1.0 - p_related
        return out

    def predict_rows(self, rows: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
        """Label indices: unrelated when P(related) < 0.5, else the likeliest stance."""
        probs = self.probabilities(rows)
        related = probs[:, UNRELATED] < 0.5
        best = probs[:, :UNRELATED].argmax(axis=1)
        return np.where(related, best, UNRELATED).astype(np.int64)

    def classify(self, claim: ClaimText, passage: Passage, k: int = 2) -> StanceResult:
        """The stance of one passage towards one claim, with its evidence sentences."""
        return self.classify_many(claim, [passage], k)[0]

    def classify_many(
        self, claim: ClaimText, passages: Sequence[Passage], k: int = 2
    ) -> list[StanceResult]:
        """``classify`` over many passages, with one call to each classifier."""
        if not passages:
            return []
        rows = np.vstack([pair_features(claim, p, self.prototypes) for p in passages])
        probs = self.probabilities(rows)
        labels = self.predict_rows(rows)
        return [
            StanceResult(
                stance=STANCES[int(label)],
                probabilities={s: float(v) for s, v in zip(STANCES, row, strict=True)},
                evidence=[p.spans[i] for i in evidence(claim, p, k)],
            )
            for p, row, label in zip(passages, probs, labels, strict=True)
        ]


def fit(
    rows: npt.NDArray[np.float64],
    labels: npt.NDArray[np.int64],
    prototypes: npt.NDArray[np.float32],
    seed: int = 0,
) -> StanceModel:
    """Fit both stages on feature rows and label indices (``STANCES`` order)."""
    with threadpool_limits(limits=1):
        related = _trees(seed, balanced=False).fit(rows, (labels != UNRELATED).astype(int))
        mask = labels != UNRELATED
        stance = _stance_classifier(seed).fit(rows[mask], labels[mask])
    return StanceModel(related=related, stance=stance, prototypes=prototypes)


def save(model: StanceModel, path: str) -> None:
    """Write the model as a compressed joblib of sklearn objects and arrays."""
    joblib.dump(
        {
            "features": list(FEATURE_NAMES),
            "related": model.related,
            "stance": model.stance,
            "prototypes": model.prototypes,
            "card": model.card,
        },
        path,
        compress=3,
    )


@lru_cache(maxsize=1)
def load_model() -> StanceModel:
    """The shipped stance model.

    Raises:
        RashomonError: E026 when the model file is missing or was fitted on other features.
    """
    resource = resources.files("rashomon.stance").joinpath(MODEL_FILE)
    try:
        with resources.as_file(resource) as path:
            data = joblib.load(path)
    except (OSError, EOFError, ValueError) as exc:
        raise RashomonError(Errors.E026, detail=f"cannot read {MODEL_FILE}: {exc}") from exc
    if list(data.get("features", [])) != list(FEATURE_NAMES):
        raise RashomonError(Errors.E026, detail="model was fitted on other features: make train")
    return StanceModel(
        related=data["related"],
        stance=data["stance"],
        prototypes=np.asarray(data["prototypes"], dtype=np.float32),
        card=dict(data.get("card", {})),
    )
