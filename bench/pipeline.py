"""The full pipeline's speed against bare ``nlp.pipe`` of the same spaCy model, same texts.

Prints tokens per second for the bare model, the full pipeline, and the full pipeline with the
event fallback switched off, timed in turn (best of three rounds, interleaved so that a
change in the machine's load hits all three alike), their ratios, the machine's load average,
what the event fallback did, and each Rashomon component's share of the model's own parse
time (issues ask that statements and events each add at most 10%).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable

from common import REPO, component_seconds, parse_seconds, shared_path

from rashomon.config import load_settings
from rashomon.nlp.pipeline import build_pipeline, load_model

RASHOMON = ("rashomon_normalize", "rashomon_actors", "rashomon_statements", "rashomon_events")
ROUNDS = 3


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


def interleaved(rounds: int, works: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Best seconds of each work over ``rounds`` rounds, the works run in turn in each round."""
    best = dict.fromkeys(works, float("inf"))
    for _ in range(rounds):
        for name, work in works.items():
            started = time.perf_counter()
            work()
            best[name] = min(best[name], time.perf_counter() - started)
    return best


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
    docs = list(full.pipe(texts, batch_size=32))  # warms up, and loads MiniLM if needed
    first = time.perf_counter() - started
    coded = [e for doc in docs for e in doc._.rashomon_events if e.source == "model"]
    load_before = os.getloadavg()
    seconds = interleaved(
        ROUNDS,
        {
            "bare": lambda: list(bare.pipe(texts, batch_size=32)),
            "full": lambda: list(full.pipe(texts, batch_size=32)),
            "lexicon": lambda: list(lexicon_only.pipe(texts, batch_size=32)),
        },
    )
    load_after = os.getloadavg()
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
        f"speed ratio full/bare {seconds['bare'] / seconds['full']:.3f}"
        f"  (fallback off {seconds['bare'] / seconds['lexicon']:.3f})"
    )
    from rashomon.embeddings import load_encoder

    loaded = load_encoder.cache_info().currsize > 0
    print(
        f"event fallback: {len(coded)} events coded by the model; MiniLM "
        f"{'loaded' if loaded else 'not needed'}; first full pass {first:.2f} s "
        f"(includes loading it) vs best {seconds['full']:.2f} s"
    )
    spent = component_seconds(full, texts, runs=2)
    parse = parse_seconds(spent)
    print(f"model components (tok2vec…ner): {parse:.2f} s")
    for name in RASHOMON:
        print(f"  {name:<22} {spent[name]:.3f} s = {100 * spent[name] / parse:5.1f}% of the parse")


if __name__ == "__main__":
    main()
