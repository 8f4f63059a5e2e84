"""Fit the learned filter of stances shown by actions (``statements.learned``) on PolNeAR.

``python -m rashomon.evaluation.statements_training [--shared ../shared] [--out DIR]``
parses the PolNeAR
development articles (``../shared/data/polnear-dev.jsonl``), finds their statements by the
rules alone, collects the verb-object candidates the rules left alone, and labels each one
by whether its content matches a gold attribution (Dice of the content characters ≥ 0.5, as
the quote scorer matches them). A logistic regression is fitted on the articles of the
design folds (0-2, the folds whose errors were studied while the rules were written); folds
3-4 stay held out, so the bench's out-of-fold figures remain honest. The script prints, and
writes into the model card, the end-to-end quote and speaker F1 with and without the filter:
on the held-out folds, and over all 45 articles by 5-fold cross-validation by article (each
fold's articles analysed by a filter fitted on the other four).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import tempfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from ..statements.learned import MODEL_FILE, LearnedFilter, candidates, categorical, dense
from ..statements.reported import quoted_tokens

CARD_FILE = "statements_learned.card.md"
FOLDS = 5
# Folds whose errors were looked at while the rules were designed; the others are held out.
DESIGN_FOLDS = frozenset({0, 1, 2})
# Inverse regularisation strength of the logistic regression, and the probability above
# which a candidate is kept: a kept statement raises F1 when it is right more often than
# about F1 / 2 of the time; the threshold is chosen on the training folds.
C = 0.3
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
_QUOTE_MARKS = frozenset("\"“”‘’'«»„`")


def fold_of(article_id: str, folds: int = FOLDS) -> int:
    """The fold of an article: a stable hash of its id, so that folds never split one."""
    return zlib.crc32(article_id.encode("utf8")) % folds


@dataclass(slots=True)
class Example:
    """One candidate of one article, with its features and label."""

    article: str
    vector: np.ndarray
    names: list[str]
    label: bool


def _characters(text: str, start: int, end: int) -> set[int]:
    return {i for i in range(start, end) if not text[i].isspace() and text[i] not in _QUOTE_MARKS}


def _gold_contents(record: dict[str, Any]) -> list[set[int]]:
    text = record["text"]
    out = []
    for quote in record["quotes"]:
        spans = quote.get("content_spans") or [[quote["quote_start"], quote["quote_end"]]]
        out.append(set().union(*(_characters(text, s, e) for s, e in spans)))
    return out


def _matches(content: set[int], gold: Iterable[set[int]]) -> bool:
    return any(
        content and g and 2 * len(content & g) / (len(content) + len(g)) >= 0.5 for g in gold
    )


def harvest(nlp: Any, records: list[dict[str, Any]]) -> list[Example]:
    """The labelled candidates of every article."""
    from ..nlp.pipeline import make_doc
    from ..records import Article

    extractor = nlp.get_pipe("rashomon_statements")
    lexicon = extractor.lexicon
    saved, extractor.learned = extractor.learned, None
    examples: list[Example] = []
    try:
        articles = [Article(id=str(r["id"]), text=r["text"]) for r in records]
        docs = nlp.pipe(make_doc(nlp, a) for a in articles)
        for record, doc in zip(records, docs, strict=True):
            found = extractor.find_by_rules(doc)
            quoted = quoted_tokens(doc, [f for f in found if f.direct])
            gold = _gold_contents(record)
            for candidate in candidates(doc, found, quoted):
                vector = dense(candidate)
                if vector is None:
                    continue
                first, last = candidate.first, candidate.last
                chars = _characters(doc.text, doc[first].idx,
                                    doc[last].idx + len(doc[last].text))
                examples.append(Example(str(record["id"]), vector,
                                        categorical(candidate, lexicon, quoted),
                                        _matches(chars, gold)))
    finally:
        extractor.learned = saved
    return examples


def fit(examples: Sequence[Example], threshold: float = 0.5) -> LearnedFilter:
    """A logistic regression over standardised dense and one-hot categorical features."""
    from sklearn.linear_model import LogisticRegression

    vectors = np.stack([e.vector for e in examples])
    mean = vectors.mean(axis=0)
    scale = vectors.std(axis=0) + 1e-6
    names = sorted({n for e in examples for n in e.names})
    column = {n: i for i, n in enumerate(names)}
    onehot = np.zeros((len(examples), len(names)), dtype=np.float32)
    for row, example in enumerate(examples):
        for name in example.names:
            onehot[row, column[name]] = 1.0
    features = np.hstack([(vectors - mean) / scale, onehot])
    labels = np.asarray([e.label for e in examples])
    model = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
    model.fit(features, labels)
    weights = model.coef_[0]
    dims = vectors.shape[1]
    return LearnedFilter(
        dense_weights=weights[:dims].astype(np.float32),
        categorical_weights={n: float(weights[dims + i]) for i, n in enumerate(names)},
        bias=float(model.intercept_[0]),
        threshold=threshold,
        mean=mean.astype(np.float32),
        scale=scale.astype(np.float32),
    )


def _gain(model: LearnedFilter, examples: Sequence[Example], threshold: float) -> float:
    """What keeping the candidates above ``threshold`` adds to F1, roughly: +1 for each
    attribution found, -0.4 for each wrong one (a statement raises an F1 near 0.75 when it
    is right more than about 40 % of the time)."""
    gain = 0.0
    for example in examples:
        if model.probability(example.vector, example.names) >= threshold:
            gain += 1.0 if example.label else -0.4
    return gain


def choose_threshold(examples: Sequence[Example]) -> float:
    """The threshold with the best gain under cross-validation by article inside
    ``examples`` (never looking at the articles the model is measured on)."""
    articles = sorted({e.article for e in examples})
    inner = {a: i % 3 for i, a in enumerate(articles)}
    gains = dict.fromkeys(THRESHOLDS, 0.0)
    for part in range(3):
        train = [e for e in examples if inner[e.article] != part]
        test = [e for e in examples if inner[e.article] == part]
        if not any(e.label for e in train) or not test:
            continue
        model = fit(train)
        for threshold in THRESHOLDS:
            gains[threshold] += _gain(model, test, threshold)
    return max(THRESHOLDS, key=lambda t: (gains[t], t))


def fit_with_threshold(examples: Sequence[Example]) -> LearnedFilter:
    """The filter fitted on ``examples``, with its threshold chosen on them."""
    threshold = choose_threshold(examples)
    model = fit(examples, threshold)
    return LearnedFilter(model.dense_weights, model.categorical_weights, model.bias,
                         threshold, model.mean, model.scale)


def load_scorer(path: Path) -> ModuleType:
    """Import the shared quote scorer from its path."""
    spec = importlib.util.spec_from_file_location("score_quotes", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def analyse(nlp: Any, records: list[dict[str, Any]],
            learned: LearnedFilter | None) -> list[dict[str, Any]]:
    """Analysed-article records of ``records`` with the given filter (None: rules only)."""
    from ..nlp.pipeline import analyze_batch
    from ..records import AnalyzedArticle, Article

    extractor = nlp.get_pipe("rashomon_statements")
    saved, extractor.learned = extractor.learned, learned
    try:
        results = analyze_batch(nlp, [Article(id=str(r["id"]), text=r["text"]) for r in records])
    finally:
        extractor.learned = saved
    return [r.to_dict() for r in results if isinstance(r, AnalyzedArticle)]


def f1s(scorer: ModuleType, gold: list[dict[str, Any]],
        predictions: list[dict[str, Any]]) -> tuple[float, float]:
    """Quote and speaker F1 of ``predictions`` against ``gold`` (quotations joined)."""
    from .statements import joined_quotations

    with tempfile.TemporaryDirectory() as folder:
        gold_file, pred_file = Path(folder) / "gold.jsonl", Path(folder) / "pred.jsonl"
        gold_file.write_text("".join(json.dumps(g) + "\n" for g in gold), "utf8")
        pred_file.write_text(
            "".join(json.dumps(joined_quotations(p)) + "\n" for p in predictions), "utf8"
        )
        with contextlib.redirect_stdout(io.StringIO()):
            result = scorer.score(str(gold_file), str(pred_file))
    return round(result["quote_lenient_PRF"][2], 3), round(result["speaker_PRF"][2], 3)


def write_card(path: Path, facts: dict[str, Any]) -> None:
    """The model card beside the weights."""
    figures = facts["figures"]
    rows = "\n".join(
        f"| {name} | {f['rules'][0]:.3f} / {f['rules'][1]:.3f} | "
        f"{f['learned'][0]:.3f} / {f['learned'][1]:.3f} |"
        for name, f in figures.items()
    )
    counts = facts["counts"]
    text = f"""# Learned filter of stances shown by actions (statements_learned.json)

Trained {facts['trained']} by `python -m rashomon.evaluation.statements_training`
(`make train-quotes`).

**What it does.** Among the verb-object clauses the statement rules leave alone (a verb
outside quotations with a source as subject and an object, clause or phrase after it:
`Trump openly admires Putin as a "strong leader"`), it keeps those likely to be
attributions; each becomes a statement with the verb's lemma as cue and the object as
content (see `docs/statements.md`).

**Model.** Binary logistic regression (scikit-learn, C={C}, class-balanced) over the
parser's own token vector of the verb (`doc.tensor` of `{facts['model']}`, standardised) and
one-hot categorical features (the verb's
lemma, tag and dependency, its preposition, the kinds of its dependents, the kind of
subject, the content's length, whether the content holds a quoted phrase or a name, whether
the verb is in the cue lexicon). Shipped as JSON weights (no pickles). Threshold
{facts['threshold']}, chosen by 3-fold cross-validation by article inside the training
articles (keep a candidate when a kept one raises F1: right more than about 40 % of the
time).

**Data.** PolNeAR v1.0.0 development split (networkdynamics/PolNeAR; 45 articles of 2016 US
election coverage, 290 attributions; no licence file: internal use only — the weights
derive from it; check those terms before redistributing them). A candidate is positive when
its content matches a gold attribution (Dice ≥ 0.5 over the content characters, as the
quote scorer matches). Folds: five by article (CRC32 of the article id). The shipped model
is fitted on the design folds 0-2 only ({counts['train_articles']} articles,
{counts['train_candidates']} candidates, {counts['train_positive']} positive); folds 3-4
are never trained on, so the bench's out-of-fold figures stay honest.

**Figures** (quote F1 / speaker F1, quotations joined, PolNeAR scorer):

| split | rules alone | rules and filter |
|---|---|---|
{rows}

"5-fold CV, all 45" analyses each fold's articles with a filter fitted on the other four
folds (threshold chosen inside them).

**Use.** Off by default (`nlp.add_pipe("rashomon_statements", config={{"learned": True}})`
turns it on): on the held-out folds it does not raise the figures (table above). Most
candidates it keeps are actions that voice no stance (`Stein boarded a shuttle bus`, `Trump
fanned the flames`), and only about a third of the candidates are attributions: a few dozen
positive examples are too few to learn the difference from. It ships so that the figures
can be re-measured as annotated data grows (`make train-quotes`).

**Limits.** It knows the verbs and layouts of one corpus of US election coverage; the
parser's vectors carry the word's form more than its meaning, so verbs it never saw are
judged mostly by the shape of the clause. The content is the verb's object as parsed.
"""
    path.write_text(text, "utf8")


def main(argv: list[str] | None = None) -> int:
    """Fit, measure and write the filter and its card."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    repo = Path(__file__).resolve().parents[3]
    parser.add_argument("--shared", type=Path, default=repo.parent / "shared")
    model_dir = Path(__file__).resolve().parents[1] / "statements" / "data"
    parser.add_argument("--out", type=Path, default=model_dir)
    args = parser.parse_args(argv)
    from ..config import load_settings
    from ..nlp.pipeline import build_pipeline

    gold_path = args.shared / "data" / "polnear-dev.jsonl"
    scorer_path = args.shared / "tools" / "score_quotes.py"
    if not gold_path.exists() or not scorer_path.exists():
        print(f"{gold_path} or {scorer_path} is absent: nothing trained")
        return 1
    with gold_path.open(encoding="utf8") as handle:
        gold = [json.loads(line) for line in handle if line.strip()]
    scorer = load_scorer(scorer_path)
    model_name = load_settings().model
    nlp = build_pipeline(model_name)
    examples = harvest(nlp, gold)
    fold = {str(g["id"]): fold_of(str(g["id"])) for g in gold}

    rules = analyse(nlp, gold, None)
    cv: list[dict[str, Any]] = []
    for part in range(FOLDS):
        model = fit_with_threshold([e for e in examples if fold[e.article] != part])
        cv += analyse(nlp, [g for g in gold if fold[str(g["id"])] == part], model)
    design = [e for e in examples if fold[e.article] in DESIGN_FOLDS]
    shipped = fit_with_threshold(design)
    held = analyse(nlp, [g for g in gold if fold[str(g["id"])] not in DESIGN_FOLDS], shipped)
    designed = analyse(nlp, [g for g in gold if fold[str(g["id"])] in DESIGN_FOLDS], shipped)

    def part_of(records: list[dict[str, Any]], inside: bool) -> list[dict[str, Any]]:
        return [r for r in records if (fold[str(r["id"])] in DESIGN_FOLDS) == inside]

    gold_in, gold_out = part_of(gold, True), part_of(gold, False)
    figures = {
        "in fold (0-2), trained on": {"rules": f1s(scorer, gold_in, part_of(rules, True)),
                                      "learned": f1s(scorer, gold_in, designed)},
        "out of fold (3-4), held out": {"rules": f1s(scorer, gold_out, part_of(rules, False)),
                                        "learned": f1s(scorer, gold_out, held)},
        "5-fold CV, all 45": {"rules": f1s(scorer, gold, rules), "learned": f1s(scorer, gold, cv)},
        "5-fold CV, folds 3-4": {"rules": f1s(scorer, gold_out, part_of(rules, False)),
                                 "learned": f1s(scorer, gold_out, part_of(cv, False))},
    }
    facts: dict[str, Any] = {
        "trained": datetime.now(UTC).date().isoformat(),
        "model": model_name,
        "threshold": shipped.threshold,
        "counts": {"train_articles": sum(f in DESIGN_FOLDS for f in fold.values()),
                   "train_candidates": len(design),
                   "train_positive": sum(e.label for e in design),
                   "all_candidates": len(examples),
                   "all_positive": sum(e.label for e in examples)},
        "figures": figures,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / MODEL_FILE).write_text(shipped.to_json({"facts": facts}), "utf8")
    write_card(args.out / CARD_FILE, facts)
    print(json.dumps(facts, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
