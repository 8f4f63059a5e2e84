"""Stances shown by what a source does: a learned filter over verb-object candidates.

News attributes more than speech: `Trump openly admires Putin as a "strong leader"`, `the
senator bristled at the questions`, `Clinton apparently disagrees with her former boss`.
The cue lexicon cannot list every verb that voices a stance, and a rule that took every verb
with a subject and an object would take `Trump visited Mexico` too. So every such clause
the rules left alone is a *candidate* — a verb outside quotations, with a source as its
subject (a name, a noun, `he`/`she`/`they`; never the writer's `I`/`we`, `it` or a passive)
and an object, a clause or a prepositional phrase after it as content — and a small logistic
regression decides which candidates are attributions, from the parser's own token vector of
the verb (``doc.tensor``, free at run time) and a few categorical features of the clause
(the verb's lemma, preposition, kind of subject, form).

The model was fitted by ``python -m rashomon.evaluation.statements_training``
(``make train-quotes``) on
the PolNeAR development articles; its weights ship as JSON (``statements_learned.json``,
model card ``statements_learned.card.md``). It is off by default: on the held-out PolNeAR
folds it finds a few more attributions but lowers the speaker F1 (figures in the card), so
the component uses it only when asked (``config={"learned": True}``). Without the file, or
with a pipeline that keeps no token vectors, the component finds what the rules find.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
from spacy.tokens import Doc, Span, Token

from .common import Found, is_negated, speaker_span, trim, without_trailing_clause
from .cues import CueLexicon

log = logging.getLogger(__name__)

DATA_PACKAGE = "rashomon.statements.data"
MODEL_FILE = "statements_learned.json"

# The content of a candidate: what the verb takes after it.
_CONTENT_DEPS = frozenset({"dobj", "ccomp", "xcomp", "prep", "oprd", "dative", "attr"})
# Prepositions whose object can be what a stance is about ("bristled at the questions",
# "disagrees with her boss", "apologize for his statements", "worried about …").
_STANCE_PREPOSITIONS = frozenset({"at", "with", "for", "about", "of", "on", "as", "to",
                                  "against", "over", "into"})
_SOURCE_PRONOUNS = frozenset({"he", "she", "they", "who"})
_MIN_CONTENT_TOKENS = 2
_MAX_CONTENT_TOKENS = 60


@dataclass(slots=True)
class Candidate:
    """A verb-object clause the rules left alone: its verb, subject and content range."""

    verb: Token
    subject: Token
    first: int  # content's first and last token
    last: int

    @property
    def content(self) -> Span:
        """The content tokens."""
        return self.verb.doc[self.first : self.last + 1]


def _source_subject(verb: Token) -> Token | None:
    """The verb's subject when it can name a source."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects:
        return None
    subject = subjects[0]
    if subject.pos_ == "PRON":
        return subject if subject.lower_ in _SOURCE_PRONOUNS else None
    if subject.pos_ not in ("PROPN", "NOUN"):
        return None
    if any(c.lower_ in ("no", "neither") for c in subject.children):
        return None
    return subject


def _content_range(verb: Token) -> tuple[int, int] | None:
    """First and last token of what the verb takes after it (objects, clauses, phrases)."""
    parts = [c for c in verb.rights if c.dep_ in _CONTENT_DEPS]
    if not parts:
        return None
    first_part = parts[0]
    if first_part.dep_ == "prep":
        if first_part.lower_ not in _STANCE_PREPOSITIONS:
            return None
        objects = [c for c in first_part.children if c.dep_ in ("pobj", "pcomp")]
        if not objects:
            return None
        first = objects[0].left_edge.i
    else:
        first = first_part.left_edge.i
    last = max(p.right_edge.i for p in parts)
    return first, last


def candidates(doc: Doc, taken: Iterable[Found], quoted: set[int]) -> list[Candidate]:
    """Verb-object clauses of ``doc`` outside quotations whose verb and content no found
    statement holds already.

    Args:
        doc: the parsed article.
        taken: the statements the rules found (their cues and contents are skipped).
        quoted: indices of tokens inside quotation marks.
    """
    found = list(taken)
    cues = {f.cue_token for f in found if f.cue_token is not None}
    spans = [(f.start, f.end) for f in found]
    out: list[Candidate] = []
    for verb in doc:
        if verb.pos_ != "VERB" or verb.i in cues or verb.i in quoted:
            continue
        if any(start <= verb.idx < end for start, end in spans):
            continue
        subject = _source_subject(verb)
        content = _content_range(verb)
        if subject is None or content is None:
            continue
        first, last = content
        last = without_trailing_clause(doc, first, last)
        size = last - first + 1
        if not _MIN_CONTENT_TOKENS <= size <= _MAX_CONTENT_TOKENS:
            continue
        chars = (doc[first].idx, doc[last].idx + len(doc[last].text))
        if any(start < chars[1] and chars[0] < end for start, end in spans):
            continue
        out.append(Candidate(verb, subject, first, last))
    return out


def _subject_kind(subject: Token) -> str:
    table = subject.doc._.rashomon_actors
    if subject.pos_ == "PRON":
        return "pron:" + subject.lower_
    if table is not None:
        mention = table.mention_for_token(subject)
        actor = table.get(mention.actor) if mention is not None else None
        if actor is not None:
            return "actor:" + actor.type
    return "ent:" + (subject.ent_type_ or "none")


def categorical(candidate: Candidate, lexicon: CueLexicon, quoted: set[int]) -> list[str]:
    """The categorical features of a candidate (names of the features that are on)."""
    verb, doc = candidate.verb, candidate.verb.doc
    preps = [c.lower_ for c in verb.rights if c.dep_ == "prep"]
    deps = sorted({c.dep_ for c in verb.rights if c.dep_ in _CONTENT_DEPS})
    lemma = verb.lemma_.lower()
    features = [
        f"lemma={lemma}",
        f"subject={_subject_kind(candidate.subject)}",
        f"tag={verb.tag_}",
        f"dep={verb.dep_}",
        f"prep={preps[0] if preps else '-'}",
        "deps=" + "+".join(deps),
        f"size={min((candidate.last - candidate.first + 1) // 5, 6)}",
    ]
    if lemma in lexicon.object_verbs or lexicon.is_verb_cue(lemma):
        features.append("lexicon")
    if any(i in quoted for i in range(candidate.first, candidate.last + 1)):
        features.append("quoted-in-content")
    if is_negated(verb):
        features.append("negated")
    if any(c.dep_ == "advmod" and c.i < verb.i for c in verb.children):
        features.append("adverb-before")
    if any(c.dep_ == "aux" for c in verb.children):
        features.append("aux")
    if candidate.subject.i > verb.i:
        features.append("subject-after")
    if doc[candidate.first].ent_type_ or any(t.ent_type_ for t in candidate.content):
        features.append("entity-in-content")
    return features


def dense(candidate: Candidate) -> np.ndarray | None:
    """The parser's token vector of the verb (the content's and the subject's were tried
    too: with a few dozen positive candidates they only let the model overfit)."""
    tensor = candidate.verb.doc.tensor
    doc = candidate.verb.doc
    if tensor is None or tensor.shape[0] != len(doc) or not tensor.shape[1]:
        return None
    return np.asarray(tensor[candidate.verb.i], dtype=np.float32)


@dataclass(frozen=True, slots=True)
class LearnedFilter:
    """A logistic regression over the dense and categorical features of a candidate."""

    dense_weights: np.ndarray
    categorical_weights: dict[str, float]
    bias: float
    threshold: float
    # Standardisation of the dense features, learned with the weights.
    mean: np.ndarray
    scale: np.ndarray

    def probability(self, vector: np.ndarray, names: list[str]) -> float:
        """The probability that a candidate is an attribution."""
        score = float(((vector - self.mean) / self.scale) @ self.dense_weights) + self.bias
        score += sum(self.categorical_weights.get(name, 0.0) for name in names)
        return 1.0 / (1.0 + float(np.exp(-score)))

    def to_json(self, extra: dict[str, Any] | None = None) -> str:
        """The model as JSON (with ``extra`` facts about its training)."""
        data = {
            "threshold": self.threshold,
            "bias": round(self.bias, 6),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "dense_weights": [round(float(w), 6) for w in self.dense_weights],
            "categorical_weights": {k: round(v, 6) for k, v in
                                    sorted(self.categorical_weights.items()) if abs(v) > 1e-6},
            **(extra or {}),
        }
        return json.dumps(data, indent=None, separators=(",", ":"))


def parse_filter(text: str) -> LearnedFilter:
    """A model from its JSON form."""
    data = json.loads(text)
    return LearnedFilter(
        dense_weights=np.asarray(data["dense_weights"], dtype=np.float32),
        categorical_weights={str(k): float(v) for k, v in data["categorical_weights"].items()},
        bias=float(data["bias"]),
        threshold=float(data["threshold"]),
        mean=np.asarray(data["mean"], dtype=np.float32),
        scale=np.asarray(data["scale"], dtype=np.float32),
    )


@lru_cache(maxsize=1)
def packaged_filter() -> LearnedFilter | None:
    """The shipped model, or None when the file is absent (never trained)."""
    path = resources.files(DATA_PACKAGE).joinpath(MODEL_FILE)
    if not path.is_file():
        log.info("no %s: stances shown by actions are not looked for", MODEL_FILE)
        return None
    return parse_filter(path.read_text(encoding="utf8"))


def to_found(candidate: Candidate) -> Found | None:
    """The statement of an accepted candidate: the verb's lemma as cue, its subject as the
    speaker phrase."""
    doc = candidate.verb.doc
    chars = trim(doc, candidate.first, candidate.last)
    speaker = speaker_span(candidate.subject)
    if chars is None or speaker is None:
        return None
    return Found(
        start=chars[0],
        end=chars[1],
        speaker=speaker,
        cue=candidate.verb.lemma_.lower(),
        direct=False,
        anchor=candidate.verb.idx,
        negated=is_negated(candidate.verb),
        cue_token=candidate.verb.i,
        object_content=True,
    )


def find_learned(
    doc: Doc,
    lexicon: CueLexicon,
    taken: list[Found],
    quoted: set[int],
    model: LearnedFilter | None,
) -> list[Found]:
    """The statements the model accepts among the candidates the rules left alone."""
    if model is None:
        return []
    out: list[Found] = []
    for candidate in candidates(doc, taken, quoted):
        vector = dense(candidate)
        if vector is None:
            return []
        names = categorical(candidate, lexicon, quoted)
        if model.probability(vector, names) >= model.threshold:
            found = to_found(candidate)
            if found is not None:
                out.append(found)
    return out
