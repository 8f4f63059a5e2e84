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

The cue lexicon is the one thing another stage uses: the event coder must not code a verb
that reports speech as an event, so it reads :func:`default_lexicon` from here.
"""

from .cues import CueLexicon, default_lexicon

__all__ = ["CueLexicon", "default_lexicon"]
