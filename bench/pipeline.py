"""The full pipeline's speed against bare ``nlp.pipe`` of the same spaCy model, same texts.

Prints tokens per second for both and their ratio, and each Rashomon component's share of
the model's own parse time (issues ask that statements and events each add at most 10%).
"""

from __future__ import annotations

import json

from common import REPO, best_of, component_seconds, parse_seconds, shared_path

from rashomon.config import load_settings
from rashomon.nlp.pipeline import build_pipeline, load_model

RASHOMON = ("rashomon_normalize", "rashomon_actors", "rashomon_statements", "rashomon_events")


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


def main() -> None:
    """Print tokens/second of the bare model and the full pipeline, and their ratio."""
    settings = load_settings()
    texts = corpus_texts()
    bare = load_model(settings.model)
    full = build_pipeline(settings.model)
    tokens = sum(len(doc) for doc in bare.pipe(texts))
    bare_s = best_of(3, lambda: list(bare.pipe(texts, batch_size=32)))
    full_s = best_of(3, lambda: list(full.pipe(texts, batch_size=32)))
    print(f"texts: {len(texts)}, tokens: {tokens}")
    print(f"bare nlp.pipe ({settings.model}): {tokens / bare_s:,.0f} tokens/s")
    print(f"full Rashomon pipeline:            {tokens / full_s:,.0f} tokens/s")
    print(f"ratio full/bare time: {full_s / bare_s:.3f}  (speed ratio {bare_s / full_s:.3f})")
    spent = component_seconds(full, texts, runs=2)
    parse = parse_seconds(spent)
    print(f"model components (tok2vec…ner): {parse:.2f} s")
    for name in RASHOMON:
        print(f"  {name:<22} {spent[name]:.3f} s = {100 * spent[name] / parse:5.1f}% of the parse")


if __name__ == "__main__":
    main()
