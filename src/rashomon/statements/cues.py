"""The cue lexicon of statement extraction: speech verbs, speech nouns and channel phrases.

The words live in ``data/statements_cues.yaml`` so that they can be extended without
touching code; this module loads them once into sets and dicts for constant-time lookups.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import Errors, RashomonError
from ..records import CHANNELS

DEFAULT_LEXICON = "statements_cues.yaml"


@dataclass(frozen=True, slots=True)
class CueLexicon:
    """Speech cues and channel phrases, ready for lookups by lemma."""

    verbs: dict[str, str | None]
    belief_verbs: frozenset[str]
    phrasal: dict[str, str]
    object_verbs: frozenset[str]
    intention_verbs: frozenset[str]
    nouns: dict[str, str | None]
    channel_phrases: dict[str, str]
    platforms: frozenset[str]
    # Nouns naming an account, which a trailing aside is about ("…, in an account that …").
    aside_nouns: frozenset[str] = frozenset()
    # Adjectives of a stance held by the subject of a copula ("X is confident that …").
    stance_adjectives: frozenset[str] = frozenset()
    # Adjectives that make a statement with "make" ("X made it clear that …").
    made_adjectives: frozenset[str] = frozenset()
    # Verbs that voice a stance when they take "Y as Z" ("X sees the plan as a dead end").
    as_verbs: frozenset[str] = frozenset()
    # Verbs of a rule or document's provision ("the program allows foreigners to …"), taken
    # only with a subject among ``document_nouns``.
    provision_verbs: frozenset[str] = frozenset()
    document_nouns: frozenset[str] = frozenset()
    # Common nouns that may stand alone before a line's colon as its source ("Poll: …").
    label_nouns: frozenset[str] = frozenset()
    # Adjectives of an attitude held towards something, with the prepositions that take it
    # ("critical of", "worried about").
    attitude_adjectives: dict[str, frozenset[str]] = field(default_factory=dict)
    # Verbs of an attitude voiced or shown, with the prepositions that take its object
    # ("object" for a direct object): "disagrees with her former boss".
    attitude_verbs: dict[str, frozenset[str]] = field(default_factory=dict)
    # Verbs of speech whose topic is the content, with the prepositions that take it
    # ("spoke about the shooting", "discussed the plan").
    topic_verbs: dict[str, frozenset[str]] = field(default_factory=dict)

    def is_verb_cue(self, lemma: str) -> bool:
        """Whether a verb lemma can introduce a statement."""
        return lemma in self.verbs or lemma in self.belief_verbs

    @property
    def voice_nouns(self) -> frozenset[str]:
        """Nouns of what a person says or writes ("Trump's statement", "her tweet", "his
        letter", "the senator's account"): the person whose they are is the one speaking."""
        phrases = (p for p in self.channel_phrases if " " not in p)
        return frozenset({*self.nouns, *phrases, *self.aside_nouns, *self.document_nouns,
                          *self.label_nouns})

    def channel_of_phrase(self, words: str) -> str | None:
        """The channel a noun phrase names ("press conference" → press_conference)."""
        return self.channel_phrases.get(words.lower())


def _check_channel(path: str, value: Any) -> str | None:
    if value is None or value in CHANNELS:
        return value if value is None else str(value)
    raise RashomonError(Errors.E023, path=path, detail=f"unknown channel {value!r}")


def _channel_map(path: str, data: dict[str, Any], key: str) -> dict[str, str | None]:
    raw = data.get(key) or {}
    if not isinstance(raw, dict):
        raise RashomonError(Errors.E023, path=path, detail=f"{key!r} must be a mapping")
    return {str(k).lower(): _check_channel(path, v) for k, v in raw.items()}


def _word_set(path: str, data: dict[str, Any], key: str) -> frozenset[str]:
    raw = data.get(key) or []
    if not isinstance(raw, list):
        raise RashomonError(Errors.E023, path=path, detail=f"{key!r} must be a list")
    return frozenset(str(w).lower() for w in raw)


def _preposition_map(path: str, data: dict[str, Any], key: str) -> dict[str, frozenset[str]]:
    raw = data.get(key) or {}
    if not isinstance(raw, dict) or not all(isinstance(v, list) for v in raw.values()):
        raise RashomonError(Errors.E023, path=path, detail=f"{key!r} must map words to lists")
    return {str(k).lower(): frozenset(str(w).lower() for w in v) for k, v in raw.items()}


def parse_lexicon(data: dict[str, Any], path: str = "<lexicon>") -> CueLexicon:
    """Build a lexicon from the parsed YAML mapping, checking every channel name."""
    if not isinstance(data, dict):
        raise RashomonError(Errors.E023, path=path, detail="top level must be a mapping")
    phrases = _channel_map(path, data, "channel_phrases")
    phrasal = data.get("phrasal") or {}
    return CueLexicon(
        verbs=_channel_map(path, data, "verbs"),
        belief_verbs=_word_set(path, data, "belief_verbs"),
        phrasal={str(k): str(v) for k, v in phrasal.items()},
        object_verbs=_word_set(path, data, "object_verbs"),
        intention_verbs=_word_set(path, data, "intention_verbs"),
        nouns=_channel_map(path, data, "nouns"),
        channel_phrases={k: v for k, v in phrases.items() if v is not None},
        platforms=_word_set(path, data, "platforms"),
        aside_nouns=_word_set(path, data, "aside_nouns"),
        stance_adjectives=_word_set(path, data, "stance_adjectives"),
        made_adjectives=_word_set(path, data, "made_adjectives"),
        as_verbs=_word_set(path, data, "as_verbs"),
        provision_verbs=_word_set(path, data, "provision_verbs"),
        document_nouns=_word_set(path, data, "document_nouns"),
        label_nouns=_word_set(path, data, "label_nouns"),
        attitude_adjectives=_preposition_map(path, data, "attitude_adjectives"),
        attitude_verbs=_preposition_map(path, data, "attitude_verbs"),
        topic_verbs=_preposition_map(path, data, "topic_verbs"),
    )


def read_lexicon(path: Path | None = None) -> CueLexicon:
    """Read a cue lexicon from ``path``, or the packaged default."""
    if path is None:
        data = resources.files("rashomon.statements").joinpath("data", DEFAULT_LEXICON)
        text = data.read_text("utf8")
        where = DEFAULT_LEXICON
    else:
        text = path.read_text(encoding="utf8")
        where = str(path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RashomonError(Errors.E023, path=where, detail=str(exc)) from exc
    return parse_lexicon(data, where)


@lru_cache(maxsize=1)
def default_lexicon() -> CueLexicon:
    """The packaged lexicon, read once per process."""
    return read_lexicon()
