"""A test hook that kills the process at a named step, to prove that runs are crash-safe.

``RASHOMON_KILL_AT=STEP`` (or ``STEP:N`` for the N-th time the step is reached) makes the
process send itself SIGKILL there: no cleanup, no ``finally``, exactly what ``kill -9`` or a
power cut does. The crash-safety tests run the real CLI with it at each step and check that
running the same command again gives the same store as an uninterrupted run. Unset (the
normal case), :func:`reached` costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal
from collections import Counter

KILL_ENV = "RASHOMON_KILL_AT"
# Every step a run can be killed at, in the order a run reaches them.
STEPS = (
    "article-stored",  # after an article's rows were committed
    "before-grouping",  # every article stored, stories not yet updated
    "grouping-saved",  # the grouper's per-article state committed, story records not yet
    "stories-saved",  # story rows committed
    "round-fetched",  # watch: a source fetched, its articles not yet stored
    "round-stored",  # watch: a round's articles stored, the sources' status not yet
)
_counts: Counter[str] = Counter()


def reached(step: str) -> None:
    """Note that the run reached ``step``; die there if ``RASHOMON_KILL_AT`` names it."""
    wanted = os.environ.get(KILL_ENV)
    if not wanted:
        return
    name, _, nth = wanted.partition(":")
    if name != step:
        return
    _counts[step] += 1
    if _counts[step] >= (int(nth) if nth.isdigit() else 1):
        os.kill(os.getpid(), signal.SIGKILL)
