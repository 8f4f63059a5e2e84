"""Where a cue stands in its sentence: trailing speaker phrases ("…, X said"), cues that
share one subject ("X said and added"), and the clause marks that tell a cue from a verb of
another sense.
"""

from __future__ import annotations

from collections.abc import Mapping

from spacy.attrs import POS
from spacy.parts_of_speech import VERB
from spacy.tokens import Doc, Span, Token

from .cues import CueLexicon

# Words of a speaker phrase between a comma and a trailing cue ("…, the EU's chief negotiator
# Helena Marquardt said"): names, titles and the words that join them.
_PHRASE_POS = frozenset({"DET", "PROPN", "NOUN", "ADJ", "NUM", "PART", "PRON"})

_PHRASE_WORDS = frozenset({"of", "for", "at", "'s", "’s", "-", "."})

_PHRASE_PRONOUNS = frozenset({"he", "she", "they"})

_MAX_PHRASE = 12


def trailing_phrase(doc: Doc, cue: int, limit: int = _MAX_PHRASE) -> Span | None:
    """The speaker phrase between a comma and the cue at ``cue``, if the words before the
    cue up to a comma (at most ``limit``) are all parts of a name, a title or a pronoun."""
    i = cue - 1
    while i >= 0 and cue - i <= limit:
        token = doc[i]
        if token.text == ",":
            break
        if token.is_space or not (token.pos_ in _PHRASE_POS or token.lower_ in _PHRASE_WORDS):
            return None
        i -= 1
    else:
        return None
    phrase = doc[i + 1 : cue]
    if len(phrase) == 0:
        return None
    pronouns = [t for t in phrase if t.pos_ == "PRON"]
    if pronouns and (len(phrase) > 1 or phrase[0].lower_ not in _PHRASE_PRONOUNS):
        return None  # "…, which she said", "…, it said" (the writer's "it"), not a name
    if not any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in phrase):
        return None
    return phrase


def _ends_clause(doc: Doc, cue: int) -> bool:
    """Whether only adverbials follow the cue up to the next punctuation ("said on Sunday,"),
    not an object clause or another verb ("the only thing they agree on is …")."""
    after = doc[cue + 1] if cue + 1 < len(doc) else None
    if after is not None and after.lower_ == "that":
        return False
    for token in doc[cue + 1 :]:
        if token.is_punct or token.is_space or token.is_sent_start:
            return True
        if token.pos_ in ("VERB", "AUX"):
            return False
        if token.dep_ == "dobj" and token.head.i == cue:
            return False  # "…; others vow consequences": the cue has its own object
    return True


def _phrase_head(phrase: Span) -> Token:
    """The head word of a speaker phrase read on the surface: its last noun or name before
    any preposition ("the EU's chief negotiator Helena Marquardt" → Marquardt, "a spokesman
    for the ministry" → spokesman)."""
    head = phrase[-1]
    for token in phrase:
        if token.pos_ == "ADP":
            break
        if token.pos_ in ("PROPN", "NOUN", "PRON"):
            head = token
    return head


def _shared_subject_cue(verb: Token, lexicon: CueLexicon) -> Token | None:
    """``Sorokin admitted that citizens took part but insisted that …`` (or ``, while
    insisting that …``): the parser hangs the second cue on the last verb of the first cue's
    clause; it is coordinated with the first cue and shares its subject. Returns that cue."""
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    if verb.dep_ not in ("conj", "advcl") or verb.head.i == verb.i:
        return None
    head = verb.head
    if lexicon.is_verb_cue(head.lemma_) or head.pos_ not in ("VERB", "AUX"):
        return None  # "X said that Y accused Z and warned …": Y warns
    current = head
    for _ in range(6):
        if current.head.i == current.i:
            return None
        parent = current.head
        if current.dep_ == "ccomp" and parent.pos_ in ("VERB", "AUX") and (
            lexicon.is_verb_cue(parent.lemma_)
        ):
            return parent if parent.i < verb.i else None
        if current.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return None
        current = parent
    return None


def _coordinated_cues(doc: Doc, lexicon: CueLexicon) -> dict[int, Token]:
    """For each cue verb that shares the subject of an earlier cue, that cue."""
    out: dict[int, Token] = {}
    # Verbs found in the part-of-speech array: a Token object only for them.
    for i in (doc.to_array(POS) == VERB).nonzero()[0].tolist():
        token = doc[i]
        if lexicon.is_verb_cue(token.lemma_):
            shared = _shared_subject_cue(token, lexicon)
            if shared is not None:
                out[token.i] = shared
    return out


def _imperative(verb: Token, subject: Token) -> bool:
    """A bare verb after "Name," with no auxiliary: the name is addressed, not speaking."""
    doc = verb.doc
    comma = subject.right_edge.i + 1
    return (
        verb.tag_ == "VB"
        and comma < verb.i
        and doc[comma].text == ","
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    )


def _has_clause(verb: Token, trailing: Mapping[int, object]) -> bool:
    """Whether a cue verb's content is a clause ("said (that) …") rather than its object; a
    trailing cue the parser hung under the verb ("offered X, Y said") is no clause of it."""
    if any(c.dep_ in ("ccomp", "csubj") and c.i not in trailing for c in verb.children):
        return True
    following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    return following is not None and following.lower_ == "that"


def _has_mark(verb: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in verb.children)

