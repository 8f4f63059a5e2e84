"""Event dates from relative and explicit expressions (no model needed)."""

from __future__ import annotations

from datetime import date

import pytest

from rashomon.events.dates import parse_published, resolve_date

SATURDAY = date(2017, 7, 8)


@pytest.mark.parametrize(
    ("expression", "future", "expected"),
    [
        ("Friday", False, date(2017, 7, 7)),
        ("on Saturday", False, date(2017, 7, 8)),
        ("last Saturday", False, date(2017, 7, 1)),
        ("Monday", True, date(2017, 7, 10)),
        ("next Tuesday", False, date(2017, 7, 11)),
        ("yesterday", False, date(2017, 7, 7)),
        ("today", False, SATURDAY),
        ("last week", False, date(2017, 7, 1)),
        ("last month", False, date(2017, 6, 1)),
        ("three days ago", False, None),
        ("3 days ago", False, date(2017, 7, 5)),
        ("15 October", False, date(2017, 10, 15)),
        ("July 4th", False, date(2017, 7, 4)),
        ("December 28", False, date(2016, 12, 28)),
        ("September 29, 1999", False, date(1999, 9, 29)),
        ("in 1988", False, None),
        ("this year", False, None),
    ],
)
def test_resolve_against_publication(expression: str, future: bool, expected: date | None) -> None:
    # A January article speaking of "December 28" means the year before.
    base = date(2017, 1, 5) if expression == "December 28" else SATURDAY
    assert resolve_date(expression, base, future) == expected


def test_without_publication_date_only_absolute_dates_resolve() -> None:
    assert resolve_date("Friday", None) is None
    assert resolve_date("15 October", None) is None
    assert resolve_date("15 October 2003", None) == date(2003, 10, 15)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-07-08", SATURDAY),
        ("2017-07-08T10:30:00Z", SATURDAY),
        ("2017-07-08T10:30:00+02:00", SATURDAY),
        ("not a date", None),
        (None, None),
    ],
)
def test_parse_published(value: str | None, expected: date | None) -> None:
    assert parse_published(value) == expected
