"""The analysis pipeline assembled, and the contract its stages share.

| module | holds |
|---|---|
| ``pipeline`` | the configured spaCy model with Rashomon's components, and ``analyze_batch`` |
| ``normalize`` | ``rashomon_normalize``: case repair on a same-length copy of the text |
| ``extensions`` | every ``doc._.rashomon_*`` attribute and the short getters, declared once |
| ``actor_table`` | ``ActorTable``, the value of ``doc._.rashomon_actors`` the stages query |
| ``sides`` | words that take sides ("pro-Russian"), which name no actor, for actors and events |
| ``to_record`` | an analysed ``Doc`` turned into its ``AnalyzedArticle`` record |

The stages themselves are packages of their own (``rashomon.actors``, ``rashomon.statements``,
``rashomon.events``); they read and write only what is declared here and in
``rashomon.records``.
"""
