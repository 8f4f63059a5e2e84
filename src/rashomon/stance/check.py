"""``rashomon check``: how every stored article stands towards a claim.

For each claim, the articles that may bear on it are found cheaply (the mean sentence
vector of each article, and a full-text match on the claim's words); the stance model
then reads their sentences. Each (claim, article) pair gives one ``CheckRow``: supports,
disputes, discusses (or unrelated, only when asked for), with the probability of that
label, the outlet, the speaker when the evidence lies in a quoted statement, and the
evidence sentences' offsets in the article text. Nothing is written to the store.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..compare import text as tx
from ..embeddings import Encoder, load_encoder
from ..errors import Errors, RashomonError
from ..lemmas import parse_all
from ..store import Store
from .features import Passage, claim_text, passage
from .index import embed_texts, load_centroids, load_indexed, load_words
from .model import StanceModel, load_model

MAX_CLAIM_CHARS = 500
MIN_LANGUAGE_CHARS = 20
# Articles read closely per claim: the best by mean-vector cosine and the best by
# full-text rank. A claim's related articles rank high on one or the other; the FNC-1
# bench measures how many related pairs this leaves out.
CANDIDATES = 150
VERDICTS = {"agree": "supports", "disagree": "disputes", "discuss": "discusses",
            "unrelated": "unrelated"}
ORDER = ("supports", "disputes", "discusses", "unrelated")


@dataclass(slots=True)
class ClaimInput:
    """A claim to check, with the id its rows carry."""

    id: str
    claim: str


@dataclass(slots=True)
class CheckRow:
    """How one article stands towards one claim."""

    claim_id: str
    claim: str
    article: str
    outlet: str | None
    stance: str
    score: float
    speaker: str | None
    evidence: list[tuple[int, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSONL row of ``rashomon check``."""
        return {
            "claim_id": self.claim_id,
            "claim": self.claim,
            "article": self.article,
            "outlet": self.outlet,
            "stance": self.stance,
            "score": round(self.score, 4),
            "speaker": self.speaker,
            "evidence": [{"start": s, "end": e} for s, e in self.evidence],
        }


def validate_claim(claim_id: str, text: object) -> str:
    """The claim's text, stripped; a coded error when it cannot be checked.

    Raises:
        RashomonError: E027 for an empty, overlong or non-English claim.
    """
    if not isinstance(text, str) or not text.strip():
        raise RashomonError(Errors.E027, claim=claim_id, detail="empty claim")
    clean = " ".join(text.split())
    if len(clean) > MAX_CLAIM_CHARS:
        raise RashomonError(
            Errors.E027, claim=claim_id,
            detail=f"{len(clean)} characters, the limit is {MAX_CLAIM_CHARS}",
        )
    if not tx.content_terms(clean) and not any(ch.isdigit() for ch in clean):
        raise RashomonError(Errors.E027, claim=claim_id, detail="no content words")
    from ..ingest.language import detect_language  # noqa: PLC0415 - loads a model

    language = detect_language(clean, MIN_LANGUAGE_CHARS)
    if language is not None and language != "en":
        raise RashomonError(
            Errors.E027, claim=claim_id, detail=f"language {language!r}: only English is checked"
        )
    return clean


def read_claims(path: Path) -> list[ClaimInput]:
    """Claims from a JSONL file, one ``{"id", "claim"}`` object a line.

    Raises:
        RashomonError: E001 when the file is missing, E007 for a malformed line, E027 for
            a claim that cannot be checked.
    """
    if not path.is_file():
        raise RashomonError(Errors.E001, path=str(path))
    out: list[ClaimInput] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RashomonError(Errors.E007, detail=f"{path}, line {number}: {exc.msg}") from exc
        if not isinstance(row, dict) or "claim" not in row:
            raise RashomonError(
                Errors.E007, detail=f'{path}, line {number}: expected {{"id", "claim"}}'
            )
        claim_id = str(row.get("id", number))
        if claim_id in seen:
            raise RashomonError(Errors.E027, claim=claim_id, detail=f"id repeated on line {number}")
        seen.add(claim_id)
        out.append(ClaimInput(claim_id, validate_claim(claim_id, row["claim"])))
    return out


def _connection(source: Store | sqlite3.Connection) -> sqlite3.Connection:
    return source.conn if isinstance(source, Store) else source


def story_articles(conn: sqlite3.Connection, story: str) -> list[str]:
    """The ids of a stored story's articles.

    Raises:
        RashomonError: E031 when no such story is stored.
    """
    if conn.execute("SELECT 1 FROM stories WHERE id = ?", (story,)).fetchone() is None:
        raise RashomonError(Errors.E031, what="story", key=story)
    rows = conn.execute(
        "SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY article_id", (story,)
    )
    return [str(r[0]) for r in rows]


def _scope(conn: sqlite3.Connection, story: str | None) -> list[str]:
    if story is not None:
        return story_articles(conn, story)
    rows = conn.execute("SELECT id FROM articles WHERE analyzed = 1 ORDER BY id")
    return [str(r[0]) for r in rows]


def _fts_candidates(conn: sqlite3.Connection, claim: str, limit: int) -> list[str]:
    """Articles whose text matches any of the claim's content words, best BM25 first."""
    terms = sorted({w for w in tx.words(claim) if w not in tx.STOP_WORDS and len(w) > 2
                    and w.isalpha()})
    if not terms:
        return []
    query = " OR ".join(f'"{t}"' for t in terms)
    rows = conn.execute(
        "SELECT a.id FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
        " WHERE articles_fts MATCH ? AND a.analyzed = 1 ORDER BY bm25(articles_fts) LIMIT ?",
        (query, limit),
    )
    return [str(r[0]) for r in rows]


def _candidates(
    conn: sqlite3.Connection, scope: list[str], vector: np.ndarray, claim: str, limit: int,
    story: str | None,
) -> list[str]:
    if len(scope) <= limit:
        return scope
    ids, centroids = load_centroids(conn, None if story is None else scope)
    by_vector = [ids[i] for i in np.argsort(-(centroids @ vector))[:limit]]
    in_scope = set(scope)
    by_text = [i for i in _fts_candidates(conn, claim, limit * 4) if i in in_scope][:limit]
    return list(dict.fromkeys(by_vector + by_text))


def _passages(
    conn: sqlite3.Connection, ids: list[str], encoder: Encoder
) -> dict[str, tuple[Passage, str | None]]:
    stored = load_indexed(conn, ids)
    texts: dict[str, tuple[str, str | None]] = {}
    for chunk_start in range(0, len(ids), 900):
        chunk = ids[chunk_start : chunk_start + 900]
        marks = ",".join("?" * len(chunk))
        query = f"SELECT id, text, outlet FROM articles WHERE id IN ({marks})"
        for row in conn.execute(query, chunk):
            texts[str(row[0])] = (str(row[1]), row[2])
    # Articles stored before the index existed are embedded here, and not written back.
    missing = [i for i in ids if i in texts and i not in stored]
    embedded = embed_texts([texts[i][0] for i in missing], encoder) if missing else []
    stored.update(zip(missing, embedded, strict=True))
    out: dict[str, tuple[Passage, str | None]] = {}
    wanted = {i: texts[i][0] for i in ids if i in texts and i in stored}
    load_words(conn, wanted)
    parse_all(wanted.values())
    for article_id in ids:
        if article_id in texts and article_id in stored:
            item = stored[article_id]
            out[article_id] = (passage(texts[article_id][0], item.spans, item.vectors),
                               texts[article_id][1])
    return out


def _speakers(
    conn: sqlite3.Connection, article_id: str
) -> list[tuple[int, int, str]]:
    rows = conn.execute(
        "SELECT s.start, s.\"end\", coalesce(a.name, s.speaker_text) FROM statements s"
        " LEFT JOIN actors a ON a.id = s.speaker_actor_id WHERE s.article_id = ?"
        " AND coalesce(a.name, s.speaker_text) IS NOT NULL ORDER BY s.start",
        (article_id,),
    )
    return [(int(r[0]), int(r[1]), str(r[2])) for r in rows]


def speaker_of(
    statements: list[tuple[int, int, str]], evidence: Sequence[tuple[int, int]]
) -> str | None:
    """The speaker of the first evidence sentence that lies in a statement (``None``: the
    evidence is all in the outlet's own voice).

    A sentence lies in a statement when most of it (or 20 characters) is the statement's.
    """
    for start, end in evidence:
        best: tuple[int, str] | None = None
        for s_start, s_end, name in statements:
            overlap = min(end, s_end) - max(start, s_start)
            if overlap > 0 and (best is None or overlap > best[0]):
                best = (overlap, name)
        if best is not None and best[0] >= min(20, (end - start) // 2):
            return best[1]
    return None


def check_claims(
    source: Store | sqlite3.Connection,
    claims: Sequence[ClaimInput | str],
    *,
    story: str | None = None,
    include_unrelated: bool = False,
    model: StanceModel | None = None,
    encoder: Encoder | None = None,
    candidates: int = CANDIDATES,
) -> list[CheckRow]:
    """How the stored articles stand towards each claim.

    Args:
        source: an open store or a connection to one (only read).
        claims: the claims (a plain string gets the id ``"1"``, ``"2"``, … by position).
        story: only the articles of this story.
        include_unrelated: also return unrelated articles (every article in scope is then
            read, not only the likely ones).
        model: the stance model (default: the shipped one).
        encoder: the sentence encoder (default: the packaged MiniLM).
        candidates: how many articles per ranking are read closely.

    Returns:
        Rows grouped by claim, in claim order; within a claim supports, disputes,
        discusses (then unrelated), each by descending score.

    Raises:
        RashomonError: E027 for a claim that cannot be checked, E031 for an unknown story,
            E026 when the model is missing.
    """
    conn = _connection(source)
    inputs = [
        c if isinstance(c, ClaimInput) else ClaimInput(str(n), c)
        for n, c in enumerate(claims, 1)
    ]
    inputs = [ClaimInput(c.id, validate_claim(c.id, c.claim)) for c in inputs]
    scope = _scope(conn, story)
    if not inputs or not scope:
        return []
    stance_model = model or load_model()
    encode = encoder or load_encoder()
    vectors = encode([c.claim for c in inputs])
    parse_all(c.claim for c in inputs)
    rows: list[CheckRow] = []
    for claim, vector in zip(inputs, vectors, strict=True):
        ids = scope if include_unrelated else _candidates(
            conn, scope, vector, claim.claim, candidates, story
        )
        target = claim_text(claim.claim, vector)
        found: list[CheckRow] = []
        read = _passages(conn, ids, encode)
        results = stance_model.classify_many(target, [item for item, _ in read.values()])
        for (article_id, (_, outlet)), result in zip(read.items(), results, strict=True):
            verdict = VERDICTS[result.stance]
            if verdict == "unrelated" and not include_unrelated:
                continue
            found.append(CheckRow(
                claim_id=claim.id, claim=claim.claim, article=article_id, outlet=outlet,
                stance=verdict, score=result.score,
                speaker=speaker_of(_speakers(conn, article_id), result.evidence),
                evidence=result.evidence,
            ))
        found.sort(key=lambda r: (ORDER.index(r.stance), -r.score, r.article))
        rows.extend(found)
    return rows
