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
    # The PLOVER type of an event claim (lower case), for the event rule of ``align``.
    event_type: str | None = None


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
    for clause in tx.clause_words(content):
        located = [(word.text, word.start) for word in clause]
        in_frame = [any(frame <= at < start for frame, start, _ in scopes) for _, at in located]
        # The frame's own "not" ("it is not true that") is the denial, not a second negation.
        tokens = [
            "" if framed else word for (word, _), framed in zip(located, in_frame, strict=True)
        ]
        for i, (token, position) in enumerate(located):
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
    stated = is_stated_event(claim)
    # A stated event's words are its statement's, whose claim already carries their
    # predicate classes; the event is compared by its structure.
    predicates = {} if stated else find_predicates(claim.text, lex)
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
        event_type=claim.predicate if claim.event is not None else None,
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
        target=names.get(event.recipient) if event.recipient else None,
    )


def _denied_in(statement: Statement, trigger: str) -> bool:
    """Whether the statement's speaker denies the event its trigger names.

    A reported clause under a denying cue ("denied that troops had left") is what the
    speaker denies; so is a clause the content itself frames as denied ("rejected claims
    that …", ``tx.denied_scopes``). A direct quotation under a denying cue is the speaker's
    own words, read as they stand.
    """
    scopes = tx.denied_scopes(statement.content, statement.cue)
    if scopes:
        first = trigger.split()[0] if trigger.split() else trigger
        at = statement.content.find(first)
        return at >= 0 and any(start <= at < end for _, start, end in scopes)
    return (statement.cue or "") in tx.DENYING_CUES and not statement.direct


def stated_event_claim(
    record: AnalyzedArticle, index: int, event: Event, stated: Claim
) -> Claim:
    """The claim of an event a speaker states: the speaker's, with the event's structure.

    Speaker, cue and span are those of the statement's claim (``stated``); the predicate is
    the event's PLOVER type, and its polarity holds when the event is not negated, the cue
    is not ("did not say"), and the speaker does not deny it (``_denied_in``). Its date is
    the one the text gives: an event the coder dates by its report (the publication day)
    carries none, since two reports of one event are published on different days.
    """
    names = _actor_names(record)
    statement = record.statements[event.attributed_to or 0]
    asserted = (not event.negated) != statement.negated
    published = (record.published or "")[:10]
    date = event.date if event.date and event.date[:10] != published else None
    return Claim(
        article=record.id,
        statement=None,
        event=index,
        speaker=stated.speaker,
        outlet=record.outlet,
        subject=names.get(event.actor) if event.actor else None,
        predicate=event.type.lower(),
        polarity=asserted != _denied_in(statement, event.trigger),
        text=stated.text,
        start=stated.start,
        end=stated.end,
        quantity=stated.quantity,
        date=date,
        place=event.location,
        cue=stated.cue,
        target=names.get(event.recipient) if event.recipient else None,
        attributed_to=event.attributed_to,
    )


def is_stated_event(claim: Claim) -> bool:
    """An event claim a speaker states (it stands beside its statement's claim)."""
    return claim.event is not None and claim.attributed_to is not None


def extract_claims(
    record: AnalyzedArticle, include_events: bool = True, lexicon: Lexicon | None = None
) -> list[Claim]:
    """Every claim of one article: one per statement, one per event.

    An event nobody is quoted for is the outlet's claim (with ``include_events``); an event
    stated in a statement (``Event.attributed_to``) is that statement's speaker's claim, with
    the event's type, actors, polarity, date and place (``stated_event_claim``), and always
    included: it is what the speaker asserts.
    """
    lex = lexicon or default_lexicon()
    by_statement = {
        i: statement_claim(record, i, s, lex)
        for i, s in enumerate(record.statements)
        if s.content.strip()
    }
    claims = list(by_statement.values())
    for i, event in enumerate(record.events):
        if event.end <= event.start:
            continue
        if event.attributed_to is None:
            if include_events:
                claims.append(event_claim(record, i, event))
        elif event.attributed_to in by_statement:
            claims.append(
                stated_event_claim(record, i, event, by_statement[event.attributed_to])
            )
    return claims
