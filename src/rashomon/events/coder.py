"""The ``rashomon_events`` component: who did what to whom, coded in PLOVER 2.0 and CAMEO.

The coder reads the dependency parse, never raw strings. One pass over the tokens finds
triggers from the lexicon (``lexicon``): a verb lemma, optionally with its particle or
object ("called off a strike", "imposed sanctions"), or an event noun carried by a light verb
("held talks", "staged a protest"). For each trigger it then reads:

* actor and recipient from syntactic roles through the ``ActorTable`` (subject, object, dative,
  prepositional partners, passive agents), falling back on the speaker of a reporting verb
  when the subject is a pronoun;
* negation and modality: "did not agree" is negated; "will", "plans to", "could" set
  ``modality``. An action only announced is coded as what happened — the announcement: a
  promised cooperative action is an AGREE, a promised hostile one a THREATEN, a refused one a
  REJECT — and the verbs that govern another action ("threatened to", "refused to", "agreed
  to") absorb it rather than let it count as done;
* the statement it is claimed in (``attributed_to``), context tags, the date (from relative
  expressions against the publication date) and the place.

Events of one sentence come most prominent first (closest to the sentence root), so the first
event of a sentence is its main event.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from spacy.attrs import LEMMA, LOWER, POS
from spacy.parts_of_speech import AUX, NOUN, PROPN, VERB
from spacy.tokens import Doc, Span, Token
from spacy.util import minibatch

from ..nlp.actor_table import ActorTable
from ..nlp.arrays import token_strings
from ..records import Event, Statement
from ..statements import default_lexicon as default_cues
from .dates import parse_published, resolve_date
from .lexicon import Lexicon, Trigger
from .model import TYPE_CAMEO, load_fallback
from .parties import _Parties
from .syntax import (
    CARRIER_PREPS,
    COMPLEMENT_DEPS,
    INTENT_CAMEO,
    MODIFIER_DEPS,
    NOUN_CARRIERS,
    OBJECT_DEPS,
    PASSIVE_SUBJECT_DEPS,
    PLACE_LABELS,
    PLACE_PREPS,
    SUBJECT_DEPS,
    _depth,
    _distance_up,
    _Found,
    _gap_object,
    _inflections,
    _is_party,
    _is_plural_party,
    _noun_lemmas,
    _object_tokens,
    _prep_path,
    _statement_index,
)


class EventCoder(_Parties):
    """Codes events on the dependency parse with a PLOVER/CAMEO lexicon."""

    def __init__(self, lexicon: Lexicon, fallback: bool = True) -> None:
        self.lexicon = lexicon
        # Whether clauses the lexicon misses go to the embedding classifier (event_model).
        self.fallback = fallback
        self.grammar = lexicon.grammar
        # The lemmatizer sometimes misses a regular form ("staged" → "stag"); a table of
        # regular inflections, built once, lets the surface form stand in for the lemma.
        self.verb_forms = _inflections(set(lexicon.verbs) | set(self.grammar.light_verbs))
        self.agents = self.grammar.agents
        # Verbs that report or attribute rather than act ("noted", "believes", "reported"):
        # the fallback looks at what they report, never at them.
        cues = default_cues()
        self.report_verbs = (
            self.grammar.speech_verbs | frozenset(cues.verbs) | cues.belief_verbs
        )

    # ------------------------------------------------------------------ finding triggers
    def _verb_features(self, token: Token) -> tuple[set[str], set[str], bool]:
        """Particles/prepositions, object lemmas (with their modifiers) and a partner flag."""
        particles: set[str] = set()
        objects: set[str] = set()
        partner = False
        for child in token.children:
            dep = child.dep_
            if dep in ("prt", "prep"):
                particles.add(child.lower_)
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        objects.update(_noun_lemmas(pobj))
                        if child.lower_ in ("with", "to", "between", "against"):
                            partner = partner or _is_party(pobj)
            elif dep in OBJECT_DEPS or dep in PASSIVE_SUBJECT_DEPS or dep == "dative":
                objects.update(_noun_lemmas(child))
                partner = partner or _is_party(child)
            elif dep in SUBJECT_DEPS and _is_plural_party(child):
                partner = True
        return particles, objects, partner

    def _match_verb(self, token: Token, entries: list[Trigger]) -> _Found | None:
        particles, objects, partner = self._verb_features(token)
        found = self._match_entries(token, entries, particles, objects, partner)
        gap = _gap_object(token) if found is None else None
        if gap is not None:
            # "weapons to use against the United States": an infinitive of purpose with no
            # object of its own takes its head's, and what a thing is made or kept for has
            # not happened yet. Only entries that need that object are tried, so "the right
            # to protest" or "an attempt to prevent …" stay as they were.
            needing = [entry for entry in entries if entry.objects]
            found = self._match_entries(
                token, needing, particles, objects | _noun_lemmas(gap), partner
            )
            if found is not None:
                found.intended = True
        return found

    def _match_entries(
        self,
        token: Token,
        entries: list[Trigger],
        particles: set[str],
        objects: set[str],
        partner: bool,
    ) -> _Found | None:
        for entry in entries:
            if entry.particle and entry.particle not in particles:
                continue
            if entry.objects and not entry.objects & objects:
                continue
            if entry.partner and not partner:
                continue
            words = [token]
            if entry.particle:
                words += [c for c in token.children if c.lower_ == entry.particle][:1]
            if entry.objects:
                words += _object_tokens(token, entry.objects)[:1]
            return _Found(entry, token, sorted(words, key=lambda t: t.i))
        return None

    def _refusal(self, copula: Token) -> _Found | None:
        """ "Removing the sanctions is out of the question": a copula whose predicate rules an
        action out (``refusals`` in the grammar, read as lemma paths through its prepositions)
        is a REJECT of that action; the subject is what is refused, never who refuses."""
        for prep in copula.children:
            if prep.dep_ != "prep":
                continue
            words = _prep_path(prep)
            if " ".join(t.lemma_.lower() for t in words) not in self.grammar.refusals:
                continue
            refused = next(
                (c for c in copula.children if c.dep_ in SUBJECT_DEPS or c.dep_ == "ccomp"), None
            )
            if refused is None:
                return None
            if refused.pos_ == "PRON":  # "it is out of the question to …"
                refused = next(
                    (c for c in copula.children if c.dep_ in ("ccomp", "xcomp")), refused
                )
            entry = Trigger("REJECT", None, "120", "V", copula.lemma_.lower())
            item = _Found(entry, copula, [copula, *words])
            item.refused = refused
            return item
        return None

    def _noun_carrier(self, token: Token) -> Token | None:
        """The light verb that carries an event noun: "held talks", "a round of talks"."""
        node = token
        if node.dep_ == "compound" or node.dep_ == "conj":
            node = node.head
        elif node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.pos_ == "NOUN":
            node = node.head.head
        if node.dep_ == "conj" and node.head.pos_ in ("NOUN", "PROPN"):
            node = node.head
        if node.dep_ == "pobj" and node.head.lower_ == "for" and self._meeting_noun(token):
            # "flew to Beijing for talks", "return to Geneva for talks": a journey to meet.
            verb = node.head.head
            if verb.pos_ == "VERB" and self._verb_lemma(verb) in self.grammar.travel_verbs:
                return verb
        if node.dep_ == "nsubj" and node is token:
            # "Talks between Israel and Syria resumed", "clashes broke out", "the US air strike
            # took place": a verb of onset whose subject is the event noun carries it.
            return node.head if self._onset(node.head) else None
        if node.dep_ == "pobj" and node.head.lower_ in CARRIER_PREPS:
            verb = node.head.head
        elif node.dep_ in NOUN_CARRIERS:
            verb = node.head
        else:
            return None
        if (
            verb.pos_ not in ("VERB", "AUX")
            or self._verb_lemma(verb) not in self.grammar.light_verbs
        ):
            return None
        return verb

    def _onset(self, verb: Token) -> bool:
        """Whether a verb says that what its subject names began, went on or took place
        (``onsets`` in the grammar: "resume", "erupt", "break out", "take place", …)."""
        if verb.pos_ != "VERB":
            return False
        words = self.grammar.onsets.get(self._verb_lemma(verb))
        if words is None:
            return False
        return not words or any(c.lower_ in words for c in verb.children)

    def _meeting_noun(self, token: Token) -> bool:
        """Whether a noun names a meeting (a CONSULT noun of the lexicon: talks, summit, …)."""
        entries = self.lexicon.nouns.get(token.lemma_.lower(), [])
        return any(entry.type == "CONSULT" for entry in entries)

    def _match_noun(self, token: Token, entries: list[Trigger]) -> _Found | None:
        carrier = self._noun_carrier(token)
        if carrier is None:
            return None
        modifiers = {c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod")}
        for entry in entries:
            if entry.objects and not entry.objects & modifiers:
                continue
            return _Found(entry, carrier, [carrier, token], noun=token)
        return None

    def _candidates(self, doc: Doc) -> Iterator[Token]:
        """The tokens that may be a trigger or a "must": verbs, auxiliaries, and nouns the
        lexicon lists, read from the annotation arrays (a Token object only for them)."""
        nouns = self.lexicon.nouns
        lemmas = token_strings(doc, LEMMA)
        for i, pos in enumerate(doc.to_array(POS).tolist()):
            if pos in (VERB, AUX) or (pos in (NOUN, PROPN) and lemmas[i].lower() in nouns):
                yield doc[i]

    def find(self, doc: Doc) -> tuple[list[_Found], list[Token]]:
        """Every trigger in the document and every "must", in one pass over the tokens."""
        verbs = self.lexicon.verbs
        nouns = self.lexicon.nouns
        found: list[_Found] = []
        musts: list[Token] = []
        for token in self._candidates(doc):
            pos = token.pos_
            if pos == "AUX" and token.lower_ == "must" and token.dep_ == "aux":
                musts.append(token)
                continue
            if token.lemma_.lower() in self.grammar.copulas:
                refusal = self._refusal(token)
                if refusal is not None:
                    found.append(refusal)
                    continue
            if pos == "VERB" and token.dep_ not in MODIFIER_DEPS:
                entries = verbs.get(self._verb_lemma(token))
                if entries:
                    match = self._match_verb(token, entries)
                    if match is not None:
                        found.append(match)
            elif pos in ("NOUN", "PROPN"):
                entries = nouns.get(token.lemma_.lower())
                if entries:
                    match = self._match_noun(token, entries)
                    if match is not None:
                        found.append(match)
        # A verb that codes an event itself ("imposed sanctions") outranks its noun.
        verb_predicates = {f.predicate.i for f in found if f.noun is None}
        kept = [f for f in found if f.noun is None or f.predicate.i not in verb_predicates]
        return kept, musts

    # ------------------------------------------------------------------ reading the clause
    def _absorb(self, found: list[_Found]) -> list[_Found]:
        """Actions governed by a frame verb ("threatened to strike") become part of it."""
        by_predicate = {f.predicate.i: f for f in found}
        kept: list[_Found] = []
        for item in found:
            governor = self._frame_governor(item.predicate, by_predicate)
            if governor is not None and governor is not item:
                governor.absorbed.append(item)
            else:
                kept.append(item)
        return kept

    def _frame_governor(self, token: Token, by_predicate: dict[int, _Found]) -> _Found | None:
        node = token
        # Walk up through complements and modal governors: "refused to even consider signing".
        for _ in range(4):
            if node.dep_ not in COMPLEMENT_DEPS and node.dep_ not in ("conj", "advcl"):
                return None
            head = node.head
            found = by_predicate.get(head.i)
            if found is not None and found.trigger.frame and node.dep_ != "conj":
                return found
            lemma = head.lemma_.lower()
            if (
                node.dep_ == "conj"
                or lemma in self.grammar.governors
                or lemma in self.grammar.aspectuals
            ):
                node = head
                continue
            return None
        return None

    def _modality(self, token: Token) -> tuple[str | None, bool, Token]:
        """Modality, negation from governing verbs, and the topmost governed verb."""
        grammar = self.grammar
        modality: str | None = None
        negated = False
        node = token
        for _ in range(4):
            for child in node.children:
                if child.dep_ in ("aux", "auxpass") and modality is None:
                    modality = grammar.auxiliaries.get(child.lower_) or modality
                elif child.dep_ == "neg" and node.i != token.i:
                    negated = True
                elif child.dep_ == "mark" and node.dep_ == "advcl" and child.lower_ == "if":
                    modality = modality or "if"
            if node.dep_ not in COMPLEMENT_DEPS:
                break
            head = node.head
            lemma = head.lemma_.lower()
            if node.dep_ == "ccomp" and head.pos_ != "ADJ":
                break  # "said that …" reports; only "it is unlikely that …" qualifies
            if lemma == "fail":
                negated = True
            elif lemma in grammar.aspectuals:
                pass
            elif lemma in grammar.governors:
                modality = modality or grammar.governors[lemma]
            else:
                break
            node = head
        return modality, negated, node

    def _negated(self, item: _Found) -> bool:
        negators = self.grammar.negators
        for child in item.predicate.children:
            if child.dep_ == "neg" or (child.dep_ == "advmod" and child.lower_ in ("never",)):
                return True
        objects = [item.noun] if item.noun is not None else []
        objects += [c for c in item.predicate.children if c.dep_ in OBJECT_DEPS]
        for obj in objects:
            if any(c.dep_ == "det" and c.lower_ in negators for c in obj.children):
                return True
        return False

    # ------------------------------------------------------------------ sentence facts
    def _context(self, sent: Span, lemmas: list[str], lowers: list[str]) -> list[str]:
        """The context tags the words of a sentence name (``lemmas`` and ``lowers``: the
        document's, from the annotation arrays)."""
        tags: list[str] = []
        context = self.lexicon.context
        for i in range(sent.start, sent.end):
            for tag in context.get(lemmas[i].lower(), ()) or context.get(lowers[i], ()):
                if tag not in tags:
                    tags.append(tag)
        return tags

    def _date(
        self, item: _Found, ents: Sequence[Span], published: date | None, future: bool
    ) -> str | None:
        best: tuple[int, Span] | None = None
        for ent in ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            distance = _distance_up(ent.root, item.predicate)
            if distance is not None and (best is None or distance < best[0]):
                best = (distance, ent)
        if best is not None:
            resolved = resolve_date(best[1].text, published, future)
            if resolved is not None:
                return resolved.isoformat()
        # Like GDELT, an event with no date of its own is dated by its report, unless it is
        # only announced or supposed.
        if published is not None and not future:
            return published.isoformat()
        return None

    def _location(
        self, ents: Sequence[Span], table: ActorTable | None, parties: set[str | None]
    ) -> str | None:
        for ent in ents:
            if ent.label_ not in PLACE_LABELS:
                continue
            if table is not None and table.actor_for_span(ent) in parties - {None}:
                continue
            head = ent.root.head
            if ent.root.dep_ == "pobj" and head.lower_ in PLACE_PREPS:
                return ent.text
            if (
                ent.root.dep_ == "pobj"
                and head.lower_ == "of"
                and head.head.head.lower_ in PLACE_PREPS
            ):
                return ent.text
        return None

    # ------------------------------------------------------------------ coding
    def _code(
        self, item: _Found, modality: str | None, negated: bool
    ) -> tuple[str, str | None, str]:
        """Type, mode and CAMEO of an event, given how it is announced."""
        grammar = self.grammar
        trigger = item.trigger
        type_, mode, cameo = trigger.type, trigger.mode, trigger.cameo
        if trigger.frame and item.absorbed and type_ == "THREATEN" and mode is None:
            mode = grammar.threat_modes.get(item.absorbed[0].trigger.type)
        if modality is None or modality not in grammar.commitment:
            return type_, mode, cameo
        conditional = any(
            c.dep_ == "advcl"
            and any(m.dep_ == "mark" and m.lower_ in grammar.conditions for m in c.children)
            for c in item.predicate.children
        )
        if conditional and type_ != "THREATEN":
            return "THREATEN", grammar.threat_modes.get(type_), "130"
        if type_ in grammar.cooperative:
            if negated:
                return "REJECT", None, "120"
            if type_ == "AGREE":
                return type_, mode, cameo
            return "AGREE", None, INTENT_CAMEO.get(type_, "030")
        if type_ in grammar.threat_modes:
            if modality in grammar.posture and type_ in ("ASSAULT", "COERCE"):
                return "MOBILIZE", "weapons", "150"
            return "THREATEN", grammar.threat_modes[type_], "138" if type_ == "ASSAULT" else "131"
        return type_, mode, cameo

    def _must_requests(self, musts: list[Token], table: ActorTable | None) -> list[_Found]:
        """ "X said Y must do Z": a demand by X on Y (REQUEST), whatever Z is."""
        requests: list[_Found] = []
        speech = self.grammar.speech_verbs
        for must in musts:
            token = must.head
            if token.dep_ != "ccomp" or token.head.lemma_.lower() not in speech:
                continue
            subject, _ = self._subject(token)
            said_by, _ = self._subject(token.head)
            if subject is None or said_by is None:
                continue
            if table is not None and self._phrase_actor(table, subject) == self._phrase_actor(
                table, said_by
            ):
                continue
            entry = Trigger("REQUEST", None, "100", "V", token.head.lemma_.lower())
            requests.append(_Found(entry, token.head, [token.head], addressee=subject))
        return requests

    # ------------------------------------------------------------------ the fallback
    def fallback_clauses(
        self, doc: Doc, found: list[_Found], musts: list[Token], table: ActorTable | None
    ) -> list[_Found]:
        """Clauses of sentences without a trigger where one actor acts on another.

        The sentence's main verb (under a reporting verb, the reported one) must have an
        actor as subject and another actor as its object or partner: only such clauses can
        be events the lexicon missed, and only they are worth an embedding. The classifier
        learned from done, affirmed events, so a clause that is announced, supposed or negated
        ("would not have done that") is not asked about, nor one whose verb states a state or
        only carries another word (``non_events`` in the grammar: be, have, make, use, …).
        """
        if table is None or not len(table):
            return []
        covered = {f.predicate.sent.start for f in found} | {m.sent.start for m in musts}
        clauses: list[_Found] = []
        for sent in doc.sents:
            if sent.start in covered:
                continue
            verb = self.main_verb(sent)
            if verb is None:
                continue
            lemma = verb.lemma_.lower()
            if lemma in self.grammar.non_events:
                continue
            item = _Found(Trigger("CONSULT", None, "", "V", lemma), verb, [verb], source="model")
            modality, governed_negation, _ = self._modality(verb)
            if modality is not None or governed_negation or self._negated(item):
                continue
            actor, recipient = self._parties(item, table)
            if actor is not None and recipient is not None:
                clauses.append(item)
        return clauses

    def main_verb(self, sent: Span) -> Token | None:
        """The verb of a sentence's main clause; under a reporting verb, the reported one.

        None when that is no full verb (a copula) or a verb that only governs another.
        """
        verb = sent.root
        if verb.lemma_.lower() in self.report_verbs:
            verb = next((c for c in verb.children if c.dep_ == "ccomp"), verb)
            if verb is sent.root:
                return None
        lemma = verb.lemma_.lower()
        if (
            verb.pos_ != "VERB"
            or lemma in self.report_verbs
            or lemma in self.grammar.governors
            or lemma in self.grammar.aspectuals
        ):
            return None
        return verb

    def _model_coded(self, clauses: list[_Found]) -> list[_Found]:
        """The clauses the fallback classifier codes, each with its type and confidence."""
        fallback = load_fallback()
        if fallback is None:
            return []
        passed = fallback.gated([(item.predicate.sent, item.predicate) for item in clauses])
        clauses = [item for item, ok in zip(clauses, passed, strict=True) if ok]
        coded: list[_Found] = []
        results = fallback.code([item.predicate.sent.text for item in clauses])
        for item, result in zip(clauses, results, strict=True):
            if result is None:
                continue
            type_, confidence = result
            trigger = Trigger(type_, None, TYPE_CAMEO[type_], "V", item.trigger.lemma)
            coded.append(
                _Found(trigger, item.predicate, item.words, source="model", confidence=confidence)
            )
        return coded

    def events_of(self, doc: Doc) -> list[Event]:
        """The events of a parsed document, sentence by sentence, main event first."""
        return self.events_of_batch([doc])[0]

    def events_of_batch(self, docs: Sequence[Doc]) -> list[list[Event]]:
        """The events of several documents; the fallback embeds their clauses in one call."""
        triggers = [self.find(doc) for doc in docs]
        extra: dict[int, list[_Found]] = {}
        if self.fallback:
            clauses = [
                clause
                for doc, (found, musts) in zip(docs, triggers, strict=True)
                for clause in self.fallback_clauses(doc, found, musts, doc._.rashomon_actors)
            ]
            if clauses:
                for item in self._model_coded(clauses):
                    extra.setdefault(id(item.predicate.doc), []).append(item)
        return [
            self._events(doc, found + extra.get(id(doc), []), musts)
            for doc, (found, musts) in zip(docs, triggers, strict=True)
        ]

    def _events(self, doc: Doc, found: list[_Found], musts: list[Token]) -> list[Event]:
        if not found and not musts:
            return []
        table: ActorTable | None = doc._.rashomon_actors
        statements: list[Statement] = list(doc._.rashomon_statements or [])
        meta = doc._.rashomon_meta
        published = parse_published(meta.published if meta is not None else None)
        kept = self._absorb(found)
        for request in self._must_requests(musts, table):
            request.absorbed = [f for f in kept if f.predicate.head.i == request.predicate.i]
            kept = [f for f in kept if f not in request.absorbed] + [request]
        ranked = sorted(
            kept, key=lambda f: (f.predicate.sent.start, _depth(f.predicate), f.predicate.i)
        )
        events: list[Event] = []
        context_cache: dict[int, list[str]] = {}
        ents_cache: dict[int, list[Span]] = {}
        doc_ents = doc.ents  # spaCy builds every entity's Span again on each access
        lemmas, lowers = token_strings(doc, LEMMA), token_strings(doc, LOWER)
        for item in ranked:
            sent = item.predicate.sent
            modality, governed_negation, _ = self._modality(item.predicate)
            if item.intended:
                modality = modality or "plan"
            negated = governed_negation or self._negated(item)
            type_, mode, cameo = self._code(item, modality, negated)
            if type_ == "REJECT" and item.trigger.type != "REJECT":
                negated = False  # "will not accept" is coded as the refusal it states
            actor, recipient = self._parties(item, table)
            if sent.start not in context_cache:
                context_cache[sent.start] = self._context(sent, lemmas, lowers)
                ents_cache[sent.start] = _ents_within(doc_ents, sent)
            ents = ents_cache[sent.start]
            first = item.words[0]
            events.append(
                Event(
                    type=type_,
                    mode=mode,
                    context=list(context_cache[sent.start]),
                    cameo=cameo or None,
                    actor=actor,
                    recipient=recipient,
                    negated=negated,
                    modality=modality,
                    date=self._date(item, ents, published, modality is not None),
                    location=self._location(ents, table, {actor, recipient}),
                    start=sent.start_char,
                    end=sent.end_char,
                    trigger=" ".join(t.text for t in item.words),
                    attributed_to=_statement_index(statements, first.idx),
                    source=item.source,
                    confidence=item.confidence,
                )
            )
        return events

    def __call__(self, doc: Doc) -> Doc:
        doc._.rashomon_events = self.events_of(doc)
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        """Code a stream of documents batch by batch (``nlp.pipe`` calls this)."""
        for batch in minibatch(stream, size=batch_size):
            for doc, events in zip(batch, self.events_of_batch(batch), strict=True):
                doc._.rashomon_events = events
                yield doc


def _ents_within(ents: Sequence[Span], span: Span) -> list[Span]:
    """The entities of ``ents`` (the document's, in order) that lie within ``span``, as
    ``span.ents`` gives them, from entities read once per document."""
    inside: list[Span] = []
    for ent in ents:
        if ent.start >= span.start:
            if ent.end <= span.end:
                inside.append(ent)
            else:
                break
    return inside
