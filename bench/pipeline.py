"""The full pipeline's speed against bare ``nlp.pipe`` of the same spaCy model, same texts.

Prints tokens per second for the bare model, the full pipeline, and the full pipeline with the
event fallback switched off, and their ratios, measured three ways in the same run so that a
change in a shared machine's load hits all three configurations alike:

* rounds: each configuration runs over all the texts in turn, the order rotated from round to
  round (each runs first, in the middle and last equally often); the ratio of the best times,
  and the median of each round's own ratio in wall-clock and in CPU time, with their range;
* paired batches: the texts in batches of ``PAIRED_BATCH``, each batch run by every
  configuration in turn (order rotated) before the next batch, so that the load can only
  change between batches, not between the runs compared, over ``PAIRED_PASSES`` passes. The
  headline figure: each batch's median CPU time over the passes, summed over the batches, of
  the bare model over the full pipeline (a burst of load that slows one run of one batch
  moves a median little, a best or a sum a lot), with a 90% interval from resampling the
  passes; then the ratio of each pass's summed CPU times, its median and range;
* stage times: each component's CPU time over the texts in batches as ``nlp.pipe`` runs them
  (best of ``STAGE_RUNS``), each Rashomon stage as a share of the model's own parse, and the
  ratio they imply, 1 / (1 + the stages' shares).

Then the machine's load average and what the event fallback did (clauses asked about,
embedded, coded). Every timed run starts after a garbage collection, so that one run's
garbage is not collected in the next one's time.
"""

from __future__ import annotations

import gc
import json
import os
import random
import statistics
import time
from collections.abc import Callable

from common import REPO, component_seconds, parse_seconds, shared_path
from spacy.language import Language
from spacy.tokens import Doc

from rashomon.config import load_settings
from rashomon.events.model import load_fallback
from rashomon.nlp.pipeline import build_pipeline, load_model

RASHOMON = ("rashomon_normalize", "rashomon_actors", "rashomon_statements", "rashomon_events")
BATCH = 32
ROUNDS = 6
# As many texts as ``nlp.pipe`` gets in the rounds (production batches hold 64 articles): the
# event fallback embeds a batch's clauses in one MiniLM call, whose fixed cost a smaller
# batch would charge more often than a real run does.
PAIRED_BATCH = BATCH
PAIRED_PASSES = 7
STAGE_RUNS = 3
RESAMPLES = 1000
TARGET = 0.88


def corpus_texts() -> list[str]:
    """Texts to time: the example corpus's JSONL articles plus the PolNeAR texts if present."""
    texts = []
    examples = REPO / "examples" / "articles.jsonl"
    if examples.exists():
        texts += [json.loads(line)["text"] for line in examples.open(encoding="utf8")
                  if line.strip()]
    polnear = shared_path("data", "polnear-dev.jsonl")
    if polnear is not None:
        texts += [json.loads(line)["text"] for line in polnear.open(encoding="utf8")]
    return texts


def _rotated(names: list[str], number: int) -> list[str]:
    """``names`` rotated by ``number`` places: over ``len(names)`` turns each comes first once."""
    shift = number % len(names)
    return names[shift:] + names[:shift]


def interleaved(
    rounds: int, works: dict[str, Callable[[], object]]
) -> list[dict[str, tuple[float, float]]]:
    """Wall-clock and CPU seconds of each work in each of ``rounds`` rounds, the works run in
    turn in a round, the order rotated from round to round so that each work runs first,
    in the middle and last equally often (a work run right after another on the same texts
    finds the memory caches warm). The process's CPU time moves less
    with the load other programs put on a shared machine than the wall clock does
    (everything here runs on one thread)."""
    timings = []
    for number in range(rounds):
        spent = {}
        for name in _rotated(list(works), number):
            gc.collect()
            wall, cpu = time.perf_counter(), time.process_time()
            works[name]()
            spent[name] = (time.perf_counter() - wall, time.process_time() - cpu)
        timings.append(spent)
    return timings


Paired = list[dict[str, list[float]]]


def paired_batches(
    pipelines: dict[str, Language], texts: list[str], size: int, passes: int
) -> Paired:
    """CPU seconds of each pipeline on each batch of ``size`` texts, in each of ``passes``.

    Every batch goes through each pipeline in turn (order rotated from batch to batch)
    before the next batch: a change in the machine's load falls between batches, and so on
    all pipelines alike.
    """
    results: Paired = []
    for _ in range(passes):
        spent: dict[str, list[float]] = {name: [] for name in pipelines}
        for number, start in enumerate(range(0, len(texts), size)):
            batch = texts[start : start + size]
            for name in _rotated(list(pipelines), number):
                gc.collect()
                cpu = time.process_time()
                list(pipelines[name].pipe(batch, batch_size=size))
                spent[name].append(time.process_time() - cpu)
        results.append(spent)
    return results


def median_ratio(paired: Paired, name: str) -> float:
    """The bare model's time over ``name``'s, each batch's time its median over the passes."""
    batches = range(len(paired[0]["bare"]))

    def total(config: str) -> float:
        return sum(statistics.median(p[config][b] for p in paired) for b in batches)

    return total("bare") / total(name)


def resampled(paired: Paired, name: str, resamples: int = RESAMPLES) -> tuple[float, float]:
    """A 90% interval of ``median_ratio``: the passes drawn again with replacement."""
    draw = random.Random(13)
    ratios = sorted(
        median_ratio([draw.choice(paired) for _ in paired], name) for _ in range(resamples)
    )
    return ratios[int(0.05 * resamples)], ratios[int(0.95 * resamples) - 1]


def pass_ratios(paired: Paired, name: str) -> list[float]:
    """The ratio of each pass's summed times, bare over ``name``."""
    return [sum(p["bare"]) / sum(p[name]) for p in paired]


def spread(values: list[float]) -> str:
    """The median and the range of ``values``, as text."""
    return f"{statistics.median(values):.3f} (range {min(values):.3f}–{max(values):.3f})"


def fallback_counts(nlp: Language, docs: list[Doc]) -> tuple[int, int]:
    """Clauses the event fallback is asked about in ``docs``, and how many pass its gate."""
    coder = nlp.get_pipe("rashomon_events")
    fallback = load_fallback()
    asked = embedded = 0
    for doc in docs:
        found, musts = coder.find(doc)
        clauses = coder.fallback_clauses(doc, found, musts, doc._.rashomon_actors)
        asked += len(clauses)
        if clauses and fallback is not None:
            embedded += sum(fallback.gated([(c.predicate.sent, c.predicate) for c in clauses]))
    return asked, embedded


def verdict(low: float, high: float) -> str:
    """Whether an interval of the ratio lies above, below or across the target."""
    if low >= TARGET:
        return "reached"
    if high < TARGET:
        return "not reached"
    return "within the spread"


def main() -> None:
    """Print tokens/second of the bare model and the full pipeline, and their ratio."""
    settings = load_settings()
    texts = corpus_texts()
    bare = load_model(settings.model)
    full = build_pipeline(settings.model)
    lexicon_only = build_pipeline(settings.model)
    lexicon_only.get_pipe("rashomon_events").fallback = False
    tokens = sum(len(doc) for doc in bare.pipe(texts))
    started = time.perf_counter()
    docs = list(full.pipe(texts, batch_size=BATCH))  # warms up, and loads MiniLM if needed
    first = time.perf_counter() - started
    list(lexicon_only.pipe(texts, batch_size=BATCH))  # its first pass fills its caches
    coded = [e for doc in docs for e in doc._.rashomon_events if e.source == "model"]
    configurations = {"bare": bare, "full": full, "lexicon": lexicon_only}
    load_before = os.getloadavg()
    rounds = interleaved(
        ROUNDS,
        {
            name: (lambda nlp=nlp: list(nlp.pipe(texts, batch_size=BATCH)))
            for name, nlp in configurations.items()
        },
    )
    paired = paired_batches(configurations, texts, PAIRED_BATCH, PAIRED_PASSES)
    spent = component_seconds(
        full, texts, runs=STAGE_RUNS, clock=time.process_time, batch_size=BATCH
    )
    load_after = os.getloadavg()
    seconds = {name: min(r[name][0] for r in rounds) for name in rounds[0]}

    def ratios(name: str, clock: int) -> list[float]:
        return [r["bare"][clock] / r[name][clock] for r in rounds]

    cpus = os.cpu_count()
    print(f"texts: {len(texts)}, tokens: {tokens}")
    print(
        f"machine load average (1 min) {load_before[0]:.1f} before, {load_after[0]:.1f} after, "
        f"on {cpus} CPUs"
    )
    print(f"bare nlp.pipe ({settings.model}): {tokens / seconds['bare']:,.0f} tokens/s")
    print(f"full Rashomon pipeline:            {tokens / seconds['full']:,.0f} tokens/s")
    print(f"... event fallback off:            {tokens / seconds['lexicon']:,.0f} tokens/s")
    print(
        f"speed ratio full/bare, best times {seconds['bare'] / seconds['full']:.3f}"
        f"  (fallback off {seconds['bare'] / seconds['lexicon']:.3f})"
    )
    print(f"speed ratio full/bare, {ROUNDS} rounds, wall clock: {spread(ratios('full', 0))}")
    print(f"  ... fallback off: {spread(ratios('lexicon', 0))}")
    print(f"speed ratio full/bare, {ROUNDS} rounds, CPU time:   {spread(ratios('full', 1))}")
    print(f"  ... fallback off: {spread(ratios('lexicon', 1))}")
    low, high = resampled(paired, "full")
    off_low, off_high = resampled(paired, "lexicon")
    print(
        f"speed ratio full/bare, paired batches of {PAIRED_BATCH}, CPU time, {PAIRED_PASSES} "
        f"passes, batch medians: {median_ratio(paired, 'full'):.3f} "
        f"(90% interval {low:.3f}–{high:.3f})"
    )
    print(
        f"  ... fallback off: {median_ratio(paired, 'lexicon'):.3f} "
        f"(90% interval {off_low:.3f}–{off_high:.3f})"
    )
    print(f"  ... each pass's sums: {spread(pass_ratios(paired, 'full'))}")
    print(f"  ... each pass's sums, fallback off: {spread(pass_ratios(paired, 'lexicon'))}")
    parse = parse_seconds(spent)
    shares = {name: spent[name] / parse for name in RASHOMON}
    implied = 1 / (1 + sum(shares.values()))
    print(
        f"stage times (CPU, batches of {BATCH}, best of {STAGE_RUNS}): model components "
        f"(tok2vec…ner) {parse:.2f} s"
    )
    for name in RASHOMON:
        print(f"  {name:<22} {spent[name]:.3f} s = {100 * shares[name]:5.1f}% of the parse")
    print(
        f"  together {100 * sum(shares.values()):.1f}% of the parse: a ratio of {implied:.3f}"
    )
    print(
        f"target {TARGET:.2f}× (paired batches, batch medians, 90% interval): "
        f"{verdict(low, high)}; stage times: "
        f"{'reached' if implied >= TARGET else 'not reached'}"
    )
    asked, embedded = fallback_counts(full, docs)
    print(f"event fallback: {asked} clauses asked about, {embedded} embedded (passed its gate)")
    from rashomon.embeddings import load_encoder

    loaded = load_encoder.cache_info().currsize > 0
    print(
        f"event fallback: {len(coded)} events coded by the model; MiniLM "
        f"{'loaded' if loaded else 'not needed'}; first full pass {first:.2f} s "
        f"(includes loading it) vs best {seconds['full']:.2f} s"
    )


if __name__ == "__main__":
    main()
