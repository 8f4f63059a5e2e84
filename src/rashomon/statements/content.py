"""The content of reported speech: the span a cue verb, noun or phrase governs.

``X said (that) …`` gives the verb's clausal complement; ``X denied the allegations`` its
object; ``X's remarks about …`` the noun's topic; ``X is confident that …`` the clause the
stance word carries. Each function returns token offsets ``(start, end)`` or ``None``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .cues import CueLexicon

_NOUN_TOPIC_PREPS = frozenset({"about", "on", "regarding", "concerning"})


def _content_of_verb(verb: Token, lexicon: CueLexicon) -> tuple[int, int] | None:
    """Token range (first, last) of a cue verb's content, or None if it has none."""
    lemma = verb.lemma_
    particle = lexicon.phrasal.get(lemma)
    children = list(verb.rights)
    if particle is not None:
        if particle == "for":
            for child in children:
                if child.dep_ == "prep" and child.lower_ == "for":
                    return child.i + 1, child.right_edge.i
            return None
        if not any(c.dep_ == "prt" and c.lower_ == particle for c in children):
            return None
    if lemma in lexicon.intention_verbs and lemma not in lexicon.object_verbs:
        # "the panel voted to hold him in contempt", "Pence plans to release his returns",
        # never "they voted for Clinton" nor a headline's "Clinton Plan for Taxes Is …"
        plan = next((c for c in verb.rights if c.dep_ == "xcomp"), None)
        return (plan.left_edge.i, plan.right_edge.i) if plan is not None else None
    clauses = [c for c in verb.children if c.dep_ in ("ccomp", "csubj")]
    if clauses and all(c.i < verb.i for c in clauses) and lemma in lexicon.object_verbs and any(
        c.dep_ == "dobj" for c in verb.rights
    ):
        # "World leaders denounce the test; others vow consequences": the verb's own
        # object, not the clause before it, is what it says.
        clauses = []
    if clauses:
        # "X said (that) …" and "…, sources said." alike; a clause after the verb first, as
        # one before it may be a misparsed sentence ("Video surfaced …(the campaign said …)").
        after = [c for c in clauses if c.i > verb.i]
        clause = after[0] if after else clauses[0]
        last = clause.right_edge.i
        for other in after[1:]:
            # "X said that A would go and B would stay" parsed as two clauses of the verb
            if other.left_edge.i > last + 2:
                break
            last = other.right_edge.i
        return clause.left_edge.i, last
    following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if following is not None and following.lower_ == "that" and verb.right_edge.i > following.i:
        # "X noted that …" parsed with the clause as an object: trust the "that".
        return following.i, verb.right_edge.i
    hung = _clause_hung_on_phrase(verb)
    if hung is not None:
        return hung
    if lemma in lexicon.object_verbs:
        return _object_content(verb)
    directive = _directive(verb)
    if directive is not None:
        return directive
    if lemma in lexicon.as_verbs:
        return _as_content(verb)
    return None


def _directive(verb: Token) -> tuple[int, int] | None:
    """``Trump tells his supporters at a rally to "go to your place and vote"``, ``warned
    residents to stay indoors``: after the listener, the "to" clause is what was said."""
    listener = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    if listener is None:
        return None
    for child in verb.rights:
        if child.i > listener.i and child.dep_ in ("xcomp", "advcl") and child.pos_ == "VERB":
            first = child.left_edge
            if first.lower_ == "to" and first.i > listener.right_edge.i:
                return first.i, child.right_edge.i
    return None


def _as_content(verb: Token) -> tuple[int, int] | None:
    """``X sees the comment as a dig``, ``X painted Romney as a rich guy``: the object and the
    "as" phrase after it, when the verb has both."""
    obj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    phrase = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ == "as"
                   and c.i > obj.i), None)
    if phrase is None:
        phrase = next((c for c in obj.rights if c.dep_ == "prep" and c.lower_ == "as"), None)
    if phrase is None or not any(c.dep_ == "pobj" for c in phrase.children):
        return None
    return obj.left_edge.i, phrase.right_edge.i


def _clause_hung_on_phrase(verb: Token) -> tuple[int, int] | None:
    """``X admitted under questioning that …``: a "that" clause right after a short phrase of
    the verb, which the parser hung on that phrase's noun instead of on the verb."""
    doc = verb.doc
    for child in verb.rights:
        if child.dep_ != "prep":
            continue
        for token in child.subtree:
            if token.dep_ != "ccomp" or token.head.i == verb.i:
                continue
            first = token.left_edge
            if first.i <= child.i:
                continue
            if first.lower_ == "that" and first.dep_ == "mark":
                return first.i, token.right_edge.i
            if first.dep_ in ("nsubj", "nsubjpass") and doc[first.i - 1].pos_ in ("NOUN", "PROPN"):
                # "he admitted under Warren's grilling he hadn't …": a clause with its own
                # subject right after the phrase's noun, no "that".
                return first.i, token.right_edge.i
    return None


_OBJECT_TAIL = frozenset({"oprd", "xcomp", "ccomp", "dobj"})

_OBJECT_PREPS = frozenset({"of", "for", "as", "on", "to"})


def _object_content(verb: Token) -> tuple[int, int] | None:
    """"denied the allegations", "accused X of Y", "called X a Y", "urged X to Y",
    "called on X to Y", "refused to Y": the object with what completes it."""
    first: int | None = None
    last = -1
    for child in verb.rights:
        if first is None:
            if child.dep_ == "dobj" or child.dep_ == "xcomp" or (
                child.dep_ == "prep" and child.lower_ in ("on", "for")
            ):
                first = child.left_edge.i if child.dep_ != "prep" else child.i + 1
                last = child.right_edge.i
            continue
        if child.dep_ in _OBJECT_TAIL or (child.dep_ == "prep" and child.lower_ in _OBJECT_PREPS):
            last = child.right_edge.i
        elif child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN"):
            last = child.right_edge.i  # "called the citation and the demand a ploy"
        elif child.dep_ == "cc":
            continue
        elif child.dep_ == "advcl" and child.left_edge.lower_ == "to":
            last = child.right_edge.i  # "called on both sides to show restraint"
        elif not child.is_punct:
            break
    if first is None or last < first:
        return None
    return first, last


def _content_around(head: Token, exclude: Token) -> tuple[int, int] | None:
    """The clause headed by ``head`` without the phrase headed by ``exclude`` when that phrase
    is at either end ("according to X, …", "…, X said.")."""
    first, last = head.left_edge.i, head.right_edge.i
    cut_first, cut_last = exclude.left_edge.i, exclude.right_edge.i
    if head.i == exclude.i:
        return None
    if exclude.i < head.i:
        # "In addition, according to X, …": what comes before the phrase is the writer's.
        first = cut_last + 1
    else:
        last = cut_first - 1
    return (first, last) if first <= last else None


def _topic_of(noun: Token) -> tuple[int, int] | None:
    """What a speech noun is about when its speaker is not in the phrase: "comments on X",
    "a condemnation of X"."""
    for child in noun.rights:
        topic = child.lower_ in _NOUN_TOPIC_PREPS or child.lower_ == "of"
        if child.dep_ == "prep" and topic and any(
            c.dep_ in ("pobj", "pcomp") for c in child.children
        ):
            return child.i + 1, child.right_edge.i
    return None


def _clause_after(word: Token, carrier: Token) -> tuple[int, int] | None:
    """Token range of the clause right after a stance adjective, hung by the parser on the
    adjective or on its carrier: "afraid that …", "confident the talks will …"."""
    for clause in (*word.children, *carrier.children):
        if clause.dep_ not in ("ccomp", "advcl") or clause.i <= word.i:
            continue
        first = clause.left_edge
        if any(c.dep_ == "mark" and c.lower_ != "that" for c in clause.children):
            continue  # "grew worried as the river rose": a clause of time or cause
        if first.i == word.i + 1 and (
            first.lower_ == "that" or any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children)
        ):
            return first.i, clause.right_edge.i
    return None


def _that_clause_after(doc: Doc, position: int) -> tuple[int, int] | None:
    """"the statement of Bush that he …": the clause whose "that" follows the speaker."""
    if position >= len(doc) or doc[position].lower_ != "that" or doc[position].dep_ != "mark":
        return None
    verb = doc[position].head
    last = verb.i
    for child in verb.rights:
        if child.dep_ in ("cc", "conj"):
            break
        last = max(last, child.right_edge.i)
    return position, last

