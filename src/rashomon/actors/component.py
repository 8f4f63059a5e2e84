"""``rashomon_actors``: the spaCy component that finds who is who in one article.

See the package docstring (:mod:`rashomon.actors`) for what it does, step by step.
"""

from __future__ import annotations

from spacy.attrs import LEMMA, LOWER, ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..kb import KnowledgeBase, default_kb
from ..kb.base import (
    family_first_names,
    given_names,
    institution_seats,
)
from ..kb.keys import name_parts
from ..kb.model import KBEntry, Title
from ..kb.roles import RoleMemory
from ..nlp.actor_table import ActorTable
from ..nlp.arrays import doc_text, token_strings
from ..nlp.extensions import register_extensions
from ..nlp.normalize import english_words
from .common import (
    _code,
)
from .mentions import PhraseIndex, _Mentions
from .pronouns import _Pronouns

register_extensions()


class _DocWords:
    """The texts, lower-case forms and lower-case lemmas of the last document asked about.

    Read from the annotation arrays and the string store: spaCy builds a new Token object on
    every access, and the title and name look-ups read these words for every token.
    """

    def __init__(self) -> None:
        self.doc: Doc | None = None
        self.texts: list[str] = []
        self.lowers: list[str] = []
        self.lemmas: list[str] = []
        self.joined: str | None = None
        self.title_starts: list[int] | None = None

    def read(self, doc: Doc) -> None:
        """Read ``doc``'s words unless they are the ones already read."""
        if doc is self.doc:
            return
        self.texts = token_strings(doc, ORTH)
        self.lowers = token_strings(doc, LOWER)
        self.lemmas = [lemma.lower() for lemma in token_strings(doc, LEMMA)]
        self.joined = None
        self.title_starts = None
        self.doc = doc

    def text(self, doc: Doc) -> str:
        """``doc``'s text, joined once (``doc.text`` builds a Token object for every word on
        each access; the actor table has joined it already)."""
        self.read(doc)
        if self.joined is None:
            self.joined = doc_text(doc)
        return self.joined


class ActorResolver:
    """The ``rashomon_actors`` component (see the module docstring)."""

    def __init__(self, nlp: Language, kb: KnowledgeBase) -> None:
        self.kb = kb
        # Roles the corpus stated in other articles (set by the store before a run).
        self.role_memory: RoleMemory | None = None
        self.index = PhraseIndex(kb, nlp)
        self.family_first = family_first_names()
        self.given = given_names()
        # Ordinary English words: a capitalised one before a given name is a noun of the
        # sentence ("Runner Ana Kell"), another name is a name ("Afton Elaine Burton").
        self.english = english_words(nlp)
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

    def words(self, doc: Doc) -> _DocWords:
        """The words of ``doc`` (read once per document)."""
        self._words.read(doc)
        return self._words

    def title_starts(self, doc: Doc) -> list[int]:
        """The tokens a title may start at: those whose form or lemma begins a title (found
        once per document: the names and the titles without names both walk them)."""
        words = self.words(doc)
        if words.title_starts is None:
            first = self.title_first
            words.title_starts = [
                i
                for i, (lower, lemma) in enumerate(zip(words.lowers, words.lemmas, strict=True))
                if lower in first or lemma in first
            ]
        return words.title_starts

    def title_at(self, doc: Doc, i: int, stop: int) -> tuple[int, Title] | None:
        """The longest title starting at token ``i`` and ending before ``stop``: (end, title)."""
        # Called for nearly every token, many times per document: the words are read from
        # the document once (spaCy builds a new Token object on every access), and asked
        # for here without a method call.
        read = self._words
        if doc is not read.doc:
            read.read(doc)
        lowers, lemmas = read.lowers, read.lemmas
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


class _Run(_Pronouns, _Mentions):
    """The resolution of one document."""

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
