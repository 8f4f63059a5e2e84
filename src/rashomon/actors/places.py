"""Countries and places: which country an actor, a title or a token belongs to.

Titled actors whose country the phrase does not say take the nearest country the
article places them in; capitals, seats of power and nationality words are read as
their country.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..nlp.sides import sided, sponsoring
from ..records import Actor
from .common import (
    _UNLOCATED_SECTORS,
    _code,
    _dateline,
    _locative,
    _national_office,
    _opposed,
)
from .state import _RunState

# Sectors of a state's forces: an armed group fighting them is usually of their country.
_FOUGHT_SECTORS = frozenset({"MIL", "COP"})


class _Places(_RunState):
    """Countries and places of one document's actors."""

    def _locate_homeless(self) -> None:
        """Give titled actors without a country the country nearest them in their sentence.

        "Prime Minister Mahendra Chaudhry" in a sentence about Fijian rebels, "Judge Alejandro
        Rivera" investigating Chilean officials: a national title with no country named is,
        in news prose, almost always of the country the sentence is about. Places (countries,
        capitals, regions) come first; with none, the country of another actor of the sentence
        ("President Dos Sontas … demands from UNITA"). An ethnic minority ("ethnic Turks …
        Sweden's decision") takes a country other than its own, and its own only as a last
        resort.
        """
        if not self.homeless:
            return
        places: list[tuple[int, str, bool]] = []
        others: list[tuple[int, str, str]] = []
        doc = self.doc
        # Only mentioned tokens can hold a country: no Token object for the other words.
        for i in self.table.mentioned_tokens():
            token = doc[i]
            actor_id = self.table.actor_for_token(token)
            actor = self.table.get(actor_id)
            if actor is None or not actor.country or len(actor.country) != 3:
                continue
            if sided(token) or sponsoring(token):
                continue
            if actor.type == "country" or actor_id in self.places:
                places.append((token.i, actor.country, actor.type == "country"))
            elif not self.kb.is_international(actor.country):
                if actor.sector not in _FOUGHT_SECTORS and _opposed(token):
                    # "stormed the U.S. embassy in Tehran": a body of another state that the
                    # sentence attacks or blames says nothing of the attackers' country; the
                    # forces an armed group fights ("attacked Turkish troops") still do.
                    continue
                others.append((token.i, actor.country, actor.id))
        for actor, at, exclude in self.homeless:
            if actor.country is not None or actor.sector in _UNLOCATED_SECTORS:
                continue
            if actor.type == "person" and not _national_office(actor):
                continue
            country = self._nearest_country(actor, at, exclude, places, others)
            if country is not None:
                actor.country = country
                actor.code = _code(actor.country, actor.sector)
                if actor.type == "group" and actor.role and actor.name == actor.role:
                    actor.name = f"{self.kb.code_name(country)} {actor.role}"

    def _nearest_country(
        self,
        actor: Actor,
        at: int,
        exclude: str | None,
        places: list[tuple[int, str, bool]],
        others: list[tuple[int, str, str]],
    ) -> str | None:
        """The country a homeless actor at token ``at`` most likely belongs to.

        In order: a place of its sentence that acts or is described (nearest first); another
        actor of the sentence (not a partner: "between Harlow and Foreign Minister Sorokin");
        then where things happen, but a venue the article names only as a venue ("talks in
        Geneva") yields to the country the article names most often, so that "Foreign Ministry
        spokesman Reza Moradi … in Geneva" in an article about Iran is Iranian; last a country
        the sentence opposes ("rejecting Kyrgyz claims").
        """
        own = self._own_place(self.doc[at], exclude)
        if own is not None:
            return own
        sent = self.doc[at].sent
        here = [
            (self._place_rank(i), abs(i - at), c)
            for i, c, _ in places
            if sent.start <= i < sent.end
        ]
        here = [item for item in here if item[2] != exclude]
        near = [item for item in here if item[0] == 0]
        if near:
            return min(near)[2]
        # Persons named together ("between Harlow and Foreign Minister Sorokin") are
        # counterparts; an army and the rebels it fights are usually of one country.
        partners = self._partners(at) if actor.type == "person" else set()
        near = [
            (0, abs(i - at), c)
            for i, c, owner in others
            if sent.start <= i < sent.end and c != exclude and owner != actor.id
            if owner not in partners
        ]
        if near:
            return min(near)[2]
        if not here:
            return exclude
        venues = [item for item in here if item[0] == 1]
        stated: dict[str, int] = {}  # countries the article names as actors, not as venues
        for i, c, is_country in places:
            if is_country and self._place_rank(i) == 0:
                stated[c] = stated.get(c, 0) + 1
        if any(c in stated for _, _, c in venues):
            return min(item for item in venues if item[2] in stated)[2]
        # Counterparts are of other countries: a partner, another holder of the same title
        # ("Finnish Foreign Minister Liisa Korhonen").
        counterparts = {
            p.actor.country
            for p in self.persons
            if p.actor.id in partners or (p.actor is not actor and p.actor.role == actor.role)
        }
        best = [(-n, c) for c, n in stated.items() if c != exclude and c not in counterparts]
        if best and venues:
            return min(best)[1]
        return min(here)[2]

    def _own_place(self, head: Token, exclude: str | None) -> str | None:
        """The country of a place the phrase itself puts its actor in: "the Foreign Ministry in
        Tokyo", "police in Jakarta", "a terror group based in Trinidad". A place so attached to
        the actor's own noun is clear evidence, clearer than any other country of the sentence
        ("… in Tokyo protested to Beijing"); a place of the verb ("protested in Tokyo") is
        not read here."""
        for child in head.children:
            preps = [child] if child.dep_ == "prep" else []
            if child.dep_ == "acl" and child.lemma_.lower() in ("base", "headquarter", "station"):
                preps = [c for c in child.children if c.dep_ == "prep"]  # "based in Trinidad"
            for prep in preps:
                if prep.lower_ not in ("in", "inside"):
                    continue
                for pobj in prep.children:
                    if pobj.dep_ != "pobj":
                        continue
                    country = self._country_of_token(pobj)
                    if country is not None and country != exclude:
                        return country
        return None

    def _place_rank(self, i: int) -> int:
        """0 for a place that acts or is described, 1 for a venue or dateline, 2 for a country
        the sentence opposes: where things happen ("talks in Geneva") places a person least
        surely, and a country the person rejects or blames ("rejecting Kyrgyz claims") hardly.
        """
        token = self.doc[i]
        if _locative(token) or _dateline(token):
            return 1  # "stormed the U.S. embassy in Tehran": Tehran is still where it happened
        return 2 if _opposed(token) else 0

    def _partners(self, at: int) -> set[str]:
        """Actors coordinated with the token ("between Harlow and Foreign Minister Sorokin")."""
        token = self.doc[at]
        linked = [*token.conjuncts]
        found: set[str] = set()
        for other in linked:
            actor_id = self.table.actor_for_token(other)
            if actor_id is not None:
                found.add(actor_id)
        return found

    def _international_of_token(self, token: Token) -> str | None:
        """The code of an international organisation mentioned by this token ("UN troops")."""
        actor = self.table.get(self.table.actor_for_token(token))
        if actor is not None and self.kb.is_international(actor.country):
            return actor.country
        return None

    def _other_actor_at(self, token: Token) -> bool:
        """Whether the token is part of a mention of an actor that is not a place."""
        actor_id = self.table.actor_for_token(token)
        if actor_id is None:
            return False
        actor = self.table.get(actor_id)
        return actor is not None and actor.type != "country" and actor_id not in self.places

    def _country_after(self, span: Span) -> str | None:
        """The country in "of Ukraine" / "from Ukraine" right after a name."""
        doc = self.doc
        i = span.end
        if i + 1 >= len(doc) or doc[i].lower_ not in {"of", "from"}:
            return None
        if doc[i + 1].lower_ == "the" and i + 2 < len(doc):
            i += 1
        return self._country_of_token(doc[i + 1])

    def _country_before(self, span: Span) -> str | None:
        """A country word right before a name with no title ("Israeli right-winger Sharon")."""
        doc = self.doc
        for i in range(span.start - 1, max(span.sent.start, span.start - 4) - 1, -1):
            t = doc[i]
            if t.pos_ in {"DET", "CCONJ", "VERB", "AUX", "ADP"} or (t.is_punct and t.text != "-"):
                return None
            place = self._country_of_token(t)
            if place:
                return place
        return None

    def _nationality_in_apposition(self, span: Span) -> str | None:
        """The country of a nationality word in an apposition with no title: "Brunson, an
        American pastor held in Turkey," is American (the place he is held says nothing)."""
        for child in span.root.children:
            if child.dep_ != "appos" or child.i < span.end:
                continue
            for t in child.lefts:
                if t.dep_ in {"amod", "compound", "nmod", "poss"}:
                    place = self._country_of_token(t)
                    if place:
                        return place
        return None

    def _country_of_token(self, token: Token) -> str | None:
        actor_id = self.table.actor_for_token(token)
        country: str | None = None
        if actor_id is not None:
            actor = self.table.get(actor_id)
            if actor is not None and (actor.type == "country" or actor_id in self.places):
                country = actor.country
        else:
            text = token.text
            if text.lower().endswith("-led"):
                text = text[:-4]  # "U.S.-led forces" are led, and so coded, by the US
            entry = self.kb.place(text) if text[:1].isupper() else None
            country = entry.country if entry is not None else None
        # "pro-Russian separatists" take a side and "Rwandan-backed rebels" have a backer:
        # neither is of that country. Asked last, of the few words that name a country: each
        # question builds Token objects for the words around.
        if country is None or sided(token) or sponsoring(token):
            return None
        return country
