"""The sentence-vector index of stored articles, which ``check`` reads.

Each analysed article gets one row in ``sentence_vectors``: its sentence spans (int32
pairs), their embeddings (float16 rows, half the bytes at no loss that matters for a
cosine) and the normalised mean vector, which ranks articles before any sentence is read.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..embeddings import DIMENSIONS, Encoder, Vectors, load_encoder
from ..errors import RashomonError
from ..lemmas import current_model, pack, parse_all, parsed, remember, unpack
from ..store import Store
from .sentences import sentence_spans

log = logging.getLogger(__name__)
MODEL_NAME = "all-MiniLM-L6-v2"
BATCH_ARTICLES = 64


@dataclass(slots=True)
class Indexed:
    """An article's sentence spans and vectors."""

    spans: list[tuple[int, int]]
    vectors: Vectors


def centroid(vectors: Vectors) -> npt.NDArray[np.float32]:
    """The normalised mean of sentence vectors (zeros for none)."""
    if not len(vectors):
        return np.zeros(DIMENSIONS, dtype=np.float32)
    mean = vectors.astype(np.float32).mean(axis=0)
    norm = float(np.linalg.norm(mean)) or 1.0
    return (mean / norm).astype(np.float32)


def embed_texts(texts: Sequence[str], encoder: Encoder) -> list[Indexed]:
    """Sentence spans and vectors of each text, encoded in one batch."""
    spans = [sentence_spans(t) for t in texts]
    sentences = [t[s:e] for t, sp in zip(texts, spans, strict=True) for s, e in sp]
    vectors = encoder(sentences)
    out: list[Indexed] = []
    at = 0
    for sp in spans:
        out.append(Indexed(spans=sp, vectors=vectors[at : at + len(sp)]))
        at += len(sp)
    return out


def index_articles(
    conn: sqlite3.Connection, article_ids: Iterable[str], encoder: Encoder | None = None
) -> int:
    """Embed the sentences of the given analysed articles and store them; returns how many.

    Articles no longer stored, or stored without analysis, are skipped.
    """
    ids = list(dict.fromkeys(article_ids))
    done = 0
    for begin in range(0, len(ids), BATCH_ARTICLES):
        chunk = ids[begin : begin + BATCH_ARTICLES]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"SELECT id, text FROM articles WHERE analyzed = 1 AND id IN ({marks})", chunk
        ).fetchall()
        if not rows:
            continue
        indexed = embed_texts([str(r[1]) for r in rows], encoder or load_encoder())
        _store_words(conn, [(str(r[0]), str(r[1])) for r in rows])
        with conn:
            conn.executemany(
                "INSERT OR REPLACE INTO sentence_vectors (article_id, model, n, spans, vectors,"
                " centroid) VALUES (?,?,?,?,?,?)",
                [
                    (
                        str(row[0]),
                        MODEL_NAME,
                        len(item.spans),
                        np.asarray(item.spans, dtype=np.int32).tobytes(),
                        item.vectors.astype(np.float16).tobytes(),
                        centroid(item.vectors).tobytes(),
                    )
                    for row, item in zip(rows, indexed, strict=True)
                ],
            )
        done += len(rows)
    return done


def _store_words(conn: sqlite3.Connection, rows: Sequence[tuple[str, str]]) -> None:
    """Parse ``(id, text)`` rows in one batch and store their words."""
    parse_all(text for _, text in rows)
    with conn:
        conn.executemany(
            "INSERT OR REPLACE INTO passage_words (article_id, model, words) VALUES (?,?,?)",
            [(article_id, current_model(), pack(parsed(text))) for article_id, text in rows],
        )


def word_articles(conn: sqlite3.Connection) -> int:
    """Store the words of indexed articles that have none for the current model (indexed
    before words were stored, or under another model); returns how many."""
    rows = conn.execute(
        "SELECT a.id, a.text FROM articles a JOIN sentence_vectors v ON v.article_id = a.id"
        " LEFT JOIN passage_words w ON w.article_id = a.id AND w.model = ?"
        " WHERE a.analyzed = 1 AND w.article_id IS NULL ORDER BY a.id",
        (current_model(),),
    ).fetchall()
    for begin in range(0, len(rows), BATCH_ARTICLES):
        _store_words(conn, [(str(r[0]), str(r[1])) for r in rows[begin : begin + BATCH_ARTICLES]])
    return len(rows)


def _chunks(ids: Sequence[str], size: int = 900) -> Iterable[Sequence[str]]:
    for begin in range(0, len(ids), size):
        yield ids[begin : begin + size]


def has_index(conn: sqlite3.Connection) -> bool:
    """Whether the store has the index table (a store of an older schema read as is has not)."""
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sentence_vectors'"
    ).fetchone()
    return found is not None


def load_words(conn: sqlite3.Connection, texts: Mapping[str, str]) -> int:
    """Cache the stored words of the given articles (``id → text``); returns how many."""
    found = 0
    if conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'passage_words'"
    ).fetchone() is None:
        return found
    for chunk in _chunks(list(texts)):
        marks = ",".join("?" * len(chunk))
        for article_id, blob in conn.execute(
            f"SELECT article_id, words FROM passage_words"
            f" WHERE model = ? AND article_id IN ({marks})",
            [current_model(), *chunk],
        ):
            remember(texts[str(article_id)], unpack(blob))
            found += 1
    return found


def load_indexed(conn: sqlite3.Connection, article_ids: Sequence[str]) -> dict[str, Indexed]:
    """The stored spans and vectors of the given articles (those indexed)."""
    out: dict[str, Indexed] = {}
    if not has_index(conn):
        return out
    for chunk in _chunks(article_ids):
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            f"SELECT article_id, n, spans, vectors FROM sentence_vectors"
            f" WHERE model = ? AND article_id IN ({marks})",
            [MODEL_NAME, *chunk],
        ):
            n = int(row[1])
            spans = np.frombuffer(row[2], dtype=np.int32).reshape(n, 2)
            vectors = np.frombuffer(row[3], dtype=np.float16).reshape(n, DIMENSIONS)
            out[str(row[0])] = Indexed(
                spans=[(int(s), int(e)) for s, e in spans], vectors=vectors.astype(np.float32)
            )
    return out


def load_centroids(
    conn: sqlite3.Connection, article_ids: Sequence[str] | None = None
) -> tuple[list[str], Vectors]:
    """Article ids and their mean vectors (all indexed articles, or the given ones)."""
    if not has_index(conn):
        return [], np.zeros((0, DIMENSIONS), dtype=np.float32)
    if article_ids is None:
        rows = conn.execute(
            "SELECT article_id, centroid FROM sentence_vectors WHERE model = ?", (MODEL_NAME,)
        ).fetchall()
    else:
        rows = []
        for chunk in _chunks(article_ids):
            marks = ",".join("?" * len(chunk))
            rows += conn.execute(
                f"SELECT article_id, centroid FROM sentence_vectors"
                f" WHERE model = ? AND article_id IN ({marks})",
                [MODEL_NAME, *chunk],
            ).fetchall()
    ids = [str(r[0]) for r in rows]
    if not rows:
        return ids, np.zeros((0, DIMENSIONS), dtype=np.float32)
    matrix = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32)
    return ids, matrix.reshape(len(rows), DIMENSIONS)


def unindexed_articles(conn: sqlite3.Connection) -> list[str]:
    """Analysed articles whose sentences have no vectors yet (a run died before indexing)."""
    if not has_index(conn):
        return []
    rows = conn.execute(
        "SELECT a.id FROM articles a LEFT JOIN sentence_vectors v"
        " ON v.article_id = a.id AND v.model = ?"
        " WHERE a.analyzed = 1 AND v.article_id IS NULL ORDER BY a.id",
        (MODEL_NAME,),
    ).fetchall()
    return [str(r[0]) for r in rows]


def index_sentences(store: Store, article_ids: Sequence[str]) -> int:
    """``index_articles`` for an analysis run: the run's changed articles and any analysed
    article left unindexed by a run that died before this step.

    Without the encoder it warns and goes on, so that a store without the index only makes
    ``check`` slower.
    """
    wanted = sorted(set(article_ids) | set(unindexed_articles(store.conn)))
    done = 0
    if wanted:
        try:
            encoder = load_encoder()
        except RashomonError as exc:
            log.warning("sentences not indexed for check: %s", exc.message)
            return 0
        done = index_articles(store.conn, wanted, encoder)
    # Articles indexed before their words were stored get them now, once.
    word_articles(store.conn)
    return done
