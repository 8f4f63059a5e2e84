"""Sentence spans of a passage, by punctuation: fast enough to run over every stored article."""

from __future__ import annotations

import re

# A sentence ends at . ! ? (and a closing quote or bracket) before whitespace and a capital,
# a digit or an opening quote; a paragraph break always ends one.
_END_RE = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n")
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep",
    "st", "jr", "sr", "inc", "corp", "co", "ltd", "vs", "no", "u.s", "u.k", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})
MIN_CHARS = 12
MAX_CHARS = 600


def _abbreviation_before(text: str, end: int) -> bool:
    word = text[:end].rstrip(".!?\"'”’)]").rsplit(None, 1)[-1:] or [""]
    token = word[0].lower().rstrip(".")
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` character offsets of the sentences of ``text``.

    Fragments shorter than a few words join the next sentence; overlong runs without
    punctuation are cut so that each span stays embeddable.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END_RE.finditer(text):
        if "\n" not in match.group(0) and _abbreviation_before(text, match.start()):
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    out: list[tuple[int, int]] = []
    carry: int | None = None
    for begin, end in spans:
        while begin < end and text[begin].isspace():
            begin += 1
        while end > begin and text[end - 1].isspace():
            end -= 1
        if begin >= end:
            continue
        if carry is not None:
            begin = carry
            carry = None
        if end - begin < MIN_CHARS:
            carry = begin
            continue
        while end - begin > MAX_CHARS:
            cut = text.rfind(" ", begin, begin + MAX_CHARS)
            cut = cut if cut > begin else begin + MAX_CHARS
            out.append((begin, cut))
            begin = cut + 1
        out.append((begin, end))
    if carry is not None:
        if out:
            out[-1] = (out[-1][0], len(text.rstrip()))
        elif text.strip():
            out.append((carry, len(text.rstrip())))
    return out
