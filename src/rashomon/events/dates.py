"""Resolve the date of an event from what its sentence says, against the publication date.

"on Friday" is the Friday on or before publication (on or after it for an announced future
action), "yesterday" the day before, "last week" seven days before, "last month" the first day
of the previous month, "15 October" that day of the publication year (or the year written).
Without a publication date only an expression that names its year gives a date.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, datetime, timedelta

WEEKDAYS: dict[str, int] = {name.lower(): i for i, name in enumerate(calendar.day_name)}
WEEKDAYS.update({name.lower(): i for i, name in enumerate(calendar.day_abbr)})
MONTHS: dict[str, int] = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
# Offsets in days from the publication date for single-word expressions.
RELATIVE_DAYS: dict[str, int] = {
    "today": 0,
    "tonight": 0,
    "yesterday": -1,
    "tomorrow": 1,
}


def parse_published(value: str | None) -> date | None:
    """The publication date from an ISO date or datetime string, or None."""
    if not value:
        return None
    text = value.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _weekday_date(weekday: int, base: date, future: bool, last: bool) -> date:
    if future and not last:
        return base + timedelta(days=(weekday - base.weekday()) % 7)
    delta = (base.weekday() - weekday) % 7
    if last and delta == 0:
        delta = 7
    return base - timedelta(days=delta)


def _explicit(words: Sequence[str], base: date | None) -> date | None:
    """ "15 October", "October 15, 2017", "2017-07-07": a day with its month (and maybe year)."""
    month = day = year = None
    for word in words:
        if word in MONTHS and month is None:
            month = MONTHS[word]
        elif word.isdigit() and len(word) == 4:
            year = int(word)
        elif word.rstrip("stndrh").isdigit() and day is None:
            number = int(word.rstrip("stndrh"))
            if 1 <= number <= 31:
                day = number
        elif len(word) == 10 and word[4] == "-" and word[7] == "-":
            try:
                return date.fromisoformat(word)
            except ValueError:
                continue
    if month is None or day is None:
        return None
    if year is None:
        if base is None:
            return None
        year = base.year
        # "December 28" in a January article means the previous December.
        if month - base.month > 6:
            year -= 1
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve_date(expression: str, published: date | None, future: bool = False) -> date | None:
    """The calendar date an expression refers to, or None when it cannot be pinned to a day.

    Args:
        expression: the words of a date expression ("on Friday", "last week", "15 October").
        published: the article's publication date, the anchor for relative expressions.
        future: whether the event is announced for later (weekdays then look forward).
    """
    words = [w.strip(".,").lower() for w in expression.split()]
    words = [w for w in words if w]
    explicit = _explicit(words, published)
    if explicit is not None:
        return explicit
    if published is None:
        return None
    for position, word in enumerate(words):
        previous = words[position - 1] if position else ""
        if word in RELATIVE_DAYS:
            return published + timedelta(days=RELATIVE_DAYS[word])
        if word in WEEKDAYS:
            last = previous == "last"
            ahead = future or previous in ("next", "coming")
            return _weekday_date(WEEKDAYS[word], published, ahead, last)
        if word == "week" and previous == "last":
            return published - timedelta(days=7)
        if word == "week" and previous == "next":
            return published + timedelta(days=7)
        if word == "month" and previous == "last":
            first = published.replace(day=1)
            return (first - timedelta(days=1)).replace(day=1)
        if word == "ago" and position >= 2 and words[position - 2].isdigit():
            unit = words[position - 1].rstrip("s")
            days = {"day": 1, "week": 7}.get(unit)
            if days is not None:
                return published - timedelta(days=int(words[position - 2]) * days)
    return None
