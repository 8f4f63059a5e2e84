"""The events stage: who did what to whom, coded in PLOVER 2.0 and CAMEO.

The ``rashomon_events`` spaCy component (:mod:`.component`) reads the parse, the article's
actors (``doc._.rashomon_actors``) and statements (``doc._.rashomon_statements``) and writes
``doc._.rashomon_events``, a ``list[Event]`` (:mod:`rashomon.records`).

| module | holds |
|---|---|
| ``component`` | the factory that builds the coder from the lexicon setting |
| ``coder`` | the coder: triggers on the parse, modality, negation, dates, places, codes |
| ``parties`` | source and target of an event from the clause around its trigger |
| ``syntax`` | dependency labels, word sets and small readings of the parse |
| ``lexicon`` | the PLOVER/CAMEO lexicon and grammar words, read from ``data/`` |
| ``dates`` | relative date expressions resolved against the publication date |
| ``model`` | the fallback classifier for clauses the lexicon misses (embeddings) |

Data under ``data/``: ``events_lexicon.tsv`` (the triggers), ``events_cameo.tsv``,
``events_context.tsv``, ``events_grammar.yaml``, ``events_examples.tsv`` and the fallback
classifier ``events_fallback.json`` with its model card. The classifier is trained by
:mod:`rashomon.evaluation.event_training` (``make train-events``) and measured by
:mod:`rashomon.evaluation.events`.
"""
