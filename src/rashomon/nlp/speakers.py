"""Which actor a speaker phrase names: the step between a found statement and its record.

The actor table answers for a token or a span; a speaker phrase needs a little more than the
mention at its root:

* a name inside the phrase or in apposition to it is the speaker, not the title around it
  ("U.S. Ambassador to the United Nations Jane Roe said", "The Special Envoy for Libya, John
  Doe, told reporters", "Russia's foreign minister, Sergei Lavrov, said");
* coordinated speakers each said it ("Biden and Vice President Harris said");
* officials of a named institution are a group of their own ("White House officials"),
  not the country the institution belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..records import Actor, Mention
from .actor_table import ActorTable

# Plural nouns for the people who speak for an institution ("White House officials").
_SPOKESPEOPLE = frozenset({
    "officials", "spokesmen", "spokeswomen", "spokespeople", "spokespersons", "aides",
    "diplomats", "sources", "representatives", "advisers", "advisors", "staffers",
})
_INSTITUTION_LABELS = frozenset({"ORG", "FAC"})
_NAME_DEPS = frozenset({"appos"})


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker phrase resolved: the actor (local id or None) and the phrase's extent."""

    actor: str | None
    span: Span


def _person_mention(table: ActorTable, token: Token) -> Mention | None:
    """The mention of a named person at ``token`` (a proper name, not a bare title)."""
    mention = table.mention_for_token(token)
    if mention is None or token.pos_ != "PROPN":
        return None
    actor = table.get(mention.actor)
    return mention if actor is not None and actor.type == "person" else None


def _is_named(table: ActorTable, mention: Mention | None, doc: Doc) -> bool:
    """Whether a mention is a proper name (not a role noun like "the minister")."""
    if mention is None:
        return False
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and any(t.pos_ == "PROPN" and t.ent_type_ == "PERSON" for t in span)


def _apposed_name(table: ActorTable, head: Token) -> Token | None:
    """The name in apposition to a title ("The Special Envoy for Libya, John Doe, …")."""
    for child in head.rights:
        if child.dep_ in _NAME_DEPS and _person_mention(table, child) is not None:
            return child
    return None


def _inner_name(table: ActorTable, span: Span) -> Mention | None:
    """The last named person inside a title phrase ("Ambassador to the UN Jane Roe")."""
    found = None
    for token in span:
        mention = _person_mention(table, token)
        if mention is not None and token.ent_type_ == "PERSON":
            found = mention
    return found


def _institution_officials(doc: Doc, table: ActorTable, head: Token) -> Actor | None:
    """A group for "White House officials", "Pentagon spokesmen": an institution's own people.

    Returns None unless the head is a spokespeople noun modified by an institution's name;
    the group takes the country of the actor the institution resolved to.
    """
    if head.lower_ not in _SPOKESPEOPLE:
        return None
    words = [c for c in head.lefts if c.dep_ in ("compound", "nmod", "poss")]
    named = [w for w in words if w.ent_type_ in _INSTITUTION_LABELS]
    if not named:
        return None
    owner = table.get(table.actor_for_token(named[0]))
    first = min(t.left_edge.i for t in named)
    while first < head.i and doc[first].lower_ in ("the", "'s"):
        first += 1
    words_text = table.source_text(doc[first : head.i + 1]).replace("'s", "").replace("’s", "")
    name = " ".join(words_text.split())
    country = owner.country if owner is not None else None
    key = f"group:{name.lower()}"
    actor = table.find(key) or table.add_actor(name, "group", country, "GOV", key=key)
    return actor


def resolve(doc: Doc, table: ActorTable | None, span: Span, head: int | None) -> Speaker:
    """The actor a speaker phrase names, and the phrase extended to a name in apposition."""
    if table is None:
        return Speaker(None, span)
    root = doc[head] if head is not None else span.root
    appos = _apposed_name(table, root)
    if appos is not None:
        mention = table.mention_for_token(appos)
        end = max(span.end, appos.right_edge.i + 1)
        return Speaker(mention.actor if mention else None, doc[span.start : end])
    mention = table.mention_for_token(root) if head is not None else None
    if mention is None:
        mention = table.mention_for_span(span)
    if not _is_named(table, mention, doc):
        inner = _inner_name(table, span)
        if inner is not None:
            return Speaker(inner.actor, span)
    officials = _institution_officials(doc, table, root)
    if officials is not None:
        table.reassign(root, officials)
        return Speaker(officials.id, span)
    return Speaker(mention.actor if mention is not None else None, span)


def coordinated(span: Span, head: int | None) -> list[Token]:
    """Heads of the speakers coordinated with this one ("X and Vice President Y said").

    Besides the conjuncts of the head, the parse sometimes hangs both names on the verb as
    two subjects with "and" between them; the other subject is a speaker too.
    """
    doc = span.doc
    root = doc[head] if head is not None else span.root
    out = [t for t in root.conjuncts if t.pos_ in ("PROPN", "NOUN")]
    if root.dep_ in ("nsubj", "nsubjpass"):
        for other in root.head.children:
            if other.i == root.i or other.dep_ != root.dep_:
                continue
            first, last = sorted((other, root), key=lambda t: t.i)
            between = doc[first.i + 1 : last.left_edge.i]
            joined = any(t.lower_ == "and" and t.dep_ == "cc" for t in between)
            if joined and not any(t.pos_ in ("VERB", "AUX") for t in between):
                out.append(other)
    return [t for t in out if not span.start <= t.i < span.end]
