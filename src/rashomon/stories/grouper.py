"""Incremental story grouping: stories per event, re-clustered where a batch changes them.

**Candidates** for an article come from its keys — its canonical actors and its most
distinctive terms — posted by the day of the article's main event: known articles sharing
a key within ``window_days``. Keys only propose; they never score. **Each candidate pair is
scored** on what the two articles report: text (TF-IDF cosine, averaged with the sentence
embeddings' cosine when an embedder is given) and, when ``weight_event`` is set, the main
event (same PLOVER type, shared participants, same place), scaled down with the distance
between the two events' days. A
pair whose MinHash Jaccard reaches ``near_duplicate`` is a syndicated copy: it scores 1 and
is marked as a copy. Scored pairs are stored as edges.

**Stories** are average-linkage clusters of the edge graph cut at ``threshold``: an article
belongs with a story when it is, on average, similar enough to all of its articles, so one
shared background paragraph cannot chain two events together. A batch re-clusters only the
*local* articles: its own, and the members of every story one of them links to (or left).
Stories therefore merge when an article bridges them, and split when a changed or removed
article held them together; an article never stays in a story that no longer holds together.

Story ids are stable: a re-clustered group keeps the id of the old story it holds most of;
a new group takes ``story_id`` of its earliest article. Within a batch articles are processed
sorted by (date, id), so the order of a batch never matters; across batches the result may
differ slightly (document frequencies known when an article arrives, the ``max_candidates``
cut, which neighbourhoods are re-clustered), within the tolerance the tests pin.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from ..config import Settings
from ..records import AnalyzedArticle
from .features import ArticleFeatures, Embedder, MainEvent, extract_features, tfidf
from .state import GroupingState, memory_connection


@dataclass(frozen=True, slots=True)
class GroupingSettings:
    """How pairs are found, scored and clustered (see docs/stories.md for the trade-offs).

    Attributes:
        window_days: events further apart than this are never compared.
        threshold: lowest average similarity for an article to stay with a story.
        threshold_embeddings: ``threshold`` for a grouper with an embedder (the embeddings'
            cosine rates any two articles on one topic as close, so the bar is higher).
        weight_event: share of the main-event agreement in a pair's score (the rest is text).
        weight_embedding: share of the embeddings' cosine in the text similarity.
        weight_actors: share of the actors' weighted Jaccard in a pair's similarity, beside
            embeddings only (``actor_overlap``).
        date_weight: how much of the score is lost at ``window_days`` apart (linear).
        near_duplicate: MinHash Jaccard from which two articles are copies of one text.
        max_candidates: most candidates scored per article (most shared key weight first).
        key_terms: distinctive terms per article that propose candidates.
        edge_floor: pairs scoring below this are not stored (they count as 0).
        idf_prior_docs: documents assumed seen without any of a term (``features.tfidf``):
            keeps a story's own words rare in a store that holds few stories.
    """

    window_days: int = 4
    threshold: float = 0.15
    threshold_embeddings: float = 0.3
    weight_event: float = 0.0
    weight_embedding: float = 0.4
    date_weight: float = 0.5
    near_duplicate: float = 0.5
    weight_actors: float = 0.2
    max_candidates: int = 200
    key_terms: int = 12
    edge_floor: float = 0.05
    idf_prior_docs: int = 5000


def story_id(first_article: str) -> str:
    """A story's id: stable, derived from the id of the article that started it."""
    return "s-" + hashlib.sha1(first_article.encode("utf8")).hexdigest()[:12]


def _jaccard(a: Sequence[str], b: Sequence[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0


def event_agreement(a: MainEvent | None, b: MainEvent | None) -> float | None:
    """How far two main events agree (type, participants, place), or ``None`` if unknown."""
    if a is None or b is None:
        return None
    parts = [float(a.type == b.type), _jaccard(a.participants, b.participants)]
    if a.place and b.place:
        parts.append(float(a.place.lower() == b.place.lower()))
    return sum(parts) / len(parts)


def actor_overlap(a: dict[str, float], b: dict[str, float]) -> float | None:
    """Weighted Jaccard of two articles' actors (each weighted by its type), or ``None``
    when either names nobody."""
    if not a or not b:
        return None
    shared = sum(min(w, b[name]) for name, w in a.items() if name in b)
    union = sum(a.values()) + sum(b.values()) - shared
    return shared / union if union else 0.0


def _day_key(feats_day: int | None, aid: str) -> tuple[int, str]:
    return (feats_day if feats_day is not None else 10**9, aid)


class StoryGrouper:
    """Groups analysed articles into stories, batch by batch, over the grouping tables.

    Args:
        settings: how pairs are scored and clustered.
        embedder: sentence embedder (``embeddings.load_embedder``), or ``None``.
        conn: the store's connection; default an in-memory database of its own.
    """

    def __init__(
        self,
        settings: GroupingSettings | None = None,
        embedder: Embedder | None = None,
        conn: sqlite3.Connection | None = None,
    ) -> None:
        self.settings = settings or GroupingSettings()
        self.embedder = embedder
        self.state = GroupingState(conn if conn is not None else memory_connection())
        # Features read during one batch (its neighbourhood only; emptied after the batch).
        self._seen: dict[str, ArticleFeatures] = {}

    @property
    def threshold(self) -> float:
        """Where stories are cut: ``threshold_embeddings`` when embeddings score pairs."""
        s = self.settings
        return s.threshold if self.embedder is None else s.threshold_embeddings

    # ----- queries -----------------------------------------------------------------
    def stories(self) -> dict[str, list[str]]:
        """Story id → member article ids (reads every row: for tests and small corpora)."""
        return self.state.all_stories()

    @property
    def story_of(self) -> dict[str, str]:
        """Article id → story id for every grouped article (reads every row)."""
        return {aid: sid for sid, members in self.stories().items() for aid in members}

    def copies(self) -> dict[str, str]:
        """Article id → the article it is a copy of, for every recognised copy."""
        rows = self.state.conn.execute(
            "SELECT article_id, copy_of FROM grouping_articles WHERE copy_of IS NOT NULL"
        )
        return {r[0]: r[1] for r in rows}

    def __len__(self) -> int:
        return int(self.state.conn.execute("SELECT count(*) FROM grouping_articles").fetchone()[0])

    def features(self, article_id: str) -> ArticleFeatures | None:
        """The stored features of one article."""
        return self.state.features([article_id]).get(article_id)

    # ----- candidates and scores ------------------------------------------------------
    def candidates(self, feats: ArticleFeatures) -> list[str]:
        """Known articles sharing a key within the window, most shared key weight first."""
        shared: dict[str, float] = {}
        for key, weight in feats.keys(self.settings.key_terms).items():
            for aid, other in self.state.postings(key, feats.day, self.settings.window_days):
                if aid != feats.id:
                    shared[aid] = shared.get(aid, 0.0) + min(weight, other)
        ranked = sorted(shared, key=lambda a: (-shared[a], a))
        return ranked[: self.settings.max_candidates]

    def scores(
        self, feats: ArticleFeatures, others: Sequence[ArticleFeatures]
    ) -> list[tuple[float, bool]]:
        """Similarity of the article to each of ``others`` in [0, 1], and whether it is a copy."""
        if not others:
            return []
        s = self.settings
        cosines = _sparse_dots(
            feats.terms, feats.weights, [o.terms for o in others], [o.weights for o in others]
        )
        out: list[tuple[float, bool]] = []
        for k, other in enumerate(others):
            if feats.minhash.size and other.minhash.size == feats.minhash.size:
                jaccard = float(np.mean(feats.minhash == other.minhash))
                if jaccard >= s.near_duplicate:
                    out.append((1.0, True))
                    continue
            text = float(cosines[k])
            if feats.embedding is not None and other.embedding is not None:
                cosine = max(0.0, float(np.dot(feats.embedding, other.embedding)))
                text = (1 - s.weight_embedding) * text + s.weight_embedding * cosine
                # Only beside embeddings: their threshold lies above the actor term's weight,
                # so sharing every actor never makes a story alone; TF-IDF alone cuts lower.
                overlap = actor_overlap(feats.actors, other.actors) if s.weight_actors else None
                if overlap is not None:
                    text = (1 - s.weight_actors) * text + s.weight_actors * overlap
            agreement = event_agreement(feats.event, other.event)
            score = text if agreement is None else (
                (1 - s.weight_event) * text + s.weight_event * agreement
            )
            if feats.day is not None and other.day is not None:
                gap = abs(feats.day - other.day)
                if gap > s.window_days:
                    score = 0.0
                else:
                    score *= 1 - s.date_weight * gap / max(1, s.window_days)
            out.append((score, False))
        return out

    # ----- grouping ----------------------------------------------------------------
    def add(
        self, records: Sequence[AnalyzedArticle], hashes: dict[str, str] | None = None
    ) -> dict[str, str]:
        """Group a batch of articles with everything seen before, in one transaction.

        An article already known is replaced by its new version. ``hashes`` (article id →
        the stored record hash) records which analysis each row was computed from.

        Returns:
            Every article whose story is new or changed: the batch's, and those of stories
            that merged or split.
        """
        fresh = {r.id: r for r in records}  # the last version of a repeated id wins
        ordered = sorted(fresh.values(), key=lambda r: (r.published or "9999", r.id))
        extracted = extract_features(ordered, self.embedder)
        try:
            with self.state.transaction() as conn:
                local, old_stories = self._forget(conn, list(fresh))
                for feats, _tf in extracted:
                    self.state.count_terms(feats.terms, 1)
                for feats, tf in extracted:
                    feats.weights = tfidf(
                        tf, self.state.df(feats.terms), self.state.n_docs,
                        self.settings.idf_prior_docs,
                    )
                    feats.record_hash = (hashes or {}).get(feats.id, "")
                    self.state.insert(conn, feats, feats.keys(self.settings.key_terms))
                    self._seen[feats.id] = feats
                    old_stories |= self._link(conn, feats)
                    local.add(feats.id)
                changed = self._recluster(conn, local, old_stories)
                self.state.finish(conn)
        except BaseException:
            self.state.forget_cache()
            raise
        finally:
            self._seen.clear()
        return changed

    def remove(self, article_ids: Sequence[str]) -> dict[str, str]:
        """Forget articles; the stories they were in are re-clustered (and may split)."""
        try:
            with self.state.transaction() as conn:
                local, old_stories = self._forget(conn, list(article_ids))
                changed = self._recluster(conn, local, old_stories)
                self.state.finish(conn)
        except BaseException:
            self.state.forget_cache()
            raise
        return changed

    def _forget(self, conn: sqlite3.Connection, ids: list[str]) -> tuple[set[str], set[str]]:
        """Delete the rows of ``ids``; the remaining members of their stories become local."""
        known = self.state.features(ids)
        old = set(self.state.story_of(known).values())
        for aid, feats in known.items():
            self.state.count_terms(feats.terms, -1)
            self.state.delete(conn, aid)
        self.state.mark_dirty(conn, old)
        local = {aid for members in self.state.members(old).values() for aid in members}
        return local, old

    def _link(self, conn: sqlite3.Connection, feats: ArticleFeatures) -> set[str]:
        """Score the article's candidates, store the edges; returns the stories it reaches."""
        candidates = self.candidates(feats)
        self._seen.update(self.state.features(c for c in candidates if c not in self._seen))
        present = [self._seen[c] for c in candidates if c in self._seen]
        edges = []
        reached: set[str] = set()
        for other, (score, copy) in zip(present, self.scores(feats, present), strict=True):
            if score < self.settings.edge_floor:
                continue
            a, b = sorted((feats.id, other.id))
            edges.append((a, b, score, copy))
            if score >= self.threshold:
                reached.add(other.id)
        self.state.write_edges(conn, edges)
        return set(self.state.story_of(reached).values())

    def _recluster(
        self, conn: sqlite3.Connection, local: set[str], old_stories: set[str]
    ) -> dict[str, str]:
        """Average-linkage clusters of the local articles; stories keep their ids."""
        local |= {aid for members in self.state.members(old_stories).values() for aid in members}
        if not local:
            return {}
        rows = self.state.placement(sorted(local))
        items = sorted(rows, key=lambda a: _day_key(rows[a][0], a))
        edges = self.state.edges_among(items)
        clusters = cluster_edges(items, edges, self.threshold)
        names = self._name(clusters, items, {a: rows[a][1] for a in items})
        story_of = {aid: names[i] for i, members in enumerate(clusters) for aid in members}
        copy_of = _originals(sorted(items, key=lambda a: (rows[a][2] or "9999", a)), edges)
        self.state.assign(conn, story_of, copy_of)
        self.state.mark_dirty(conn, set(story_of.values()) | old_stories)
        return {aid: sid for aid, sid in story_of.items() if rows[aid][1] != sid}

    def recut(self, threshold: float) -> list[list[str]]:
        """The stories the stored edges give at another threshold, written nowhere.

        After one ``add`` into a fresh grouper this is what grouping at ``threshold`` gives
        (the edges do not depend on it), so a threshold is tuned without scoring every pair
        again. Reads every row: for tuning on a corpus, not for a store.
        """
        return self.recuts([threshold])[threshold]

    def recuts(self, thresholds: Sequence[float]) -> dict[float, list[list[str]]]:
        """``recut`` at each of ``thresholds``, the rows, edges and connected parts read once
        for all of them (tuning tries many thresholds on the same edges)."""
        ids = [aid for members in self.stories().values() for aid in members]
        rows = self.state.placement(ids)
        items = sorted(rows, key=lambda a: _day_key(rows[a][0], a))
        parts = _connected_parts(items, self.state.edges_among(items))
        return {threshold: _cluster_parts(parts, threshold) for threshold in thresholds}

    def _name(
        self, clusters: list[list[str]], items: list[str], old: dict[str, str | None]
    ) -> list[str]:
        """Story ids for new clusters: the old story a cluster holds most of keeps its id
        (on a tie, the story that started first, as ``items`` come by day)."""
        started: dict[str, int] = {}
        for k, aid in enumerate(items):
            sid = old[aid]
            if sid is not None:
                started.setdefault(sid, k)
        overlap: dict[tuple[int, str], int] = {}
        for i, members in enumerate(clusters):
            for aid in members:
                sid = old[aid]
                if sid is not None:
                    overlap[(i, sid)] = overlap.get((i, sid), 0) + 1
        names: dict[int, str] = {}
        taken: set[str] = set()
        ranked = sorted(overlap.items(), key=lambda kv: (-kv[1], started[kv[0][1]], kv[0][0]))
        for (i, sid), _n in ranked:
            if i not in names and sid not in taken:
                names[i] = sid
                taken.add(sid)
        out = []
        for i, members in enumerate(clusters):
            if i not in names:
                sid = story_id(members[0])
                while sid in taken or self.state.story_exists(sid):
                    sid = story_id(sid)
                names[i] = sid
                taken.add(sid)
            out.append(names[i])
        return out


Edge = tuple[str, str, float, bool]


def _first_of_group(items: Sequence[str], pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """For each item, the first item (in ``items`` order) of its group of linked items."""
    order = {aid: i for i, aid in enumerate(items)}
    parent = {aid: aid for aid in items}

    def root(aid: str) -> str:
        while parent[aid] != aid:
            parent[aid] = parent[parent[aid]]
            aid = parent[aid]
        return aid

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            first, second = sorted((ra, rb), key=order.__getitem__)
            parent[second] = first
    return {aid: root(aid) for aid in items}


def _connected_parts(
    items: Sequence[str], edges: Sequence[Edge]
) -> list[tuple[list[str], list[Edge]]]:
    """The connected parts of the edge graph over ``items`` (each in ``items`` order)."""
    first = _first_of_group(items, ((a, b) for a, b, _score, _copy in edges))
    members: dict[str, list[str]] = {}
    for aid in items:
        members.setdefault(first[aid], []).append(aid)
    linked: dict[str, list[Edge]] = {}
    for edge in edges:
        linked.setdefault(first[edge[0]], []).append(edge)
    return [(part, linked.get(key, [])) for key, part in members.items()]


def cluster_edges(items: Sequence[str], edges: Sequence[Edge], threshold: float) -> list[list[str]]:
    """Average-linkage clusters of ``items`` over the scored ``edges``, cut at ``threshold``."""
    # Articles joined by no chain of edges never share a cluster: cluster each connected
    # part on its own, so the work is that of the parts, not of the whole batch squared.
    return _cluster_parts(_connected_parts(items, edges), threshold)


def _cluster_parts(
    parts: Sequence[tuple[list[str], list[Edge]]], threshold: float
) -> list[list[str]]:
    """``cluster_edges`` of the connected parts ``_connected_parts`` found."""
    clusters: list[list[str]] = []
    for part, part_edges in parts:
        labels = average_linkage(part, part_edges, threshold)
        found: dict[int, list[str]] = {}
        for aid, label in zip(part, labels, strict=True):
            found.setdefault(label, []).append(aid)
        clusters.extend(found.values())
    return clusters


def average_linkage(
    items: Sequence[str], edges: Sequence[tuple[str, str, float, bool]], threshold: float
) -> list[int]:
    """Cluster labels of ``items``: average linkage on the edge scores (absent pairs score 0),
    cut where the average similarity falls below ``threshold``."""
    n = len(items)
    if n == 1:
        return [1]
    position = {aid: i for i, aid in enumerate(items)}
    similarity = np.zeros((n, n))
    for a, b, score, _copy in edges:
        i, j = position[a], position[b]
        similarity[i, j] = similarity[j, i] = score
    # Rounding can lift a near-identical pair's cosine just above 1; scipy rejects the
    # negative distance that would give.
    distance = np.clip(1.0 - similarity, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    # A merge at exactly the threshold still joins (the distance cut is inclusive).
    return [int(v) for v in fcluster(tree, t=1.0 - threshold + 1e-9, criterion="distance")]


def _originals(items: Sequence[str], edges: Sequence[Edge]) -> dict[str, str | None]:
    """For each article, the earliest article of its group of copies (``None`` for originals).

    ``items`` come sorted by publication, so the first of a group is the one published first.
    """
    first = _first_of_group(items, ((a, b) for a, b, _score, copy in edges if copy))
    return {aid: None if first[aid] == aid else first[aid] for aid in items}


def _sparse_dots(
    index: np.ndarray,
    value: np.ndarray,
    indices: Sequence[np.ndarray],
    values: Sequence[np.ndarray],
) -> np.ndarray:
    """Dot products of one sparse vector (sorted ``index``) with many, in one pass."""
    out = np.zeros(len(indices))
    if index.size == 0:
        return out
    lengths = np.array([len(i) for i in indices])
    if lengths.sum() == 0:
        return out
    all_index = np.concatenate(indices)
    all_value = np.concatenate(values)
    pos = np.searchsorted(index, all_index)
    pos = np.minimum(pos, index.size - 1)
    products = np.where(index[pos] == all_index, value[pos] * all_value, 0.0)
    owner = np.repeat(np.arange(len(indices)), lengths)
    np.add.at(out, owner, products)
    return out


def grouping_settings(settings: Settings) -> GroupingSettings:
    """The grouping settings with ``[stories]`` ``window_days`` and both thresholds applied
    (the grouper cuts at ``threshold_embeddings`` when it has an embedder)."""
    stories = settings.stories
    return GroupingSettings(
        window_days=stories.window_days,
        threshold=stories.threshold,
        threshold_embeddings=stories.threshold_embeddings,
    )
