"""The ``rashomon_statements`` component: who said what, from direct quotes and reported speech.

The component reads the parse and ``doc._.rashomon_actors`` and writes
``doc._.rashomon_statements``, a ``list[Statement]`` in text order. It finds

* direct quotations (``marks`` pairs the marks; ``direct`` attributes them),
* reported speech headed by a cue verb or noun, and "according to X" (``reported``),
* headlines written as ``Speaker Verb Content`` (``headline``),
* provisions of documents and attitudes held or shown towards something (``provisions``),

then links each speaker mention to an actor through the actor table (never by name), and
records the chain of reporting (``via``) of statements nested in another's content.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..errors import Warnings
from ..nlp.actor_table import ActorTable
from ..nlp.arrays import doc_text
from ..nlp.extensions import register_extensions
from ..nlp.normalize import english_words
from ..records import Statement
from . import speakers
from .common import Found, speaker_span
from .cues import CueLexicon, default_lexicon, read_lexicon
from .direct import attribute_quotes, speaker_lines
from .headline import find_headlines
from .learned import LearnedFilter, find_learned, packaged_filter
from .provisions import find_provisions
from .reported import find_reported, quoted_tokens

log = logging.getLogger(__name__)

# Characters a quoted passage may run past a reported clause (its final period) and still
# count as part of it.
_SLACK = 2


class StatementExtractor:
    """Finds the statements of a parsed ``Doc``; one instance per pipeline."""

    def __init__(
        self,
        lexicon: CueLexicon,
        learned: LearnedFilter | None = None,
        english: frozenset[str] = frozenset(),
    ) -> None:
        self.lexicon = lexicon
        # Ordinary English words, to tell a page's labels in capitals ("MORE:") from names.
        self.english = english
        # Nouns of what a person says or writes: "Trump's statement" is Trump speaking.
        self.voice_nouns = lexicon.voice_nouns
        # The learned filter of stances shown by actions (``statements.learned``); None finds
        # what the rules find and nothing more.
        self.learned = learned

    def __call__(self, doc: Doc) -> Doc:
        # The document's text, joined once for every finder and the records: spaCy joins
        # every token's text again on each access of ``doc.text``.
        text = doc_text(doc)
        found = self.find(doc, text)
        table: ActorTable | None = doc._.rashomon_actors
        doc._.rashomon_statements = to_statements(doc, found, table, text, self.english,
                                                    self.voice_nouns)
        return doc

    def find(self, doc: Doc, text: str | None = None) -> list[Found]:
        """Every statement of ``doc`` before speaker resolution, in text order (``text``:
        ``doc.text`` when the caller has it already)."""
        found = self.find_by_rules(doc, text)
        if self.learned is None:
            return found
        direct = [f for f in found if f.direct]
        learned = find_learned(doc, self.lexicon, found, quoted_tokens(doc, direct),
                               self.learned)
        return sorted(found + learned, key=lambda f: (f.start, -f.end))

    def find_by_rules(self, doc: Doc, text: str | None = None) -> list[Found]:
        """The statements the cue lexicon and the layout rules find, in text order (``text``:
        ``doc.text`` when the caller has it already)."""
        text = doc.text if text is None else text
        direct, quotes, unmatched = attribute_quotes(doc, self.lexicon, text)
        if unmatched:
            meta = doc._.rashomon_meta
            log.info("%s: %s", meta.article_id if meta else "?", Warnings.W003.format())
        direct += speaker_lines(doc, direct, self.lexicon.label_nouns, self.english)
        headlines = find_headlines(doc, self.lexicon, text)
        taken = {f.cue_token for f in headlines if f.cue_token is not None}
        spans = [(q.start, q.end) for q in quotes]
        reported = find_reported(doc, self.lexicon, direct, spans, taken, text)
        held = find_provisions(doc, self.lexicon, quoted_tokens(doc, direct))
        found = _dedupe(headlines + direct + reported + held)
        found.sort(key=lambda f: (f.start, -f.end))
        return found


def _dedupe(found: list[Found]) -> list[Found]:
    """Drop repeats, quoted passages with no cue that are part of another's content
    (``according to X, the plan does not "miss the issue"``), and object cues inside another
    attribution's content (``The EU offered partial relief, Marquardt said``: the offer is
    what she reports, not a statement of its own; a nested clause or quotation stays one)."""
    cued = [f for f in found if f.cue is not None or f.speaker is not None]
    out: list[Found] = []
    seen: set[tuple[int, int]] = set()
    for item in found:
        key = (item.start, item.end)
        if key in seen:
            continue
        if item.cue_token is not None and any(
            other is not item
            and other.cue_token == item.cue_token
            and other.start <= item.start
            and item.end <= other.end
            and other.end - other.start > item.end - item.start
            for other in cued
        ):
            continue  # a quoted phrase of a headline whose whole content is the statement
        if item.object_content and any(
            other is not item
            and other.trailing
            and other.start <= item.anchor < other.end
            for other in cued
        ):
            continue  # "The EU offered partial relief, Marquardt said": what she reports
        if item.cue is None and item.speaker is None and any(
            (other.start <= item.start and item.end <= other.end + _SLACK)
            or (item.start <= other.start and other.end <= item.end and other.cue is None)
            for other in cued
        ):
            continue  # part of a reported clause, or a transcript quoted as a whole
        seen.add(key)
        out.append(item)
    return out


def _speaker_fields(
    doc: Doc,
    span: Span | None,
    table: ActorTable | None,
    head: int | None = None,
    english: frozenset[str] = frozenset(),
    voice_nouns: frozenset[str] = frozenset(),
) -> tuple[str | None, str | None, int | None, int | None]:
    """Actor id, text and offsets of the speaker phrase (extended to a name in apposition).

    ``head`` is the word that names the speaker when the phrase was read on the surface.
    """
    if span is None:
        return None, None, None, None
    speaker = speakers.resolve(doc, table, span, head, english, voice_nouns)
    return speaker.actor, speaker.span.text, speaker.span.start_char, speaker.span.end_char


def _with_coordinated(doc: Doc, found: list[Found]) -> list[Found]:
    """One statement per coordinated speaker: "X and Vice President Y said …" is said by
    both, each with their own speaker phrase."""
    out: list[Found] = []
    for item in found:
        out.append(item)
        if item.speaker is None:
            continue
        for token in speakers.coordinated(item.speaker, item.speaker_token):
            span = speaker_span(token)
            if span is not None:
                out.append(replace(item, speaker=span, speaker_token=token.i))
    return out


def _containers(found: list[Found], item: Found) -> list[Found]:
    """Statements whose content holds this one's cue, outermost first."""
    anchor = item.anchor
    holders = [
        other
        for other in found
        if other is not item
        and other.start <= anchor < other.end
        and (other.end - other.start) > (item.end - item.start)
    ]
    holders.sort(key=lambda f: f.start - f.end)  # longest (outermost) first
    return holders


def to_statements(
    doc: Doc,
    found: list[Found],
    table: ActorTable | None,
    text: str | None = None,
    english: frozenset[str] = frozenset(),
    voice_nouns: frozenset[str] = frozenset(),
) -> list[Statement]:
    """The ``Statement`` records of found statements, with speakers and chains resolved
    (``text``: ``doc.text`` when the caller has it already; ``english``: ordinary English
    words, which a name the actor stage left untagged is not made of; ``voice_nouns``: the
    nouns of what a person says, ``CueLexicon.voice_nouns``)."""
    found = _with_coordinated(doc, found)
    fields = [_speaker_fields(doc, f.speaker, table, f.speaker_token, english, voice_nouns)
              for f in found]
    index = {id(f): i for i, f in enumerate(found)}
    text_of_doc = doc.text if text is None else text
    out: list[Statement] = []
    for item, (actor, text, s_start, s_end) in zip(found, fields, strict=True):
        via: list[str] = []
        for holder in _containers(found, item):
            holder_actor = fields[index[id(holder)]][0]
            if holder_actor is not None and holder_actor != actor and holder_actor not in via:
                via.append(holder_actor)
        out.append(
            Statement(
                speaker=actor,
                speaker_text=text,
                speaker_start=s_start,
                speaker_end=s_end,
                content=text_of_doc[item.start : item.end],
                start=item.start,
                end=item.end,
                direct=item.direct,
                cue=item.cue,
                channel=item.channel,
                via=via,
                negated=item.negated,
            )
        )
    return _without_restatements(out, found)


def _without_restatements(out: list[Statement], found: list[Found]) -> list[Statement]:
    """Drop a statement whose speaker restates, inside their own statement, what they hold:
    in ``Fowler said he expects Clinton to recover`` the expectation is the content of
    Fowler's statement, not a second statement of his (a nested statement by someone else,
    ``X said Y told them …``, stays, with ``via``)."""
    kept: list[Statement] = []
    for statement, item in zip(out, found, strict=True):
        inside_own = statement.speaker is not None and any(
            other is not statement
            and other.speaker == statement.speaker
            and other.start <= item.anchor < other.end
            and other.end - other.start > statement.end - statement.start
            for other in out
        )
        if not inside_own:
            kept.append(statement)
    return kept


# What may stand between two passages of one quotation besides the attribution: spaces,
# closing and opening marks, and the punctuation that ends a quoted sentence.
_BETWEEN_PASSAGES = re.compile(r"[\s\"“”‘’'«»„,.;:!?…—–-]*")
_MARKS = frozenset("\"“”‘’'«»„")
# What ends the attribution right before the next passage opens: a comma, a sentence's end
# or the closing mark of a quoted title.
_ENDS_BEFORE_PASSAGE = frozenset(",.;:!?…—–-") | _MARKS


def _speaker_key(statement: Statement) -> str | None:
    """Who a passage is attributed to: the actor, else the last word of the speaker phrase."""
    if statement.speaker is not None:
        return statement.speaker
    words = re.findall(r"[A-Za-z][A-Za-z\-]*", statement.speaker_text or "")
    return words[-1].lower() if words else None


def _continues(text: str, before: Statement, after: Statement) -> bool:
    """Whether ``after`` is the next passage of the quotation ``before`` belongs to: both
    quoted, in one paragraph, with nothing between them but marks and punctuation or the
    attribution itself (the speaker phrase of one of them: ``"…," Berg said. "…"``)."""
    if not (before.direct and after.direct) or after.start < before.end:
        return False
    if before.cue and after.cue and before.cue != after.cue:
        return False  # '"…," the mayor said, adding that it would take "more hours"'
    gap = text[before.end : after.start]
    if "\n" in gap:
        return False
    if _BETWEEN_PASSAGES.fullmatch(gap):
        return True
    opening = gap.rstrip()
    if not opening or opening[-1] not in _MARKS:
        return False
    if opening[:-1].rstrip()[-1:] not in _ENDS_BEFORE_PASSAGE:
        # 'Obama said. He called Burma a "good news story"': a phrase quoted inside a
        # sentence of the writer's own is a new statement, not the next passage.
        return False
    return any(
        s.speaker_start is not None
        and s.speaker_end is not None
        and before.end <= s.speaker_start
        and s.speaker_end <= after.start
        for s in (before, after)
    )


def quotations(statements: Sequence[Statement], text: str) -> list[list[int]]:
    """The passages of each quotation, as lists of statement indices in text order.

    A quotation split by its attribution (``"The border stays open," Berg said, "and trade
    goes on."``) or running over several quoted sentences of one paragraph is one statement
    per passage; this links the passages of one speaker back into one quotation, the way
    annotators of quotations count it. Coordinated speakers' twins are linked by speaker.

    Args:
        statements: the statements of one article, in text order.
        text: the article's text.

    Returns:
        Groups of indices into ``statements``; every statement is in exactly one group.
    """
    groups: list[list[int]] = []
    open_by_speaker: dict[str, list[int]] = {}
    for index, statement in enumerate(statements):
        key = _speaker_key(statement)
        group = open_by_speaker.get(key) if key is not None else None
        if group is not None and _continues(text, statements[group[-1]], statement):
            group.append(index)
            continue
        group = [index]
        groups.append(group)
        if key is not None and statement.direct:
            # Only a quoted passage is continued: '"…," said Caddell, speaking of her health.
            # "…"' stays one quotation around the topic statement between its passages.
            open_by_speaker[key] = group
    return groups


@Language.factory(
    "rashomon_statements",
    requires=["token.dep", "token.lemma", "token.pos", "doc.sents"],
    assigns=["doc._.rashomon_statements"],
    default_config={"lexicon": None, "learned": False},
)
def make_statements(
    nlp: Language, name: str, lexicon: str | None, learned: bool
) -> StatementExtractor:
    """Build the component; ``lexicon`` names a cue YAML file to use instead of the default,
    ``learned`` adds the learned filter of stances shown by actions (``statements.learned``)."""
    register_extensions()
    cues = read_lexicon(Path(lexicon)) if lexicon else default_lexicon()
    return StatementExtractor(cues, packaged_filter() if learned else None, english_words(nlp))
