"""Per-article features for story grouping: date, actors, events, MinHash and TF-IDF.

Features are plain data (``to_dict``/``from_dict``) so that the store can persist them and a
later batch can be grouped against them without re-reading the articles.
"""

from __future__ import annotations

import inspect
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import MinHash
from sklearn.feature_extraction.text import HashingVectorizer

from ..records import AnalyzedArticle

NUM_PERM = 64
N_FEATURES = 2**18
SHINGLE = 3
# How much sharing an actor of each type says about two articles reporting one event:
# two articles naming the same minister say more than two naming the same country.
TYPE_WEIGHTS = {"person": 1.0, "organization": 0.7, "group": 0.5, "country": 0.35}
_WORD = re.compile(r"\w+")

Embedder = Callable[[list[str]], list[list[float]]]


@dataclass(slots=True)
class ArticleFeatures:
    """What story grouping knows about one article.

    ``tfidf`` is the article's L2-normalised TF-IDF vector as sorted hashed feature indices
    and values, weighted with the document frequencies known when it was added.
    """

    id: str
    day: int | None
    actors: dict[str, float]
    events: list[str]
    minhash: list[int]
    tfidf_index: list[int] = field(default_factory=list)
    tfidf_value: list[float] = field(default_factory=list)
    tf_index: list[int] = field(default_factory=list)
    embedding: list[float] | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "id": self.id,
            "day": self.day,
            "actors": dict(self.actors),
            "events": list(self.events),
            "minhash": list(self.minhash),
            "tfidf_index": list(self.tfidf_index),
            "tfidf_value": [round(v, 6) for v in self.tfidf_value],
            "tf_index": list(self.tf_index),
            "embedding": self.embedding,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArticleFeatures:
        """Inverse of ``to_dict``."""
        return cls(
            id=data["id"],
            day=data.get("day"),
            actors={str(k): float(v) for k, v in data.get("actors", {}).items()},
            events=list(data.get("events", [])),
            minhash=[int(v) for v in data.get("minhash", [])],
            tfidf_index=[int(v) for v in data.get("tfidf_index", [])],
            tfidf_value=[float(v) for v in data.get("tfidf_value", [])],
            tf_index=[int(v) for v in data.get("tf_index", [])],
            embedding=data.get("embedding"),
        )


def day_of(published: str | None) -> int | None:
    """The proleptic ordinal of the publication date, or ``None`` when unknown or unreadable."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def actor_weights(record: AnalyzedArticle) -> dict[str, float]:
    """Canonical actor names of the article with the weight of their type."""
    weights: dict[str, float] = {}
    for actor in record.actors:
        weight = TYPE_WEIGHTS.get(actor.type, 0.5)
        weights[actor.name] = max(weight, weights.get(actor.name, 0.0))
    return weights


def full_text(record: AnalyzedArticle) -> str:
    """Title and text: the title often names the event in the fewest words."""
    return f"{record.title}\n{record.text}" if record.title else record.text


def shingles(text: str, size: int = SHINGLE) -> list[bytes]:
    """Word ``size``-grams of the lower-cased text, as bytes for MinHash."""
    tokens = _WORD.findall(text.lower())
    if len(tokens) < size:
        return [" ".join(tokens).encode("utf8")] if tokens else []
    return [" ".join(tokens[i : i + size]).encode("utf8") for i in range(len(tokens) - size + 1)]


# datasketch 2 names its permutation scheme; pin it so signatures stay comparable.
_SCHEME: dict[str, Any] = (
    {"scheme": "affine32"} if "scheme" in inspect.signature(MinHash).parameters else {}
)


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    # Drawing the permutations is the slow part of a new MinHash: do it once.
    template = MinHash(num_perm=num_perm, seed=1, **_SCHEME)
    a, b = template.permutations
    return a, b


def minhash_of(text: str, num_perm: int = NUM_PERM) -> list[int]:
    """The MinHash signature of the text's word shingles (fixed seed and CRC-32 shingle
    hashes, so signatures are stable across runs and processes)."""
    sketch = MinHash(
        num_perm=num_perm,
        seed=1,
        hashfunc=zlib.crc32,
        permutations=_permutations(num_perm),
        **_SCHEME,
    )
    grams = shingles(text)
    if grams:
        sketch.update_batch(grams)
    return [int(v) for v in sketch.hashvalues]


_VECTORIZER = HashingVectorizer(
    n_features=N_FEATURES, alternate_sign=False, norm=None, stop_words="english"
)


def term_counts(texts: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Sorted hashed term indices and sublinear term frequencies (1 + log tf) per text."""
    matrix = _VECTORIZER.transform(list(texts)).tocsr()
    matrix.sort_indices()
    out: list[tuple[np.ndarray, np.ndarray]] = []
    for row in range(matrix.shape[0]):
        lo, hi = matrix.indptr[row], matrix.indptr[row + 1]
        counts = matrix.data[lo:hi]
        out.append((matrix.indices[lo:hi].astype(np.int64), 1.0 + np.log(counts)))
    return out


def tfidf(
    index: np.ndarray, tf: np.ndarray, df: dict[int, int], n_docs: int
) -> tuple[list[int], list[float]]:
    """The L2-normalised TF-IDF vector with smoothed idf ``log((1+n)/(1+df)) + 1``."""
    if index.size == 0:
        return [], []
    counts = np.fromiter((df.get(i, 0) for i in index.tolist()), dtype=np.float64, count=index.size)
    idf = np.log((1 + n_docs) / (1 + counts)) + 1.0
    weights = tf * idf
    norm = float(np.linalg.norm(weights))
    values = weights / norm if norm else weights
    return [int(i) for i in index], [float(v) for v in values]


def extract_features(
    records: Sequence[AnalyzedArticle], embedder: Embedder | None = None
) -> list[tuple[ArticleFeatures, np.ndarray, np.ndarray]]:
    """Features of each record, with its raw term indices and frequencies for TF-IDF.

    The TF-IDF vector itself is left empty: it needs the document frequencies of the corpus,
    which the grouper holds.
    """
    texts = [full_text(r) for r in records]
    counts = term_counts(texts)
    vectors = embedder(texts) if embedder is not None and texts else None
    out: list[tuple[ArticleFeatures, np.ndarray, np.ndarray]] = []
    for i, (record, text) in enumerate(zip(records, texts, strict=True)):
        index, tf = counts[i]
        feats = ArticleFeatures(
            id=record.id,
            day=day_of(record.published),
            actors=actor_weights(record),
            events=sorted({e.type for e in record.events if not e.negated}),
            minhash=minhash_of(text),
            tf_index=[int(v) for v in index],
            embedding=[round(float(v), 5) for v in vectors[i]] if vectors is not None else None,
        )
        out.append((feats, index, tf))
    return out
