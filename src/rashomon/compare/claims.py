"""Claims: who claims what about whom, from statements and events of analysed articles."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..records import AnalyzedArticle, Claim, Event, Statement
from . import text as tx
from .lexicon import Lexicon, default_lexicon


@dataclass(slots=True)
class ClaimFeatures:
    """What alignment compares, derived from a claim's text alone."""

    claim: Claim
    claimant: str
    predicates: dict[str, bool] = field(default_factory=dict)
    terms: set[str] = field(default_factory=set)
    topic: set[str] = field(default_factory=set)
    negated_topic: set[str] = field(default_factory=set)
    affirmed_topic: set[str] = field(default_factory=set)
    quantities: list[tx.Quantity] = field(default_factory=list)
    dates: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)


def find_predicates(
    content: str, lexicon: Lexicon, negated: bool = False, cue: str | None = None
) -> dict[str, bool]:
    """Predicate classes in the text, each with its polarity (``False`` when negated nearby).

    A predicate inside a denied clause ("rejecting claims that Brussels had accepted full
    relief", "it is not true that …", ``tx.denied_scopes``) is the opposite of the speaker's
    position, so its polarity flips; the words of the frame itself ("rejecting … claims
    that") are no predicate.

    Args:
        content: the claim's text.
        lexicon: the predicate classes.
        negated: the whole statement is negated (flips every polarity).
        cue: the statement's cue lemma ("reject": a content "claims that …" is denied).
    """
    scopes = tx.denied_scopes(content, cue)
    found: dict[str, bool] = {}
    for offset, clause in tx.clause_spans(content):
        located = tx.words_at(clause)
        in_frame = [
            any(frame <= offset + at < start for frame, start, _ in scopes) for _, at in located
        ]
        # The frame's own "not" ("it is not true that") is the denial, not a second negation.
        tokens = [
            "" if framed else word for (word, _), framed in zip(located, in_frame, strict=True)
        ]
        for i, (token, at) in enumerate(located):
            position = offset + at
            if in_frame[i]:
                continue
            name = lexicon.forms.get(token)
            if name is not None and name not in found:
                denied = any(start <= position < end for _, start, end in scopes)
                found[name] = (tx.negated_near(tokens, i) != negated) != denied
    return {name: not neg for name, neg in found.items()}


def claimant_of(claim: Claim) -> str:
    """Who makes the claim: the speaker, else the outlet in its own voice."""
    if claim.speaker:
        return claim.speaker
    return f"outlet:{claim.outlet or claim.article}"


def features(claim: Claim, lexicon: Lexicon | None = None) -> ClaimFeatures:
    """The comparable features of one claim."""
    lex = lexicon or default_lexicon()
    predicates = find_predicates(claim.text, lex)
    if predicates.get(claim.predicate, claim.polarity) != claim.polarity:
        # The claim's own polarity knew its statement's context (a negated or denying cue):
        # it holds for every predicate the text carries.
        predicates = {name: not value for name, value in predicates.items()}
    forms = frozenset(lex.forms)
    negated, affirmed = tx.negated_terms(claim.text, forms)
    return ClaimFeatures(
        claim=claim,
        claimant=claimant_of(claim),
        predicates=predicates,
        terms=tx.content_terms(claim.text, forms),
        topic=tx.topic_terms(claim.text, forms),
        negated_topic=negated,
        affirmed_topic=affirmed,
        quantities=tx.quantities(claim.text),
        dates=tx.dates(claim.text),
        places=tx.places(claim.text),
    )


def _actor_names(record: AnalyzedArticle) -> dict[str, str]:
    return {actor.id: actor.name for actor in record.actors}


def _subject(record: AnalyzedArticle, start: int, end: int, exclude: str | None) -> str | None:
    """The first actor mentioned inside the span, other than the speaker."""
    names = _actor_names(record)
    for mention in sorted(record.mentions, key=lambda m: m.start):
        if start <= mention.start and mention.end <= end and mention.actor != exclude:
            return names.get(mention.actor)
    return None


def _primary(predicates: dict[str, bool], fallback: str) -> tuple[str, bool]:
    if predicates:
        name = next(iter(predicates))
        return name, predicates[name]
    return fallback, True


def statement_claim(
    record: AnalyzedArticle, index: int, statement: Statement, lexicon: Lexicon
) -> Claim:
    """The claim one statement makes."""
    names = _actor_names(record)
    speaker = names.get(statement.speaker) if statement.speaker else None
    # An unresolved pronoun names nobody: better no speaker than "she".
    text = statement.speaker_text
    if speaker is None and text and text.lower() not in tx.PRONOUNS:
        speaker = text
    predicates = find_predicates(
        statement.content, lexicon, statement.negated, statement.cue
    )
    predicate, polarity = _primary(predicates, statement.cue or "say")
    if not predicates:
        polarity = tx.has_negation(statement.content) == statement.negated
    found_quantities = tx.quantities(statement.content)
    found_dates = sorted(tx.dates(statement.content))
    found_places = sorted(tx.places(statement.content))
    return Claim(
        article=record.id,
        statement=index,
        event=None,
        speaker=speaker,
        outlet=record.outlet,
        subject=_subject(record, statement.start, statement.end, statement.speaker),
        predicate=predicate,
        polarity=polarity,
        text=statement.content,
        start=statement.start,
        end=statement.end,
        quantity=found_quantities[0].text if found_quantities else None,
        date=found_dates[0] if found_dates else None,
        place=found_places[0] if found_places else None,
        cue=statement.cue,
    )


def event_claim(record: AnalyzedArticle, index: int, event: Event) -> Claim:
    """The claim an event sentence makes, in the outlet's own voice."""
    names = _actor_names(record)
    sentence = record.text[event.start : event.end]
    return Claim(
        article=record.id,
        statement=None,
        event=index,
        speaker=None,
        outlet=record.outlet,
        subject=names.get(event.actor) if event.actor else None,
        predicate=event.type.lower(),
        polarity=not event.negated,
        text=sentence,
        start=event.start,
        end=event.end,
        quantity=None,
        date=event.date,
        place=event.location,
    )


def extract_claims(
    record: AnalyzedArticle, include_events: bool = True, lexicon: Lexicon | None = None
) -> list[Claim]:
    """Every claim of one article: one per statement, one per event nobody is quoted for.

    Events attributed to a statement (``attributed_to``) are left out: the statement
    already stands for them.
    """
    lex = lexicon or default_lexicon()
    claims = [
        statement_claim(record, i, s, lex)
        for i, s in enumerate(record.statements)
        if s.content.strip()
    ]
    if include_events:
        claims.extend(
            event_claim(record, i, e)
            for i, e in enumerate(record.events)
            if e.attributed_to is None and e.end > e.start
        )
    return claims
