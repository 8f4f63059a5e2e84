"""Features of a (claim, passage) pair for the stance model.

None of them names a topic: they say how closely the passage's best sentences match the
claim (embedding cosine, shared terms), and what surrounds the match (refuting and hedging
words, negation before a matched word, numbers the claim gives and the passage does not).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from ..compare import text as tx
from ..embeddings import Encoder, Vectors
from ..lemmas import Word, parsed
from .cues import cues, numbers
from .sentences import sentence_spans

TOP = 3  # the best-matching sentences the cues are read from
NEGATION_WINDOW = 4
# Short texts whose embeddings stand for a refutation, a hedge and a confirmation: the
# cosine of the matched sentences to them generalises the cue words to their paraphrases.
PROTOTYPES = (
    "The report is false: it was a hoax and has been denied and debunked.",
    "It is unconfirmed; the claim was reportedly made but could not be verified.",
    "Officials confirmed that it happened, and the report is true.",
)
FEATURE_NAMES = (
    "sim_max", "sim_top3", "sim_mean", "sim_lead", "sim_centroid", "sim_gap",
    "terms_in_passage", "terms_jaccard", "terms_in_best", "bigrams_in_passage",
    "refute_density", "refute_top", "hedge_density", "hedge_top", "negated_match_top",
    "negation_top", "claim_refute", "claim_hedge", "claim_negation", "claim_question",
    "claim_refute_x_refute_top", "claim_numbers", "claim_numbers_missing", "top_new_numbers",
    "sentences_log", "proto_refute", "proto_hedge", "proto_confirm", "proto_refute_lead",
    "best_position",
)


@dataclass(slots=True)
class Passage:
    """A passage cut into sentences, with what the features need of each sentence."""

    text: str
    spans: list[tuple[int, int]]
    vectors: Vectors
    tokens: list[list[str]] = field(default_factory=list)
    lemmas: list[list[str]] = field(default_factory=list)
    terms: list[set[str]] = field(default_factory=list)
    refute: list[int] = field(default_factory=list)
    hedge: list[int] = field(default_factory=list)
    negations: list[int] = field(default_factory=list)
    numbers: set[str] = field(default_factory=set)
    all_terms: set[str] = field(default_factory=set)
    bigrams: set[tuple[str, str]] = field(default_factory=set)

    @property
    def centroid(self) -> npt.NDArray[np.float32]:
        """The mean sentence vector, normalised."""
        if not len(self.vectors):
            return np.zeros(self.vectors.shape[1], dtype=np.float32)
        mean = self.vectors.mean(axis=0)
        norm = float(np.linalg.norm(mean)) or 1.0
        return (mean / norm).astype(np.float32)


@dataclass(slots=True)
class ClaimText:
    """A claim with what the features need of it."""

    text: str
    vector: npt.NDArray[np.float32]
    tokens: list[str]
    terms: set[str]
    bigrams: set[tuple[str, str]]
    numbers: set[str]


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return tx.STOP_WORDS | cues().negators


def _content(found: Sequence[Word]) -> list[str]:
    return tx.lemmas(found, _stop_words())


def claim_text(text: str, vector: npt.NDArray[np.float32]) -> ClaimText:
    """A claim's features-ready form."""
    found = parsed(text)
    content = _content(found)
    return ClaimText(
        text=text,
        vector=vector,
        tokens=[w.text for w in found if not w.punct],
        terms=set(content),
        bigrams=set(zip(content, content[1:], strict=False)),
        numbers=numbers(text),
    )


def passage(text: str, spans: list[tuple[int, int]], vectors: Vectors) -> Passage:
    """A passage's features-ready form (``spans`` and ``vectors`` row for row)."""
    c = cues()
    out = Passage(text=text, spans=spans, vectors=vectors)
    found = [w for w in parsed(text) if not w.punct]
    starts = [w.start for w in found]
    for start, end in spans:
        sentence = found[bisect_left(starts, start) : bisect_left(starts, end)]
        tokens = [w.text for w in sentence]
        content = _content(sentence)
        out.tokens.append(tokens)
        out.lemmas.append([w.lemma for w in sentence])
        out.terms.append(set(content))
        out.refute.append(sum(t in c.refuting for t in tokens))
        out.hedge.append(sum(t in c.hedging for t in tokens))
        out.negations.append(sum(t in c.negators for t in tokens))
        out.all_terms |= set(content)
        out.bigrams |= set(zip(content, content[1:], strict=False))
    out.numbers = numbers(text)
    return out


def embed_passage(text: str, encoder: Encoder) -> Passage:
    """Cut ``text`` into sentences, embed them and build its ``Passage``."""
    spans = sentence_spans(text)
    return passage(text, spans, encoder([text[s:e] for s, e in spans]))


def _negated_match(tokens: list[str], lemmas: list[str], terms: set[str]) -> int:
    """How many of the claim's terms in a sentence follow a negator closely."""
    negators = cues().negators
    found = 0
    for i, lemma in enumerate(lemmas):
        if lemma in terms and any(
            t in negators for t in tokens[max(0, i - NEGATION_WINDOW) : i]
        ):
            found += 1
    return found


def ranked(claim: ClaimText, p: Passage) -> npt.NDArray[np.float64]:
    """Sentence cosines to the claim, blended with term overlap so a paraphrase and a
    sentence naming the claim's words both rank high."""
    if not p.spans:
        return np.zeros(0)
    sims = p.vectors @ claim.vector
    overlap = np.array(
        [len(claim.terms & t) / (len(claim.terms) or 1) for t in p.terms], dtype=np.float64
    )
    return np.asarray(sims, dtype=np.float64) + 0.5 * overlap


def evidence(claim: ClaimText, p: Passage, k: int = 2) -> list[int]:
    """Indices of the ``k`` sentences that best match the claim, best first."""
    order = np.argsort(-ranked(claim, p), kind="stable")
    return [int(i) for i in order[:k]]


def pair_features(
    claim: ClaimText, p: Passage, prototypes: npt.NDArray[np.float32]
) -> npt.NDArray[np.float64]:
    """The feature row of one pair, in ``FEATURE_NAMES`` order."""
    c = cues()
    n = len(p.spans)
    if n == 0:
        return np.zeros(len(FEATURE_NAMES))
    sims = np.asarray(p.vectors @ claim.vector, dtype=np.float64)
    order = [int(i) for i in np.argsort(-ranked(claim, p), kind="stable")[:TOP]]
    by_sim = np.sort(sims)[::-1]
    top = order
    ctoks = set(claim.tokens)
    claim_refute = float(bool(ctoks & c.refuting))
    refute_top = float(sum(p.refute[i] for i in top))
    best = order[0]
    proto = np.asarray(p.vectors[top] @ prototypes.T, dtype=np.float64)  # TOP × 3
    lead = np.asarray(p.vectors[: min(2, n)] @ prototypes.T, dtype=np.float64)
    missing = claim.numbers - p.numbers
    top_numbers: set[str] = set()
    for i in top:
        top_numbers |= numbers(p.text[p.spans[i][0] : p.spans[i][1]])
    terms = claim.terms or {""}
    row = [
        by_sim[0],
        float(by_sim[:TOP].mean()),
        float(sims.mean()),
        float(sims[0]),
        float(p.centroid @ claim.vector),
        float(by_sim[0] - (by_sim[1] if n > 1 else 0.0)),
        len(claim.terms & p.all_terms) / len(terms),
        len(claim.terms & p.all_terms) / (len(claim.terms | p.all_terms) or 1),
        len(claim.terms & p.terms[best]) / len(terms),
        len(claim.bigrams & p.bigrams) / (len(claim.bigrams) or 1),
        sum(p.refute) / n,
        refute_top,
        sum(p.hedge) / n,
        float(sum(p.hedge[i] for i in top)),
        float(sum(_negated_match(p.tokens[i], p.lemmas[i], claim.terms) for i in top)),
        float(sum(p.negations[i] for i in top)),
        claim_refute,
        float(bool(ctoks & c.hedging)),
        float(bool(ctoks & c.negators)),
        float(claim.text.rstrip().endswith("?")),
        claim_refute * refute_top,
        float(len(claim.numbers)),
        float(len(missing)),
        float(len(top_numbers - claim.numbers)),
        float(np.log1p(n)),
        float(proto[:, 0].max()),
        float(proto[:, 1].max()),
        float(proto[:, 2].max()),
        float(lead[:, 0].max()),
        best / n,
    ]
    return np.asarray(row, dtype=np.float64)
