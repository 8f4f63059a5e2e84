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


def component_seconds(nlp: Language, texts: Sequence[str], runs: int = 3) -> dict[str, float]:
    """Seconds spent in each pipeline component over ``texts`` (best of ``runs`` passes)."""
    totals: dict[str, float] = {name: float("inf") for name in nlp.pipe_names}
    for _ in range(runs):
        spent = dict.fromkeys(nlp.pipe_names, 0.0)
        for text in texts:
            doc = nlp.make_doc(text)
            for name, proc in nlp.pipeline:
                started = time.perf_counter()
                doc = proc(doc)
                spent[name] += time.perf_counter() - started
        for name, seconds in spent.items():
            totals[name] = min(totals[name], seconds)
    return totals


def parse_seconds(seconds: dict[str, float]) -> float:
    """The model's own share of ``component_seconds``: every component not Rashomon's."""
    return sum(v for name, v in seconds.items() if not name.startswith("rashomon_"))
