"""The data contracts of Rashomon, as typed records.

This module is the only place where the fields of the records that cross module
boundaries are defined: the input ``Article``, the analysed article with its actors,
mentions, statements and events, and the story with its comparisons. Every field name
and its order follow ``DESIGN.md``; ``docs/output.md`` documents them and
``src/rashomon/data/analyzed_article.schema.json`` states them as JSON Schema.

Offsets (``start``/``end``) are character offsets into ``Article.text`` exactly as
given, so ``text[start:end]`` highlights the span in the source.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

ActorType = Literal["person", "country", "organization", "group"]
Channel = Literal[
    "press_conference", "interview", "statement", "social_media", "document", "speech"
]
CHANNELS: tuple[str, ...] = (
    "press_conference",
    "interview",
    "statement",
    "social_media",
    "document",
    "speech",
)
ACTOR_TYPES: tuple[str, ...] = ("person", "country", "organization", "group")
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)


@dataclass(slots=True)
class Article:
    """One input document after reading, before analysis.

    ``source`` names where the document came from (file, line, feed entry) so that
    every message about it can point back to it; it is not part of the output record.
    """

    id: str
    text: str
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    title: str | None = None
    language: str | None = None
    source: str | None = None


@dataclass(slots=True)
class Actor:
    """A canonical actor as it appears in one article (``id`` is local: a1, a2, …)."""

    id: str
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    code: str | None = None


@dataclass(slots=True)
class Mention:
    """One place in the text that refers to an actor."""

    actor: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Statement:
    """What somebody said: ``start``/``end`` span the content without quotation marks."""

    speaker: str | None
    speaker_text: str | None
    speaker_start: int | None
    speaker_end: int | None
    content: str
    start: int
    end: int
    direct: bool
    cue: str | None
    channel: str | None = None
    via: list[str] = field(default_factory=list)
    negated: bool = False


@dataclass(slots=True)
class Event:
    """Who did what to whom, coded in PLOVER 2.0 with the closest CAMEO code."""

    type: str
    mode: str | None
    context: list[str]
    cameo: str | None
    actor: str | None
    recipient: str | None
    negated: bool
    modality: str | None
    date: str | None
    location: str | None
    start: int
    end: int
    trigger: str
    attributed_to: int | None = None
    # "lexicon" when the lexicon coded the event, "model" when the embedding fallback did;
    # a model-coded event carries the classifier's probability as its confidence.
    source: str = "lexicon"
    confidence: float | None = None


@dataclass(slots=True)
class AnalyzedArticle:
    """The analysed-article record: one JSON object per line of ``rashomon extract``."""

    id: str
    url: str | None
    outlet: str | None
    published: str | None
    title: str | None
    language: str | None
    text: str
    actors: list[Actor] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The record as plain JSON-ready data, fields in contract order."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AnalyzedArticle:
        """Build a record from its JSON form (as ``to_dict`` gives it)."""
        return cls(
            id=data["id"],
            url=data.get("url"),
            outlet=data.get("outlet"),
            published=data.get("published"),
            title=data.get("title"),
            language=data.get("language"),
            text=data["text"],
            actors=[Actor(**a) for a in data.get("actors", [])],
            mentions=[Mention(**m) for m in data.get("mentions", [])],
            statements=[Statement(**s) for s in data.get("statements", [])],
            events=[Event(**e) for e in data.get("events", [])],
        )

    def _repr_html_(self) -> str:
        """Jupyter's display: the text with statements marked, then who said and did what."""
        from .display import record_html

        return record_html(self)

    @classmethod
    def unanalysed(cls, article: Article) -> AnalyzedArticle:
        """The record of an article that was stored but not analysed (e.g. not English)."""
        return cls(
            id=article.id,
            url=article.url,
            outlet=article.outlet,
            published=article.published,
            title=article.title,
            language=article.language,
            text=article.text,
        )


@dataclass(slots=True)
class ClaimRef:
    """Points at one statement (or event) of one article."""

    article: str
    statement: int | None = None
    event: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """Only the index that is set, as the story contract has it."""
        out: dict[str, Any] = {"article": self.article}
        if self.statement is not None:
            out["statement"] = self.statement
        if self.event is not None:
            out["event"] = self.event
        return out


@dataclass(slots=True)
class Comparison:
    """Two aligned claims of a story and how they relate."""

    kind: Literal["contradiction", "agreement"]
    topic: str
    a: ClaimRef
    b: ClaimRef
    explanation: str
    score: float = 1.0  # how sure the label is, 0–1 (see docs/stories.md)

    def to_dict(self) -> dict[str, Any]:
        """JSON form, as in the story contract."""
        return {
            "kind": self.kind,
            "topic": self.topic,
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "explanation": self.explanation,
            "score": round(self.score, 3),
        }


@dataclass(slots=True)
class Claim:
    """One claim of a story: who claims what about whom, and where it stands."""

    article: str
    statement: int | None
    event: int | None
    speaker: str | None
    outlet: str | None
    subject: str | None
    predicate: str
    polarity: bool
    text: str
    start: int
    end: int
    quantity: str | None = None
    date: str | None = None
    place: str | None = None
    cue: str | None = None  # the statement's reporting verb lemma ("say", "deny"); None for events
    # For an event: its recipient's name; and, when a speaker states it, the index of that
    # statement (the claim is then the speaker's, not the outlet's).
    target: str | None = None
    attributed_to: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form of the claim."""
        return asdict(self)


@dataclass(slots=True)
class Story:
    """Articles about the same event, with their claims and comparisons."""

    id: str
    title: str
    start: str | None
    end: str | None
    articles: list[str]
    actors: list[str] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    # The day of the story's main event; and article id → the article it is a syndicated
    # copy of (copies are not independent outlets when accounts are compared).
    date: str | None = None
    copies: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Story:
        """Build a story from its JSON form (as ``to_dict`` gives it)."""
        def ref(side: dict[str, Any]) -> ClaimRef:
            return ClaimRef(side["article"], side.get("statement"), side.get("event"))

        return cls(
            id=data["id"],
            title=data["title"],
            start=data.get("start"),
            end=data.get("end"),
            articles=list(data["articles"]),
            actors=list(data.get("actors", [])),
            events=list(data.get("events", [])),
            claims=[Claim(**c) for c in data.get("claims", [])],
            comparisons=[
                Comparison(kind=c["kind"], topic=c["topic"], a=ref(c["a"]), b=ref(c["b"]),
                           explanation=c["explanation"], score=float(c.get("score", 1.0)))
                for c in data.get("comparisons", [])
            ],
            date=data.get("date"),
            copies=dict(data.get("copies", {})),
        )

    def _repr_html_(self) -> str:
        """Jupyter's display: the disputes and the accounts side by side."""
        from .display import story_html

        return story_html(self)

    def to_dict(self) -> dict[str, Any]:
        """JSON form, as ``rashomon stories --format jsonl`` writes it."""
        return {
            "id": self.id,
            "title": self.title,
            "start": self.start,
            "end": self.end,
            "articles": list(self.articles),
            "actors": list(self.actors),
            "events": list(self.events),
            "claims": [c.to_dict() for c in self.claims],
            "comparisons": [c.to_dict() for c in self.comparisons],
            "date": self.date,
            "copies": dict(self.copies),
        }


def field_names(record_type: type) -> list[str]:
    """The field names of a record type, in declaration order."""
    return [f.name for f in fields(record_type)]
