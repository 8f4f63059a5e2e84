"""The per-article table of actors and their mentions, shared by the later components.

The ``rashomon_actors`` component fills one ``ActorTable`` per ``Doc`` and stores it in
``doc._.rashomon_actors``. Statement and event extraction never look at names themselves:
they ask the table which actor a token or span refers to. Pronouns and bare titles that the
actors component resolved are mentions like any other, so ``actor_for_token`` on "he" in
"he said" answers with the person it stands for. One addition comes later: a speaker phrase
that is a proper name with no mention at all (the parser's entities missed it: "TMZ
reports") is added by the statements component as an actor of its own
(``statements.speakers``), so that the events component sees it too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Doc, Span, Token

from ..kb.model import LearnedRole
from ..records import Actor, Mention
from .arrays import doc_text

ORIGINAL_TEXT = "rashomon_original_text"


def actor_code(country: str | None, sector: str | None) -> str | None:
    """The CAMEO-style actor code: country plus sector (``RUSGOV``), or either alone."""
    code = (country or "") + (sector or "")
    return code or None


class ActorTable:
    """Actors of one article, their mentions, and a token index over the mentions."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.actors: list[Actor] = []
        self.mentions: list[Mention] = []
        self._by_key: dict[str, Actor] = {}
        self._by_id: dict[str, Actor] = {}
        # token index -> position in self.mentions; one mention per token at most.
        self._token_mention: dict[int, int] = {}
        # Roles the text gave actors ("Foreign Minister Sergey Lavrov"), with the article date.
        self.learned_roles: list[LearnedRole] = []
        # The text as the article gave it: rashomon_normalize may have changed letter case
        # (never offsets), and mentions quote the source. ``doc.text`` would build a Token
        # object for every word.
        self.text: str = doc.user_data.get(ORIGINAL_TEXT) or doc_text(doc)

    def __len__(self) -> int:
        return len(self.actors)

    def get(self, actor_id: str | None) -> Actor | None:
        """The actor with this local id, or None."""
        if actor_id is None:
            return None
        return self._by_id.get(actor_id)

    def find(self, key: str) -> Actor | None:
        """The actor registered under a canonical key (its canonical name, by default)."""
        return self._by_key.get(key)

    def add_actor(
        self,
        name: str,
        type: str,
        country: str | None = None,
        sector: str | None = None,
        role: str | None = None,
        key: str | None = None,
    ) -> Actor:
        """Return the actor for ``key`` (default: ``name``), creating it if new."""
        key = key or name
        found = self._by_key.get(key)
        if found is not None:
            return found
        actor = Actor(
            id=f"a{len(self.actors) + 1}",
            name=name,
            type=type,
            country=country,
            sector=sector,
            role=role,
            code=actor_code(country, sector),
        )
        self.actors.append(actor)
        self._by_key[key] = actor
        self._by_id[actor.id] = actor
        return actor

    def add_mention(self, actor: Actor, span: Span) -> Mention | None:
        """Record that ``span`` refers to ``actor``; tokens already taken are left as they are."""
        tokens = range(span.start, span.end)
        if any(i in self._token_mention for i in tokens):
            return None
        mention = Mention(
            actor=actor.id,
            start=span.start_char,
            end=span.end_char,
            text=self.text[span.start_char : span.end_char],
        )
        self._add(mention, tokens)
        return mention

    def _add(self, mention: Mention, tokens: Iterable[int]) -> None:
        position = len(self.mentions)
        self.mentions.append(mention)
        for i in tokens:
            self._token_mention[i] = position

    def source_text(self, span: Span) -> str:
        """The article's own text of a span (before case repair)."""
        return self.text[span.start_char : span.end_char]

    def mentioned_tokens(self) -> list[int]:
        """The indices of the tokens some mention covers, in text order."""
        return sorted(self._token_mention)

    def mention_at(self, i: int) -> Mention | None:
        """The mention that covers token ``i``, if any."""
        position = self._token_mention.get(i)
        return None if position is None else self.mentions[position]

    def mention_for_token(self, token: Token) -> Mention | None:
        """The mention that covers this token, if any."""
        position = self._token_mention.get(token.i)
        return None if position is None else self.mentions[position]

    def actor_for_token(self, token: Token) -> str | None:
        """The local id of the actor this token refers to, if any."""
        mention = self.mention_for_token(token)
        return None if mention is None else mention.actor

    def mention_for_span(
        self, span: Span, accept: Callable[[Mention], bool] | None = None
    ) -> Mention | None:
        """The mention a phrase refers to: the one at its root, else the first inside it
        (``accept``: of those inside it, the first that passes)."""
        root_mention = self.mention_for_token(span.root)
        if root_mention is not None:
            return root_mention
        for token in span:
            mention = self.mention_for_token(token)
            if mention is not None and (accept is None or accept(mention)):
                return mention
        return None

    def actor_for_span(self, span: Span) -> str | None:
        """The local id of the actor a phrase refers to, if any."""
        mention = self.mention_for_span(span)
        return None if mention is None else mention.actor

    def actor_for_subtree(self, token: Token) -> str | None:
        """The actor of the phrase headed by ``token`` (its whole subtree)."""
        doc = token.doc
        return self.actor_for_span(doc[token.left_edge.i : token.right_edge.i + 1])

    def reassign(self, token: Token, actor: Actor) -> None:
        """Make the mention at ``token`` refer to ``actor`` (a mention of its own if none).

        The speaker step uses it when a phrase turns out to name a body of its own ("White
        House officials"), not the country its words first resolved to.
        """
        position = self._token_mention.get(token.i)
        if position is None:
            self.add_mention(actor, token.doc[token.i : token.i + 1])
            return
        self.mentions[position].actor = actor.id

    def sorted_mentions(self) -> list[Mention]:
        """Mentions in text order."""
        return sorted(self.mentions, key=lambda m: (m.start, m.end))
