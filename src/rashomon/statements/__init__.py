"""The statements stage: who said what, in direct quotes, reported speech and headlines.

The ``rashomon_statements`` spaCy component (:mod:`.component`) reads the parse and the
article's actors (``doc._.rashomon_actors``, an :class:`~rashomon.nlp.actor_table.ActorTable`)
and writes ``doc._.rashomon_statements``, a ``list[Statement]`` (:mod:`rashomon.records`)
in text order. Later stages read that list, never this package's internals.

| module | holds |
|---|---|
| ``component`` | the component and its factory: the passes, their order, the records |
| ``marks`` | quotation marks paired (curly, straight, apostrophes, open paragraphs) |
| ``direct`` | direct quotes attributed to a speaker ("…," she said; Name: "…") |
| ``reported`` | reported speech headed by a cue ("X said that …", "according to X") |
| ``content`` | the content span a cue verb, noun or stance word governs |
| ``cue_syntax`` | where a cue stands: trailing speaker phrases, shared subjects, clause marks |
| ``headline`` | headlines written as ``Speaker Verb Content`` |
| ``common`` | what the passes share: found statements, spans, trimming |
| ``speakers`` | a speaker mention linked to an actor through the actor table |
| ``cues`` | the cue lexicon: speech verbs and nouns, belief verbs, channels |

Data: ``data/statements_cues.yaml`` (the cue words; a user lexicon extends it through the
``cue_lexicon`` setting).

Two things are used by other stages: the cue lexicon (the event coder must not code a verb
that reports speech as an event, so it reads :func:`default_lexicon` from here) and the
pairing of quotation marks (the actor stage reads :func:`find_quotes` so that a pronoun
outside a quotation passes over persons named only inside it).
"""

from .cues import CueLexicon, default_lexicon
from .marks import Quoted, find_quotes

__all__ = ["CueLexicon", "Quoted", "default_lexicon", "find_quotes"]
