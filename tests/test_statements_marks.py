"""Pairing quotation marks (no model needed)."""

from __future__ import annotations

import pytest

from rashomon.statements.marks import find_quotes


def passages(text: str) -> list[str]:
    quotes, _ = find_quotes(text)
    return [text[q.start : q.end] for q in quotes]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "we will win." Then "no."', ["we will win.", "no."]),
        ("“Talks are over,” she said, “for now.”", ["Talks are over,", "for now."]),
        ("«Nous partons» et »Wir bleiben«", ["Nous partons", "Wir bleiben"]),
        ("Berg: „Nothing happened.“", ["Nothing happened."]),
        ("''This isn't reform,'' said Mr. Hale.", ["This isn't reform,"]),
        ("``Yes,'' he said.", ["Yes,"]),
        ("Headline: ‘We will not back down’", ["We will not back down"]),
        ("She called it 'a farce' and left.", ["a farce"]),
    ],
)
def test_every_quote_style_pairs(text: str, expected: list[str]) -> None:
    assert passages(text) == expected


def test_content_excludes_the_marks() -> None:
    text = "“Yes,” he said."
    (quote,), unmatched = find_quotes(text)
    assert text[quote.open] == "“" and text[quote.close] == "”"
    assert text[quote.start : quote.end] == "Yes,"
    assert unmatched == 0


def test_apostrophes_are_not_quotes() -> None:
    assert passages("The leaders' plan isn't new, and Putin’s aides know it.") == []


def test_a_paragraph_that_reopens_the_quote_continues_it() -> None:
    text = "“We owe them an answer.\n\n“They waited two years,” she said."
    assert passages(text) == ["We owe them an answer.\n\n“They waited two years,"]


@pytest.mark.parametrize(("opener", "closer"), [("'", "'"), ("‘", "’")])
def test_a_paragraph_that_reopens_a_single_quote_continues_it(opener: str, closer: str) -> None:
    text = (f"The spokesman said: {opener}He lost a lot of blood.\n\n{opener}He is now stable."
            f"{closer}\n\nThe hospital's staff said nothing.")
    assert passages(text) == [f"He lost a lot of blood.\n\n{opener}He is now stable."]


def test_a_single_quote_is_not_continued_by_a_paragraph_of_narration() -> None:
    text = "Critics called it 'a farce.\n\nThe mayor's office said nothing."
    assert passages(text) == []


def test_an_unclosed_quote_ends_at_the_paragraph_and_is_counted() -> None:
    text = "He said “we will win.\n\nThe vote is in May, “she said.”"
    quotes, unmatched = find_quotes(text)
    assert unmatched >= 1
    assert all("\n" not in text[q.start : q.end] for q in quotes)


@pytest.mark.parametrize("text", ['"', "“", 'a " b', "”x“", "'", "«", "''"])
def test_odd_marks_never_raise(text: str) -> None:
    quotes, unmatched = find_quotes(text)
    assert quotes == []
    assert unmatched >= 0


def test_a_stray_straight_mark_does_not_swallow_later_quotes() -> None:
    assert passages('Odd " mark here. And “this” works.') == ["this"]
