"""Scoring story grouping and comparisons against annotated gold (``examples/gold``).

Gold references articles by JSONL id, canonical URL, or the path of a txt file relative to
the corpus folder (txt ids are content hashes); ``article_refs`` maps analysed records back
to those references.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..records import AnalyzedArticle, ClaimRef, Comparison
from .build import build_story
from .grouper import GroupingSettings, StoryGrouper


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 with the counts behind them."""

    precision: float
    recall: float
    f1: float
    predicted: int = 0
    gold: int = 0

    def to_dict(self) -> dict[str, float | int]:
        """Plain data, rounded for printing."""
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "predicted": self.predicted,
            "gold": self.gold,
        }


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> PRF:
    """B-cubed precision, recall and F1 of a clustering (item → cluster) against gold.

    Items missing from ``predicted`` count as singletons.
    """
    items = list(gold)
    pred = {i: predicted.get(i, f"__single__{i}") for i in items}
    by_pred: dict[str, set[str]] = {}
    by_gold: dict[str, set[str]] = {}
    for item in items:
        by_pred.setdefault(pred[item], set()).add(item)
        by_gold.setdefault(gold[item], set()).add(item)
    if not items:
        return PRF(0.0, 0.0, 0.0)
    precision = recall = 0.0
    for item in items:
        same_pred, same_gold = by_pred[pred[item]], by_gold[gold[item]]
        both = len(same_pred & same_gold)
        precision += both / len(same_pred)
        recall += both / len(same_gold)
    p, r = precision / len(items), recall / len(items)
    return PRF(p, r, _f1(p, r), len(by_pred), len(by_gold))


def load_json(path: Path) -> Any:
    """A JSON file."""
    return json.loads(path.read_text("utf8"))


def article_refs(records: Iterable[AnalyzedArticle], corpus: Path) -> dict[str, str]:
    """Record id → gold reference (JSONL id, URL, or txt path relative to ``corpus``)."""
    txt = {
        p.read_text("utf8").strip(): p.relative_to(corpus).as_posix()
        for p in sorted(corpus.rglob("*.txt"))
    }
    gold_stories = load_json(corpus / "gold" / "stories.json")["stories"]
    known = {ref for story in gold_stories for ref in story["articles"]}
    out: dict[str, str] = {}
    for record in records:
        if record.id in known:
            out[record.id] = record.id
        elif record.url and record.url in known:
            out[record.id] = record.url
        elif record.text.strip() in txt:
            out[record.id] = txt[record.text.strip()]
    return out


def gold_story_of(corpus: Path) -> dict[str, str]:
    """Gold reference → gold story name."""
    stories = load_json(corpus / "gold" / "stories.json")["stories"]
    return {ref: story["story"] for story in stories for ref in story["articles"]}


def _claim_text(ref: ClaimRef, records: Mapping[str, AnalyzedArticle]) -> str:
    record = records[ref.article]
    if ref.statement is not None:
        return record.statements[ref.statement].content
    if ref.event is not None:
        event = record.events[ref.event]
        return record.text[event.start : event.end]
    return ""


def _matches(side: Mapping[str, str], ref: str, text: str) -> bool:
    return side["article"] == ref and side["quote_snippet"] in text


def score_comparisons(
    comparisons: Sequence[Comparison],
    records: Mapping[str, AnalyzedArticle],
    refs: Mapping[str, str],
    gold_pairs: Sequence[Mapping[str, Any]],
    kind: str,
) -> PRF:
    """Precision and recall of the predicted pairs of one kind against the gold pairs.

    A predicted pair matches a gold pair when its two claims are in the gold articles and
    contain the two snippets, in either order.
    """
    gold = [g for g in gold_pairs if g["kind"] == kind]
    predicted = [c for c in comparisons if c.kind == kind]
    found: set[int] = set()
    correct = 0
    for comparison in predicted:
        ref_a, ref_b = refs.get(comparison.a.article, ""), refs.get(comparison.b.article, "")
        text_a = _claim_text(comparison.a, records)
        text_b = _claim_text(comparison.b, records)
        hit = False
        for k, pair in enumerate(gold):
            straight = _matches(pair["a"], ref_a, text_a) and _matches(pair["b"], ref_b, text_b)
            crossed = _matches(pair["a"], ref_b, text_b) and _matches(pair["b"], ref_a, text_a)
            if straight or crossed:
                found.add(k)
                hit = True
        correct += hit
    p = correct / len(predicted) if predicted else 0.0
    r = len(found) / len(gold) if gold else 0.0
    return PRF(p, r, _f1(p, r), len(predicted), len(gold))


def evaluate_corpus(
    records: Sequence[AnalyzedArticle],
    corpus: Path,
    settings: GroupingSettings | None = None,
) -> dict[str, PRF]:
    """Group the analysed corpus, build its stories and score both against its gold.

    Returns B-cubed figures under ``stories`` and pair figures under ``contradiction`` and
    ``agreement``.
    """
    grouper = StoryGrouper(settings)
    grouper.add(records)
    refs = article_refs(records, corpus)
    gold_of = gold_story_of(corpus)
    predicted = {refs[aid]: sid for aid, sid in grouper.story_of.items() if aid in refs}
    comparisons: list[Comparison] = []
    for sid, members in grouper.stories().items():
        comparisons.extend(build_story(records, members, sid).comparisons)
    by_id = {r.id: r for r in records}
    pairs = load_json(corpus / "gold" / "comparisons.json")["pairs"]
    return {
        "stories": bcubed(predicted, gold_of),
        "contradiction": score_comparisons(comparisons, by_id, refs, pairs, "contradiction"),
        "agreement": score_comparisons(comparisons, by_id, refs, pairs, "agreement"),
    }
