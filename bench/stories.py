"""Story grouping and comparison figures.

1. Scale: times ``StoryGrouper`` on 10k, 20k and 40k synthetic analysed articles (no model;
   fed in batches of 1,000 as a store would) and prints the growth exponent of CPU time,
   ``log(t40k / t10k) / log(4)`` (target ≤ 1.2; 1.0 is linear).
2. Quality: runs the real pipeline over ``examples/`` and scores story grouping (B-cubed)
   and contradiction / agreement pairs against ``examples/gold``.

Usage: ``python bench/stories.py [--sizes 10000 20000 40000] [--no-gold]``
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

from rashomon.records import AnalyzedArticle, Article
from rashomon.stories import StoryGrouper
from rashomon.stories.evaluate import bcubed, evaluate_corpus
from rashomon.stories.synthetic import synthetic_corpus

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
BATCH = 1000


def time_grouping(n: int) -> tuple[float, float, float]:
    """CPU seconds, wall seconds and B-cubed F1 of grouping ``n`` synthetic articles."""
    records, truth = synthetic_corpus(n)
    grouper = StoryGrouper()
    cpu, wall = time.process_time(), time.perf_counter()
    for start in range(0, n, BATCH):
        grouper.add(records[start : start + BATCH])
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return cpu, wall, bcubed(grouper.story_of, truth).f1


def scale(sizes: list[int]) -> None:
    """Print the timing table and the growth exponent."""
    time_grouping(1000)  # warm-up: imports, vectorizer, MinHash permutations
    print(f"{'articles':>9} {'cpu s':>8} {'wall s':>8} {'µs/article':>11} {'B3 F1':>6}")
    cpu_times: list[float] = []
    for n in sizes:
        cpu, wall, f1 = time_grouping(n)
        cpu_times.append(cpu)
        print(f"{n:>9} {cpu:>8.2f} {wall:>8.2f} {1e6 * cpu / n:>11.0f} {f1:>6.3f}")
    if len(sizes) >= 2:
        exponent = math.log(cpu_times[-1] / cpu_times[0]) / math.log(sizes[-1] / sizes[0])
        print(f"growth exponent (cpu, {sizes[0]} → {sizes[-1]}): {exponent:.2f} (target ≤ 1.2)")


def gold() -> None:
    """Print grouping and comparison figures on the example corpus."""
    from rashomon.config import load_settings
    from rashomon.ingest import iter_articles
    from rashomon.nlp.pipeline import analyze_batch, cached_pipeline
    from rashomon.stories.grouper import grouping_settings

    settings = load_settings()
    articles = [a for a in iter_articles([str(EXAMPLES)], settings) if isinstance(a, Article)]
    nlp = cached_pipeline(settings.model)
    records = [r for r in analyze_batch(nlp, articles) if isinstance(r, AnalyzedArticle)]
    figures = evaluate_corpus(records, EXAMPLES, grouping_settings(settings))
    print(f"examples: {len(articles)} articles")
    for name, prf in figures.items():
        print(f"  {name:<14} " + " ".join(f"{k}={v}" for k, v in prf.to_dict().items()))


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000, 40_000])
    parser.add_argument("--no-gold", action="store_true", help="skip the model-based figures")
    args = parser.parse_args()
    scale(args.sizes)
    if not args.no_gold:
        gold()


if __name__ == "__main__":
    main()
