"""Quote extraction figures on PolNeAR (dev) and the cost of statement extraction.

Runs the full pipeline over the texts of ``../shared/data/polnear-dev.jsonl`` (one
``Article`` per record, with its id and text), scores the analysed-article records with
``../shared/tools/score_quotes.py`` (imported from the shared path at run time), and times
the ``rashomon_statements`` component against the bare spaCy parse of the same texts.

Usage: ``python bench/quotes.py [--out predictions.jsonl]``
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD = SHARED / "data" / "polnear-dev.jsonl"
SCORER = SHARED / "tools" / "score_quotes.py"


def load_scorer(path: Path = SCORER) -> ModuleType:
    """Import the shared scorer from its path."""
    spec = importlib.util.spec_from_file_location("score_quotes", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_gold(path: Path = GOLD) -> list[dict[str, Any]]:
    """The gold records (id, text, quotes)."""
    with path.open(encoding="utf8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def predict(gold: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Analysed-article records (as dicts) for the gold texts, through the real pipeline."""
    from rashomon.config import load_settings
    from rashomon.nlp.pipeline import analyze_batch, cached_pipeline
    from rashomon.records import AnalyzedArticle, Article

    nlp = cached_pipeline(load_settings().model)
    articles = [Article(id=record["id"], text=record["text"]) for record in gold]
    out = []
    for result in analyze_batch(nlp, articles):
        if isinstance(result, AnalyzedArticle):
            out.append(result.to_dict())
        else:
            print(f"failed: {result}", file=sys.stderr)
    return out


def score(predictions: list[dict[str, Any]], gold_path: Path = GOLD) -> dict[str, Any]:
    """The scorer's figures: ``quote_lenient_PRF``, ``speaker_PRF`` (P, R, F1 tuples) and more."""
    scorer = load_scorer()
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf8") as tmp:
        for record in predictions:
            tmp.write(json.dumps(record) + "\n")
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            result = scorer.score(str(gold_path), tmp.name)
    finally:
        Path(tmp.name).unlink()
    return dict(result)


def main() -> None:
    """Print the quote figures and the timing of statement extraction."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, help="also write the predictions here (JSONL)")
    args = parser.parse_args()
    if not GOLD.exists() or not SCORER.exists():
        print(f"skipped: {GOLD} or {SCORER} is absent")
        return
    gold = read_gold()
    predictions = predict(gold)
    if args.out:
        with args.out.open("w", encoding="utf8") as handle:
            for record in predictions:
                handle.write(json.dumps(record) + "\n")
    figures = score(predictions)
    print(f"PolNeAR dev: {len(gold)} articles, {sum(len(g['quotes']) for g in gold)} gold quotes")
    print(f"  predicted statements     {figures['pred_quotes']}")
    for key in ("quote_lenient_PRF", "quote_strict_PRF", "speaker_PRF"):
        p, r, f1 = figures[key]
        print(f"  {key:<24} P={p:.3f} R={r:.3f} F1={f1:.3f}")
    print(f"  direct_recall            {figures['direct_recall']:.3f}")
    from common import component_seconds, parse_seconds

    from rashomon.config import load_settings
    from rashomon.nlp.pipeline import settings_pipeline

    seconds = component_seconds(settings_pipeline(load_settings()), [g["text"] for g in gold])
    parse, component = parse_seconds(seconds), seconds["rashomon_statements"]
    print(f"spaCy parse: {parse:.3f}s; rashomon_statements: {component:.3f}s "
          f"(+{100 * component / parse:.1f}% of the parse)")


if __name__ == "__main__":
    main()
