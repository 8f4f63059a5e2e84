"""The parties of an event: who acts on whom, read from the clause around its trigger.

The source is the clause's subject (or the speaker of a passive, or the actor of a bare
subject phrase); the target is the object, a partner ("talks with"), a recipient ("to",
"against") or the other conjunct of a plural subject. Both are actors of the article's
:class:`~rashomon.nlp.actor_table.ActorTable`.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..nlp.actor_table import ActorTable
from ..nlp.sides import sided, sponsoring
from .implied import implied_authority
from .lexicon import Grammar, Lexicon
from .syntax import (
    COMPLEMENT_DEPS,
    COMPOUND_PREP_HEADS,
    OBJECT_DEPS,
    PARTNER_PREPS,
    PASSIVE_SUBJECT_DEPS,
    SUBJECT_DEPS,
    SYMMETRIC,
    VERB_MARKERS,
    _clause_head,
    _Found,
    _gap_object,
    _is_infinitive,
    _passive_form,
    _root_noun,
)


class _Parties:
    """The party finding of :class:`~.coder.EventCoder`."""

    grammar: Grammar
    lexicon: Lexicon
    verb_forms: dict[str, str]
    agents: frozenset[str]

    def _verb_lemma(self, token: Token) -> str:
        """The lexicon's lemma of a verb (a form the lemmatizer gets wrong, mapped back)."""
        lemma = token.lemma_.lower()
        if lemma in self.lexicon.verbs or lemma in self.grammar.light_verbs:
            return lemma
        return self.verb_forms.get(token.lower_, lemma)

    # ------------------------------------------------------------------ parties
    def _subject(self, token: Token) -> tuple[Token | None, bool]:
        """The subject of the clause of ``token`` and whether the clause is passive.

        A subject found up the tree ("was indicted … and will resign", "was forced to
        withdraw") makes the clause passive only when ``token`` is itself a passive form.
        """
        node = token
        for _ in range(6):
            for child in node.children:
                if child.dep_ in SUBJECT_DEPS:
                    return child, False
                if child.dep_ in PASSIVE_SUBJECT_DEPS:
                    return child, node.i == token.i or _passive_form(token)
            up = _clause_head(node)
            if up is not None:
                node = up
                continue
            if node.dep_ in ("acl", "relcl") and node.head.pos_ in ("NOUN", "PROPN"):
                root = _root_noun(node.head)
                if root is not None and node.tag_ in ("VBN", "VBD"):
                    # "An official Syrian newspaper called on Arabs …" parsed as a noun
                    # phrase: the participle is the sentence's verb, the noun its subject.
                    return root, False
                return node.head, node.tag_ == "VBN"
            return None, False
        return None, False

    def _subject_anchor(self, item: _Found) -> Token:
        """Where to look for the subject: the verb, or for an infinitive of purpose on a noun
        that the trigger took its object from ("they have weapons to use against X"), the verb
        whose object that noun is: who has the weapons would use them. An infinitive whose
        noun is its subject ("the army's role to fight") never gets here: it matched without
        the noun."""
        token = item.predicate
        if not item.intended or token.dep_ not in ("acl", "relcl"):
            return token
        gap = _gap_object(token)
        if gap is not None and gap.dep_ in OBJECT_DEPS and gap.head.pos_ in ("VERB", "AUX"):
            return gap.head
        return token

    def _bare_subject(self, token: Token, table: ActorTable) -> str | None:
        """The actor right before a root verb the parser left without a subject.

        "…, the Sudanese government and SPLM/A have agreed": the phrase the parser attached
        elsewhere still stands right before the verb and its auxiliaries.
        """
        if token.dep_ != "ROOT":
            return None
        i = token.i - 1
        doc = token.doc
        while i >= token.sent.start and doc[i].head.i == token.i and doc[i].dep_ in VERB_MARKERS:
            i -= 1
        if i < token.sent.start:
            return None
        before = token.doc[i]
        if before.pos_ not in ("NOUN", "PROPN"):
            return None
        return table.actor_for_token(before)

    def _phrase_actor(self, table: ActorTable, head: Token) -> str | None:
        """The actor a phrase refers to; a title phrase refers to the person it names.

        "the President of the Russian Federation Vladimir Putin" is Putin, not Russia: when the
        head is a title without a mention of its own, a person named inside wins. A head noun
        with no mention of its own is named by its compound ("the Hizbollah group", "Osama bin
        Laden's al-Qaeda terror network"), not by a possessor or a "pro-Iranian" modifier.
        """
        own = table.actor_for_token(head)
        if own is not None:
            return own
        if head.lemma_.lower() in self.grammar.titles:
            for token in head.subtree:
                actor = table.get(table.actor_for_token(token))
                if actor is not None and actor.type == "person":
                    return actor.id
        for child in sorted(head.lefts, key=lambda c: -c.i):
            if child.dep_ in ("compound", "nmod"):
                named = table.actor_for_token(child)
                if named is not None:
                    return named
        for token in head.subtree:
            named = table.actor_for_token(token)
            if named is not None and not sided(token) and not sponsoring(token):
                return named
        return None

    def _speaker_of(self, token: Token, table: ActorTable) -> str | None:
        """When the clause is reported ("Syria says it will …"), the reporting subject's actor."""
        node = token
        for _ in range(4):
            if node.dep_ == "ccomp" and node.head.lemma_.lower() in self.grammar.speech_verbs:
                subject, passive = self._subject(node.head)
                if subject is not None and not passive:
                    return self._phrase_actor(table, subject)
                return None
            if node.dep_ not in ("xcomp", "conj", "ccomp", "acomp"):
                return None
            node = node.head
        return None

    def _partner_in(self, token: Token, table: ActorTable, exclude: set[str | None]) -> str | None:
        """The actor of a prepositional partner of ``token`` ("sanctions on X", "talks with X")."""
        preps = [c for c in token.children if c.dep_ == "prep"]
        # "out of the enclave of Gorazde", "away from the border": the compound preposition's
        # second word holds the partner, as "from" does.
        preps += [
            inner
            for outer in preps
            if outer.lower_ in COMPOUND_PREP_HEADS
            for inner in outer.children
            if inner.dep_ == "prep" and inner.lower_ in ("of", "from")
        ]
        preps.sort(key=lambda p: PARTNER_PREPS.index(p.lower_) if p.lower_ in PARTNER_PREPS else 99)
        for prep in preps:
            if prep.lower_ not in PARTNER_PREPS and prep.head.lower_ not in COMPOUND_PREP_HEADS:
                continue
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    actor = self._party(self._phrase_actor(table, pobj), pobj, table, exclude)
                    if actor is not None:
                        return actor
        return None

    def _objects_actor(
        self, token: Token, table: ActorTable, exclude: set[str | None]
    ) -> str | None:
        for dep_set in (frozenset({"dative"}), OBJECT_DEPS):
            for child in token.children:
                if child.dep_ in dep_set:
                    actor = self._party(self._phrase_actor(table, child), child, table, exclude)
                    if actor is not None:
                        return actor
                    partner = self._partner_in(child, table, exclude)
                    if partner is not None:
                        return partner
        return None

    def _recipient(
        self,
        item: _Found,
        table: ActorTable,
        exclude: set[str | None],
        passive_subject: Token | None,
    ) -> str | None:
        for phrase in (item.addressee, passive_subject):
            if phrase is None:
                continue
            actor = self._phrase_actor(table, phrase)
            if actor not in exclude:
                return actor
        places: list[Token] = [a.predicate for a in item.absorbed]
        if item.noun is not None:
            places.insert(0, item.noun)
        places.append(item.predicate)
        # "demanded that the US cancel …", "threatened to deliver blows to X": the party sits
        # in the complement clause (its subject, or its objects and partners).
        seen = {p.i for p in places}
        for child in item.predicate.children:
            complement = child.dep_ in COMPLEMENT_DEPS
            if (complement or (child.dep_ == "advcl" and _is_infinitive(child))) and (
                child.i not in seen
            ):
                places.append(child)
        for place in places:
            if place.i != item.predicate.i and place.dep_ == "ccomp":
                subject, _ = self._subject(place)
                if subject is not None and subject.head.i == place.i:
                    found = self._party(self._phrase_actor(table, subject), subject, table, exclude)
                    if found is not None:
                        return found
            found = self._objects_actor(place, table, exclude)
            if found is None:
                found = self._partner_in(place, table, exclude)
            if found is not None:
                return found
        return None

    def _party(
        self, actor: str | None, phrase: Token, table: ActorTable, exclude: set[str | None]
    ) -> str | None:
        """``actor`` as a recipient, unless excluded or the actor's own agents ("its troops")."""
        if actor in exclude:
            return None
        found = table.get(actor)
        if found is not None and found.country is None and phrase.lemma_.lower() in self.agents:
            return None
        return actor

    def _refusal_parties(self, item: _Found, table: ActorTable) -> tuple[str | None, str | None]:
        """Who rules out an action (the speaker who reports it: "US authorities said that
        removing the sanctions on Burma is out of the question") and whom the action was about
        (its object or partner: Burma)."""
        actor = self._speaker_of(item.predicate, table)
        refused = item.refused
        if refused is None:
            return actor, None
        exclude = {None, actor}
        recipient = None
        if refused.pos_ in ("VERB", "AUX"):
            recipient = self._objects_actor(refused, table, exclude)
        if recipient is None:
            recipient = self._partner_in(refused, table, exclude)
        return actor, recipient

    def _between(self, item: _Found, table: ActorTable) -> tuple[str, str | None] | None:
        """The two sides of a "between X and Y" phrase on the event noun or its verb."""
        heads = [item.noun, item.predicate] if item.noun is not None else [item.predicate]
        for head in heads:
            for prep in head.children:
                if prep.dep_ != "prep" or prep.lower_ != "between":
                    continue
                for pobj in prep.children:
                    if pobj.dep_ != "pobj":
                        continue
                    first = self._phrase_actor(table, pobj)
                    if first is None:
                        continue
                    second = None
                    for conj in pobj.children:
                        if conj.dep_ == "conj":
                            second = self._phrase_actor(table, conj)
                    return first, second if second != first else None
        return None

    def _moved_forces(self, predicate: Token, subject: Token, table: ActorTable) -> str | None:
        """The body whose own forces an agentless passive moves, or None.

        Only a body moves its troops, peacekeepers or monitors (``force_moves`` in the grammar:
        deploy, withdraw, send, ship out, …), so "US Marines were deployed to Haiti" is done by
        the body the forces belong to: their actor, when it has a country or a body's code
        ("UN peacekeepers" → UNO). Forces with no country of their own ("about 600 troops")
        name no actor, and an action done *to* forces ("were attacked") is no move.
        """
        if self._verb_lemma(predicate) not in self.grammar.force_moves:
            return None
        if subject.lemma_.lower() not in self.agents:
            return None
        forces = table.get(self._phrase_actor(table, subject))
        if forces is None or forces.country is None:
            return None
        return forces.id

    def _other_conjunct(self, subject: Token, table: ActorTable, actor: str | None) -> str | None:
        """The second party of a compound subject ("the United States and Jordan")."""
        for token in subject.subtree:
            if token.dep_ == "conj":
                other = self._phrase_actor(table, token)
                if other is not None and other != actor:
                    return other
        return None

    def _parties(self, item: _Found, table: ActorTable | None) -> tuple[str | None, str | None]:
        if table is None:
            return None, None
        if item.refused is not None:
            return self._refusal_parties(item, table)
        subject, passive = self._subject(self._subject_anchor(item))
        clausal = subject is not None and subject.dep_ == "csubj"
        if clausal:
            subject = None  # a clause ("removing the sanctions") names what, never who
        agent: Token | None = None
        for child in item.predicate.children:
            if child.dep_ == "agent":
                agent = next((c for c in child.children if c.dep_ == "pobj"), None)
        actor: str | None = None
        passive_subject: Token | None = None
        if passive and agent is None and item.predicate.lemma_.lower() in self.grammar.statives:
            passive = False  # "is committed to", "were engaged in": the subject acts
        if passive:
            passive_subject = subject
            if agent is not None:
                actor = self._phrase_actor(table, agent)
        elif subject is not None:
            actor = table.actor_for_token(subject) if subject.pos_ == "PRON" else None
            actor = actor or self._phrase_actor(table, subject)
        if actor is None and (subject is None or subject.pos_ == "PRON"):
            actor = self._speaker_of(item.predicate, table)
        if actor is None and subject is None and not clausal:
            actor = self._bare_subject(item.predicate, table)
        recipient = self._recipient(item, table, {None, actor}, passive_subject)
        if actor is None and passive and agent is None and passive_subject is not None:
            # "Eighty UN peacekeepers were shipped out of Gorazde", "NATO troops were withdrawn
            # from Kosovo": a body moves its own forces; the place is the other party.
            mover = self._moved_forces(item.predicate, passive_subject, table)
            if mover is not None:
                actor = mover
                recipient = self._recipient(item, table, {None, actor}, None)
        if actor is None and passive and agent is None and self._verb_lemma(item.predicate) in (
            self.grammar.authority_actions
        ):
            # "Prisoners were released in Algiers": the place is who released, not to whom.
            done_to = (
                None if passive_subject is None else self._phrase_actor(table, passive_subject)
            )
            actor = implied_authority(item.predicate, passive_subject, table, {done_to})
            if actor is not None and actor == recipient:
                recipient = None
        if item.noun is not None and subject is not None and subject.i == item.noun.i:
            # "Talks between Israel and Syria resumed", "clashes broke out between police and
            # protesters": the parties are the two sides the event noun or its verb names.
            sides = self._between(item, table)
            if sides is not None:
                actor, recipient = sides
        if (
            recipient is None
            and subject is not None
            and not passive
            and item.trigger.type in SYMMETRIC
        ):
            recipient = self._other_conjunct(subject, table, actor)
        return actor, recipient
