"""Event coding figures: accuracy on the PLOVER gold sentences and the cost of coding.

Prints event-type accuracy on each sentence's main event, actor and recipient country
accuracy, a confusion table, and the time event coding adds to the bare spaCy parse of the
same texts (target: at most 10%). Run with ``python bench/events.py [GOLD.jsonl]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from common import component_seconds, parse_seconds

from rashomon.config import load_settings
from rashomon.nlp.event_eval import analyse_rows, confusion_table, read_gold, score
from rashomon.nlp.pipeline import build_pipeline

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO.parent / "shared" / "data" / "plover-gsr-dev.jsonl"
MT_ARTICLE = REPO.parent / "shared" / "examples" / "000_a027c763cef97306.txt"
REPEATS = 3


def main() -> None:
    """Print the accuracy figures, the confusion table and the timing."""
    gold_path = Path(sys.argv[1]) if len(sys.argv) > 1 else GOLD
    if not gold_path.exists():
        print(f"events: {gold_path} is absent; nothing to measure")
        return
    model = load_settings().model
    rows = read_gold(gold_path)
    nlp = build_pipeline(model)
    scores = score(rows, analyse_rows(nlp, rows))
    print(f"Event coding on {gold_path.name} ({scores.sentences} sentences)")
    print(f"  event-type accuracy (main event)      {scores.type_accuracy:.3f}")
    print(f"  ... strict (INVESTIGATE not folded)   {scores.type_accuracy_strict:.3f}")
    print(
        f"  actor country accuracy                {scores.actor_accuracy:.3f}"
        f"  (n={scores.actor_total})"
    )
    print(
        f"  recipient country accuracy            {scores.recipient_accuracy:.3f}"
        f"  (n={scores.recipient_total})"
    )
    print("\nConfusion (rows: gold, columns: predicted main event; '-' = no event)")
    print(confusion_table(scores))
    texts = [row["text"] for row in rows]
    if MT_ARTICLE.exists():
        texts += [MT_ARTICLE.read_text("utf8")] * 5
    tokens = sum(len(nlp.make_doc(text)) for text in texts)
    seconds = component_seconds(nlp, texts, runs=REPEATS)
    parse, code = parse_seconds(seconds), seconds["rashomon_events"]
    print(f"\nTiming on {len(texts)} texts, {tokens} tokens (best of {REPEATS})")
    print(f"  bare spaCy parse   {parse:.3f} s  ({tokens / parse:,.0f} tokens/s)")
    print(f"  event coding       {code:.3f} s  (+{100 * code / parse:.1f}% of the parse)")


if __name__ == "__main__":
    main()
