"""Per-article features for story grouping: main event, actors, MinHash, TF-IDF, embedding.

Features are stored per article (``grouping_articles`` rows) so that a later batch is grouped
against them without re-reading or re-parsing the articles.
"""

from __future__ import annotations

import inspect
import json
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

from ..records import AnalyzedArticle, Event

NUM_PERM = 64
# Hashed term slots. With 2^18 distinct words shared slots and cost about 0.006 of B-cubed F1
# on FNC-1; at 2^30 a collision between two words of one story is vanishingly rare. Only the
# slots in use are stored (per article, and one ``grouping_terms`` row per term seen), so the
# size of the space costs nothing.
N_FEATURES = 2**30
SHINGLE = 3
# How much sharing an actor of each type says about two articles reporting one event:
# two articles naming the same minister say more than two naming the same country.
TYPE_WEIGHTS = {"person": 1.0, "organization": 0.7, "group": 0.5, "country": 0.35}
_WORD = re.compile(r"\w+")

Embedder = Callable[[list[str]], list[list[float]]]


@dataclass(slots=True)
class MainEvent:
    """The event an article reports first: its PLOVER type, participants and place."""

    type: str
    participants: list[str]
    place: str | None


@dataclass(slots=True)
class ArticleFeatures:
    """What story grouping knows about one article.

    ``day`` is the day of the article's main event (its own date when the pipeline read one,
    else the publication day): a story's date is its main event's date. ``terms`` and
    ``weights`` are the L2-normalised TF-IDF vector as sorted hashed term indices and values,
    weighted with the document frequencies known when it was added. ``keys`` propose
    candidates (canonical actors and the most distinctive terms); they never score a pair.
    """

    id: str
    day: int | None
    published: str | None
    actors: dict[str, float]
    event: MainEvent | None
    minhash: np.ndarray
    terms: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    weights: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float64))
    embedding: np.ndarray | None = None
    record_hash: str = ""

    def meta(self) -> dict[str, Any]:
        """The JSON-ready part (everything but the arrays)."""
        return {
            "actors": dict(self.actors),
            "event": None if self.event is None else {
                "type": self.event.type,
                "participants": list(self.event.participants),
                "place": self.event.place,
            },
        }

    def keys(self, top_terms: int) -> dict[str, float]:
        """Candidate keys with their weight: actor names, and the ``top_terms`` heaviest terms."""
        out = {f"a:{name}": weight for name, weight in self.actors.items()}
        if self.weights.size:
            order = np.argsort(-self.weights, kind="stable")[:top_terms]
            for k in order.tolist():
                out[f"t:{int(self.terms[k])}"] = float(self.weights[k])
        return out

    @classmethod
    def from_row(cls, row: Any) -> ArticleFeatures:
        """Features from a ``grouping_articles`` row."""
        meta = json.loads(row["meta"])
        event = meta.get("event")
        embedding = row["embedding"]
        return cls(
            id=row["article_id"],
            day=row["day"],
            published=row["published"],
            actors={str(k): float(v) for k, v in meta.get("actors", {}).items()},
            event=None if event is None else MainEvent(
                event["type"], list(event["participants"]), event.get("place")
            ),
            minhash=np.frombuffer(row["minhash"], dtype=np.uint32).astype(np.uint64),
            terms=np.frombuffer(row["terms"], dtype=np.int32).astype(np.int64),
            weights=np.frombuffer(row["weights"], dtype=np.float32).astype(np.float64),
            embedding=None if embedding is None
            else np.frombuffer(embedding, dtype=np.float32).astype(np.float64),
            record_hash=row["record_hash"],
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


def tfidf(tf: np.ndarray, df: np.ndarray, n_docs: int, prior_docs: int = 0) -> np.ndarray:
    """The L2-normalised TF-IDF weights with smoothed idf ``log((1+n+p)/(1+df)) + 1``.

    ``tf`` and ``df`` are the (sublinear) term frequencies and the document frequencies of
    the same terms, in the same order. ``prior_docs`` (``p``) counts documents assumed to
    have been seen without the terms: a young store has seen few stories, so a story's own
    words look common in it (a story of 40 articles among 90 gives its names an idf near
    that of "said") and two of its articles look less alike than they will once the store
    holds the rest of the news. With ``p`` large beside ``df`` the weights depend on how
    rare a term is in absolute counts, which is what they converge to in a large store.
    """
    if tf.size == 0:
        return np.zeros(0, dtype=np.float64)
    idf = np.log((1 + n_docs + prior_docs) / (1 + df.astype(np.float64))) + 1.0
    weights = tf * idf
    norm = float(np.linalg.norm(weights))
    return weights / norm if norm else weights


def first_event(record: AnalyzedArticle) -> Event | None:
    """The first event of the text that is asserted (not negated, not only possible).

    News puts the event it reports first, so this is the article's main event.
    """
    for event in sorted(record.events, key=lambda e: e.start):
        if not event.negated and event.modality is None:
            return event
    return None


def main_event(record: AnalyzedArticle) -> tuple[MainEvent | None, int | None]:
    """The article's main event and its day.

    An event the pipeline dated ("on Tuesday") gives the article its day, so a later piece
    that reports an earlier event is dated by that event, not by its publication.
    """
    event = first_event(record)
    if event is None:
        return None, None
    names = {a.id: a.name for a in record.actors}
    participants = sorted(
        {names[p] for p in (event.actor, event.recipient) if p is not None and p in names}
    )
    return MainEvent(event.type, participants, event.location), day_of(event.date)


def extract_features(
    records: Sequence[AnalyzedArticle], embedder: Embedder | None = None
) -> list[tuple[ArticleFeatures, np.ndarray]]:
    """Features of each record, with its raw sublinear term frequencies for TF-IDF.

    The TF-IDF weights themselves are left empty: they need the document frequencies of the
    corpus, which the grouping state holds.
    """
    texts = [full_text(r) for r in records]
    counts = term_counts(texts)
    vectors = embedder(texts) if embedder is not None and texts else None
    out: list[tuple[ArticleFeatures, np.ndarray]] = []
    for i, (record, text) in enumerate(zip(records, texts, strict=True)):
        index, tf = counts[i]
        event, event_day = main_event(record)
        published_day = day_of(record.published)
        feats = ArticleFeatures(
            id=record.id,
            day=event_day if event_day is not None else published_day,
            published=record.published,
            actors=actor_weights(record),
            event=event,
            minhash=np.asarray(minhash_of(text), dtype=np.uint64),
            terms=index,
            embedding=np.asarray(vectors[i], dtype=np.float64) if vectors is not None else None,
        )
        out.append((feats, tf))
    return out
