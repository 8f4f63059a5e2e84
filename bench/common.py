"""Helpers the benchmarks share: where the annotated data is, timing of pipeline stages."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from spacy.language import Language

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def shared_path(*parts: str) -> Path | None:
    """A file under ../shared, or None (the benchmark then says it was skipped)."""
    path = SHARED.joinpath(*parts)
    return path if path.exists() else None


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The fastest of ``runs`` timings of ``work``, in seconds (least disturbed by noise)."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def component_seconds(
    nlp: Language,
    texts: Sequence[str],
    runs: int = 3,
    clock: Callable[[], float] = time.perf_counter,
    batch_size: int | None = None,
) -> dict[str, float]:
    """Seconds spent in each pipeline component over ``texts`` (best of ``runs`` passes).

    Each text goes through the components one by one, unless ``batch_size`` is given: then
    ``batch_size`` texts at a time go through each component's ``pipe`` as ``nlp.pipe`` runs
    them (the event fallback embeds a batch's clauses in one call). ``clock`` is
    ``time.process_time`` to count the process's CPU time, which moves less than the wall
    clock with the load other programs put on the machine.
    """
    totals: dict[str, float] = {name: float("inf") for name in nlp.pipe_names}
    size = batch_size or 1
    for _ in range(runs):
        spent = dict.fromkeys(nlp.pipe_names, 0.0)
        for start in range(0, len(texts), size):
            docs = [nlp.make_doc(text) for text in texts[start : start + size]]
            for name, proc in nlp.pipeline:
                started = clock()
                pipe = getattr(proc, "pipe", None) if batch_size is not None else None
                docs = [proc(doc) for doc in docs] if pipe is None else list(
                    pipe(docs, batch_size=size)
                )
                spent[name] += clock() - started
        for name, seconds in spent.items():
            totals[name] = min(totals[name], seconds)
    return totals


def parse_seconds(seconds: dict[str, float]) -> float:
    """The model's own share of ``component_seconds``: every component not Rashomon's."""
    return sum(v for name, v in seconds.items() if not name.startswith("rashomon_"))
