"""Mention finding: the names of an article and what kind of actor each one is.

Knowledge-base phrases (:class:`PhraseIndex`) and the model's named entities are
collected, full person names first; the rest become organisations, countries, groups
or persons known by surname.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, IS_TITLE, POS
from spacy.language import Language
from spacy.parts_of_speech import PROPN
from spacy.tokens import Doc, Span, Token

from ..kb import KnowledgeBase
from ..kb.base import given_names
from ..kb.gazetteer import city_country
from ..kb.keys import canonical_key, name_parts
from ..kb.model import KBEntry
from ..nlp.actor_table import ORIGINAL_TEXT
from .common import (
    _IGO_HEADS,
    _NAMED_LABELS,
    _NOT_PERSON_FIRST,
    _PLACE_LABELS,
    _SUBJECT_DEPS,
    _based_in,
    _clean_name,
    _ethnic,
    _given_gender,
    _in_place_context,
    _international_code,
    _is_people_noun,
    _named_medium,
    _names_a_place,
    _Phrase,
    _runs,
    _strip_possessive,
    _trim,
)
from .name_variants import closest_variant
from .persons import _Persons
from .spelling import kb_person_variant


def _written_lower(token: Token) -> bool:
    """Whether the article wrote a word in lower case (before any case repair)."""
    original = token.doc.user_data.get(ORIGINAL_TEXT)
    first = original[token.idx] if isinstance(original, str) else token.text[0]
    return first.islower()


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6


class PhraseIndex:
    """Knowledge-base names indexed by their first token, longest first.

    Matching walks the tokens once; each token costs one dictionary look-up. Acronyms
    (``UN``, ``U.S.``, ``WHO``) match only as written; other names match in any case as long
    as the text capitalises at least one of their words (so "turkey" the bird stays a bird).
    """

    def __init__(self, kb: KnowledgeBase, nlp: Language) -> None:
        grouped: dict[tuple[str, ...], _Phrase] = {}
        exact_groups: dict[tuple[str, ...], _Phrase] = {}
        tokenizer = nlp.tokenizer
        for name, entry in kb.phrases():
            # "the UN" is "UN" after a determiner; the determiner is never part of a mention.
            if name.lower().startswith("the ") and len(name) > 4:
                name = name[4:]
            words = tuple(t.text for t in tokenizer(name))
            if not words:
                continue
            if _is_acronym(name):
                phrase = exact_groups.get(words)
                if phrase is None:
                    phrase = _Phrase(tuple(w.lower() for w in words), words, True, [])
                    exact_groups[words] = phrase
            else:
                lowers = tuple(w.lower() for w in words)
                phrase = grouped.get(lowers)
                if phrase is None:
                    phrase = _Phrase(lowers, words, False, [])
                    grouped[lowers] = phrase
            if entry not in phrase.entries:
                phrase.entries.append(entry)
        self._first: dict[str, list[_Phrase]] = {}
        for phrase in [*exact_groups.values(), *grouped.values()]:
            self._first.setdefault(phrase.lowers[0], []).append(phrase)
        for phrases in self._first.values():
            phrases.sort(key=lambda p: (-len(p.lowers), not p.case_sensitive))

    def matches(
        self, doc: Doc, texts: list[str] | None = None, lowers: list[str] | None = None
    ) -> Iterator[tuple[int, int, list[KBEntry]]]:
        """Longest non-overlapping matches as (start, end, entries).

        Args:
            texts: the texts of ``doc``'s tokens when the caller has read them already.
            lowers: their lower-case forms (``LOWER``), likewise.
        """
        # The words are read once: spaCy builds a new Token object on every access, and a
        # common first word ("New", "South") has many candidate names to compare.
        if texts is None:
            texts = [t.text for t in doc]
        if lowers is None:
            lowers = [text.lower() for text in texts]  # a lexeme's lower form is its text's
        i, n = 0, len(doc)
        while i < n:
            candidates = self._first.get(lowers[i])
            matched = 0
            if candidates:
                for phrase in candidates:
                    size = len(phrase.lowers)
                    if i + size > n:
                        continue
                    if phrase.case_sensitive:
                        if tuple(texts[i : i + size]) != phrase.exact:
                            continue
                    elif tuple(lowers[i : i + size]) != phrase.lowers or not any(
                        w[:1].isupper() or w[:1].isdigit() for w in texts[i : i + size]
                    ):
                        continue
                    yield i, i + size, phrase.entries
                    matched = size
                    break
            i += matched or 1


class _Mentions(_Persons):
    """The names of one document and the actors they are."""

    # -- names ------------------------------------------------------------------------------

    def _named_spans(self) -> list[tuple[Span, list[KBEntry], str | None]]:
        """KB matches and entities as non-overlapping spans, the better source first."""
        doc = self.doc
        words = self.owner.words(doc)
        kb_matches = list(self.owner.index.matches(doc, words.texts, words.lowers))
        ents = [e for e in doc.ents if e.label_ in _NAMED_LABELS]
        ent_of: dict[int, Span] = {}
        for ent in ents:
            for i in range(ent.start, ent.end):
                ent_of[i] = ent
        taken: set[int] = set()
        spans: list[tuple[Span, list[KBEntry], str | None]] = []

        def take(span: Span, entries: list[KBEntry], label: str | None) -> None:
            taken.update(range(span.start, span.end))
            spans.append((span, entries, label))

        weaker: list[tuple[int, int, list[KBEntry]]] = []
        for start, end, entries in kb_matches:
            size = end - start
            overlapping = {ent_of[i] for i in range(start, end) if i in ent_of}
            longest = max((e.end - e.start for e in overlapping), default=0)
            is_person = any(e.type == "person" for e in entries)
            inside_person = any(e.label_ == "PERSON" for e in overlapping)
            if (inside_person and longest > size) or not (is_person or size >= longest):
                weaker.append((start, end, entries))
                continue
            label = min(overlapping, key=lambda e: e.start).label_ if overlapping else None
            take(doc[start:end], entries, label)
        weak_at = {i for start, end, _ in weaker for i in range(start, end)}
        in_title = self._multiword_title_tokens()
        for ent in ents:
            if all(i in in_title for i in range(ent.start, ent.end)):
                continue  # "State" of "Secretary of State": part of a title, not an actor.
            free = [i for i in range(ent.start, ent.end) if i not in taken]
            for start, end in _runs(free):
                span = _trim(doc[start:end])
                if span is None:
                    continue
                entries = self.kb.entries_for(span.text) or self._city(span, ent.label_)
                # "Montenegro province" (GPE) is Montenegro: a known place inside an unknown
                # place-like entity stands for it; an unknown organisation keeps its name.
                if not entries and ent.label_ in _PLACE_LABELS:
                    # (A Token object for each word only here, where the words are read.)
                    rest = [doc[i] for i in range(span.start, span.end) if i not in weak_at]
                    if len(rest) < len(span) and all(t.is_lower or t.is_punct for t in rest):
                        continue
                take(span, entries, ent.label_)
        for start, end, entries in weaker:
            if not any(i in taken for i in range(start, end)):
                take(doc[start:end], entries, None)
        return spans

    def _city(self, span: Span, label: str) -> list[KBEntry]:
        """A city the knowledge base does not list, from the world gazetteer, as a region.

        Only a place entity standing where a place stands ("in Mombasa", "Mombasa-based",
        "the port of Mombasa") is looked up, and never a name that is also a person's here or
        in the knowledge base, or a given name ("Jackson", "Charlotte").
        """
        if not (label in {"GPE", "LOC"} and _in_place_context(span)) and not _based_in(span):
            return []
        country = city_country(span.text)
        if country is None:
            return []
        parts = name_parts(span.text)
        if len(parts) == 1 and (
            _given_gender(given_names(), span.text) is not None
            or self._person_by_family(parts[0], span.start) is not None
            or self._kb_person_by_family(parts[0]) is not None
        ):
            return []
        return [KBEntry(span.text, "group", country, None, kind="region", source="gazetteer")]

    def _multiword_title_tokens(self) -> set[int]:
        """Tokens inside multi-word titles ("Secretary of State", "Minister of Foreign Affairs")."""
        doc = self.doc
        found: set[int] = set()
        reached = 0  # tokens before this one are inside a title already found
        # Only the tokens that begin some title are tried: a look-up per token of the
        # article costs more than the rest of this step.
        for i in self.owner.title_starts(doc):
            if i < reached:
                continue
            hit = self.owner.title_at(doc, i, len(doc))
            if hit is not None and hit[0] - i > 1:
                found.update(range(i, hit[0]))
                reached = hit[0]
        return found

    def _full_person(self, span: Span, entries: list[KBEntry], label: str | None) -> bool:
        """Register a multi-word person name; False when the span is something else."""
        entry = self._pick(entries)
        if entry is None and label in {"PERSON", "NORP"} and self._people_phrase(span):
            return True
        if entry is None:
            span = self._without_title(span)
            if label != "PERSON" and self._given_name_first(span):
                label = "PERSON"  # "Helena Marquardt" tagged ORG
        is_person = (entry is not None and entry.type == "person") or (
            entry is None and label == "PERSON"
        )
        if not is_person:
            return False
        parts = name_parts(span.text)
        if entry is None and parts and parts[0] in _NOT_PERSON_FIRST:
            return True  # "Storm Ingrid": a name, but nobody's
        if len(parts) < 2 and entry is None:
            return False
        if entry is None:
            # "Sergei Lavrow": a misspelt full name of a known person is that person.
            entry = kb_person_variant(self.kb, parts)
        self._person_mention(span, entry, parts)
        return True

    def _without_title(self, span: Span) -> Span:
        """The entity without a title or role noun the model took into it.

        "Spokesperson Karen Whitfield" (a known title), "Runner Ana Kell" (a word before a
        common given name that is not one); a lower-case word the model took in after the
        name ("Denise Sooley-Critch mittens", a caption's keywords).
        """
        while (
            len(span) > 2
            and span[-1].is_alpha
            and _written_lower(span[-1])
            and span[-2].whitespace_  # not "Jong-un"
        ):
            # "Denise Sooley-Critch mittens" (a caption's keywords): a name's last word is
            # capitalised, so a lower-case word after it is no part of it.
            span = span[:-1]
        hit = self.owner.title_at(self.doc, span.start, span.end)
        if hit is not None and hit[1].kind == "person" and span.end - hit[0] >= 2:
            return self.doc[hit[0] : span.end]
        given = self.owner.given
        if (
            len(span) >= 3
            and _given_gender(given, span[1].text) is not None
            and _given_gender(given, span[0].text) is None
            and span[0].lower_ in self.owner.english
        ):
            return span[1:]
        return span

    def _given_name_first(self, span: Span) -> bool:
        """Whether a two- or three-word capitalised entity starts with a common given name."""
        words = [t for t in span if not t.is_punct]
        if not 2 <= len(words) <= 3 or not all(t.is_title and t.is_alpha for t in words):
            return False
        if self.kb.title(words[-1].lower_) is not None or words[-1].lower_ in _IGO_HEADS:
            return False  # "Maria Foundation", "Helen Council"
        return _given_gender(self.owner.given, words[0].text) is not None

    def _people_phrase(self, span: Span) -> bool:
        """ "Bosnian Serbs", "Iraqi Kurds" as one entity: a people of the first word's country.

        Returns whether the span was such a phrase (and is now a group actor).
        """
        if len(span) < 2 or span[-1].tag_ not in {"NNS", "NNPS"} or span[-1].text[-1:] != "s":
            return False
        place = self.kb.place(span[0].text)
        if place is None or place.type != "country" or place.kind == "seat":
            return False
        name = _clean_name(span)
        actor = self.table.add_actor(
            name, "group", place.country, "CVL", key=f"group:{canonical_key(name)}"
        )
        self.table.add_mention(actor, span)
        return True

    def _other_name(self, span: Span, entries: list[KBEntry], label: str | None) -> None:
        """A surname, a country, an organisation or a group."""
        entry = self._pick(entries)
        if entry is None and sum(c.isalpha() for c in span.text) < 2:
            return  # "X." (the platform), stray initials: no actor
        parts = name_parts(span.text)
        if entry is not None and entry.type == "person":
            self._person_mention(span, entry, parts)
            return
        joined = self._person_by_joined_family(span, parts) if entry is None else None
        if joined is not None:
            self._add_person_mention(joined, span)  # "Clarke-Murphy" tagged ORG
            return
        # A surname this article (or the KB) gives a person is that person, whatever the label.
        if len(parts) == 1 and (entry is None or label == "PERSON"):
            person = self._person_by_family(parts[0], span.start)
            if person is not None:
                self._add_person_mention(person, span)
                return
            if entry is None and label in {"PERSON", "ORG", "NORP", "GPE"}:
                if _names_a_place(span) or self._short_organization(span):
                    return
                kb_person = self._kb_person_by_family(parts[0])
                if kb_person is not None:
                    self._person_mention(span, kb_person, parts)
                    return
                if label == "PERSON" or self._remembered_person(span.text):
                    self._person_mention(span, None, parts)
                    return
        if label == "PERSON" and entry is None:
            if len(parts) == 1 and (_names_a_place(span) or self._short_organization(span)):
                return
            self._person_mention(span, None, parts)
            return
        if entry is not None:
            self._kb_actor(span, entry)
            return
        if label in {"ORG", "GPE", "NORP"} and len(parts) > 1 and self._titled(span):
            # "Vice-President Moody Awori" tagged ORG: a name after a person's title.
            self._person_mention(span, None, parts)
            return
        title = self.kb.title(span.text)
        if title is not None and title.kind == "person":
            return  # "Minister of Foreign Affairs" tagged ORG: a title, resolved with titles.
        if label == "ORG" and not (len(span) == 1 and span.root.dep_ in {"amod", "compound"}):
            # A lone modifier ("Intercontinental ballistic missile") is not an organisation.
            self._organization(span)
        elif label == "NORP" and span.root.dep_ not in {"amod", "compound"}:
            self._group_from_norp(span)

    @cached_property
    def _long_organizations(self) -> list[tuple[int, Span, str]]:
        """The organisations of two words or more the model tags in the document: where each
        starts, its name trimmed, and the key of that name's last word.

        Read once per document: spaCy builds every entity's Span again on each ``doc.ents``,
        and :meth:`_short_organization` asks about every lone name.
        """
        found: list[tuple[int, Span, str]] = []
        for other in self.doc.ents:
            if other.label_ != "ORG" or len(other) < 2:
                continue
            trimmed = _trim(other)
            if trimmed is not None:
                found.append((other.start, trimmed, canonical_key(trimmed[-1].text)))
        return found

    def _short_organization(self, span: Span) -> bool:
        """A lone word that ends an organisation this article names ("Rovers" of "Portside
        Rovers") is that organisation; registers the mention and returns True if so."""
        word = canonical_key(span.text)
        for start, trimmed, last in self._long_organizations:
            if start == span.start or last != word:
                continue
            if self.kb.title(word) is not None or word in _IGO_HEADS:
                return False  # "Ministry", "Council": a generic head, not the name
            name = _clean_name(trimmed)
            actor = self.table.find(f"org:{canonical_key(name)}")
            if actor is None:
                self._organization(trimmed)
                actor = self.table.find(f"org:{canonical_key(name)}")
            if actor is None:
                return False
            self.table.add_mention(actor, _strip_possessive(span))
            return True
        return False

    def _sweep_surnames(self) -> None:
        """Surnames the model did not tag ("Harlow said …") are the article's person too.

        A capitalised word equal to the family name of a person the article names in full
        refers to that person wherever it stands: headlines, sentence starts, before "'s".
        """
        self._untagged_full_names()
        families = {f for p in self.persons if len(p.parts) > 1 for f in p.family}
        if not families:
            self._sweep_known_subjects()
            return
        doc = self.doc
        # A Token object only for capitalised words (``is_alpha`` is the text's isalpha()).
        for i, text in enumerate(self.owner.words(doc).texts):
            if not text[:1].isupper() or not text.isalpha():
                continue
            token = doc[i]
            if self.table.mention_for_token(token) is not None:
                continue
            word = canonical_key(token.text)
            if word not in families and (
                token.pos_ != "PROPN" or closest_variant(word, families) is None
            ):
                continue
            after = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if (
                after is not None
                and after.is_title
                and after.is_alpha
                and after.pos_ == "PROPN"
                and self.table.mention_for_token(after) is None
            ):
                continue  # part of another name ("Harlow Street")
            person = self._person_by_family(word, token.i)
            if person is not None:
                self._add_person_mention(person, doc[token.i : token.i + 1])
        self._sweep_known_subjects()

    def _sweep_known_subjects(self) -> None:
        """A lone proper noun that acts ("Musharraf said …", untagged by the model at a
        sentence start) and is the family name of a person the knowledge base knows is that
        person."""
        doc = self.doc
        # Candidates are picked from the annotation arrays at once (a Token object only for
        # them): title-case proper nouns outside entities, as subjects.
        tags = doc.to_array([POS, DEP, ENT_TYPE, IS_TITLE])
        deps = tags[:, 1]
        # One comparison per subject label: ``np.isin`` sorts the column first, and cost more
        # than the rest of this step.
        subject = np.zeros(len(tags), dtype=bool)
        for label in _SUBJECT_DEPS:
            subject |= deps == doc.vocab.strings[label]
        candidates = (tags[:, 0] == PROPN) & subject & (tags[:, 2] == 0) & (tags[:, 3] != 0)
        for i in np.flatnonzero(candidates).tolist():
            token = doc[i]
            if self.table.mention_for_token(token) is not None:
                continue
            if any(c.dep_ in {"compound", "amod", "det"} for c in token.children):
                continue  # part of a longer phrase ("the Musharraf government")
            entry = self._kb_person_by_family(token.text)
            if entry is not None:
                self._person_mention(doc[token.i : token.i + 1], entry, [token.text])

    # -- countries, organisations, groups ---------------------------------------------------

    def _kb_actor(self, span: Span, entry: KBEntry) -> None:
        medium = _named_medium(span) if entry.type == "country" else None
        if medium is not None and entry.kind != "demonym":
            # "French television channel France 3": a broadcaster of the country.
            name = _clean_name(medium)
            actor = self.table.add_actor(
                name, "organization", entry.country, "JRN", key=f"org:{canonical_key(name)}"
            )
            self.table.add_mention(actor, medium)
            return
        seated = self._seated_organization(span, entry)
        if seated is not None:
            actor = self.table.add_actor(
                seated.name,
                seated.type,
                country=seated.country,
                sector=seated.sector,
                key=f"org:{canonical_key(seated.name)}",
            )
            actor.code = seated.actor_code
            self.table.add_mention(actor, _strip_possessive(span))
            return
        if entry.kind == "demonym" and _is_people_noun(span) and _ethnic(span):
            # "ethnic Albanians … in Macedonia": a minority, located like a homeless group.
            name = self.kb.country_name(entry.country) or entry.name
            actor = self.table.add_actor(
                f"Ethnic {name} People", "group", None, "CVL", key=f"ethnic:{entry.country}"
            )
            self.homeless.append((actor, span.root.i, entry.country))
        elif entry.kind == "demonym" and _is_people_noun(span):
            # "Palestinians", "the Libyans": the people, not the government.
            name = self.kb.country_name(entry.country) or entry.name
            actor = self.table.add_actor(
                f"{name} People", "group", entry.country, "CVL", key=f"people:{entry.country}"
            )
        elif entry.kind == "region":
            actor = self.table.add_actor(
                entry.name,
                "group",
                entry.country,
                "CVL",
                key=f"region:{canonical_key(entry.name)}",
            )
            self.places.add(actor.id)
        elif entry.type == "country":
            actor = self.table.add_actor(
                self.kb.country_name(entry.country) or entry.name,
                "country",
                country=entry.country,
                sector="GOV",
                key=f"country:{entry.country}",
            )
            if entry.kind == "seat" and entry.sector not in (None, "GOV"):
                actor = self.table.add_actor(
                    entry.name,
                    "organization",
                    entry.country,
                    entry.sector,
                    key=f"org:{canonical_key(entry.name)}",
                )
        else:
            actor = self.table.add_actor(
                entry.name,
                entry.type,
                country=entry.country,
                sector=entry.sector,
                role=entry.role,
                key=f"org:{canonical_key(entry.name)}",
            )
            actor.code = entry.actor_code
        self.table.add_mention(actor, _strip_possessive(span))

    def _seated_organization(self, span: Span, entry: KBEntry) -> KBEntry | None:
        """The organisation a capital stands for in this article ("Brussels" → the EU).

        Only when the article names the organisation itself; elsewhere the city is its
        country's capital.
        """
        if entry.kind != "capital" or not self.codes_named:
            return None
        code = self.owner.seats.get(canonical_key(span.text))
        if code is None or code not in self.codes_named:
            return None
        return self.kb.organization(code)

    def _organization(self, span: Span) -> None:
        """An organisation the knowledge base does not know: country and sector from its words."""
        country = None
        sector = None
        for token in span:
            place = self._country_of_token(token)
            if place and country is None:
                country = place
            title = self.kb.title(token.lower_)
            if title is not None:
                sector = title.sector
        name = _clean_name(span)
        if country is None:
            country = _international_code(name)
        actor = self.table.add_actor(
            name, "organization", country, sector, key=f"org:{canonical_key(name)}"
        )
        self.table.add_mention(actor, _strip_possessive(span))
        if actor.country is None:
            self.homeless.append((actor, span.root.i, None))

    def _group_from_norp(self, span: Span) -> None:
        """A nationality, religion or political group the knowledge base does not list."""
        country = None
        for token in span:
            country = country or self._country_of_token(token)
        for child in span.root.lefts:
            # "Iraqi Kurds": a country word modifying the group's name.
            if country is None and child.i < span.start and child.dep_ in {"amod", "compound"}:
                country = self._country_of_token(child)
        name = _clean_name(span)
        actor = self.table.add_actor(
            name, "group", country, "CVL" if country else None, key=f"group:{canonical_key(name)}"
        )
        self.table.add_mention(actor, span)
