"""Story grouping and comparison figures.

1. Real coverage: B-cubed F1 on the FNC-1 story groups (``../shared/data/fnc1``: article
   bodies grouped by ``story``), analysed by the real pipeline. Thresholds are chosen by
   cross-validation over stories (5 folds of whole stories): tuned on four folds, scored on
   the fifth. The TF-IDF average-linkage baseline, ours with the defaults (sentence
   embeddings on), ours with TF-IDF alone and variants of the defaults are measured in the
   same run, in-fold and out of fold, then the embedding weight chosen by nested
   cross-validation (on the training folds only) and the baseline and the defaults on a
   second split of the stories, which shows how far a figure moves with the split.
   FNC-1 bodies carry no dates or outlets: every article is undated, so the date term is
   neutral (no pair is scaled down by date distance) and candidates are looked up over all
   days.
2. Scale: grouping CPU time and peak memory (max RSS of a fresh process per size) of
   synthetic analysed articles fed in batches of 1,000 into an on-disk store's grouping
   tables, as ``rashomon analyze`` does; the growth exponent of CPU time between the
   smallest and the largest size (target ≤ 1.1; 1.0 is linear).
3. Quality on ``examples/``: the real pipeline, story grouping (B-cubed) and contradiction /
   agreement pairs against ``examples/gold``.

Usage: ``python bench/stories.py [--sizes 10000 100000] [--no-fnc1] [--no-scale] [--no-gold]``
(``--sizes 10000 100000 1000000``, or ``RASHOMON_BENCH_STORY_SIZES="10000 100000 1000000" make
bench``, for the million; it takes long on a shared machine).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rashomon.evaluation.stories import bcubed, evaluate_corpus
from rashomon.records import AnalyzedArticle, Article

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
FNC1 = REPO.parent / "shared" / "data" / "fnc1"
BATCH = 1000


# ----- 1. real coverage ---------------------------------------------------------------
def fnc1_records() -> list[AnalyzedArticle]:
    """The FNC-1 bodies through the real pipeline."""
    from rashomon.config import load_settings
    from rashomon.evaluation.stories_crossval import fnc1_articles
    from rashomon.nlp.pipeline import analyze_batch, cached_pipeline

    nlp = cached_pipeline(load_settings().model)
    return [r for r in analyze_batch(nlp, fnc1_articles(FNC1)) if isinstance(r, AnalyzedArticle)]


def fnc1() -> None:
    """Print cross-validated B-cubed F1 of ours, its variants and the baseline on FNC-1."""
    from dataclasses import replace

    from rashomon.evaluation.stories_crossval import (
        FoldFigures,
        caching_embedder,
        cross_validate,
        fnc1_gold,
        grouper_method,
        select_by_cross_validation,
        story_folds,
        tfidf_average_linkage,
    )
    from rashomon.stories.embeddings import load_embedder
    from rashomon.stories.grouper import GroupingSettings

    if not FNC1.exists():
        print(f"fnc1: {FNC1} is absent, skipped")
        return
    gold = fnc1_gold(FNC1)
    records = [r for r in fnc1_records() if r.id in gold]
    gold = {r.id: gold[r.id] for r in records}
    folds = story_folds(gold)
    print(f"FNC-1: {len(records)} bodies, {len(set(gold.values()))} stories, {len(folds)} folds"
          " of whole stories (B-cubed F1; thresholds tuned on four folds, scored on the fifth)")
    print(f"  {'method':<58} {'in-fold':>8} {'out-of-fold':>12}  thresholds")

    def row(name: str, figures: FoldFigures) -> None:
        print(f"  {name:<58} {figures.in_fold:>8.3f} {figures.out_of_fold:>12.3f}  "
              + " ".join(f"{t:.3f}" for t in figures.thresholds), flush=True)

    baseline = cross_validate(tfidf_average_linkage, records, gold, folds)
    row("TF-IDF average linkage (baseline)", baseline)
    default = GroupingSettings()
    found = load_embedder()
    embedder = caching_embedder(found) if found is not None else None
    ours = cross_validate(grouper_method(default, embedder), records, gold, folds)
    row("ours, the defaults" + (" (with embeddings)" if embedder else " (no embedder found)"), ours)
    print(f"  ours − baseline: in fold {ours.in_fold - baseline.in_fold:+.3f},"
          f" out of fold {ours.out_of_fold - baseline.out_of_fold:+.3f}")
    variants = [("  without the actor term (weight_actors 0, 48 candidates: the earlier default)",
                 replace(default, weight_actors=0.0, max_candidates=48)),
                ("  the main-event term on (weight_event 0.15)",
                 replace(default, weight_event=0.15)),
                ("  every candidate scored (no edge floor, 1,000 candidates)",
                 replace(default, edge_floor=0.0, max_candidates=1000))]
    if embedder is not None:
        row("ours, TF-IDF alone (as when the model is not installed)",
            cross_validate(grouper_method(default), records, gold, folds))
        variants += [(f"  weight_embedding {w}", replace(default, weight_embedding=w))
                     for w in (0.25, 0.5)]
    variants += [(f"  idf_prior_docs {p}" + (" (no prior: the earlier default)" if not p else ""),
                  replace(default, idf_prior_docs=p)) for p in (0, 2000, 10000)]
    for name, settings in variants:
        row(name, cross_validate(grouper_method(settings, embedder), records, gold, folds))

    def nested(setting: str, values: tuple[float, ...]) -> None:
        """Print the nested cross-validation's choice of ``setting`` among ``values``."""
        picked = select_by_cross_validation(
            {f"{v}": grouper_method(replace(default, **{setting: v}), embedder) for v in values},
            records, gold, folds,
        )
        print(f"  {setting} chosen among {values} by nested cross-validation:"
              f" in fold {picked.in_fold:.3f}, out of fold {picked.out_of_fold:.3f}"
              f" (chosen per fold: {' '.join(picked.chosen)})", flush=True)

    if embedder is not None:
        nested("weight_embedding", (0.25, 0.4, 0.5))
        nested("weight_actors", (0.0, 0.1, 0.2, 0.3))
        robustness(records, gold, folds, embedder)
    nested("idf_prior_docs", (0, 2000, 5000, 10000))
    # The same methods on another split of the stories: how far a figure moves by the split.
    second = story_folds(gold, salt="second")
    again = cross_validate(grouper_method(default, embedder), records, gold, second)
    other = cross_validate(tfidf_average_linkage, records, gold, second)
    print(f"  a second split of the stories, out of fold: baseline {other.out_of_fold:.3f},"
          f" ours {again.out_of_fold:.3f}", flush=True)


def robustness(records: list[AnalyzedArticle], gold: dict[str, str], folds: list[set[str]],
               embedder: object) -> None:
    """Out-of-fold F1 with 15% of the actors dropped at random (three seeds),
    for the defaults and for the grouping without the actor term: how far a change in the
    actor analysis alone moves the figure."""
    import random
    from dataclasses import replace

    from rashomon.evaluation.stories_crossval import cross_validate, grouper_method
    from rashomon.stories.grouper import GroupingSettings

    default = GroupingSettings()
    settings = {"the defaults": default,
                "without the actor term": replace(default, weight_actors=0.0, max_candidates=48)}
    for name, chosen in settings.items():
        figures = []
        for seed in (1, 2, 3):
            rng = random.Random(seed)
            thinned = [replace(r, actors=[a for a in r.actors if rng.random() > 0.15])
                       for r in records]
            method = grouper_method(chosen, embedder)  # type: ignore[arg-type]
            figures.append(cross_validate(method, thinned, gold, folds).out_of_fold)
        print(f"  {name}, 15% of the actors dropped (seeds 1-3), out of fold: "
              + " ".join(f"{f:.3f}" for f in figures)
              + f" (spread {max(figures) - min(figures):.3f})", flush=True)


# ----- 2. scale -----------------------------------------------------------------------
def _max_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes there, KiB here


def one_size(n: int, folder: Path, score: bool) -> dict[str, float]:
    """Group ``n`` synthetic articles into an on-disk database (run in its own process)."""
    from rashomon.store.migrations import GROUPING_SCHEMA
    from rashomon.stories import StoryGrouper
    from rashomon.stories.synthetic import iter_synthetic

    conn = sqlite3.connect(str(folder / f"grouping-{n}.db"))
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.executescript(GROUPING_SCHEMA + "CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT);")
    grouper = StoryGrouper(conn=conn)
    grouper.add([record for record, _ in iter_synthetic(200, seed=99)])  # warm-up
    grouper.state.clear()
    start_rss = _max_rss_mb()
    cpu, wall = time.process_time(), time.perf_counter()
    batch: list[AnalyzedArticle] = []
    for record, _event in iter_synthetic(n):
        batch.append(record)
        if len(batch) == BATCH:
            grouper.add(batch)
            batch = []
    if batch:
        grouper.add(batch)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    out = {"n": n, "cpu": cpu, "wall": wall, "rss_before": start_rss, "rss_peak": _max_rss_mb(),
           "db_mb": (folder / f"grouping-{n}.db").stat().st_size / 2**20}
    if score:
        truth = {record.id: event for record, event in iter_synthetic(n)}
        out["f1"] = bcubed(grouper.story_of, truth).f1
    conn.close()
    return out


def scale(sizes: list[int], score_up_to: int) -> None:
    """Print CPU time, memory and the growth exponent, one fresh process per size."""
    print("Scale: synthetic articles in batches of 1,000 into an on-disk store")
    print(f"{'articles':>9} {'cpu s':>8} {'wall s':>8} {'µs/article':>11} {'rss start MB':>13}"
          f" {'rss peak MB':>12} {'db MB':>8} {'B3 F1':>6}")
    cpu_times: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            result = subprocess.run(
                [sys.executable, __file__, "--one-size", str(n), "--folder", folder,
                 *(["--score"] if n <= score_up_to else [])],
                capture_output=True, text=True, check=True,
            )
            row = json.loads(result.stdout.strip().splitlines()[-1])
            cpu_times.append(row["cpu"])
            f1 = f"{row['f1']:.3f}" if "f1" in row else "—"
            print(f"{n:>9} {row['cpu']:>8.1f} {row['wall']:>8.1f} {1e6 * row['cpu'] / n:>11.0f}"
                  f" {row['rss_before']:>13.0f} {row['rss_peak']:>12.0f} {row['db_mb']:>8.0f}"
                  f" {f1:>6}", flush=True)
            Path(folder, f"grouping-{n}.db").unlink()
    if len(sizes) >= 2:
        exponent = math.log(cpu_times[-1] / cpu_times[0]) / math.log(sizes[-1] / sizes[0])
        print(f"growth exponent (cpu, {sizes[0]} → {sizes[-1]}): {exponent:.2f} (target ≤ 1.1)")


# ----- 3. examples --------------------------------------------------------------------
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
    from rashomon.stories.embeddings import load_embedder

    embedder = load_embedder() if settings.stories.embeddings else None
    figures = evaluate_corpus(records, EXAMPLES, grouping_settings(settings), embedder)
    print(f"examples: {len(articles)} articles"
          + (", grouped with sentence embeddings" if embedder is not None else ""))
    for name, prf in figures.items():
        print(f"  {name:<14} " + " ".join(f"{k}={v}" for k, v in prf.to_dict().items()))


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sizes = os.environ.get("RASHOMON_BENCH_STORY_SIZES", "10000 100000")
    parser.add_argument("--sizes", type=int, nargs="+", default=[int(v) for v in sizes.split()],
                        help="synthetic corpus sizes (default: RASHOMON_BENCH_STORY_SIZES,"
                        " else 10000 100000)")
    parser.add_argument("--score-up-to", type=int, default=100_000,
                        help="score B-cubed against the synthetic truth up to this size")
    parser.add_argument("--no-fnc1", action="store_true", help="skip the FNC-1 figures")
    parser.add_argument("--no-gold", action="store_true", help="skip the example-corpus figures")
    parser.add_argument("--no-scale", action="store_true", help="skip the scale figures")
    parser.add_argument("--one-size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--score", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_size:
        print(json.dumps(one_size(args.one_size, args.folder, args.score)))
        return
    if not args.no_fnc1:
        fnc1()
    if not args.no_scale:
        scale(args.sizes, args.score_up_to)
    if not args.no_gold:
        gold()


if __name__ == "__main__":
    main()
