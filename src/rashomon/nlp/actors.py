"""``rashomon_actors``: who is who in one article.

The component groups every reference to an actor into one canonical actor per article and
registers each reference as a mention in the article's :class:`ActorTable`:

1. **Names.** Knowledge-base phrases (countries, adjectives, capitals and seats of power,
   organisations, groups, persons) and the model's named entities (PERSON, ORG, GPE, NORP,
   FAC, LOC). A knowledge-base person inside a longer entity wins ("the Russian Federation
   Sergey Lavrov" is Lavrov), and a surname the article uses for a person is a person whatever
   label the model gave it ("Lavrov" as ORG).
2. **Persons** are grouped by family name: "Lavrov", "Mr. Lavrov", "Lavrov's" and "Sergei
   Lavrov" are "Sergey Lavrov"; family-name-first names resolve by their first part ("Xi" is
   Xi Jinping, "Kim" is Kim Jong Un).
3. **Roles learned from the text**: pre-nominal titles ("Russian Foreign Minister Sergey
   Lavrov"), appositions ("Lavrov, Russia's top diplomat,") and possessives ("Russia's foreign
   minister Sergei Lavrov"), kept with the article's date in ``table.learned_roles``.
4. **Titles without names** ("the Russian foreign minister", "the Secretary General") resolve
   to the person of the article holding a matching title; collective nouns with a country
   ("Fijian rebels", "the Sudanese government") become group actors or the country's
   government.
5. **Pronouns** used as subjects ("he said") resolve to the most recent compatible person,
   preferring persons in subject position.

Countries acting ("Russia blocked a resolution"), their capitals and seats of power ("Moscow",
"the Kremlin") are one actor per country: its government (sector GOV).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..kb import KnowledgeBase, default_kb
from ..kb.base import (
    family_first_names,
    family_name,
    given_names,
    institution_seats,
    pick_on_date,
)
from ..kb.keys import canonical_key, name_parts
from ..kb.model import KBEntry, LearnedRole, Title
from ..kb.roles import RoleMemory
from ..records import Actor
from .actor_table import ActorTable
from .extensions import register_extensions
from .name_variants import closest_variant
from .sides import sided

register_extensions()

_NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "agent"})
_PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f"}
_HONORIFICS = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f"}
# Possessive and reflexive pronouns tell the gender of the subject of their clause.
_GENDERED = {"his": "m", "her": "f", "himself": "m", "herself": "f"}
# How sure a gender is: a first name, then "his"/"her" in the text, then "Mr."/"Mrs.".
_BY_NAME, _BY_PRONOUN, _BY_HONORIFIC = 1, 2, 3
# First words of names the model takes for persons that are not persons ("Storm Ingrid").
_NOT_PERSON_FIRST = frozenset({"storm", "hurricane", "typhoon", "cyclone", "operation", "mount"})
# Nouns that make a lone unknown name a place ("the Daugava river", "the islands of Hiiumaa").
_PLACE_NOUNS = frozenset(
    {
        "island",
        "islands",
        "river",
        "lake",
        "village",
        "town",
        "city",
        "region",
        "province",
        "district",
        "port",
        "mountains",
        "valley",
        "bay",
        "airport",
        "street",
        "square",
    }
)
# Group nouns that are not located by the countries around them ("told reporters in Brussels").
_UNLOCATED_SECTORS = frozenset({"JRN"})
# Sectors of national offices: a titled person of one, with no country stated, is of the
# country their sentence is about. Others (BUS, REL, …) take no country from nearby words.
_NATIONAL_SECTORS = frozenset({"GOV", "MIL", "JUD", "LEG", "COP", "SPY", "PTY", "OPP", "ELI"})
# Roles held towards another country or an organisation (docs/actors.md).
_RELATIONAL_ROLES = frozenset(
    {"ambassador", "envoy", "consul", "diplomat", "emissary", "leader", "representative"}
)
_FORMER = frozenset({"former", "ex", "ex-", "then", "erstwhile", "retired"})
# A country with one of these nouns is the country's government itself.
_GOVERNMENT_NOUNS = frozenset(
    {
        "government",
        "governments",
        "administration",
        "authorities",
        "regime",
        "officials",
        "official",
        "leadership",
        "state",
        "diplomats",
        "negotiators",
        "cabinet",
        "leaders",
    }
)
_WINDOW = 9  # tokens searched left of a name for its title
_PRONOUN_SENTS = 3  # sentences back that a pronoun may reach


@dataclass(slots=True)
class _Phrase:
    """A knowledge-base name as a token sequence."""

    lowers: tuple[str, ...]
    exact: tuple[str, ...]
    case_sensitive: bool
    entries: list[KBEntry]


@dataclass(slots=True)
class _Person:
    """A person of this article while it is being resolved."""

    actor: Actor
    key: str
    parts: list[str]
    family: set[str]
    gender: str | None = None
    gender_cue: int = 0  # _BY_NAME, _BY_PRONOUN or _BY_HONORIFIC
    roles: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)


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

    def matches(self, doc: Doc) -> Iterator[tuple[int, int, list[KBEntry]]]:
        """Longest non-overlapping matches as (start, end, entries)."""
        # The words are read once: spaCy builds a new Token object on every access, and a
        # common first word ("New", "South") has many candidate names to compare.
        texts = [t.text for t in doc]
        lowers = [t.lower_ for t in doc]
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


class _DocWords:
    """The lower-case forms and lemmas of the last document asked about."""

    def __init__(self) -> None:
        self.doc: Doc | None = None
        self.lowers: list[str] = []
        self.lemmas: list[str] = []

    def of(self, doc: Doc) -> tuple[list[str], list[str]]:
        if doc is not self.doc:
            self.lowers = [t.lower_ for t in doc]
            self.lemmas = [t.lemma_.lower() for t in doc]
            self.doc = doc
        return self.lowers, self.lemmas


class ActorResolver:
    """The ``rashomon_actors`` component (see the module docstring)."""

    def __init__(self, nlp: Language, kb: KnowledgeBase) -> None:
        self.kb = kb
        # Roles the corpus stated in other articles (set by the store before a run).
        self.role_memory: RoleMemory | None = None
        self.index = PhraseIndex(kb, nlp)
        self.family_first = family_first_names()
        self.given = given_names()
        self.seats = institution_seats()
        self.title_first: dict[str, list[tuple[tuple[str, ...], Title]]] = {}
        for term, title in kb.titles.items():
            words = tuple(t.lower_ for t in nlp.tokenizer(term))
            self.title_first.setdefault(words[0], []).append((words, title))
        for options in self.title_first.values():
            options.sort(key=lambda item: -len(item[0]))
        self._words = _DocWords()

    # -- entry point ------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        meta = doc._.rashomon_meta
        run = _Run(self, doc, getattr(meta, "published", None), getattr(meta, "article_id", None))
        doc._.rashomon_actors = run.resolve()
        return doc

    # -- titles -----------------------------------------------------------------------------

    def title_at(self, doc: Doc, i: int, stop: int) -> tuple[int, Title] | None:
        """The longest title starting at token ``i`` and ending before ``stop``: (end, title)."""
        # Called for nearly every token, many times per document: the words are read from
        # the document once (spaCy builds a new Token object on every access).
        lowers, lemmas = self._words.of(doc)
        options = self.title_first.get(lowers[i]) or self.title_first.get(lemmas[i])
        if not options:
            return None
        for words, title in options:
            end = i + len(words)
            if end > stop:
                continue
            texts = tuple(lowers[i:end])
            if (
                words == texts
                or words == tuple(lemmas[i:end])
                or (words[:-1] == texts[:-1] and words[-1] == lemmas[end - 1])
            ):
                return end, title
        return None


class _Run:
    """The resolution of one document."""

    def __init__(self, owner: ActorResolver, doc: Doc, date: str | None, article: str | None):
        self.owner = owner
        self.kb = owner.kb
        self.doc = doc
        self.date = date
        self.article = article
        self.table = ActorTable(doc)
        self.persons: list[_Person] = []
        self.person_by_actor: dict[str, _Person] = {}
        self.claimed: set[int] = set()  # tokens that belong to a title of a named person
        self.places: set[str] = set()  # ids of region actors (they locate, as countries do)
        # Titled actors whose country the phrase did not say, with the token they stand at
        # and a country they are known not to be of ("ethnic Albanians" are a minority).
        self.homeless: list[tuple[Actor, int, str | None]] = []
        # Persons whose title follows an organisation's name ("State Department spokesperson
        # Karen Whitfield"), with the token of that name.
        self.affiliated: list[tuple[Actor, int]] = []
        # International organisations the article names (a city seating one may mean it).
        self.codes_named: set[str] = set()

    # -- orchestration ----------------------------------------------------------------------

    def resolve(self) -> ActorTable:
        named = self._named_spans()
        self.codes_named = {
            e.country for _, entries, _ in named for e in entries if e.kind == "igo" and e.country
        }
        # Full names first, so that surnames and titles can find them wherever they occur.
        named.sort(key=lambda item: (-(item[0].end - item[0].start), item[0].start))
        deferred: list[tuple[Span, list[KBEntry], str | None]] = []
        for span, entries, label in named:
            if not self._full_person(span, entries, label):
                deferred.append((span, entries, label))
        deferred.sort(key=lambda item: item[0].start)
        for span, entries, label in deferred:
            self._other_name(span, entries, label)
        self._sweep_surnames()
        self._titles()
        self._affiliate()
        self._remember()
        self._locate_homeless()
        self._learn_genders()
        self._pronouns()
        return self.table

    def _affiliate(self) -> None:
        """A person titled by an organisation is of the organisation's country.

        "Russian Foreign Ministry spokeswoman Irina Volkova", "NASA Administrator Gregory
        Pell", "the EU's chief negotiator Helena Marquardt".
        """
        for actor, at in self.affiliated:
            if actor.country is not None:
                continue
            owner = self.table.get(self.table.actor_for_token(self.doc[at]))
            if owner is not None and owner.type != "person" and owner.country:
                actor.country = owner.country
                actor.code = _code(actor.country, actor.sector)

    def _remember(self) -> None:
        """Fill persons the article leaves incomplete from the roles the corpus stated.

        Runs before the nearest-country guess of :meth:`_locate_homeless`: a country stated
        in another article beats a guess from this sentence.
        """
        memory = self.owner.role_memory
        if memory is None:
            return
        for person in self.persons:
            actor = person.actor
            if actor.role and actor.sector and actor.country:
                continue
            learned = memory.role_on(actor.name, self.date)
            if learned is None:
                continue
            if len(person.parts) == 1 and len(name_parts(learned.name)) > 1:
                actor.name = learned.name  # "Kovalenko" is the "Anna Kovalenko" known before
            other_country = actor.country is not None and actor.country != learned.country
            if actor.role is None and learned.country and other_country:
                continue  # a namesake of another country: the role is not theirs
            self._fill(actor, learned.role, learned.sector, learned.country)

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
        for token in self.doc:
            actor_id = self.table.actor_for_token(token)
            actor = self.table.get(actor_id)
            if actor is None or not actor.country or len(actor.country) != 3 or sided(token):
                continue
            if actor.type == "country" or actor_id in self.places:
                places.append((token.i, actor.country, actor.type == "country"))
            elif not self.kb.is_international(actor.country):
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

    def _place_rank(self, i: int) -> int:
        """0 for a place that acts or is described, 1 for a venue or dateline, 2 for a country
        the sentence opposes: where things happen ("talks in Geneva") places a person least
        surely, and a country the person rejects or blames ("rejecting Kyrgyz claims") hardly.
        """
        token = self.doc[i]
        if _opposed(token):
            return 2
        return int(_locative(token) or _dateline(token))

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

    # -- names ------------------------------------------------------------------------------

    def _named_spans(self) -> list[tuple[Span, list[KBEntry], str | None]]:
        """KB matches and entities as non-overlapping spans, the better source first."""
        doc = self.doc
        kb_matches = list(self.owner.index.matches(doc))
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
                entries = self.kb.entries_for(span.text)
                # "Montenegro province" (GPE) is Montenegro: a known place inside an unknown
                # place-like entity stands for it; an unknown organisation keeps its name.
                rest = [doc[i] for i in range(span.start, span.end) if i not in weak_at]
                if (
                    not entries
                    and ent.label_ in _PLACE_LABELS
                    and len(rest) < len(span)
                    and all(t.is_lower or t.is_punct for t in rest)
                ):
                    continue
                take(span, entries, ent.label_)
        for start, end, entries in weaker:
            if not any(i in taken for i in range(start, end)):
                take(doc[start:end], entries, None)
        return spans

    def _multiword_title_tokens(self) -> set[int]:
        """Tokens inside multi-word titles ("Secretary of State", "Minister of Foreign Affairs")."""
        doc = self.doc
        found: set[int] = set()
        i = 0
        while i < len(doc):
            hit = self.owner.title_at(doc, i, len(doc))
            if hit is not None and hit[0] - i > 1:
                found.update(range(i, hit[0]))
                i = hit[0]
            else:
                i += 1
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
        self._person_mention(span, entry, parts)
        return True

    def _without_title(self, span: Span) -> Span:
        """The entity without a title or role noun the model took into it.

        "Spokesperson Karen Whitfield" (a known title), "Runner Ana Kell" (a word before a
        common given name that is not one).
        """
        hit = self.owner.title_at(self.doc, span.start, span.end)
        if hit is not None and hit[1].kind == "person" and span.end - hit[0] >= 2:
            return self.doc[hit[0] : span.end]
        given = self.owner.given
        if (
            len(span) >= 3
            and canonical_key(span[1].text) in given
            and canonical_key(span[0].text) not in given
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
        return canonical_key(words[0].text) in self.owner.given

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

    def _short_organization(self, span: Span) -> bool:
        """A lone word that ends an organisation this article names ("Rovers" of "Portside
        Rovers") is that organisation; registers the mention and returns True if so."""
        word = canonical_key(span.text)
        for other in self.doc.ents:
            if other.label_ != "ORG" or len(other) < 2 or other.start == span.start:
                continue
            trimmed = _trim(other)
            if trimmed is None or canonical_key(trimmed[-1].text) != word:
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
        families = {f for p in self.persons if len(p.parts) > 1 for f in p.family}
        if not families:
            return
        doc = self.doc
        for token in doc:
            if not token.is_alpha or not token.text[:1].isupper():
                continue
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

    def _pick(self, entries: list[KBEntry]) -> KBEntry | None:
        return pick_on_date(entries, self.date) if entries else None

    # -- persons ----------------------------------------------------------------------------

    def _person_mention(self, span: Span, entry: KBEntry | None, parts: list[str]) -> None:
        if not parts:
            return
        key = canonical_key(entry.name) if entry is not None else " ".join(parts)
        person = self._find_person(key, parts, span.start)
        if person is None:
            name = entry.name if entry is not None else _clean_name(span)
            actor = self.table.add_actor(
                name,
                "person",
                country=entry.country if entry else None,
                sector=entry.sector if entry else None,
                role=entry.role if entry else None,
                key=f"person:{key}",
            )
            family = {parts[-1]}
            if entry is not None:
                family = {family_name(entry)}
            elif len(parts) >= 3 and parts[0] in self.owner.family_first:
                family.add(parts[0])
            person = _Person(actor, key, parts, family)
            given = self.owner.given.get(parts[0]) if len(parts) > 1 else None
            if given is not None:
                person.gender, person.gender_cue = given, _BY_NAME
            if entry is not None and entry.role:
                person.roles.add(canonical_key(entry.role))
            if entry is not None and entry.country:
                person.countries.add(entry.country)
            self.persons.append(person)
            self.person_by_actor[actor.id] = person
        self._add_person_mention(person, span)
        self._learn_title(person, span)

    def _find_person(self, key: str, parts: list[str], position: int) -> _Person | None:
        for person in self.persons:
            if person.key == key:
                return person
        if len(parts) == 1:
            return self._person_by_family(parts[0], position)
        # "Sergei Lavrov" after "Lavrov": same family name and compatible given names.
        for person in reversed(self.persons):
            if parts[-1] in person.family and _given_compatible(parts, person.parts):
                return person
        return None

    def _person_by_family(self, word: str, position: int) -> _Person | None:
        """The person whose family name is ``word``; the nearest earlier one if several."""
        found = [p for p in self.persons if word in p.family]
        if not found:
            # "Netanyahoo" after "Benjamin Netanyahu": a spelling variant of a named person.
            variant = closest_variant(word, {f for p in self.persons if len(p.parts) > 1
                                             for f in p.family})
            found = [p for p in self.persons if variant in p.family] if variant else []
        if not found:
            return None
        if len(found) == 1:
            return found[0]

        def last_before(person: _Person) -> int:
            starts = [m.start for m in self.table.mentions if m.actor == person.actor.id]
            before = [s for s in starts if s <= self.doc[position].idx]
            return max(before) if before else -1

        return max(found, key=last_before)

    def _kb_person_by_family(self, word: str) -> KBEntry | None:
        """The known person with this family name; among several, the one nearest in time."""
        candidates = self.kb.persons_with_family_name(word)
        names = list(dict.fromkeys(c.name for c in candidates))
        if not names:
            return None
        if len(names) > 1:
            day = self.date or "9999"
            valid = [c.name for c in candidates if self.date and c.valid_on(self.date)]
            if len(set(valid)) == 1:
                names = valid
            else:

                def distance(name: str) -> int:
                    gaps = []
                    for c in candidates:
                        if c.name != name:
                            continue
                        start, end = c.valid_from or "0000", c.valid_to or "9999"
                        gaps.append(
                            0
                            if start <= day <= end
                            else min(abs(_year(start) - _year(day)), abs(_year(end) - _year(day)))
                        )
                    return min(gaps)

                names = sorted(names, key=distance)
        return self.kb.lookup(names[0], self.date)

    def _remembered_person(self, name: str) -> bool:
        """Whether the corpus knows a person by this surname ("Kovalenko" tagged ORG)."""
        memory = self.owner.role_memory
        if memory is None:
            return False
        learned = memory.role_on(name, self.date)
        return learned is not None and len(name_parts(learned.name)) > 1

    def _add_person_mention(self, person: _Person, span: Span) -> None:
        start = span.start
        # "Mr. Lavrov": the honorific is part of the mention and tells the gender.
        if start > 0 and self.doc[start - 1].lower_ in _HONORIFICS:
            _set_gender(person, _HONORIFICS[self.doc[start - 1].lower_], _BY_HONORIFIC)
        self.table.add_mention(person.actor, _strip_possessive(span))

    def _international_of_token(self, token: Token) -> str | None:
        """The code of an international organisation mentioned by this token ("UN troops")."""
        actor = self.table.get(self.table.actor_for_token(token))
        if actor is not None and self.kb.is_international(actor.country):
            return actor.country
        return None

    def _titled(self, span: Span) -> bool:
        """Whether a person's title ends right before the span."""
        for i in range(max(span.sent.start, span.start - 4), span.start):
            hit = self.owner.title_at(self.doc, i, span.start)
            if hit is not None and hit[0] == span.start and hit[1].kind == "person":
                return True
        return False

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

    def _learn_title(self, person: _Person, span: Span) -> None:
        """Roles stated around the name: pre-nominal titles and appositions."""
        found = list(self._titles_around(span))
        after = self._country_after(span)
        if found and after is not None:
            # "Foreign Minister Anna Kovalenko of Ukraine".
            found = [(t, c or after, f, tokens) for t, c, f, tokens in found]
        if not found and person.actor.country is None:
            country = self._country_before(span) or self._nationality_in_apposition(span)
            if country is not None:
                person.countries.add(country)
                self._fill(person.actor, None, None, country)
        for title, country, former, tokens in found:
            self.claimed.update(tokens)
            role = ("Former " if former else "") + title.role
            sector = "ELI" if former and title.sector == "GOV" else title.sector
            person.roles.add(canonical_key(title.role))
            if country:
                person.countries.add(country)
            actor = person.actor
            self.table.learned_roles.append(
                LearnedRole(
                    key=canonical_key(actor.name),
                    name=actor.name,
                    role=role,
                    sector=sector,
                    country=country,
                    date=self.date,
                    article=self.article,
                    evidence=self.doc[min(tokens) : span.end].text if tokens else span.text,
                )
            )
            if former:
                # The text says the role is over; that beats any record of the role.
                actor.role, actor.sector = role, sector
            self._fill(actor, role, sector, country)
            if actor.country is None:
                before = self._affiliation_at(min(tokens) if tokens else span.start)
                if before is not None:
                    self.affiliated.append((actor, before))
                self.homeless.append((actor, span.root.i, None))

    def _affiliation_at(self, start: int) -> int | None:
        """The token of the name a title follows ("the EU's chief negotiator"), if any."""
        i = start - 1
        low = max(self.doc[start].sent.start, start - 4)
        while i >= low:
            t = self.doc[i]
            if t.lower_ in {"'s", "’s"} or (t.is_lower and t.pos_ in {"ADJ", "NOUN"}):
                i -= 1
                continue
            return i if t.pos_ in {"PROPN", "NOUN"} else None
        return None

    def _fill(
        self, actor: Actor, role: str | None, sector: str | None, country: str | None
    ) -> None:
        """Complete an actor the knowledge base did not know from a role the text gives."""
        if actor.role is None:
            actor.role = role
        if actor.sector is None:
            actor.sector = sector
        if actor.country is None:
            actor.country = country
        actor.code = _code(actor.country, actor.sector)

    def _titles_around(self, span: Span) -> Iterator[tuple[Title, str | None, bool, list[int]]]:
        doc = self.doc
        sent = span.sent
        start = span.start
        if start > 0 and doc[start - 1].lower_ in _HONORIFICS:
            start -= 1
        # Pre-nominal: "Russian Foreign Minister Sergey Lavrov", "the Minister of foreign
        # Affairs of the Russian Federation Sergey Lavrov".
        low = max(sent.start, start - _WINDOW)
        window = list(range(low, start))
        for i in reversed(window):
            t = doc[i]
            if t.is_punct and t.text not in {"-", "'s", "’s"}:
                low = i + 1
                break
            if t.pos_ in {"VERB", "AUX", "CCONJ"} or (t.pos_ == "ADP" and t.lower_ != "of"):
                low = i + 1
                break
            if self._other_actor_at(t):
                low = i + 1
                break
        found = self._title_in(low, start, adjacent_to=start)
        if found is not None:
            yield found
            return
        # Apposition: "Lavrov, Russia's top diplomat," / "Russia's top diplomat, Lavrov".
        root = span.root
        for child in root.children:
            if child.dep_ == "appos" and child.i >= span.end:
                found = self._title_in(child.left_edge.i, child.i + 1, adjacent_to=child.i + 1)
                if found is not None:
                    yield found
                    return
        if root.dep_ == "appos" and root.head.i < span.start:
            head = root.head
            found = self._title_in(head.left_edge.i, head.i + 1, adjacent_to=head.i + 1)
            if found is not None:
                yield found

    def _title_in(
        self, low: int, high: int, adjacent_to: int
    ) -> tuple[Title, str | None, bool, list[int]] | None:
        """The last title in tokens [low, high) whose end reaches ``adjacent_to``.

        Between the title and the name only country words, "of", "the" and possessives may
        stand ("Minister of Foreign Affairs of the Russian Federation Sergey Lavrov").
        """
        doc = self.doc
        best: tuple[int, int, Title] | None = None
        i = low
        while i < high:
            hit = self.owner.title_at(doc, i, high)
            if hit is not None:
                end, title = hit
                if best is None or end >= best[1]:
                    best = (i, end, title)
                i = end
            else:
                i += 1
        if best is None:
            return None
        start, end, title = best
        if title.kind != "person":
            modifier = title
            # "rebel leader Ali": a sector word before a person title.
            for j in range(end, high):
                hit = self.owner.title_at(doc, j, high)
                if hit is not None and hit[1].kind == "person":
                    title = Title(
                        hit[1].term, modifier.sector, "person", hit[1].role, hit[1].country
                    )
                    end = hit[0]
                    break
            else:
                if title.kind != "modifier":
                    return None
        country = None
        for j in range(end, adjacent_to):
            t = doc[j]
            place = self._country_of_token(t)
            if place:
                country = country or place
                continue
            if t.lower_ in {"of", "the", "'s", "’s", "-"} or t.is_title or t.is_punct:
                continue
            return None
        if country is None:
            # The country word nearest before the title: "Bulgarian President Todor Zhivkov".
            for j in range(start - 1, low - 1, -1):
                place = self._country_of_token(doc[j])
                if place:
                    country = place
                    break
        if country is None:
            country = title.country  # "Secretary of State" is American wherever it stands
        former = any(doc[j].lower_.rstrip("-") in _FORMER for j in range(low, start))
        # A sector word before the title ("rebel leader", "army general") sets the sector.
        for j in range(low, start):
            hit = self.owner.title_at(doc, j, start)
            if hit is not None and hit[1].kind == "modifier":
                title = Title(title.term, hit[1].sector, title.kind, title.role, title.country)
        return title, country, former, list(range(start, end))

    def _country_of_token(self, token: Token) -> str | None:
        if sided(token):
            return None  # "pro-Russian separatists" take a side; they are not Russian
        actor_id = self.table.actor_for_token(token)
        if actor_id is not None:
            actor = self.table.get(actor_id)
            if actor is not None and (actor.type == "country" or actor_id in self.places):
                return actor.country
            return None
        entry = self.kb.place(token.text) if token.text[:1].isupper() else None
        return entry.country if entry is not None else None

    # -- countries, organisations, groups ---------------------------------------------------

    def _kb_actor(self, span: Span, entry: KBEntry) -> None:
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

    # -- titles without names ---------------------------------------------------------------

    def _titles(self) -> None:
        doc = self.doc
        i = 0
        n = len(doc)
        while i < n:
            token = doc[i]
            if i in self.claimed or self.table.mention_for_token(token) is not None:
                i += 1
                continue
            hit = self.owner.title_at(doc, i, n)
            if hit is None:
                i += 1
                continue
            end, title = hit
            if any(
                j in self.claimed or self.table.mention_for_token(doc[j]) for j in range(i, end)
            ):
                i += 1
                continue
            head = doc[end - 1]
            if head.dep_ in {"compound", "amod"} and head.head.i >= end:
                outer = head.head
                # "army officers", "state-run news agency": the head noun (or a title of
                # several words ending on it) is a title too and is resolved on its own.
                if (
                    self._title_ends_at(end, outer.i)
                    or outer.pos_
                    not in {
                        "NOUN",
                        "PROPN",
                    }
                    or self.table.mention_for_token(outer) is not None
                ):
                    i = end
                    continue
                # "opposition groups", "rebel commanders": the title sets the sector of the
                # noun it modifies, and that noun heads the group.
                if any(j in self.claimed for j in range(end, outer.i + 1)):
                    i = end
                    continue
                self._title_mention(
                    doc[i : outer.i + 1], Title(title.term, title.sector, "group", title.role)
                )
                i = outer.i + 1
                continue
            if head.pos_ not in {"NOUN", "PROPN"}:
                i = end
                continue
            if title.kind == "modifier":
                # "an Albanian rebel": the modifier word used as a noun.
                title = Title(title.term, title.sector, "group", title.role)
            self._title_mention(doc[i:end], title)
            i = end

    def _title_ends_at(self, start: int, last: int) -> bool:
        """Whether a title found from some token in ``start..last`` ends on token ``last``."""
        for j in range(start, last + 1):
            hit = self.owner.title_at(self.doc, j, len(self.doc))
            if hit is not None and hit[0] == last + 1:
                return True
        return False

    def _np_cues(self, span: Span) -> tuple[str | None, Title | None, bool]:
        """Country, sector modifier and 'former' found in the phrase a title heads."""
        head = span[-1]
        country = None
        modifier = None
        former = False
        tokens = list(head.lefts)
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ in {"of", "from"}:
                tokens.extend(child.subtree)
        for token in tokens:
            for t in (
                token.subtree if token.dep_ in {"poss", "compound", "amod", "nmod"} else [token]
            ):
                place = self._country_of_token(t) or self._international_of_token(t)
                if place and country is None:
                    country = place
            hit = self.owner.title_at(self.doc, token.i, span.start)
            if hit is not None and hit[1].kind in {"modifier", "group"}:
                modifier = hit[1]
            if token.lower_.rstrip("-") in _FORMER:
                former = True
        if country is None:
            for t in span:
                place = self._country_of_token(t)
                if place:
                    country = place
                    break
        if country is None:
            # "rebels in Darfur", "refugees fleeing the civil war in Liberia".
            for t in head.subtree:
                if t.i > head.i and not self._other_actor_at(t):
                    place = self._country_of_token(t)
                    if place:
                        country = place
                        break
        return country, modifier, former

    def _title_mention(self, span: Span, title: Title) -> None:
        if title.kind == "group" and self._named_group_before(span):
            return
        country, modifier, former = self._np_cues(span)
        sector = modifier.sector if modifier is not None else title.sector
        minority: str | None = None
        if country is not None and title.kind == "group" and _ethnic(span):
            minority, country = country, None
        role = title.role
        key = canonical_key(role)
        if title.kind == "person" and span[-1].tag_ in {"NNS", "NNPS"}:
            return  # "the two ministers": several persons, not one holder
        if title.kind == "person":
            country = country or title.country
            apposed = self._apposed_person(span)
            if apposed is not None:
                self._state_role(apposed, role, sector, country, former, span)
                return
            holder = self._holder(key, country, span.start)
            if holder is not None:
                self.table.add_mention(holder.actor, span)
                return
            if country is None:
                return  # "the president" with no holder named: nobody in particular.
            if former and sector == "GOV":
                sector, role = "ELI", f"Former {role}"
            name = f"{role} of {self.kb.country_name(country) or country}"
            actor = self.table.add_actor(
                name, "person", country, sector, role, key=f"role:{country}:{canonical_key(role)}"
            )
            self.table.add_mention(actor, span)
            return
        if title.kind == "modifier":
            return
        if country is not None and sector == "GOV" and span[-1].lower_ in _GOVERNMENT_NOUNS:
            government = self.table.find(f"country:{country}")
            if government is None:
                entry = self.kb.country(country)
                government = self.table.add_actor(
                    entry.name if entry else country,
                    "country",
                    country,
                    "GOV",
                    key=f"country:{country}",
                )
            self.table.add_mention(government, span)
            return
        if country is None and sector == "GOV":
            return  # "the leaders", "officials": nobody in particular.
        label = f"{self.kb.code_name(country)} {role}" if country else role
        if minority is not None:
            label = f"Ethnic {self.kb.country_name(minority) or minority} {role}"
        # "the Foreign Ministry", "the state-run news agency": a group title in the singular
        # names one body, not a people ("a rebel fighter" is one of a group: not a body).
        body = (
            span[-1].tag_ in {"NN", "NNP"}
            and span[-1].lower_ == title.term.split()[-1]
            and minority is None
        )
        actor = self.table.add_actor(
            label,
            "organization" if body else "group",
            country,
            sector,
            key=f"group:{country or minority}:{canonical_key(role)}:{sector}:{minority}",
        )
        self.table.add_mention(actor, span)
        if country is None:
            self.homeless.append((actor, span[-1].i, minority))

    def _apposed_person(self, span: Span) -> _Person | None:
        """The person a title phrase stands in apposition to: "Soylu, Turkey's interior
        minister," and "Mladenov, the UN envoy to Iraq," when the parser missed it."""
        # The phrase's own first word: "Turkey" of "Turkey's interior minister".
        i = min(span.start, max(span[-1].left_edge.i, span.start - 5))
        if i < 2 or self.doc[i - 1].text != "," or self.doc[i - 1].sent.start > i - 2:
            return None
        return self._person_at(self.doc[i - 2])

    def _state_role(
        self,
        person: _Person,
        role: str,
        sector: str | None,
        country: str | None,
        former: bool,
        span: Span,
    ) -> None:
        """What an apposition says of a person: its role, sector and country."""
        if former:
            role = f"Former {role}"
            sector = "ELI" if sector == "GOV" else sector
        person.roles.add(canonical_key(role.removeprefix("Former ")))
        if country:
            person.countries.add(country)
        actor = person.actor
        self.table.learned_roles.append(
            LearnedRole(
                key=canonical_key(actor.name), name=actor.name, role=role, sector=sector,
                country=country, date=self.date, article=self.article, evidence=span.text,
            )
        )
        self._fill(actor, role, sector, country)
        self.table.add_mention(actor, span)

    def _named_group_before(self, span: Span) -> bool:
        """Whether a known group's name stands before a group noun ("Hezbollah guerrillas").

        The noun then means the group itself and becomes one of its mentions.
        """
        if span.start == 0:
            return False
        before = self.doc[span.start - 1]
        actor = self.table.get(self.table.actor_for_token(before))
        if (
            actor is None
            or actor.type != "group"
            or actor.id in self.places
            or actor.sector in (None, "CVL")
            or not span.start <= before.head.i < span.end
        ):
            return False
        self.table.add_mention(actor, span)
        return True

    def _holder(self, role_key: str, country: str | None, position: int) -> _Person | None:
        """The article's person holding a title (and, if given, of that country).

        Among several holders, the one mentioned last before ``position``.
        """
        here = self.doc[position].idx
        best: _Person | None = None
        best_at = -2
        for person in self.persons:
            if not any(_role_matches(role_key, held) for held in person.roles):
                continue
            if country and person.countries and country not in person.countries:
                continue
            at = max(
                (
                    m.start
                    for m in self.table.mentions
                    if m.actor == person.actor.id and m.start < here
                ),
                default=-1,
            )
            if at > best_at:
                best, best_at = person, at
        return best

    # -- pronouns ---------------------------------------------------------------------------

    def _person_at(self, token: Token) -> _Person | None:
        """The person a token (or a name in apposition to it) is a mention of."""
        person = self.person_by_actor.get(self.table.actor_for_token(token) or "")
        if person is not None:
            return person
        for child in token.children:
            if child.dep_ == "appos":
                return self.person_by_actor.get(self.table.actor_for_token(child) or "")
        return None

    def _learn_genders(self) -> None:
        """ "Lehtonen broke her own record", "Sorokin himself": the subject's gender.

        A possessive or reflexive pronoun is read as the subject of the nearest clause above
        it, unless the pronoun stands inside that subject ("Her coach, Mikko Virtanen").
        """
        if not self.persons:
            return
        for token in self.doc:
            gender = _GENDERED.get(token.lower_)
            if gender is None or (token.lower_ == "her" and token.tag_ != "PRP$"):
                continue
            node = token
            while node.head.i != node.i:
                child, node = node, node.head
                if child.dep_ in _SUBJECT_DEPS:
                    break
                person = self.person_by_actor.get(self.table.actor_for_token(node) or "")
                if person is None:
                    subjects = [c for c in node.children if c.dep_ in _SUBJECT_DEPS]
                    if not subjects:
                        continue
                    person = self._person_at(subjects[0])
                if person is not None:
                    _set_gender(person, gender, _BY_PRONOUN)
                break

    def _pronouns(self) -> None:
        if not self.persons:
            return
        doc = self.doc
        sents = list(doc.sents) if doc.has_annotation("DEP") else [doc[:]]
        sent_index: dict[int, int] = {}
        for number, sent in enumerate(sents):
            for i in range(sent.start, sent.end):
                sent_index[i] = number
        # Person mentions in text order, with whether they were subjects.
        people: list[tuple[int, _Person, int]] = []
        for mention in self.table.sorted_mentions():
            person = self.person_by_actor.get(mention.actor)
            if person is None:
                continue
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            people.append((span.root.i, person, _subject_rank(span.root)))
        if not people:
            return
        for token in doc:
            gender = _PRONOUNS.get(token.lower_)
            if gender is None or token.dep_ not in _SUBJECT_DEPS:
                continue
            here = sent_index.get(token.i, 0)
            candidates = [
                (i, person, rank)
                for i, person, rank in people
                if i < token.i
                and here - sent_index.get(i, 0) < _PRONOUN_SENTS
                and person.gender in (None, gender)
            ]
            if not candidates:
                continue
            # "Merkel received Johnson. Johnson said …. She said …": a person known to be of
            # the pronoun's gender wins over one whose gender the article never told.
            known = [c for c in candidates if c[1].gender == gender]
            if known:
                candidates = known
            # The latest sentence with a subject; in it, the main clause's subject before a
            # subordinate one ("Harlow said that Sorokin denied it. He said …" is Harlow).
            subjects = [c for c in candidates if c[2]]
            if subjects:
                chosen = max(subjects, key=lambda c: (sent_index.get(c[0], 0), c[2], c[0]))[1]
            else:
                chosen = candidates[-1][1]
            if self.table.add_mention(chosen.actor, doc[token.i : token.i + 1]) is not None:
                people.append((token.i, chosen, _subject_rank(token)))
                people.sort(key=lambda item: item[0])


# -- helpers --------------------------------------------------------------------------------


def _runs(indexes: Iterable[int]) -> Iterator[tuple[int, int]]:
    """Contiguous runs of token indexes as (start, end)."""
    start = prev = None
    for i in indexes:
        if start is None:
            start = prev = i
        elif prev is not None and i == prev + 1:
            prev = i
        else:
            assert prev is not None
            yield start, prev + 1
            start = prev = i
    if start is not None and prev is not None:
        yield start, prev + 1


def _trim(span: Span) -> Span | None:
    """Drop leading determiners and punctuation and a trailing possessive."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_punct or doc[start].lower_ in {"the", "a", "an"}):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in {"'s", "’s", "'"}):
        end -= 1
    return doc[start:end] if end > start else None


def _strip_possessive(span: Span) -> Span:
    if len(span) > 1 and span[-1].lower_ in {"'s", "’s", "'"}:
        return span[:-1]
    return span


def _clean_name(span: Span) -> str:
    trimmed = _trim(span) or span
    words = [t.text_with_ws for t in trimmed if t.lower_ not in _HONORIFICS]
    return "".join(words).strip() or span.text


def _given_compatible(parts: list[str], other: list[str]) -> bool:
    """Whether two names with the same family name may be one person (Sergei/Sergey)."""
    if len(parts) < 2 or len(other) < 2:
        return True
    first, first_other = parts[0], other[0]
    return (
        first == first_other
        or first[0] == first_other[0]
        and (
            len(first) <= 2 or len(first_other) <= 2  # initials: "G. Bush"
        )
    )


def _set_gender(person: _Person, gender: str, cue: int) -> None:
    """Record a person's gender unless a surer cue already gave one."""
    if cue >= person.gender_cue:
        person.gender, person.gender_cue = gender, cue


def _subject_rank(token: Token) -> int:
    """2 for the subject of a main clause, 1 for another subject, 0 for no subject.

    A name in apposition to a subject ("Her coach, Mikko Virtanen, said") or coordinated with
    one ("Mr. Dorran and Mrs. Selwyn spoke") is a subject too.
    """
    while token.dep_ in {"appos", "conj"} and token.head.i != token.i:
        token = token.head  # "Her coach, Mikko Virtanen," / "Mr. Dorran and Mrs. Selwyn"
    if token.dep_ not in _SUBJECT_DEPS:
        return 0
    verb = token.head
    main = verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")
    return 2 if main else 1


def _names_a_place(span: Span) -> bool:
    """Whether a lone name is a place by its noun ("the Daugava river", "islands of Hiiumaa")."""
    node = span.root
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    if node.dep_ in {"compound", "amod"} and node.head.lower_ in _PLACE_NOUNS:
        return True
    return (
        node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.lower_ in _PLACE_NOUNS
    )


_OPPOSING_VERBS = frozenset(
    {"reject", "deny", "blame", "accuse", "criticize", "criticise", "condemn", "dismiss"}
)


def _opposed(token: Token) -> bool:
    """Whether a country word is what a verb rejects or blames ("rejecting Kyrgyz claims")."""
    node = token
    while node.head.i != node.i:
        if node.dep_ in _SUBJECT_DEPS:
            return False
        node = node.head
        if node.pos_ == "VERB":
            return node.lemma_.lower() in _OPPOSING_VERBS
    return False


def _dateline(token: Token) -> bool:
    """Whether a place word is the article's dateline ("DUSHANBE —")."""
    return token.i <= 3 and token.is_upper and len(token.text) > 2


def _role_matches(wanted: str, held: str) -> bool:
    """'secretary general' matches 'secretary general'; 'minister' matches 'foreign minister'."""
    if held.startswith("former "):
        return False
    if wanted == held:
        return True
    wanted_words, held_words = wanted.split(), held.split()
    return len(wanted_words) == 1 and wanted_words[-1] == held_words[-1]


_INTERNATIONAL_WORDS = frozenset(
    {
        "international",
        "world",
        "global",
        "united",
        "nations",
        "african",
        "european",
        "asian",
        "arab",
        "islamic",
        "pan",
        "inter",
        "regional",
        "intergovernmental",
    }
)
_IGO_HEADS = frozenset(
    {
        "organization",
        "organisation",
        "agency",
        "office",
        "fund",
        "bank",
        "court",
        "tribunal",
        "commission",
        "programme",
        "program",
        "union",
        "council",
    }
)


def _international_code(name: str) -> str | None:
    """IGO or NGO for an unknown organisation whose name says it is international."""
    words = name.lower().replace("-", " ").split()
    if not _INTERNATIONAL_WORDS.intersection(words):
        return None
    return "IGO" if words[-1] in _IGO_HEADS and words[0] != "association" else "NGO"


def _is_people_noun(span: Span) -> bool:
    """A demonym used as a plural noun ("Palestinians"), not as an adjective or the country."""
    root = span.root
    return (
        root.tag_ in {"NNS", "NNPS"}
        and root.text[-1:] == "s"
        and root.dep_ not in {"amod", "compound"}
        and "." not in root.text
    )


def _locative(token: Token) -> bool:
    """Whether a place word is where something happens ("talks in Geneva"), not who acts."""
    node = token
    while node.dep_ in {"compound", "amod", "conj"} and node.head.i != node.i:
        node = node.head
    return node.dep_ == "pobj" and node.head.lower_ in {"in", "at", "near", "inside", "outside"}


def _ethnic(span: Span) -> bool:
    """Whether "ethnic" qualifies the phrase ("ethnic Albanian guerrillas", "ethnic Turks")."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].lower_ == "ethnic":
        return True
    return any(t.lower_ == "ethnic" for t in doc[span[-1].left_edge.i : span.end])


def _year(day: str) -> int:
    return int(day[:4]) if day[:4].isdigit() else 0


def _national_office(actor: Actor) -> bool:
    """Whether a person's role is one a country's sentence locates ("President", "Judge").

    A former office holder is no country's official; an ambassador or envoy is named beside
    the country they are sent to, a group's leader beside the places the group fights in, a
    chief executive beside the markets the company sells in: a country near them is no
    evidence of theirs.
    """
    if actor.sector not in _NATIONAL_SECTORS or (actor.role or "").startswith("Former "):
        return False  # a former office holder speaks for no country any more
    words = set((actor.role or "").lower().replace("-", " ").split())
    return not words & _RELATIONAL_ROLES


def _code(country: str | None, sector: str | None) -> str | None:
    code = (country or "") + (sector or "")
    return code or None


@Language.factory(
    "rashomon_actors",
    requires=["doc.ents", "token.dep", "token.tag", "token.lemma"],
    assigns=["doc._.rashomon_actors"],
    default_config={"dictionaries": None},
)
def make_actor_resolver(nlp: Language, name: str, dictionaries: list[str] | None) -> ActorResolver:
    """Build the actor component.

    Args:
        dictionaries: user dictionary files laid over the built-in knowledge base; the pipeline
            passes the ``dictionaries`` setting.
    """
    return ActorResolver(nlp, default_kb(list(dictionaries or [])))
