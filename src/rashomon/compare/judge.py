"""Label an aligned pair of claims from several signals, each of which a reader can check.

The signals, strongest first:

1. **Same words.** Two claims whose content terms nearly coincide (Jaccard ≥ 0.75, or
   ≥ 0.5 with embedding cosine ≥ 0.85), with the same polarity and the same numbers,
   dates and places, are one account carried twice (the same speaker's words in
   two outlets, or an outlet restating them): corroboration, never a contradiction.
2. **Rebuttal.** One side's statement is a rebuttal (its reporting verb is "deny",
   "dispute", "reject" …, or its words say "contrary to …" or "not a …, but …") and the
   other side, which rebuts and negates nothing, is about the same thing (cosine ≥ 0.55):
   a contradiction. This is how
   a journalist sets two sides against each other.
3. **Rules** over the claims' words (``align.label_pair``): opposed predicate classes,
   polarity, numbers, dates, places.
4. **Stance model**: each claim read as a claim against the other as a passage, the two
   directions averaged; a contradiction when the pair is related and "disagree" has at
   least half the related probability (an agreement likewise for "agree", at cosine ≥ 0.75).

Each signal gives a score in 0–1; the comparison takes the strongest, and its
explanation names every signal that fired. A signal under 0.5 is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..stance.cues import numbers
from . import text as tx
from .claims import ClaimFeatures

SAME_WORDS_JACCARD = 0.75
SAME_WORDS_LOOSE_JACCARD = 0.5
SAME_WORDS_SIMILARITY = 0.85
MIN_SCORE = 0.5  # below this no signal is sure enough to report
REBUTTAL_MIN_SIMILARITY = 0.55
MODEL_MIN_SIMILARITY = 0.5
AGREEMENT_MIN_SIMILARITY = 0.75
MODEL_MIN_PROBABILITY = 0.5  # the label must be likelier than all others together
RULE_SCORE = 0.8  # a rule that fires is right about this often on the example gold
# Two speakers asserting one event type between the same actors may still say different
# things of it ("offered partial relief", "agreed to unfreeze 6 billion" are both AGREE):
# weaker evidence of agreement than the word rules, so a worded comparison of the same
# sentences outranks it. Opposite polarity, another date or place is as sure as a rule.
EVENT_AGREEMENT_SCORE = 0.6
REBUTTAL_VERBS = frozenset(
    {"deny", "dispute", "reject", "refute", "contradict", "dismiss", "counter", "rebut"}
)
_CONTRARY_RE = re.compile(r"\bcontrary to\b|\bnot an?\s+[\w'’-]+(?:\s+[\w'’-]+){0,3},?\s+but\b",
                          re.IGNORECASE)


@dataclass(slots=True)
class Verdict:
    """A labelled pair: kind, score, topic, and what fired."""

    kind: str
    score: float
    topic: str
    reasons: list[str] = field(default_factory=list)

    @property
    def explanation(self) -> str:
        """The reasons, strongest first, joined for a reader."""
        return "; ".join(self.reasons)


def who(f: ClaimFeatures) -> str:
    """How a side is named in an explanation: speaker (outlet)."""
    speaker = f.claim.speaker or f.claim.outlet or f.claim.article
    return f"{speaker} ({f.claim.outlet or f.claim.article})"


def same_words(a: ClaimFeatures, b: ClaimFeatures, similarity: float) -> bool:
    """One account carried twice: near-identical terms (or embeddings), same polarity.

    The same words said by one side and denied by the other ("said troops had left",
    "denied that troops had left") are no one account; nor is one event asserted by one
    side and denied by the other.
    """
    shared = len(a.terms & b.terms)
    union = len(a.terms | b.terms) or 1
    if tx.has_negation(a.claim.text) != tx.has_negation(b.claim.text):
        return False
    if (rebuttal(a) is None) != (rebuttal(b) is None):
        return False
    if a.event_type is not None and b.event_type is not None and (
        a.claim.polarity != b.claim.polarity
    ):
        return False
    jaccard = shared / union
    close = jaccard >= SAME_WORDS_JACCARD or (
        jaccard >= SAME_WORDS_LOOSE_JACCARD and similarity >= SAME_WORDS_SIMILARITY
    )
    return close and shared >= 2 and not _details_differ(a, b)


def _details_differ(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """Numbers, dates or places that two near-identical wordings do not share."""
    numbers_a, numbers_b = numbers(a.claim.text), numbers(b.claim.text)
    if numbers_a and numbers_b and numbers_a != numbers_b:
        return True
    if tx.dates_conflict(a.dates, b.dates) is not None:
        return True
    return bool(a.places and b.places and not a.places & b.places)


def rebuttal(f: ClaimFeatures) -> str | None:
    """The words that make a claim a rebuttal, if any."""
    cue = (f.claim.cue or "").lower()
    if cue in REBUTTAL_VERBS:
        return cue
    match = _CONTRARY_RE.search(f.claim.text)
    return match.group(0) if match else None


def judge(
    a: ClaimFeatures,
    b: ClaimFeatures,
    similarity: float,
    rule: tuple[str, str, str] | None,
    stance: tuple[float, float, float] | None,
) -> Verdict | None:
    """The label of an aligned pair, or ``None`` when nothing relates them.

    Args:
        a, b: the two claims' features.
        similarity: cosine of their sentence embeddings (0 when there are none).
        rule: what ``align.label_pair`` says, if anything.
        stance: the stance model's (P(related), P(agree | related), P(disagree | related)),
            averaged over both directions; ``None`` without the model.
    """
    topic = rule[1] if rule else ", ".join(sorted(a.terms & b.terms)[:4])
    if same_words(a, b, similarity):
        return Verdict("agreement", max(similarity, 0.9), topic or "same account",
                       [f"same account: {who(a)} and {who(b)} carry the same words"
                        f" (similarity {similarity:.2f})"])
    contra: list[tuple[float, str]] = []
    agree: list[tuple[float, str]] = []
    cue_a, cue_b = rebuttal(a), rebuttal(b)
    rebutter, other = (a, b) if cue_a else (b, a)
    if (
        (cue_a is None) != (cue_b is None)
        and similarity >= REBUTTAL_MIN_SIMILARITY
        and not tx.has_negation(other.claim.text)  # a second denial sides with the first
    ):
        words = cue_a or cue_b
        contra.append((0.6 + 0.4 * similarity,
                       f'rebuttal: {who(rebutter)} "{words}" what {who(other)} says'
                       f" (similarity {similarity:.2f})"))
    if rule is not None:
        (contra if rule[0] == "contradiction" else agree).append((RULE_SCORE, rule[2]))
    if stance is not None:
        related, p_agree, p_disagree = stance
        if related >= 0.5 and similarity >= MODEL_MIN_SIMILARITY:
            if p_disagree >= MODEL_MIN_PROBABILITY:
                contra.append((related * p_disagree,
                               f"stance model: disagree {p_disagree:.2f} (related {related:.2f})"))
            elif p_agree >= MODEL_MIN_PROBABILITY and similarity >= AGREEMENT_MIN_SIMILARITY:
                agree.append((related * p_agree,
                              f"stance model: agree {p_agree:.2f} (related {related:.2f})"))
    contra = [c for c in contra if c[0] >= MIN_SCORE]
    agree = [c for c in agree if c[0] >= MIN_SCORE]
    if not contra and not agree:
        return None
    contra.sort(reverse=True)
    agree.sort(reverse=True)
    if contra and (not agree or contra[0][0] >= agree[0][0]):
        return Verdict("contradiction", contra[0][0], topic, [r for _, r in contra + agree])
    return Verdict("agreement", agree[0][0], topic, [r for _, r in agree + contra])


def judge_event(
    a: ClaimFeatures,
    b: ClaimFeatures,
    relation: tuple[str, str, str] | None,
    similarity: float,
    min_similarity: float,
) -> Verdict | None:
    """The label of two claims of one event (``align.event_relation``), or ``None``.

    Opposite polarity, another date or another place contradict. Agreement needs more than
    one type of act between the same actors: the statements' words must say related things
    (embedding cosine ≥ ``min_similarity``, 0 without embeddings), and numbers, dates or
    places in them must not differ (``_details_differ``).
    """
    if relation is None:
        return None
    kind, topic, explanation = relation
    if kind == "contradiction":
        return Verdict("contradiction", RULE_SCORE, topic, [explanation])
    if _details_differ(a, b) or similarity < min_similarity:
        return None
    if similarity:
        explanation += f" (similarity {similarity:.2f})"
    return Verdict("agreement", EVENT_AGREEMENT_SCORE, topic, [explanation])
