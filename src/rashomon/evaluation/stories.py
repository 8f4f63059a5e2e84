"""Scoring story grouping and comparisons against annotated gold (``examples/gold``).

Gold references articles by JSONL id, canonical URL, or the path of a txt file relative to
the corpus folder (txt ids are content hashes); ``article_refs`` maps analysed records back
to those references.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..records import AnalyzedArticle, ClaimRef, Comparison
from ..stories.build import build_story
from ..stories.features import Embedder
from ..stories.grouper import GroupingSettings, StoryGrouper


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
        if event.attributed_to is not None:
            # A stated event's claim is its statement's words, as ``extract_claims`` has it.
            return record.statements[event.attributed_to].content
        return record.text[event.start : event.end]
    return ""


# A claim may be this many times as long as the sentence that holds its gold snippet (a
# quotation of two sentences passes; a claim run over a paragraph does not).
MAX_LENGTH_RATIO = 2.5
_SENTENCE_END = re.compile(r"[.!?][\"”’]?\s|\n")


@dataclass(frozen=True, slots=True)
class GoldSides:
    """The snippets of the gold claim groups, and which groups contradict which.

    ``opposing[(article, snippet)]`` are the snippets of the same article in groups that a
    gold contradiction pair sets against the snippet's group.
    """

    opposing: dict[tuple[str, str], frozenset[str]]

    @classmethod
    def from_gold(cls, gold: Mapping[str, Any]) -> GoldSides:
        """Read ``groups`` and ``pairs`` of ``comparisons.json``."""
        group_of: dict[tuple[str, str], str] = {}
        members: dict[str, list[tuple[str, str]]] = {}
        for name, sides in gold.get("groups", {}).items():
            for side in sides:
                key = (side["article"], side["quote_snippet"])
                group_of[key] = name
                members.setdefault(name, []).append(key)
        against: dict[str, set[str]] = {}
        for pair in gold.get("pairs", []):
            if pair["kind"] != "contradiction":
                continue
            ga = group_of.get((pair["a"]["article"], pair["a"]["quote_snippet"]))
            gb = group_of.get((pair["b"]["article"], pair["b"]["quote_snippet"]))
            if ga is not None and gb is not None and ga != gb:
                against.setdefault(ga, set()).add(gb)
                against.setdefault(gb, set()).add(ga)
        opposing: dict[tuple[str, str], frozenset[str]] = {}
        for key, name in group_of.items():
            opposing[key] = frozenset(
                snippet
                for other in against.get(name, ())
                for article, snippet in members[other]
                if article == key[0]
            )
        return cls(opposing)


def sentence_length(text: str, start: int, end: int) -> int:
    """Length of the sentence(s) of ``text`` holding the span ``start..end``."""
    first = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        first = match.end()
    found = _SENTENCE_END.search(text, end)
    last = found.start() + 1 if found else len(text)
    return last - first


def claim_matches(
    side: Mapping[str, str],
    ref: str,
    claim: str,
    article_text: str,
    sides: GoldSides,
) -> bool:
    """Whether a predicted claim stands for one gold claim.

    The claim must be in the gold article and contain the gold snippet, and it must not be
    stretched past the gold claim: it holds no snippet of an opposing gold group (a claim
    that says both sides is neither side's claim), and it is at most ``MAX_LENGTH_RATIO``
    times as long as the sentence that holds the snippet in the article.
    """
    snippet = side["quote_snippet"]
    if side["article"] != ref or snippet not in claim:
        return False
    if any(other in claim for other in sides.opposing.get((ref, snippet), ())):
        return False
    at = article_text.find(snippet)
    if at < 0:
        return True  # the snippet is only in the claim (a normalised text): no sentence
    return len(claim) <= MAX_LENGTH_RATIO * sentence_length(article_text, at, at + len(snippet))


def score_comparisons(
    comparisons: Sequence[Comparison],
    records: Mapping[str, AnalyzedArticle],
    refs: Mapping[str, str],
    gold_pairs: Sequence[Mapping[str, Any]],
    kind: str,
    sides: GoldSides | None = None,
) -> PRF:
    """Precision and recall of the predicted pairs of one kind against the gold pairs.

    A predicted pair matches a gold pair when each of its two claims matches one gold side
    (``claim_matches``), in either order.
    """
    sides = sides or GoldSides({})
    gold = [g for g in gold_pairs if g["kind"] == kind]
    predicted = [c for c in comparisons if c.kind == kind]
    found: set[int] = set()
    correct = 0
    for comparison in predicted:
        ref_a, ref_b = refs.get(comparison.a.article, ""), refs.get(comparison.b.article, "")
        text_a = _claim_text(comparison.a, records)
        text_b = _claim_text(comparison.b, records)
        body_a = records[comparison.a.article].text
        body_b = records[comparison.b.article].text
        hit = False
        for k, pair in enumerate(gold):
            straight = claim_matches(pair["a"], ref_a, text_a, body_a, sides) and claim_matches(
                pair["b"], ref_b, text_b, body_b, sides
            )
            crossed = claim_matches(pair["a"], ref_b, text_b, body_b, sides) and claim_matches(
                pair["b"], ref_a, text_a, body_a, sides
            )
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
    embedder: Embedder | None = None,
) -> dict[str, PRF]:
    """Group the analysed corpus (with sentence embeddings when an ``embedder`` is given),
    build its stories and score both against its gold.

    Returns B-cubed figures under ``stories`` and pair figures under ``contradiction`` and
    ``agreement``.
    """
    grouper = StoryGrouper(settings, embedder)
    grouper.add(records)
    refs = article_refs(records, corpus)
    gold_of = gold_story_of(corpus)
    predicted = {refs[aid]: sid for aid, sid in grouper.story_of.items() if aid in refs}
    comparisons: list[Comparison] = []
    copies = grouper.copies()
    for sid, members in grouper.stories().items():
        comparisons.extend(build_story(records, members, sid, copies=copies).comparisons)
    by_id = {r.id: r for r in records}
    gold = load_json(corpus / "gold" / "comparisons.json")
    pairs, sides = gold["pairs"], GoldSides.from_gold(gold)
    return {
        "stories": bcubed(predicted, gold_of),
        "contradiction": score_comparisons(
            comparisons, by_id, refs, pairs, "contradiction", sides
        ),
        "agreement": score_comparisons(comparisons, by_id, refs, pairs, "agreement", sides),
    }
