"""Plural "they" as a speaker: the group that was the subject of a recent sentence.

`Union leaders met the minister on Monday. They said the strike would go on` — "they" are
the union leaders. The actor resolver links `he`/`she` to persons; a speaker phrase `they`
with no mention of its own goes here. Its antecedent is the nearest subject before it within
three sentences, when that subject names several people: a plural noun the article gives an
actor (`leaders`, `officials`, `the protesters`). When the nearest subject is anything else
(a person, `it`, coordinated names such as `Biden and Harris`, a plural noun with no actor),
"they" stays unresolved rather than reaching past it to an older group. Both must stand
outside quotation marks: a "they" inside a quotation belongs to the quoted speaker's own
account, and a subject inside one is not the writer's.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..nlp.actor_table import ActorTable
from .marks import find_quotes

_WINDOW = 3  # sentences back, as for he/she
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_PLURAL_TAGS = frozenset({"NNS", "NNPS"})
_QUOTED_KEY = "rashomon_quoted_chars"


def _quoted(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges of the quoted passages (marks included), found once per document."""
    spans = doc.user_data.get(_QUOTED_KEY)
    if spans is None:
        quotes, _ = find_quotes(doc.text)
        spans = [(q.open, q.close + 1) for q in quotes]
        doc.user_data[_QUOTED_KEY] = spans
    return list(spans)


def _inside(spans: list[tuple[int, int]], token: Token) -> bool:
    return any(start <= token.idx < end for start, end in spans)


def _names_several(table: ActorTable, token: Token) -> bool:
    """Whether a subject is a plural noun the article gives an actor other than a person
    ("officials" of a country or an institution, "protesters")."""
    if token.tag_ not in _PLURAL_TAGS or token.conjuncts:
        return False
    mention = table.mention_for_token(token)
    actor = table.get(mention.actor) if mention is not None else None
    return actor is not None and actor.type != "person"


def plural_antecedent(table: ActorTable, pronoun: Token) -> Token | None:
    """The subject "they" stands for (its head word), or None.

    Args:
        table: the article's actor table.
        pronoun: the token "they" (a speaker phrase).
    """
    if pronoun.lower_ != "they":
        return None
    doc = pronoun.doc
    quoted = _quoted(doc)
    if _inside(quoted, pronoun):
        return None
    sentence = pronoun.sent
    for _ in range(_WINDOW + 1):
        stop = min(pronoun.i, sentence.end)
        for i in range(stop - 1, sentence.start - 1, -1):
            token = doc[i]
            if token.dep_ not in _SUBJECTS or _inside(quoted, token):
                continue
            if token.lower_ == "they":
                continue  # an earlier "they" of the same group
            return token if _names_several(table, token) else None
        if sentence.start == 0:
            return None
        sentence = doc[sentence.start - 1].sent
    return None
