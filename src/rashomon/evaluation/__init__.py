"""Measuring and training against annotated data: nothing here runs in an analysis.

| module | holds |
|---|---|
| ``actors`` | actor gold (PLOVER source/target actors) read and scored |
| ``events`` | PLOVER gold, the fold split by story, event-type scoring and confusion |
| ``event_training`` | the event fallback fitted, its model card written (``make train-events``) |
| ``stories`` | story grouping (B-cubed) and comparison scoring against gold sides |
| ``stories_crossval`` | FNC-1 bodies as a story-grouping corpus, folds for the stories gate |
| ``stance`` | the stance model's figures on FNC-1 folds against a baseline |
| ``fnc`` | the FNC-1 reader and its official score |

Benchmarks (``bench/``), the quality gates (tests marked ``gate``) and ``make train`` import
these modules; runtime modules never do (``tests/test_imports.py``).
"""
