"""``rashomon_normalize``: repair what machine translation does to names, without moving offsets.

Machine translation often writes names in lower case ("American President Donald trump",
"trump or Putin"), and the tagger, parser and NER then miss them. This component runs first
and returns a new ``Doc`` with the same words and spaces (so every character offset is
unchanged) in which a lower-case word is capitalised when

1. it is part of a multi-word knowledge-base name written with at least one capital
   ("Donald trump" → "Donald Trump"); its words then count as names of this article, so
   every later "trump" is repaired too;
2. it is a person or place name in the knowledge base that is not an ordinary English word
   ("putin", "lavrov", "moscow"; never "trump", "may", "turkey" on the knowledge base alone);
3. the article itself writes it capitalised in the middle of a sentence and it is not an
   ordinary English word ("tillerson" after "Rex Tillerson").

Only letter case changes. The original text is kept in ``doc.user_data`` so mentions quote
the article as written; ``doc.user_data`` (where ``doc._.rashomon_meta`` lives) is copied over.
"""

from __future__ import annotations

from collections.abc import Iterable
from weakref import WeakKeyDictionary

from spacy.attrs import ORTH, SPACY
from spacy.language import Language
from spacy.tokens import Doc

from ..kb import KnowledgeBase, default_kb
from ..kb.keys import fold
from .actor_table import ORIGINAL_TEXT
from .arrays import doc_text, token_strings

# Tokens after which a capital says nothing: the next word starts a sentence or a quotation.
_SENTENCE_OPENERS = frozenset(
    {".", "!", "?", ":", ";", "“", '"', "‘", "'", "—", "–", "-", "(", "["}
)
# "to trump", "will trump": a name-word after these is a verb.
_VERB_CONTEXT = frozenset(
    {
        "to",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "must",
        "should",
        "shall",
        "not",
        "n't",
        "did",
        "does",
        "do",
    }
)
# Name particles are lower-case in the names themselves ("Bashar al-Assad", "Ursula von der Leyen").
_PARTICLES = frozenset(
    {
        "al",
        "el",
        "bin",
        "ibn",
        "bint",
        "de",
        "da",
        "di",
        "do",
        "dos",
        "du",
        "la",
        "le",
        "van",
        "von",
        "der",
        "den",
        "ter",
        "y",
        "e",
        "of",
        "the",
        "and",
        "for",
    }
)


def english_words(nlp: Language) -> frozenset[str]:
    """Ordinary English words, from the lemmatizer's word index when the model has one.

    Without one the set is empty, and only the knowledge base's list of names that are also
    words (``name_words.txt``) keeps common words from being capitalised. Read once per
    pipeline: the normalisation, actor and statement components all ask for it.
    """
    known = _ENGLISH.get(nlp)
    if known is None:
        known = _read_english_words(nlp)
        if known:  # an empty set is read again: a lemmatizer may be added later
            _ENGLISH[nlp] = known
    return known


# The word sets already read, per pipeline (dropped with it).
_ENGLISH: WeakKeyDictionary[Language, frozenset[str]] = WeakKeyDictionary()


def _read_english_words(nlp: Language) -> frozenset[str]:
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or "lemma_index" not in lookups.tables:
        return frozenset()
    index = lookups.get_table("lemma_index")
    words: set[str] = set()
    for pos in ("noun", "verb", "adj", "adv"):
        if pos in index:
            words.update(w for w in index[pos] if w.isalpha())
    return frozenset(words)


def _kb_words(
    kb: KnowledgeBase, stop: Iterable[str]
) -> tuple[frozenset[str], dict[str, list[tuple[str, ...]]]]:
    """Single words safe to capitalise, and multi-word names by their first word."""
    stop_words = set(stop)
    single: set[str] = set()
    multi: dict[str, list[tuple[str, ...]]] = {}
    for name, entry in kb.phrases():
        words = tuple(name.lower().split())
        if len(words) > 1:
            multi.setdefault(words[0], []).append(words)
        # Parts of person names stand alone ("putin"); parts of other names do not
        # ("foreign" of "Foreign Office", "group" of "Wagner Group").
        if entry.type != "person" and (len(words) > 1 or entry.type != "country"):
            continue
        for word in words:
            if (
                word.isalpha()
                and len(word) > 1
                and word not in stop_words
                and word not in _PARTICLES
                and word not in kb.name_words
            ):
                single.add(word)
    for options in multi.values():
        options.sort(key=len, reverse=True)
    return frozenset(single), multi


class Normalizer:
    """The ``rashomon_normalize`` component (see the module docstring)."""

    def __init__(self, nlp: Language, kb: KnowledgeBase) -> None:
        self.vocab = nlp.vocab
        self.stop = frozenset(nlp.Defaults.stop_words)
        self.english = english_words(nlp)
        self.name_words = kb.name_words
        self.single, self.multi = _kb_words(kb, self.stop)
        # Ordinary words no rule capitalises unless the article writes them as part of a
        # name: ``_should_capitalise`` is asked only about the others (nearly every
        # lower-case word of an article is one of these).
        self.plain = (self.english | self.name_words) - (self.single - self.name_words)

    def __call__(self, doc: Doc) -> Doc:
        # The words come from the annotation array and the string store: spaCy builds a
        # new Token object on every access.
        words = token_strings(doc, ORTH)
        original = list(words)
        lowers = [w.lower() for w in words]
        article_names = self._repair_multiword(words, lowers)
        capitalised = self._capitalised_mid_sentence(original)
        changed = bool(article_names)
        for i, word in enumerate(words):
            if not word.isalpha() or not word.islower() or word in self.stop:
                continue
            if word in self.plain and word not in article_names:
                continue
            if self._should_capitalise(word, i, lowers, article_names, capitalised):
                words[i] = word[0].upper() + word[1:]
                changed = True
        if not changed or words == original:
            return doc
        spaces = [bool(x) for x in doc.to_array(SPACY).tolist()]
        new = Doc(self.vocab, words=words, spaces=spaces)
        new.user_data.update(doc.user_data)
        # The text as written, joined from the words read above.
        new.user_data[ORIGINAL_TEXT] = doc.user_data.get(ORIGINAL_TEXT) or doc_text(doc, original)
        return new

    def _repair_multiword(self, words: list[str], lowers: list[str]) -> set[str]:
        """Capitalise multi-word KB names written with at least one capital; return their words."""
        names: set[str] = set()
        multi = self.multi
        resume = 0  # a name found runs to here: no other starts inside it
        for i in [i for i, lower in enumerate(lowers) if lower in multi]:
            if i < resume:
                continue
            for option in multi[lowers[i]]:
                end = i + len(option)
                if tuple(lowers[i:end]) != option:
                    continue
                if not any(w[:1].isupper() for w in words[i:end]):
                    continue
                for j in range(i, end):
                    if lowers[j] not in _PARTICLES and words[j].islower():
                        words[j] = words[j][0].upper() + words[j][1:]
                    if lowers[j] not in _PARTICLES:
                        names.add(lowers[j])
                resume = end
                break
        return names

    def _capitalised_mid_sentence(self, words: list[str]) -> set[str]:
        """Words the article writes capitalised where a capital is not forced.

        ``words`` are the token texts; a line break is a token of its own (a token's trailing
        whitespace is one space or none), so the word after one is at a line's start.
        """
        found: set[str] = set()
        for previous, text in zip(words[:-1], words[1:], strict=True):
            if (
                text[:1].isupper()
                and not text.isupper()
                and previous not in _SENTENCE_OPENERS
                and "\n" not in previous
            ):
                found.add(fold(text))
        return found

    def _should_capitalise(
        self,
        word: str,
        i: int,
        lowers: list[str],
        article_names: set[str],
        capitalised: set[str],
    ) -> bool:
        ordinary = word in self.english or word in self.name_words
        if ordinary and i > 0 and lowers[i - 1] in _VERB_CONTEXT:
            return False
        if word in article_names:
            return True
        if word in self.single and word not in self.name_words:
            return True
        return fold(word) in capitalised and not ordinary


@Language.factory(
    "rashomon_normalize",
    assigns=["token.text"],
    requires=[],
    default_config={"dictionaries": None},
)
def make_normalizer(nlp: Language, name: str, dictionaries: list[str] | None) -> Normalizer:
    """Build the normalisation component.

    Args:
        dictionaries: user dictionary files whose names count as known names; the pipeline
            passes the ``dictionaries`` setting.
    """
    return Normalizer(nlp, default_kb(list(dictionaries or [])))
