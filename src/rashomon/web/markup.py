"""Mark an article's text: mentions, speakers, statements and events as nested HTML spans.

Every piece of text and every attribute value is escaped here, so an article that
contains HTML or script shows it as text. Spans may cross each other (a speaker's name
inside one statement and outside another); crossing spans are split so that the HTML
stays well nested, and only a span's first piece carries its ``id``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from ..records import AnalyzedArticle

UNNAMED = "unnamed source"
# Who an actor id is, for display: {"name", "href"}, or None.
Who = Callable[[str | None], dict[str, Any] | None]
Flags = dict[str, list[dict[str, Any]]]

# Outer layers open first when spans start together: sentence (event), statement,
# speaker, mention.
EVENT, STATEMENT, SPEAKER, MENTION = range(4)


@dataclass(slots=True)
class Span:
    """One marked range of the text."""

    start: int
    end: int
    layer: int
    tag: str
    classes: str
    anchor: str | None = None
    attrs: dict[str, str] = field(default_factory=dict)
    label: str | None = None

    def open(self, first: bool) -> str:
        """The opening tag; the anchor and label go on the first piece only."""
        parts = [f'<{self.tag} class="{escape(self.classes)}{"" if first else " cont"}"']
        if first and self.anchor:
            parts.append(f' id="{escape(self.anchor)}"')
        if first and self.label:
            parts.append(f' data-label="{escape(self.label)}"')
        for name, value in self.attrs.items():
            parts.append(f' {name}="{escape(value)}"')
        return "".join(parts) + ">"

    def close(self) -> str:
        """The closing tag."""
        return f"</{self.tag}>"


def actor_href(actor_id: int) -> str:
    """The actor page of a canonical actor."""
    return f"/actors/{actor_id}"


def article_href(article_id: str, anchor: str | None = None) -> str:
    """The article page, optionally at one of its anchors (``s3``, ``e0``)."""
    href = f"/articles/{quote(article_id, safe='')}"
    return f"{href}#{anchor}" if anchor else href


def statement_rows(record: AnalyzedArticle, who: Who, flags: Flags) -> list[dict[str, Any]]:
    """An article's statements as display rows (the ``statements_table`` macro's)."""
    names = {a.id: a.name for a in record.actors}
    return [
        {"idx": i, "anchor": f"s{i}", "speaker": who(s.speaker),
         "speaker_text": s.speaker_text or UNNAMED, "cue": s.cue, "channel": s.channel,
         "direct": s.direct, "negated": s.negated, "content": s.content,
         "via": [names.get(v, v) for v in s.via], "flags": flags.get(f"s{i}", [])}
        for i, s in enumerate(record.statements)
    ]


def event_rows(record: AnalyzedArticle, who: Who, flags: Flags) -> list[dict[str, Any]]:
    """An article's events as display rows (the ``events_table`` macro's)."""
    return [
        {"idx": i, "anchor": f"e{i}", "type": e.type, "cameo": e.cameo, "mode": e.mode,
         "actor": who(e.actor), "recipient": who(e.recipient), "trigger": e.trigger,
         "negated": e.negated, "modality": e.modality, "date": e.date, "location": e.location,
         "context": e.context, "sentence": record.text[e.start:e.end],
         "flags": flags.get(f"e{i}", [])}
        for i, e in enumerate(record.events)
    ]


def record_spans(record: AnalyzedArticle, actor_ids: dict[str, int]) -> list[Span]:
    """The spans to mark in one analysed article."""
    names = {a.id: a.name for a in record.actors}
    spans: list[Span] = []
    for i, e in enumerate(record.events):
        who = " → ".join(x for x in (names.get(e.actor or ""), names.get(e.recipient or "")) if x)
        title = f"{'not ' if e.negated else ''}{e.type} (CAMEO {e.cameo or '—'}) {who}".strip()
        spans.append(Span(e.start, e.end, EVENT, "span", f"ev ev-{e.type.lower()}", f"e{i}",
                          {"title": f"{title} · trigger: {e.trigger}"}))
    for i, s in enumerate(record.statements):
        speaker = names.get(s.speaker or "", s.speaker_text or "unnamed source")
        details = [f"statement {i}", speaker]
        if s.cue:
            details.append(f"cue: {s.cue}")
        if s.channel:
            details.append(f"channel: {s.channel}")
        if s.via:
            details.append("via " + ", ".join(names.get(v, v) for v in s.via))
        classes = "st st-direct" if s.direct else "st"
        spans.append(Span(s.start, s.end, STATEMENT, "span", classes, f"s{i}",
                          {"title": " · ".join(details)}, label=speaker))
        if s.speaker_start is not None and s.speaker_end is not None:
            spans.append(Span(s.speaker_start, s.speaker_end, SPEAKER, "span", "spk", None,
                              {"title": f"speaker of statement {i}"}))
    taken: list[tuple[int, int]] = []
    for m in sorted(record.mentions, key=lambda m: (m.start, -m.end)):
        # Links cannot nest, so a mention overlapping an earlier one is left unmarked.
        if any(m.start < end and start < m.end for start, end in taken):
            continue
        taken.append((m.start, m.end))
        actor_id = actor_ids.get(m.actor)
        name = names.get(m.actor, m.text)
        if actor_id is None:
            spans.append(Span(m.start, m.end, MENTION, "span", "mn", None, {"title": name}))
        else:
            spans.append(Span(m.start, m.end, MENTION, "a", "mn", None,
                              {"href": actor_href(actor_id), "title": name}))
    return spans


def mark_text(text: str, spans: list[Span]) -> Markup:
    """The text as HTML with ``spans`` marked, escaped throughout and well nested."""
    size = len(text)
    valid = [s for s in spans if 0 <= s.start < s.end <= size]
    starting: dict[int, list[Span]] = defaultdict(list)
    for span in sorted(valid, key=lambda s: (s.start, -s.end, s.layer)):
        starting[span.start].append(span)
    points = sorted({0, size} | {s.start for s in valid} | {s.end for s in valid})
    out: list[str] = []
    stack: list[Span] = []
    pos = 0
    for point in points:
        out.append(str(escape(text[pos:point])))
        pos = point
        ending = [i for i, s in enumerate(stack) if s.end == point]
        if ending:
            # Close everything above the lowest span that ends here, then reopen the rest.
            lowest = ending[0]
            above = stack[lowest:]
            out.extend(s.close() for s in reversed(above))
            del stack[lowest:]
            for span in above:
                if span.end != point:
                    stack.append(span)
                    out.append(span.open(first=False))
        for span in starting.get(point, []):
            stack.append(span)
            out.append(span.open(first=True))
    out.extend(s.close() for s in reversed(stack))
    return Markup("".join(out))


# -- dates ------------------------------------------------------------------------------

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_ISO_DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _parts(value: object) -> tuple[int, int | None, int | None] | None:
    m = _ISO_DAY.match(str(value or ""))
    if not m or not 1 <= int(m[2] or 1) <= 12:
        return None
    return int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None


def day(value: object) -> str:
    """A stored date as a reader writes it: ``2025-03-12T07:00:00+00:00`` → ``12 Mar 2025``.

    Partial dates stay partial (``Mar 2025``, ``2025``); text that is no date is kept.
    """
    parts = _parts(value)
    if parts is None:
        return str(value or "")
    year, month, dd = parts
    if month is None:
        return str(year)
    if dd is None:
        return f"{_MONTHS[month - 1]} {year}"
    return f"{dd} {_MONTHS[month - 1]} {year}"


def day_range(start: object, end: object) -> str:
    """Two dates as one short range: ``14–16 Jun 2025``, ``30 Jun – 2 Jul 2025``."""
    a, b = _parts(start), _parts(end)
    if a is None or b is None or a == b or None in a[1:] or None in b[1:]:
        first, last = day(start), day(end)
        if not first or not last or first == last:
            return first or last
        return f"{first} – {last}"
    if a[0] == b[0] and a[1] == b[1]:
        return f"{a[2]}–{b[2]} {_MONTHS[(b[1] or 1) - 1]} {b[0]}"
    if a[0] == b[0]:
        return f"{a[2]} {_MONTHS[(a[1] or 1) - 1]} – {day(end)}"
    return f"{day(start)} – {day(end)}"
