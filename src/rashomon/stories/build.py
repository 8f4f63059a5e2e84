"""Build the ``Story`` record of a group of articles: title, dates, events, claims, comparisons."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from ..compare.align import AlignSettings, compare_claims
from ..compare.claims import extract_claims
from ..compare.lexicon import Lexicon
from ..records import AnalyzedArticle, Claim, Story
from .features import first_event
from .grouper import story_id


def _sort_key(record: AnalyzedArticle) -> tuple[str, str]:
    return (record.published or "9999", record.id)


def _members(
    records: Iterable[AnalyzedArticle], member_ids: Sequence[str]
) -> list[AnalyzedArticle]:
    wanted = set(member_ids)
    chosen = {r.id: r for r in records if r.id in wanted}
    return sorted(chosen.values(), key=_sort_key)


def story_events(members: Sequence[AnalyzedArticle]) -> list[dict[str, Any]]:
    """The story's events, merged across articles: type, actor and recipient names.

    Sorted by the number of articles reporting them, so the first is the main event.
    """
    grouped: dict[tuple[str, str | None, str | None], dict[str, Any]] = {}
    for record in members:
        names = {a.id: a.name for a in record.actors}
        for i, event in enumerate(record.events):
            actor = names.get(event.actor) if event.actor else None
            recipient = names.get(event.recipient) if event.recipient else None
            key = (event.type, actor, recipient)
            entry = grouped.setdefault(
                key,
                {
                    "type": event.type,
                    "cameo": event.cameo,
                    "actor": actor,
                    "recipient": recipient,
                    "negated": event.negated,
                    "trigger": event.trigger,
                    "articles": [],
                    "refs": [],
                },
            )
            if record.id not in entry["articles"]:
                entry["articles"].append(record.id)
            entry["refs"].append({"article": record.id, "event": i})
    ranked = sorted(
        grouped.values(),
        key=lambda e: (-len(e["articles"]), -len(e["refs"]), e["type"], e["actor"] or ""),
    )
    return ranked


def story_date(members: Sequence[AnalyzedArticle]) -> str | None:
    """The story's date: the day of its main event, as most of its articles date it.

    Each article's main event is its first asserted event (``features.main_event``); an
    article without one is dated by its publication. Ties go to the earliest day.
    """
    days: Counter[str] = Counter()
    for record in members:
        event = first_event(record)
        day = (event.date if event is not None and event.date else record.published) or ""
        if day[:10]:
            days[day[:10]] += 1
    if not days:
        return None
    return min(days, key=lambda d: (-days[d], d))


def story_actors(members: Sequence[AnalyzedArticle]) -> list[str]:
    """Participants: canonical names, most widely reported first."""
    counts: Counter[str] = Counter()
    for record in members:
        counts.update({a.name for a in record.actors})
    return [name for name, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def story_title(members: Sequence[AnalyzedArticle]) -> str:
    """The title of the earliest titled article, else the start of the earliest text."""
    for record in members:
        if record.title:
            return record.title
    if not members:
        return ""
    first_line = members[0].text.strip().split("\n", 1)[0]
    return first_line[:120]


def articles_by_outlet(members: Sequence[AnalyzedArticle]) -> dict[str, list[str]]:
    """Outlet → article ids (``unknown`` for articles without an outlet)."""
    out: dict[str, list[str]] = {}
    for record in sorted(members, key=_sort_key):
        out.setdefault(record.outlet or "unknown", []).append(record.id)
    return out


def build_story(
    records: Iterable[AnalyzedArticle],
    member_ids: Sequence[str],
    story: str | None = None,
    include_events: bool = True,
    lexicon: Lexicon | None = None,
    align: AlignSettings | None = None,
    copies: dict[str, str] | None = None,
) -> Story:
    """The ``Story`` of the given articles, as the story contract of DESIGN.md has it.

    Args:
        records: analysed articles (at least the members; others are ignored).
        member_ids: ids of the story's articles.
        story: the story id (from the grouper); default derived from the earliest article.
        include_events: whether events nobody is quoted for become claims.
        lexicon: predicate classes and opposed pairs.
        align: thresholds of the comparison rules.
        copies: article id → the article it is a syndicated copy of (from the grouper).
    """
    members = _members(records, member_ids)
    claims: list[Claim] = []
    for record in members:
        claims.extend(extract_claims(record, include_events=include_events, lexicon=lexicon))
    dates = sorted(r.published[:10] for r in members if r.published)
    marked = {a: o for a, o in sorted((copies or {}).items()) if a in member_ids}
    return Story(
        id=story or story_id(members[0].id if members else ""),
        title=story_title(members),
        start=dates[0] if dates else None,
        end=dates[-1] if dates else None,
        articles=[r.id for r in members],
        actors=story_actors(members),
        events=story_events(members),
        claims=claims,
        comparisons=compare_claims(claims, lexicon=lexicon, settings=align, copies=marked),
        date=story_date(members),
        copies=marked,
    )


def story_overview(story: Story, records: Iterable[AnalyzedArticle]) -> dict[str, Any]:
    """What a reader sees first: title, dates, main event, participants, articles by outlet."""
    members = _members(records, story.articles)
    return {
        "id": story.id,
        "title": story.title,
        "start": story.start,
        "end": story.end,
        "date": story.date,
        "copies": dict(story.copies),
        "main_event": story.events[0] if story.events else None,
        "participants": list(story.actors),
        "articles_by_outlet": articles_by_outlet(members),
        "contradictions": sum(c.kind == "contradiction" for c in story.comparisons),
        "agreements": sum(c.kind == "agreement" for c in story.comparisons),
    }
