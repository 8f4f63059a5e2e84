"""Parties an event's syntax leaves implicit: the authority behind an agentless action.

"Two journalists were arrested in Lebanon", "ethnic Albanian guerrillas operating in Macedonia
have been demobilized": a passive with no "by" agent names no actor, yet an arrest, an
expulsion, a ban, a release or a demobilisation is done by the authority of the place where it
happens, and news coders (GDELT, ICEWS, the PLOVER gold) code that state as the actor. Only
actions that an authority alone takes (``authority_actions`` in the grammar) are read this
way — "were killed in Iraq" or "were kidnapped in Yemen" name no authority — and only a country
the sentence itself names as the place ("in", "at", "inside"; a capital stands for its
country) is taken.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..nlp.actor_table import ActorTable

# Prepositions that place an action inside a state's territory ("from", "out of" do not).
INSIDE_PREPS = frozenset({"in", "at", "inside", "across", "throughout"})


def _place_objects(head: Token) -> list[Token]:
    """The objects of ``head``'s place prepositions, and of an "of" under them ("the capital
    city of Algiers")."""
    found: list[Token] = []
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in INSIDE_PREPS:
            continue
        for pobj in prep.children:
            if pobj.dep_ != "pobj":
                continue
            found.append(pobj)
            for of in pobj.children:
                if of.dep_ == "prep" and of.lower_ == "of":
                    found.extend(c for c in of.children if c.dep_ == "pobj")
    return found


def implied_authority(
    predicate: Token,
    passive_subject: Token | None,
    table: ActorTable,
    exclude: set[str | None],
) -> str | None:
    """The country whose authority did an agentless passive action, or None.

    Args:
        predicate: the event's verb (passive, with no agent).
        passive_subject: its subject (what the action was done to), if any.
        table: the article's actors.
        exclude: actor ids that cannot be the actor (the recipient).

    Returns:
        The id of a country actor named as the place of the action ("were arrested in
        Lebanon"), or else as the place of the subject ("guerrillas operating in Macedonia
        have been demobilized"); None when the sentence names none.
    """
    heads = [predicate]
    if predicate.dep_ == "conj":
        heads.append(predicate.head)
    if passive_subject is not None:
        heads.extend(t for t in passive_subject.subtree if t.pos_ in ("VERB", "NOUN", "PROPN"))
    for head in heads:
        for place in _place_objects(head):
            actor = table.get(table.actor_for_token(place))
            if actor is not None and actor.type == "country" and actor.id not in exclude:
                return actor.id
    return None
