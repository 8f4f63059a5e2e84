"""Align the claims of a story and label aligned pairs agreement or contradiction.

Two claims are compared only when different claimants make them (a speaker, or an outlet
in its own voice). Candidate pairs come from an inverted index over predicate classes,
counted units and content terms, and from sentence embeddings (``similar_pairs``), so a
story's claims are never compared all against all by rule. ``judge.judge`` labels each
pair from several signals (same words, rebuttal cues, the stance model, and the word rules
below); its explanation quotes what a reader can check. An event a speaker states is that
speaker's claim too, judged by its structure (``event_relation``: PLOVER type, actors,
polarity, date, place); of the comparisons of one pair of sentences only the better
explained is kept. A syndicated copy is never compared with its original.

The word rules (``label_pair``), first that fires:

1. opposed predicates ("pressed" vs "accepted", "ceasefire" vs "pause", "full" vs "partial");
2. the same predicate with opposite polarity ("raised" vs "not raised");
3. opposite polarity on the same topic (most content terms shared, one side negated);
4. conflicting numbers of the same unit, dates, or places on a shared topic;
5. agreement: the same predicate with the same polarity, or the same count of the same
   unit, on a shared topic. (Similar wording alone is not enough: "denied any role in the
   hacking of campaign servers" and "raised the hacking of campaign servers" share four
   terms and say different things.)
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..errors import RashomonError
from ..lemmas import parse_all
from ..records import Claim, ClaimRef, Comparison
from . import text as tx
from .claims import ClaimFeatures, features, is_stated_event
from .judge import Verdict, judge, judge_event
from .lexicon import Lexicon, default_lexicon

log = logging.getLogger(__name__)

MAX_POSTING = 200  # a key shared by more claims than this is too common to align on


@dataclass(frozen=True, slots=True)
class AlignSettings:
    """Thresholds of the alignment rules."""

    min_shared: int = 1
    min_shared_generic: int = 2  # for agreement on a generic predicate ("agreed")
    topic_overlap: float = 0.5
    topic_min_shared: int = 2
    where_min_shared: int = 1
    # Narration (events nobody is quoted for) is often background ("In 2022 fighting killed
    # about 100 people"), so by default only statements are compared; events stay claims.
    compare_events: bool = False
    # Claims whose embeddings are this close align on their own; from ``loose_similarity``
    # they align when they also share an actor or a predicate.
    similarity: float = 0.6
    loose_similarity: float = 0.45
    # Sentence embeddings and the stance model (off: the rules alone, as without the models).
    use_models: bool = True


def canonical_claimants(names: Iterable[str]) -> dict[str, str]:
    """Map short forms of a speaker's name to the longest form in the story.

    "Whitfield" and "Karen Whitfield" become "Spokesperson Karen Whitfield" when that is the
    longest name ending with them and no other name competes (two Smiths stay apart).
    """
    known = sorted({n for n in names if not n.startswith("outlet:")}, key=len, reverse=True)
    tokens = {n: n.split() for n in known}
    out: dict[str, str] = {}
    for name in known:
        tail = tokens[name]
        longer = [
            m for m in known if len(tokens[m]) > len(tail) and tokens[m][-len(tail) :] == tail
        ]
        if not longer:
            continue
        longest = longer[0]
        chain = all(tokens[longest][-len(tokens[m]) :] == tokens[m] for m in longer)
        if chain:
            out[name] = longest
    return out


def _overlapping(a: Claim, b: Claim) -> bool:
    """Two claims of one article whose spans overlap (a nested or repeated statement)."""
    return a.article == b.article and a.start < b.end and b.start < a.end


def _ref(claim: Claim) -> ClaimRef:
    return ClaimRef(article=claim.article, statement=claim.statement, event=claim.event)


def _keys(f: ClaimFeatures, lexicon: Lexicon) -> set[str]:
    keys = {f"p:{name}" for name in f.predicates}
    keys |= {
        "o:" + "/".join(sorted(pair))
        for pair in lexicon.opposed
        for name in f.predicates
        if name in pair
    }
    if f.event_type is not None:
        keys.add(f"e:{f.event_type}")
    keys |= {f"u:{q.unit}" for q in f.quantities}
    keys |= {f"t:{term}" for term in f.terms}
    return keys


def candidate_pairs(
    items: Sequence[ClaimFeatures], lexicon: Lexicon | None = None
) -> list[tuple[int, int]]:
    """Index pairs of claims that share a key and come from different claimants.

    Keys are predicate classes, opposed pairs of classes, counted units and content terms.
    """
    lex = lexicon or default_lexicon()
    postings: dict[str, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        for key in _keys(item, lex):
            postings[key].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in postings.values():
        if len(members) > MAX_POSTING:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if items[i].claimant != items[j].claimant and not _overlapping(
                    items[i].claim, items[j].claim
                ):
                    pairs.add((i, j))
    return sorted(pairs)


def _overlap(a: set[str], b: set[str]) -> tuple[int, float]:
    shared = len(a & b)
    smaller = min(len(a), len(b))
    return shared, (shared / smaller if smaller else 0.0)


def _quote(f: ClaimFeatures) -> str:
    who = f.claim.speaker or f.claim.outlet or f.claim.article
    return f"{who} ({f.claim.outlet or f.claim.article})"


def _subject_note(a: ClaimFeatures, b: ClaimFeatures) -> str:
    """Says so when one speaker gives an account of the other that the other contradicts."""
    if a.claim.subject and a.claim.subject == b.claim.speaker:
        return f"; {b.claim.speaker} contradicts {a.claimant}'s account of him"
    if b.claim.subject and b.claim.subject == a.claim.speaker:
        return f"; {a.claim.speaker} contradicts {b.claimant}'s account of him"
    return ""


def _quantity_conflict(a: ClaimFeatures, b: ClaimFeatures) -> tuple[str, str, str] | None:
    """Counts of one unit that share no value; bounds ("more than 10,000") never conflict."""
    units = {q.unit for q in a.quantities} & {q.unit for q in b.quantities}
    for unit in sorted(units):
        va = {q.value: q.text for q in a.quantities if q.unit == unit}
        vb = {q.value: q.text for q in b.quantities if q.unit == unit}
        exact_a = {q.value for q in a.quantities if q.unit == unit and q.exact}
        exact_b = {q.value for q in b.quantities if q.unit == unit and q.exact}
        if exact_a and exact_b and not set(va) & set(vb):
            return unit, va[min(va)], vb[min(vb)]
    return None


def _counts_differ(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """Both give a count of one unit, and no value is shared: not the same account."""
    for unit in {q.unit for q in a.quantities} & {q.unit for q in b.quantities}:
        va = {q.value for q in a.quantities if q.unit == unit}
        vb = {q.value for q in b.quantities if q.unit == unit}
        if not va & vb:
            return True
    return False


def _same_quantity(a: ClaimFeatures, b: ClaimFeatures) -> str | None:
    va = {(q.unit, q.value): q.text for q in a.quantities}
    vb = {(q.unit, q.value) for q in b.quantities}
    common = sorted(set(va) & vb)
    return va[common[0]] if common else None


def _unambiguous(f: ClaimFeatures, lexicon: Lexicon) -> set[str]:
    """The classes a claim asserts, less both sides of any opposed pair it asserts at once.

    "Full relief was agreed, while relief would be partial" (two accounts run together) says
    neither "full" nor "partial".
    """
    asserted = {n for n, pol in f.predicates.items() if pol}
    both = {n for pair in lexicon.opposed if pair <= asserted for n in pair}
    return asserted - both


def _event_name(f: ClaimFeatures) -> str:
    """An event claim as a reader can check it: "RETREAT (Russia → Ukraine)"."""
    actors = " → ".join(n for n in (f.claim.subject, f.claim.target) if n)
    return f"{(f.event_type or '').upper()} ({actors})" if actors else (f.event_type or "").upper()


def same_event(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """Two event claims of one PLOVER type between the same actors.

    Both name the actor, and the same one; a recipient both name is the same too.
    """
    if a.event_type is None or a.event_type != b.event_type:
        return False
    if not a.claim.subject or a.claim.subject != b.claim.subject:
        return False
    return not (a.claim.target and b.claim.target and a.claim.target != b.claim.target)


def event_relation(a: ClaimFeatures, b: ClaimFeatures) -> tuple[str, str, str] | None:
    """What two claims of the same event (``same_event``) say of it: opposite polarity,
    another date or another place contradict; otherwise both assert or both deny it."""
    if not same_event(a, b):
        return None
    event = _event_name(a)
    if a.claim.polarity != b.claim.polarity:
        yes, no = (a, b) if a.claim.polarity else (b, a)
        return (
            "contradiction",
            event,
            f"event {event}: {_quote(yes)} says it happened, {_quote(no)} says it did not",
        )
    if a.claim.date and b.claim.date and a.claim.date[:10] != b.claim.date[:10]:
        return (
            "contradiction",
            event,
            f"event {event} dated {a.claim.date[:10]} by {_quote(a)}, "
            f"{b.claim.date[:10]} by {_quote(b)}",
        )
    place_a, place_b = (a.claim.place or "").lower(), (b.claim.place or "").lower()
    if place_a and place_b and place_a not in place_b and place_b not in place_a:
        return (
            "contradiction",
            event,
            f"event {event} placed in {a.claim.place} by {_quote(a)}, "
            f"in {b.claim.place} by {_quote(b)}",
        )
    said = "says it happened" if a.claim.polarity else "says it did not happen"
    return "agreement", event, f"event {event}: {_quote(a)} and {_quote(b)} each {said}"


def label_pair(
    a: ClaimFeatures, b: ClaimFeatures, lexicon: Lexicon, settings: AlignSettings
) -> tuple[str, str, str] | None:
    """``(kind, topic, explanation)`` for an aligned pair, or ``None`` when they do not align."""
    shared, overlap = _overlap(a.terms, b.terms)
    topic = ", ".join(sorted(a.terms & b.terms)[:4])
    # 1. opposed predicates, each asserted (a claim asserting both sides says neither)
    asserted_a = _unambiguous(a, lexicon)
    asserted_b = _unambiguous(b, lexicon)
    for pa in sorted(asserted_a - asserted_b):
        for pb in sorted(asserted_b - asserted_a):
            need = lexicon.opposition(pa, pb)
            if need is None:
                continue
            if shared + len(set(a.predicates) & set(b.predicates)) >= need:
                return (
                    "contradiction",
                    topic or f"{pa}/{pb}",
                    f'"{pa}" vs "{pb}": {_quote(a)} says {pa}, {_quote(b)} says {pb}'
                    + _subject_note(a, b),
                )
    # 2. the same predicate, asserted by one and negated by the other
    ambiguous = {n for n, pol in [*a.predicates.items(), *b.predicates.items()] if pol}
    ambiguous -= asserted_a | asserted_b
    for name in sorted(set(a.predicates) & set(b.predicates) - ambiguous):
        if a.predicates[name] != b.predicates[name] and shared >= settings.min_shared:
            yes, no = (a, b) if a.predicates[name] else (b, a)
            return (
                "contradiction",
                topic or name,
                f'polarity: {_quote(yes)} says "{name}", {_quote(no)} says not "{name}"'
                + _subject_note(a, b),
            )
    neg_a, neg_b = tx.has_negation(a.claim.text), tx.has_negation(b.claim.text)
    # Names alone do not make a topic: "Sorokin" is in half the claims of a story about him.
    t_shared, t_overlap = _overlap(a.topic, b.topic)
    on_topic = t_shared >= settings.topic_min_shared and t_overlap >= settings.topic_overlap
    # 3. the same topic, negated in one claim's clause and affirmed in the other's
    if on_topic and not (set(a.predicates) & set(b.predicates)):
        for yes, no in ((a, b), (b, a)):
            flipped = yes.affirmed_topic & no.negated_topic - no.affirmed_topic
            flipped -= yes.negated_topic
            if len(flipped) >= settings.topic_min_shared:
                about = ", ".join(sorted(flipped)[:4])
                return (
                    "contradiction",
                    about,
                    f"polarity on {about}: {_quote(yes)} affirms what {_quote(no)} negates"
                    + _subject_note(a, b),
                )
    # 4. numbers, dates, places
    conflict = _quantity_conflict(a, b)
    if conflict is not None:
        unit, qa, qb = conflict
        return (
            "contradiction",
            topic or unit,
            f'numbers ({unit}): {_quote(a)} says "{qa}", {_quote(b)} says "{qb}"',
        )
    if t_shared >= settings.where_min_shared and t_overlap >= settings.topic_overlap:
        when = tx.dates_conflict(a.dates, b.dates)
        if when is not None:
            return (
                "contradiction",
                topic,
                f'dates: {_quote(a)} says "{when[0]}", {_quote(b)} says "{when[1]}"',
            )
        if a.places and b.places and not a.places & b.places:
            return (
                "contradiction",
                topic,
                f"places: {_quote(a)} says {', '.join(sorted(a.places))}, "
                f"{_quote(b)} says {', '.join(sorted(b.places))}",
            )
    # 5. agreement
    same = [
        n
        for n in sorted(set(a.predicates) & set(b.predicates))
        if a.predicates[n]
        and shared >= (settings.min_shared_generic if n in lexicon.generic else settings.min_shared)
    ]
    if same and neg_a == neg_b and not _counts_differ(a, b):
        return "agreement", topic or same[0], f'both say "{same[0]}" about {topic}'
    quantity = _same_quantity(a, b)
    if quantity is not None and t_shared >= settings.min_shared and neg_a == neg_b:
        return "agreement", topic or quantity, f'both give "{quantity}" about {topic}'
    return None


def similar_pairs(
    items: Sequence[ClaimFeatures], vectors: npt.NDArray[np.float32], settings: AlignSettings
) -> set[tuple[int, int]]:
    """Pairs of claims of different claimants that say related things in any words.

    Close embeddings align on their own; looser ones when the claims also share an actor
    (one's speaker or subject is the other's) or a predicate.
    """
    if len(items) < 2:
        return set()
    sims = vectors @ vectors.T
    pairs: set[tuple[int, int]] = set()
    for i, j in zip(*np.nonzero(np.triu(sims >= settings.loose_similarity, k=1)), strict=True):
        a, b = items[int(i)], items[int(j)]
        if a.claimant == b.claimant or _overlapping(a.claim, b.claim):
            continue
        if sims[i, j] >= settings.similarity or _share_actor_or_predicate(a, b):
            pairs.add((int(i), int(j)))
    return pairs


def _share_actor_or_predicate(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    actors_a = {a.claim.speaker, a.claim.subject, a.claim.target} - {None}
    actors_b = {b.claim.speaker, b.claim.subject, b.claim.target} - {None}
    same_type = a.event_type is not None and a.event_type == b.event_type
    return bool(actors_a & actors_b) or bool(set(a.predicates) & set(b.predicates)) or same_type


def _claim_vectors(items: Sequence[ClaimFeatures]) -> npt.NDArray[np.float32] | None:
    """Embeddings of the claims' texts, or ``None`` when the encoder is not installed."""
    from ..embeddings import load_encoder  # noqa: PLC0415 - loads a model

    try:
        encoder = load_encoder()
    except RashomonError as exc:
        log.warning("comparisons without embeddings: %s", exc.message)
        return None
    return encoder([item.claim.text for item in items])


def _stance_scores(
    items: Sequence[ClaimFeatures],
    vectors: npt.NDArray[np.float32],
    pairs: Sequence[tuple[int, int]],
) -> dict[tuple[int, int], tuple[float, float, float]]:
    """(P(related), P(agree | related), P(disagree | related)) per pair, both ways averaged."""
    from ..stance.features import claim_text, pair_features, passage  # noqa: PLC0415
    from ..stance.model import STANCES, load_model  # noqa: PLC0415

    if not pairs:
        return {}
    try:
        model = load_model()
    except RashomonError as exc:
        log.warning("comparisons without the stance model: %s", exc.message)
        return {}
    texts = [item.claim.text for item in items]
    claims = [claim_text(t, v) for t, v in zip(texts, vectors, strict=True)]
    passages = [passage(t, [(0, len(t))], v[None, :]) for t, v in zip(texts, vectors, strict=True)]
    rows = np.vstack([
        pair_features(claims[x], passages[y], model.prototypes)
        for i, j in pairs for x, y in ((i, j), (j, i))
    ])
    probs = model.probabilities(rows).reshape(len(pairs), 2, len(STANCES)).mean(axis=1)
    agree, disagree, unrelated = (STANCES.index(s) for s in ("agree", "disagree", "unrelated"))
    out: dict[tuple[int, int], tuple[float, float, float]] = {}
    for pair, p in zip(pairs, probs, strict=True):
        related = float(1.0 - p[unrelated])
        scale = related or 1.0
        out[pair] = (related, float(p[agree] / scale), float(p[disagree] / scale))
    return out


def _same_text(a: Claim, b: Claim, copies: Mapping[str, str]) -> bool:
    """Claims of two articles that are one wire text: a copy and its original, or two copies."""
    if a.article == b.article:
        return False
    return copies.get(a.article, a.article) == copies.get(b.article, b.article)


def _sentences(a: Claim, b: Claim) -> tuple[tuple[str, int, int], ...]:
    """The pair of sentences two claims stand on (a stated event stands on its statement)."""
    return tuple(sorted(((a.article, a.start, a.end), (b.article, b.start, b.end))))


def _better(new: tuple[Verdict, bool], old: tuple[Verdict, bool]) -> bool:
    """The better explained of two verdicts on one pair of sentences.

    The surer one; at equal score the one with more signals, then the one comparing events
    (its explanation names the event type and actors).
    """
    def rank(item: tuple[Verdict, bool]) -> tuple[float, int, bool]:
        verdict, is_event = item
        return round(verdict.score, 6), len(verdict.reasons), is_event

    return rank(new) > rank(old)


def compare_claims(
    claims: Iterable[Claim],
    lexicon: Lexicon | None = None,
    settings: AlignSettings | None = None,
    copies: Mapping[str, str] | None = None,
) -> list[Comparison]:
    """Agreements and contradictions among a story's claims.

    Claims align when they share a key of the rules (predicate class, counted unit,
    content term) or when their sentence embeddings are close (``similar_pairs``); each
    aligned pair is labelled by ``judge.judge`` from the rules, rebuttal cues and the
    stance model, with a score and an explanation.

    Args:
        claims: the claims of one story (from ``extract_claims`` over its articles).
        lexicon: predicate classes and opposed pairs (default: the shipped data file).
        settings: thresholds of the rules, and whether the models are used.
        copies: article id → the article it is a syndicated copy of. A copy and its
            original (or two copies of one original) carry one text: they are never
            compared, since their agreement would corroborate nothing.

    Returns:
        One ``Comparison`` per labelled pair of sentences, ``a`` before ``b`` in claim
        order. A statement and the event it states stand on one sentence, so of their
        comparisons with another sentence only the better explained is kept (``_better``).
    """
    lex = lexicon or default_lexicon()
    rules = settings or AlignSettings()
    wire = copies or {}
    chosen = [
        c for c in claims
        if rules.compare_events or c.statement is not None or is_stated_event(c)
    ]
    parse_all(c.text for c in chosen)
    items = [features(c, lex) for c in chosen]
    aliases = canonical_claimants(item.claimant for item in items)
    for item in items:
        item.claimant = aliases.get(item.claimant, item.claimant)
    vectors = _claim_vectors(items) if rules.use_models and items else None
    pairs = set(candidate_pairs(items, lex))
    if vectors is not None:
        pairs |= similar_pairs(items, vectors, rules)
    ordered = sorted(p for p in pairs if not _same_text(items[p[0]].claim, items[p[1]].claim,
                                                         wire))
    worded = [p for p in ordered
              if not (is_stated_event(items[p[0]].claim) or is_stated_event(items[p[1]].claim))]
    stances = _stance_scores(items, vectors, worded) if vectors is not None else {}
    best: dict[tuple[tuple[str, int, int], ...], tuple[tuple[int, int], Verdict, bool]] = {}
    for i, j in ordered:
        similarity = float(vectors[i] @ vectors[j]) if vectors is not None else 0.0
        is_event = is_stated_event(items[i].claim) or is_stated_event(items[j].claim)
        if is_event:
            # The statement's words are judged with the statement's own claim; a stated
            # event is judged by its structure alone.
            verdict = judge_event(
                items[i], items[j], event_relation(items[i], items[j]), similarity,
                rules.similarity if vectors is not None else 0.0,
            )
        else:
            rule = label_pair(items[i], items[j], lex, rules)
            verdict = judge(items[i], items[j], similarity, rule, stances.get((i, j)))
        if verdict is None:
            continue
        key = _sentences(items[i].claim, items[j].claim)
        held = best.get(key)
        if held is None:
            best[key] = ((i, j), verdict, is_event)
            continue
        keep, drop = ((i, j), verdict, is_event), held
        if not _better((verdict, is_event), (held[1], held[2])):
            keep, drop = drop, keep
        if keep[1].kind == drop[1].kind:
            # The same finding read both ways: the kept one names what the other saw too.
            keep[1].reasons.extend(r for r in drop[1].reasons if r not in keep[1].reasons)
        best[key] = keep
    out: list[Comparison] = []
    for (i, j), verdict, _ in sorted(best.values(), key=lambda kept: kept[0]):
        out.append(
            Comparison(
                kind="contradiction" if verdict.kind == "contradiction" else "agreement",
                topic=verdict.topic,
                a=_ref(items[i].claim),
                b=_ref(items[j].claim),
                explanation=verdict.explanation,
                score=verdict.score,
            )
        )
    return out
