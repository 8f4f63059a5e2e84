"""Event coding figures: accuracy on the PLOVER gold sentences and the cost of coding.

The gold records are split into folds by record (``evaluation.events.split_tuning``): lexicon and
thresholds are developed on the tuning folds only, so the held-out folds give the out-of-fold
figures. Both are printed side by side with a majority-type baseline (the tuning folds' most
frequent type) and the lexicon alone (without the embedding fallback), all measured in the
same run; then a confusion table and the time event coding adds to the bare spaCy parse
of the same texts (target: at most 10%). Run with ``python bench/events.py [GOLD.jsonl]``.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from common import component_seconds, parse_seconds

from rashomon.config import load_settings
from rashomon.evaluation.events import (
    EventScores,
    analyse_rows,
    confusion_table,
    read_gold,
    score,
    split_tuning,
)
from rashomon.nlp.pipeline import build_pipeline

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO.parent / "shared" / "data" / "plover-gsr-dev.jsonl"
MT_ARTICLE = REPO.parent / "shared" / "examples" / "000_a027c763cef97306.txt"
REPEATS = 3


def _row(label: str, tuning: float, held_out: float, width: int = 34) -> str:
    return f"  {label:<{width}} {tuning:>8.3f} {held_out:>12.3f}"


def main() -> None:
    """Print the accuracy figures, the confusion table and the timing."""
    paths = [a for a in sys.argv[1:] if not a.startswith("-")]
    gold_path = Path(paths[0]) if paths else GOLD
    if not gold_path.exists():
        print(f"events: {gold_path} is absent; nothing to measure")
        return
    model = load_settings().model
    rows = read_gold(gold_path)
    nlp = build_pipeline(model)
    records = analyse_rows(nlp, rows)
    tuning, held_out = split_tuning(rows)

    def part(indices: list[int], use_model: bool = True) -> EventScores:
        chosen = [records[i] for i in indices]
        if not use_model:
            chosen = [
                replace(r, events=[e for e in r.events if e.source == "lexicon"]) for r in chosen
            ]
        return score([rows[i] for i in indices], chosen)

    full_in, full_out = part(tuning), part(held_out)
    lex_in, lex_out = part(tuning, False), part(held_out, False)
    majority = Counter(str(rows[i]["event"]) for i in tuning).most_common(1)[0][0]

    def majority_share(indices: list[int]) -> float:
        return sum(str(rows[i]["event"]) == majority for i in indices) / len(indices)

    print(
        f"Event coding on {gold_path.name}: {len(rows)} records, {len(tuning)} in the tuning "
        f"folds, {len(held_out)} held out"
    )
    print(f"  {'':<34} {'in-fold':>8} {'out-of-fold':>12}")
    print(_row("event type (main event)", full_in.type_accuracy, full_out.type_accuracy))
    print(_row("... lexicon alone", lex_in.type_accuracy, lex_out.type_accuracy))
    baseline = f"... baseline: always {majority}"
    print(_row(baseline, majority_share(tuning), majority_share(held_out)))
    print(
        _row(
            "... strict (INVESTIGATE not folded)",
            full_in.type_accuracy_strict,
            full_out.type_accuracy_strict,
        )
    )
    print(_row("actor country", full_in.actor_accuracy, full_out.actor_accuracy))
    print(_row("recipient country", full_in.recipient_accuracy, full_out.recipient_accuracy))
    model_coded = sum(e.source == "model" for r in records for e in r.events[:1])
    print(f"  main events coded by the embedding fallback: {model_coded} of {len(rows)}")
    if "-v" in sys.argv:
        for miss in full_in.misses:
            print("  miss (tuning fold):", miss)
    print("\nConfusion on the tuning folds (rows: gold, columns: predicted; '-' = no event)")
    print(confusion_table(full_in))
    texts = [row["text"] for row in rows]
    if MT_ARTICLE.exists():
        texts += [MT_ARTICLE.read_text("utf8")] * 5
    tokens = sum(len(nlp.make_doc(text)) for text in texts)
    seconds = component_seconds(nlp, texts, runs=REPEATS)
    parse, code = parse_seconds(seconds), seconds["rashomon_events"]
    print(f"\nTiming on {len(texts)} texts, {tokens} tokens (best of {REPEATS})")
    print(f"  bare spaCy parse   {parse:.3f} s  ({tokens / parse:,.0f} tokens/s)")
    print(f"  event coding       {code:.3f} s  (+{100 * code / parse:.1f}% of the parse)")
    # The fallback's first use in a process: importing PyTorch and loading MiniLM (already
    # imported above by the accuracy run, so this times the model load alone).
    from rashomon import embeddings
    from rashomon.events import model as event_model

    event_model.load_fallback.cache_clear()
    embeddings.load_encoder.cache_clear()
    started = time.perf_counter()
    loaded = event_model.load_fallback()
    if loaded is not None and loaded.encode(["A warm-up sentence."]) is not None:
        print(f"  loading MiniLM for the fallback once: {time.perf_counter() - started:.2f} s")

if __name__ == "__main__":
    main()
