"""Text helpers for claims: content terms, negation, clauses, quantities, dates and places.

Words, lemmas and parts of speech come from the configured spaCy model (``parse``): a
claim's terms are the lemmas of its content words ("interference" and "interfered" stay
apart, "inspection" and "inspections" meet), names are the words tagged as proper nouns,
and clauses end at punctuation and contrastive conjunctions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..lemmas import Word, parsed

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _tables() -> dict[str, Any]:
    text = resources.files("rashomon.compare").joinpath("data/text.yaml").read_text("utf8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


_T = _tables()
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | frozenset(_T["extra_stop_words"])
NEGATORS = frozenset(_T["negators"])
NUMBER_WORDS: dict[str, int] = dict(_T["number_words"])
_SCALES: dict[str, float] = {k: float(v) for k, v in _T["scales"].items()}
_UNIT_CLASSES: dict[str, str] = dict(_T["unit_classes"])
_UNIT_FILLERS = frozenset(_T["unit_fillers"])
_APPROXIMATORS = frozenset(_T["approximators"])
_DEMONYM_ENDINGS = tuple(_T["demonym_endings"])
PRONOUNS = frozenset(_T["pronouns"])
_PLACE_RE = re.compile(
    r"\b(?:in|near|at)\s+(?:the\s+(?:village|town|city|region|port)\s+of\s+)?"
    r"([A-Z][\w\-]+(?:\s[A-Z][\w\-]+)?)"
)
_DATE_RE = re.compile(
    r"\b(" + "|".join(m.capitalize() for m in MONTHS) + r")(?:\s+(\d{1,2}))?\b"
    r"|\b(" + "|".join(d.capitalize() for d in WEEKDAYS) + r")\b"
)
_NOT_PLACES = frozenset(m.capitalize() for m in MONTHS + WEEKDAYS) | frozenset(_T["not_places"])


@dataclass(frozen=True, slots=True)
class Quantity:
    """A counted amount: ``value`` of ``unit`` (a unit class such as ``people`` or ``money``)."""

    value: float
    unit: str
    text: str
    exact: bool = True


def words(text: str) -> list[str]:
    """The word tokens of a text, lower-cased ("n't" is a token of its own, "'s" none)."""
    return [w.text for w in parsed(text) if not w.punct]


def words_at(text: str) -> list[tuple[str, int]]:
    """``words`` with the character offset of each."""
    return [(w.text, w.start) for w in parsed(text) if not w.punct]


def _is_term(word: Word, exclude: frozenset[str]) -> bool:
    return not (
        word.punct
        # The word, not its lemma: scikit-learn's list holds "fire", which "fired" is not.
        or word.text in STOP_WORDS
        or word.text in NEGATORS
        or word.lemma in NEGATORS
        or word.text in exclude
        or word.lemma in exclude
        or word.text[0].isdigit()
        or len(word.text) <= 2
    )


def lemmas(found: Sequence[Word], exclude: frozenset[str] = frozenset()) -> list[str]:
    """The lemmas of the content words among ``found``, in order."""
    return [w.lemma for w in found if _is_term(w, exclude)]


def _topic(found: Sequence[Word], exclude: frozenset[str]) -> set[str]:
    return {w.lemma for w in found if not w.named and w.pos != "PROPN" and _is_term(w, exclude)}


def content_terms(text: str, exclude: frozenset[str] = frozenset()) -> set[str]:
    """Lemmas of the content words of a text (no stop words, numbers, negators or
    ``exclude``)."""
    return set(lemmas(parsed(text), exclude))


def topic_terms(text: str, exclude: frozenset[str] = frozenset()) -> set[str]:
    """Content terms that are not names: no proper noun, and no word capitalised where no
    sentence opens ("American" in "American elections")."""
    return _topic(parsed(text), exclude)


CLAUSE_MARKS = frozenset(',;:.!?()\u2014\u2013"\u201c\u201d')
CLAUSE_WORDS = frozenset({"while", "but", "whereas"})


def _is_boundary(word: Word) -> bool:
    return word.text in CLAUSE_MARKS or (word.text in CLAUSE_WORDS and word.pos != "NOUN")


def clause_words(text: str) -> list[list[Word]]:
    """The words of each clause: the text cut at punctuation and contrastive conjunctions
    ("while", "but")."""
    out: list[list[Word]] = [[]]
    for word in parsed(text):
        if _is_boundary(word):
            out.append([])
        elif not word.punct:
            out[-1].append(word)
    return [clause for clause in out if clause]


def clause_spans(text: str) -> list[tuple[int, str]]:
    """Each clause's character offset and text."""
    out: list[tuple[int, str]] = []
    start = 0
    for word in parsed(text):
        if _is_boundary(word):
            if text[start : word.start].strip():
                out.append((start, text[start : word.start]))
            start = word.start + len(word.text)
    if text[start:].strip():
        out.append((start, text[start:]))
    return out


def clauses(text: str) -> list[str]:
    """The text of each clause (``clause_spans``)."""
    return [part for _, part in clause_spans(text)]


def _negates(found: Sequence[Word]) -> bool:
    return any(w.text in NEGATORS or w.lemma in NEGATORS for w in found)


def negated_terms(text: str, exclude: frozenset[str] = frozenset()) -> tuple[set[str], set[str]]:
    """Topic terms standing in negated clauses, and those standing in affirmed ones."""
    negated: set[str] = set()
    affirmed: set[str] = set()
    scopes = denied_scopes(text)
    for clause in clause_words(text):
        parts = [(clause, False)]
        first, last = clause[0].start, clause[-1].start
        for frame, start, _ in scopes:
            if first <= start <= last:
                parts = [([w for w in clause if w.start < frame], False),
                         ([w for w in clause if w.start >= start], True)]
                break
        for part, denied in parts:
            terms = _topic(part, exclude)
            framed = bool(part) and any(
                part[0].start <= f <= part[-1].start for f, _, _ in scopes
            )
            if (_negates(part) or framed) != denied:
                negated |= terms
            else:
                affirmed |= terms
    return negated, affirmed


_REPORT_NOUNS = r"(?:claims?|reports?|suggestions?|allegations?|assertions?|accounts?|rumou?rs?)"
_DENYING = (
    r"(?:reject|deny|denie|dismiss|disput|refut)(?:s|es|ed|d|ing)?\s+"
    r"(?:the\s+|any\s+|all\s+)?(?:[\w'’-]+\s+){0,2}?" + _REPORT_NOUNS + r"\s+that"
)
_FRAME_RE = re.compile(
    r"\b(?:" + _DENYING
    + r"|it\s+(?:is|was|'s)\s+(?:not|n't|untrue)\s+(?:true\s+)?that"
    + r"|contrary\s+to\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}?" + _REPORT_NOUNS + r"\s+that)\b",
    re.IGNORECASE,
)
_OBJECT_FRAME_RE = re.compile(
    r"^\s*(?:the\s+|any\s+|all\s+)?(?:[\w'’-]+\s+){0,2}?" + _REPORT_NOUNS + r"\s+that\b",
    re.IGNORECASE,
)
DENYING_CUES = frozenset({"deny", "reject", "dismiss", "dispute", "refute"})


def denied_scopes(text: str, cue: str | None = None) -> list[tuple[int, int, int]]:
    """Where a text states what its speaker denies: ``(frame_start, start, end)`` triples.

    "rejecting Iranian claims that Brussels had accepted full relief", "it is not true that
    …", "contrary to reports that …": the clause after "that" (to the end of its clause) is
    the opposite of the speaker's own position, and the frame words before it are no
    predicate of their own. With a denying ``cue`` (the statement "X rejected claims that
    …"), a content that opens with "claims that" is such a clause too.
    """
    frames = [(m.start(), m.end()) for m in _FRAME_RE.finditer(text)]
    if cue in DENYING_CUES:
        opening = _OBJECT_FRAME_RE.match(text)
        if opening is not None:
            frames.insert(0, (opening.start(), opening.end()))
    if not frames:
        return []
    ends = [w.start for w in parsed(text) if _is_boundary(w) and w.text not in '"\u201c\u201d']
    out: list[tuple[int, int, int]] = []
    for frame_start, start in frames:
        stop = next((at for at in ends if at >= start), len(text))
        out.append((frame_start, start, stop))
    return out


def negated_near(tokens: list[str], index: int, window: int = 6) -> bool:
    """Whether a negator stands among the ``window`` tokens before ``tokens[index]``."""
    return any(t in NEGATORS for t in tokens[max(0, index - window) : index])


def has_negation(text: str) -> bool:
    """Whether the text contains any negator, or denies what a clause of it says
    (``denied_scopes``)."""
    return _negates(parsed(text)) or bool(denied_scopes(text))


def _number(token: str) -> float | None:
    if token in NUMBER_WORDS:
        return float(NUMBER_WORDS[token])
    cleaned = token.replace(",", "").rstrip(".")
    try:
        return float(cleaned)
    except ValueError:
        return None


def quantities(text: str) -> list[Quantity]:
    """Counted amounts in a text ("6 billion dollars", "four Americans", "14 people").

    A number only counts when a known unit follows it (after an optional scale word and
    up to two filler words such as "of its"), so years, times and dates are left out.
    """
    tokens = words(text)
    found: list[Quantity] = []
    for i, token in enumerate(tokens):
        value = _number(token)
        if value is None or (i > 0 and tokens[i - 1] in MONTHS):
            continue
        j = i + 1
        if j < len(tokens) and tokens[j] in _SCALES:
            value *= _SCALES[tokens[j]]
            j += 1
        for k in range(j, min(j + 3, len(tokens))):
            unit = _UNIT_CLASSES.get(tokens[k])
            if unit is not None:
                before = tokens[max(0, i - 2) : i]
                if before[-1:] == ["a"]:
                    before = tokens[max(0, i - 3) : i - 1]
                exact = not (set(before[-1:]) & _APPROXIMATORS)
                found.append(Quantity(value, unit, " ".join(tokens[i : k + 1]), exact))
                break
            if tokens[k] not in _UNIT_FILLERS:
                break
    return found


def dates(text: str) -> set[str]:
    """Month (with day when given) and weekday mentions: "july 12", "july", "saturday"."""
    out: set[str] = set()
    for match in _DATE_RE.finditer(text):
        if match.group(1):
            month = match.group(1).lower()
            out.add(f"{month} {match.group(2)}" if match.group(2) else month)
        elif match.group(3):
            out.add(match.group(3).lower())
    return out


def places(text: str) -> set[str]:
    """Capitalised names after "in", "near", "at", "to" ("near the village of Vorukh")."""
    out: set[str] = set()
    for match in _PLACE_RE.finditer(text):
        name = match.group(1)
        first = name.split()[0]
        if first in _NOT_PLACES:
            continue
        rest = text[match.end() :].lstrip()
        if name.endswith(_DEMONYM_ENDINGS) and rest[:1].islower():
            continue  # an adjective before its noun: "in American elections"
        out.add(name)
    return out


def dates_conflict(a: set[str], b: set[str]) -> tuple[str, str] | None:
    """Two date mentions that cannot both be right, compared at their common precision.

    Months conflict when the two texts name no month in common; the same month conflicts
    only when both give different days; weekdays conflict when none is shared.
    """
    months_a = {x.split()[0]: x for x in a if x.split()[0] in MONTHS}
    months_b = {x.split()[0]: x for x in b if x.split()[0] in MONTHS}
    if months_a and months_b:
        common = set(months_a) & set(months_b)
        if not common:
            return min(months_a.values()), min(months_b.values())
        for month in sorted(common):
            x, y = months_a[month], months_b[month]
            if " " in x and " " in y and x != y:
                return x, y
    days_a, days_b = a & set(WEEKDAYS), b & set(WEEKDAYS)
    if days_a and days_b and not days_a & days_b:
        return min(days_a), min(days_b)
    return None
