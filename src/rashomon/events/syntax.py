"""Small readings of the dependency parse the event coder and its party finding share."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from ..records import Statement
from .lexicon import Trigger

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "obj", "attr", "oprd"})
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp"})
# Prepositions that introduce the other party of an event, most telling first.
PARTNER_PREPS: tuple[str, ...] = (
    "against",
    "on",
    "upon",
    "with",
    "to",
    "at",
    "into",
    "toward",
    "towards",
    "over",
    "from",
    "for",
    "in",
)
# First words of compound prepositions whose second word ("of", "from") introduces the party:
# "out of Gorazde", "away from the border".
COMPOUND_PREP_HEADS = frozenset({"out", "away"})
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "around", "off"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PARTY_ENTS = frozenset({"PERSON", "NORP", "ORG", "GPE"})
# Event types where the parties act together: a second subject is the other party.
SYMMETRIC = frozenset({"AGREE", "CONSULT", "COOPERATE"})
# The commitment form of each cooperative type (CAMEO "express intent to …").
INTENT_CAMEO: dict[str, str] = {
    "AID": "033",
    "COOPERATE": "031",
    "CONSULT": "036",
}
NOUN_CARRIERS = frozenset({"dobj", "obj", "nsubjpass", "attr"})
# A participle that modifies a noun ("the Israeli-occupied West Bank") reports no event.
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod"})
# Prepositions through which a light verb carries an event noun: "engaged in fighting".
CARRIER_PREPS = frozenset({"in", "to", "into"})
# Words between a verb and its subject that belong to the verb ("have not yet agreed").
VERB_MARKERS = frozenset({"aux", "auxpass", "neg", "advmod"})
# Heads whose clause a governed verb shares the subject of.
CLAUSE_POS = frozenset({"VERB", "AUX", "ADJ"})


@dataclass(slots=True)
class _Found:
    """A trigger found in the text, before it becomes an event."""

    trigger: Trigger
    predicate: Token  # the verb that carries the event (the light verb for a noun trigger)
    words: list[Token]  # the tokens that make up the trigger text
    noun: Token | None = None
    absorbed: list[_Found] = field(default_factory=list)
    addressee: Token | None = None  # who a reported demand is made of ("Y must …")
    refused: Token | None = None  # what a refusal predicate rules out ("removing sanctions")
    intended: bool = False  # matched through the object of an infinitive of purpose
    source: str = "lexicon"
    confidence: float | None = None


def _inflections(lemmas: set[str]) -> dict[str, str]:
    """Regular inflected forms → lemma: "stage" → staged, stages, staging."""
    forms: dict[str, str] = {}
    for lemma in lemmas:
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        candidates = {lemma + "s", lemma + "es", stem + "ed", stem + "ing"}
        if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
            candidates |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
        if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
            candidates |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
        for form in candidates:
            forms.setdefault(form, lemma)
    return forms


def _noun_lemmas(token: Token) -> set[str]:
    """The lemma of a noun phrase head, its compound/amod modifiers and conjuncts."""
    lemmas = {token.lemma_.lower(), token.lower_}
    for child in token.children:
        if child.dep_ in ("compound", "amod", "conj", "nmod"):
            lemmas.add(child.lemma_.lower())
        elif child.dep_ == "prep" and child.lower_ == "of":
            # "part of a stronghold", "a series of bombs": the real object is inside.
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    lemmas.add(pobj.lemma_.lower())
                    lemmas.update(c.lemma_.lower() for c in pobj.children if c.dep_ == "compound")
    return lemmas


def _prep_path(prep: Token) -> list[Token]:
    """A chain of prepositions down to its object: "out of the question" → out, of, question."""
    words = [prep]
    node = prep
    for _ in range(3):
        inner = next((c for c in node.children if c.dep_ in ("prep", "pobj")), None)
        if inner is None:
            break
        words.append(inner)
        if inner.dep_ == "pobj":
            break
        node = inner
    return words


def _object_tokens(token: Token, lemmas: frozenset[str]) -> list[Token]:
    found = []
    for child in token.subtree:
        if (
            child.i != token.i
            and child.lemma_.lower() in lemmas
            and child.pos_ in ("NOUN", "PROPN")
        ):
            found.append(child)
    return found


def _is_infinitive(clause: Token) -> bool:
    """A purpose clause ("to protest against X")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)


def _gap_object(clause: Token) -> Token | None:
    """The object an infinitive of purpose leaves out and takes from its head: "weapons to use
    against the United States" (on the noun), "manufacturing weapons to use against" (on the
    verb whose object they are). None for a clause with an object of its own ("used tear gas
    to disperse demonstrators")."""
    if not _is_infinitive(clause) or any(
        c.dep_ in OBJECT_DEPS or c.dep_ == "auxpass" for c in clause.children
    ):
        return None  # its own object, or a passive ("the first hostage to be beheaded")
    for conj in clause.children:
        if conj.dep_ == "conj" and any(c.dep_ in OBJECT_DEPS for c in conj.children):
            return None  # "troops to train and assist Iraqi forces": a shared object
    if clause.dep_ in ("acl", "relcl") and clause.head.pos_ in ("NOUN", "PROPN"):
        return clause.head
    if clause.dep_ == "advcl":
        return next((c for c in clause.head.children if c.dep_ in ("dobj", "obj")), None)
    return None


def _is_party(phrase: Token) -> bool:
    """Whether a phrase names somebody who can be met or received (a name, a group, "him")."""
    if phrase.pos_ == "PRON":
        return phrase.lower_ not in ("it", "this", "that", "what", "anything", "something")
    return any(t.ent_type_ in PARTY_ENTS for t in phrase.subtree)


def _is_plural_party(subject: Token) -> bool:
    """A compound subject ("X and Y") or a plural one ("the leaders") can meet by itself."""
    return any(c.dep_ == "conj" for c in subject.children) or subject.tag_ in ("NNS", "NNPS")


def _clause_head(node: Token) -> Token | None:
    """The verb or adjective whose subject a governed clause shares, if any.

    "prepared to lift" (xcomp of an adjective), "guilty of violating" and "resorted to
    throwing" (through the preposition) share the subject of the governing clause.
    """
    head = node.head
    if node.dep_ in ("xcomp", "conj", "advcl", "pcomp", "acomp") and head.pos_ in CLAUSE_POS:
        return head
    if (
        node.dep_ == "pcomp"
        and head.dep_ == "prep"
        and head.head.pos_ in CLAUSE_POS
        and head.head.i != head.i
    ):
        return head.head
    return None


def _passive_form(token: Token) -> bool:
    """Whether a verb is passive itself: "be removed", or "arrested and jailed"."""
    if any(c.dep_ == "auxpass" for c in token.children):
        return True
    return (
        token.dep_ == "conj"
        and token.tag_ == "VBN"
        and not any(c.dep_ == "aux" for c in token.children)
    )


def _root_noun(noun: Token) -> Token | None:
    """The sentence's root when ``noun`` is that root or sits in its prepositional phrases."""
    node = noun
    for _ in range(4):
        if node.dep_ == "ROOT":
            return node if node.pos_ in ("NOUN", "PROPN") else None
        if node.dep_ not in ("pobj", "prep"):
            return None
        node = node.head
    return None


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token = token.head
        depth += 1
    return depth


def _distance_up(start: Token, target: Token) -> int | None:
    """Steps from ``start`` up to ``target`` without crossing into another clause's verb."""
    node = start
    for steps in range(12):
        if node.i == target.i:
            return steps
        if node.head.i == node.i:
            return None
        if steps and node.pos_ in ("VERB", "AUX") and node.dep_ not in ("xcomp", "conj"):
            return None
        node = node.head
    return None


def _statement_index(statements: list[Statement], offset: int) -> int | None:
    """The innermost statement whose content holds the character ``offset``."""
    best: int | None = None
    best_width = 0
    for index, statement in enumerate(statements):
        if statement.start <= offset < statement.end:
            width = statement.end - statement.start
            if best is None or width < best_width:
                best, best_width = index, width
    return best
