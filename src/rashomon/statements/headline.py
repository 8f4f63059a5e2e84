"""Headlines: ``Flynn Says Trump Was Right``, ``Lawmakers Rip Trump As A 'Fraud'``.

A headline is written in title case or without a full clause, and the parser reads it
poorly: "Reveals" is taken for a name, "Says" for a noun. On a heading line (a line of the
article's first paragraph) this module reads the surface instead: a short noun phrase at
the start of the line or after a ``;`` or ``:``, then a word whose form is a cue verb of the
lexicon (``says``, ``urges``, ``rip``), then the rest of the segment as the content.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .common import Found, trim
from .cues import CueLexicon

# A heading line is at most this many tokens; longer lines are body text.
MAX_HEADING_TOKENS = 40
# The noun phrase before the verb is at most this many tokens ("Member of House panel").
_MAX_SUBJECT = 6
_SUBJECT_POS = frozenset({"PROPN", "NOUN", "ADJ", "DET", "NUM"})
_SUBJECT_WORDS = frozenset({"of", "and", "&", ",", "'s", "’s"})
# Particles a headline verb takes before its content ("Calls For", "Point Out").
_PARTICLES = frozenset({"for", "out", "on"})
_SEGMENT_MARKS = frozenset({";", ":"})
_QUOTE_CHARS = frozenset('"“”‘’«»„\'')


def heading_lines(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges ``[start, end)`` of the lines of the article's first paragraph."""
    out: list[tuple[int, int]] = []
    start = 0
    for token in doc:
        if not (token.is_space and "\n" in token.text):
            continue
        if token.i > start:
            out.append((start, token.i))
        if token.text.count("\n") >= 2 or token.i - start > MAX_HEADING_TOKENS:
            return [(a, b) for a, b in out if b - a <= MAX_HEADING_TOKENS]
        start = token.i + 1
    return []  # a text of one paragraph has no heading


def cue_form(word: str, lexicon: CueLexicon) -> str | None:
    """The cue lemma a headline word is a form of ("Says" → say, "Urges" → urge)."""
    lower = word.lower()
    forms = [lower]
    if lower.endswith("s"):
        forms.append(lower[:-1])  # "says", "urges"
    if lower.endswith("es"):
        forms.append(lower[:-2])  # "pushes"; never "voters" → "vote"
    return next((form for form in forms if form and lexicon.is_verb_cue(form)), None)


def _subject_word(token: Token, first: bool) -> bool:
    if token.lower_ in _SUBJECT_WORDS:
        return not first
    if token.pos_ in _SUBJECT_POS:
        return True
    return token.is_title and token.tag_ in ("VBN", "VBG")  # "Retired General"


def _segment(
    doc: Doc, text: str, start: int, end: int, lexicon: CueLexicon
) -> Found | None:
    """The statement of one headline segment ``[start, end)``, if it has that shape."""
    for j in range(start, min(end, start + _MAX_SUBJECT + 1)):
        token = doc[j]
        lemma = cue_form(token.text, lexicon) if j > start else None
        if lemma is not None and doc[j - 1].pos_ in ("PROPN", "NOUN"):
            if lemma in lexicon.intention_verbs and (j + 1 >= end or doc[j + 1].lower_ != "to"):
                return None  # "Clinton Plan for Taxes Is Expansive": a noun, no intention
            return _found(doc, text, doc[start:j], token, lemma, end)
        if not _subject_word(token, j == start):
            return None
    return None


def _found(
    doc: Doc, text: str, speaker: Span, verb: Token, lemma: str, end: int
) -> Found | None:
    first = verb.i + 1
    if first < end and doc[first].lower_ in _PARTICLES:
        first += 1
    if first < end and doc[first].lower_ == "that":
        first += 1
    if not any(t.is_alpha for t in doc[first:end]):
        return None
    offsets = trim(doc, first, end - 1)
    if offsets is None:
        return None
    start, stop = offsets
    direct = any(c in _QUOTE_CHARS for c in text[start:stop])
    return Found(start, stop, speaker, lemma, direct, verb.idx, cue_token=verb.i)


def find_headlines(doc: Doc, lexicon: CueLexicon, text: str | None = None) -> list[Found]:
    """Statements of the heading lines written as ``Speaker Verb Content``; ``text`` is
    ``doc.text`` when the caller has it already."""
    text = doc.text if text is None else text
    out: list[Found] = []
    for line_start, line_end in heading_lines(doc):
        start = line_start
        for i in range(line_start, line_end + 1):
            if i < line_end and doc[i].text not in _SEGMENT_MARKS:
                continue
            while start < i and (doc[start].is_punct or doc[start].is_space):
                start += 1
            if i - start >= 2:
                found = _segment(doc, text, start, i, lexicon)
                if found is not None:
                    out.append(found)
            start = i + 1
    return out
