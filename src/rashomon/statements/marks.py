"""Pair quotation marks in raw text into quoted spans, without ever failing on bad input.

Handles straight double quotes, curly double and single quotes, guillemets (either
direction) and low-9 openers, straight single quotes used as quotation marks (told apart
from apostrophes by the letters around them), and the newspaper convention for quotes that
run over several paragraphs: the paragraph ends without a closing mark and the next one
reopens the quote (with a double mark, or with the single mark that opened a single-quoted
passage). An opening mark that is never closed is dropped and counted, so the
caller can log W003 — an odd number of quotation marks never stops an article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Quotes never run over more characters than this: a stray mark would otherwise swallow
# the rest of a long article.
MAX_QUOTE_CHARS = 6000

# opening mark -> the marks that may close it ("„…“" in German-style typesetting)
_DOUBLE_OPEN = {"“": "”", "„": "“”", "«": "»", "»": "«", "‟": "”"}
_DOUBLE_CLOSE = {"”", "»", "«", "“"}
_SINGLE_OPEN = {"‘": "’", "‚": "’", "‹": "›", "›": "‹"}
# Every character the scan acts on: line breaks and all the marks above.
_MARK_CHARS = "".join(sorted({*_DOUBLE_OPEN, *_DOUBLE_CLOSE, *_SINGLE_OPEN, "’"}))
_MARKS = re.compile("[\n'`\"" + re.escape(_MARK_CHARS) + "]")
_OPENING_CONTEXT = set(" \t\n\r([{—–-/:;,\u00a0")
_CLOSING_CONTEXT = set(" \t\n\r)]}.,;:!?—–-/\u00a0")


@dataclass(slots=True)
class Quoted:
    """A quoted passage: content offsets exclude the marks; ``open``/``close`` are the marks."""

    start: int
    end: int
    open: int
    close: int
    single: bool = False

    @property
    def content_len(self) -> int:
        """Characters between the marks."""
        return self.end - self.start


@dataclass(slots=True)
class _Open:
    mark: int
    closer: str | None  # the characters that may close it, None for straight quotes
    char: str
    first: int  # the first opening mark of a quote that runs over paragraphs


def _prev(text: str, i: int) -> str:
    return text[i - 1] if i > 0 else " "


def _next(text: str, i: int) -> str:
    return text[i + 1] if i + 1 < len(text) else " "


def _straight_opens(text: str, i: int) -> bool | None:
    """True if the straight mark at ``i`` opens, False if it closes, None if unclear."""
    before, after = _prev(text, i), _next(text, i)
    if before in _OPENING_CONTEXT and after not in " \t\n\r":
        return True
    if after in _CLOSING_CONTEXT and before not in " \t\n\r":
        return False
    return None


def _is_apostrophe(text: str, i: int) -> bool:
    """A single mark between letters or after a plural ``s`` is an apostrophe, not a quote."""
    before, after = _prev(text, i), _next(text, i)
    if before.isalnum() and after.isalnum():
        return True
    # "the leaders' meeting", "'90s", "rock 'n' roll"
    return (before in "sSzZ" and after == " ") or (before == " " and after.isdigit())


def _closes_single(text: str, i: int) -> bool:
    """Whether the single mark at ``i`` closes an open single-quoted passage.

    "the leaders' plan" reads as a possessive unless no other closing mark follows in the
    paragraph, in which case it is the closing mark of "'the leaders'".
    """
    before, after = _prev(text, i), _next(text, i)
    if before.isalnum() and after.isalnum():
        return False
    if _straight_opens(text, i) is True:
        return False
    if before in "sSzZ" and after == " ":
        end = text.find("\n", i + 1)
        rest = text[i + 1 : end if end >= 0 else len(text)]
        return not any(
            c in "'’" and _closes_single_plain(rest, k) for k, c in enumerate(rest)
        )
    return True


def _closes_single_plain(text: str, i: int) -> bool:
    before, after = _prev(text, i), _next(text, i)
    return not before.isspace() and not (before.isalnum() and after.isalnum()) and (
        after in _CLOSING_CONTEXT
    )


def _reopens_paragraph(text: str, newline: int) -> int | None:
    """If the paragraph after ``newline`` starts with an opening mark, its position."""
    j = newline
    while j < len(text) and text[j] in "\n\r \t\u00a0":
        j += 1
    if j < len(text) and text[j] in "\"“„«»‘'":
        return j
    return None


def find_quotes(text: str) -> tuple[list[Quoted], int]:
    """All quoted passages of ``text``, in order, and the number of unmatched marks.

    Nested single quotes inside double quotes are part of the outer passage, not passages
    of their own. A passage that runs over paragraphs is one ``Quoted`` from the first
    opening mark to the final closing mark.
    """
    found: list[Quoted] = []
    unmatched = 0
    stack: _Open | None = None  # only the outermost double quote is tracked
    single: _Open | None = None  # a single-quoted passage outside any double quote
    i = 0
    n = len(text)
    while i < n:
        # Only line breaks and marks do anything: skip to the next one.
        at = _MARKS.search(text, i)
        if at is None:
            break
        i = at.start()
        ch = text[i]
        if ch == "\n" and (stack is not None or single is not None):
            current = stack or single
            assert current is not None
            reopen = _reopens_paragraph(text, i)
            if reopen is not None and stack is not None and text[reopen] not in "‘'":
                # Newspaper style: the quote goes on in the next paragraph.
                stack = _Open(reopen, stack.closer, text[reopen], current.first)
                i = reopen + 1
                continue
            if reopen is not None and single is not None and text[reopen] == single.char:
                # The same in single marks, reopened by the mark that opened it ("said: 'The
                # man had lost … surgery. ¶ 'He is now …'"), as British papers print it.
                single = _Open(reopen, single.closer, single.char, current.first)
                i = reopen + 1
                continue
            unmatched += 1
            stack = None
            single = None
        elif ch in "'`" and text[i : i + 2] in ("''", "``"):
            # Two single marks typeset as a double one (``like this'' or ''like this'').
            after = text[i + 2] if i + 2 < n else " "
            closes_here = text[i] == "'" and not _prev(text, i).isspace() and (
                after in _CLOSING_CONTEXT
            )
            if stack is None and not closes_here and not after.isspace():
                stack = _Open(i + 1, None, "''", i + 1)
                single = None
            elif stack is not None and closes_here and stack.char == "''":
                if i - stack.first <= MAX_QUOTE_CHARS and i > stack.first + 1:
                    found.append(Quoted(stack.first + 1, i, stack.first - 1, i + 1))
                stack = None
            i += 2
            continue
        elif ch == '"' or ch in _DOUBLE_OPEN or ch in _DOUBLE_CLOSE:
            if stack is None:
                if ch == '"':
                    # A straight mark with spaces on both sides is a stray: never pair it.
                    opens = _straight_opens(text, i) is True
                else:
                    opens = ch in _DOUBLE_OPEN and not (ch in "»«" and _prev(text, i).isalnum())
                if opens:
                    closer = _DOUBLE_OPEN.get(ch) if ch != '"' else None
                    stack = _Open(i, closer, ch, i)
                    single = None  # a double quote inside a single one: keep the double
                else:
                    unmatched += 1
            else:
                if stack.closer is None:
                    closes = ch == '"' or (ch in _DOUBLE_CLOSE and ch not in _DOUBLE_OPEN)
                else:
                    closes = ch in stack.closer
                if ch == '"' and stack.closer is not None:
                    closes = _straight_opens(text, i) is False
                if not closes and ch in "“„" and _straight_opens(text, i) is True:
                    # A fresh opener while one is open: the earlier one was never closed.
                    unmatched += 1
                    stack = _Open(i, _DOUBLE_OPEN[ch], ch, i)
                if closes:
                    if i - stack.first <= MAX_QUOTE_CHARS and i > stack.first + 1:
                        start = stack.first + 1
                        found.append(Quoted(start, i, stack.first, i))
                    stack = None
        elif stack is None and (ch in _SINGLE_OPEN or ch in "'’"):
            if single is None:
                if ch in _SINGLE_OPEN or (
                    ch == "'" and not _is_apostrophe(text, i) and _straight_opens(text, i) is True
                ):
                    single = _Open(i, _SINGLE_OPEN.get(ch, "'"), ch, i)
            elif (ch == single.closer or (ch in "'’" and (single.closer or "") in "'’")) and (
                _closes_single(text, i)
            ):
                if i - single.first <= MAX_QUOTE_CHARS and i > single.first + 1:
                    found.append(Quoted(single.first + 1, i, single.first, i, single=True))
                single = None
        i += 1
    if stack is not None or single is not None:
        unmatched += 1
    return found, unmatched
