"""Direct quotations: attribute each quoted passage to its cue and speaker.

Layouts handled, around the passage's sentence:

* ``"…," he said`` / ``"…," said Lavrov`` — a cue verb after the closing mark;
* ``He said: "…"`` / ``He said, "…"`` — a cue verb before the opening mark;
* ``"…," he said, "…"`` — a split quote: both halves share the cue and speaker, one
  statement per passage (a content never holds the attribution between them);
* ``"…" - Lavrov`` and ``Lavrov: "…"`` — a name after a dash or before a colon;
* a passage that directly follows an attributed one (the next sentence or paragraph) is
  a statement of the same speaker, as newspapers do with long quotes.

A short passage with no cue ("scare quotes", titles, names) is not a statement. A passage
that sits inside the reported clause of a cue verb (``he said the deal was "dead"``) is left
to reported speech, which takes the whole clause as the content.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.attrs import IS_SPACE, ORTH
from spacy.tokens import Doc, Span, Token

from ..nlp.arrays import token_strings
from .common import (
    Found,
    as_phrase_owner,
    channel_near,
    is_author_voice,
    is_negated,
    is_nobody,
    is_ordinary_word,
    lines,
    name_at,
    speaker_span,
    subject_of,
    trim,
)
from .cue_syntax import trailing_phrase
from .cues import CueLexicon
from .marks import Quoted, find_quotes

# Passages shorter than this many words with no cue are scare quotes or titles.
MIN_UNCUED_WORDS = 6
# How far (characters of non-quoted text) a passage may be from the attributed one before
# it, to count as its continuation: about one short attribution sentence.
CONTINUATION_GAP = 60
# The longest attribution (with its appositives) that may separate two passages of one quote.
_MAX_ATTRIBUTION = 300
# A run of line breaks (with the spaces between them): one paragraph break.
_LINE_BREAKS = re.compile(r"\n\s*")
# A passage right after one of these is a title ("on “Fox News Sunday”"), not speech.
_TITLE_PREPOSITIONS = frozenset({"on", "in", "at", "to", "of", "from", "with", "by", "for"})
# A name before a line's colon is at most this many tokens ("Retired Gen. Norman Ham:").
_MAX_NAME_TOKENS = 6
_SPEAKER_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
# What a line's label before a colon is (``_line_speaker``).
_NAME = "name"
_ORDINARY_CAPITALS = "ordinary capitals"
_DASHES = frozenset({"-", "–", "—", "--"})
_SENTENCE_END = frozenset({".", "!", "?"})
_CLAUSE_DEPS = frozenset({"advcl", "xcomp", "conj", "ccomp", "acl", "ROOT", "dep"})
_CONTENT_DEPS = frozenset({"ccomp", "parataxis", "dobj", "xcomp", "advcl", "conj", "dep"})


def _cue_verbs(
    doc: Doc, first: int, last: int, lexicon: CueLexicon, inside: set[int]
) -> list[Token]:
    """Cue verbs among tokens ``first..last`` that are not inside a quoted passage."""
    out = []
    for i in range(max(first, 0), min(last, len(doc) - 1) + 1):
        token = doc[i]
        if i in inside or token.pos_ not in ("VERB", "AUX"):
            continue
        if token.lemma_ in lexicon.verbs and token.dep_ != "aux":
            out.append(token)
    return out


def _name_before_colon(doc: Doc, colon: int) -> Span | None:
    """``Lavrov: "…"`` — the proper name (or entity) right before the colon."""
    i = colon - 1
    if i < 0 or doc[i].pos_ != "PROPN":
        return None
    first = i
    while first - 1 >= 0 and doc[first - 1].pos_ == "PROPN" and not doc[first - 1].is_sent_end:
        first -= 1
    # A name on its own line or at the sentence start, not the tail of a longer phrase.
    if first > 0 and not (doc[first].is_sent_start or doc[first - 1].is_punct):
        return None
    return doc[first : i + 1]


def _name_after_dash(doc: Doc, dash: int) -> Span | None:
    """``"…" - Lavrov`` — a proper name right after the dash."""
    i = dash + 1
    last = i
    while last < len(doc) and doc[last].pos_ == "PROPN":
        last += 1
    if last == i:
        return None
    return doc[i:last]


def _attached(doc: Doc, first: int, stop: int, verb: Token) -> bool:
    """Whether tokens ``first..stop-1`` all belong to the cue's own clause (its subject,
    adverbs, "on Friday", "told reporters"), so that no other clause sits between the
    passage and the cue. The verb an "as saying" phrase hangs on ("Wilson was quoted as
    saying") is the cue's own clause, and so is a clause that only describes a word of it
    ("Canon Andrew White, … a charity that supports the church, said")."""
    owner = as_phrase_owner(verb)
    ends = {verb.i} if owner is None else {verb.i, owner.i}
    for i in range(first, stop):
        token = doc[i]
        if token.is_punct or token.is_space or token.dep_ == "mark":
            continue
        current = token
        for _ in range(8):
            if current.i in ends:
                break
            if current.pos_ in ("VERB", "AUX") and current.dep_ not in _DESCRIBING_DEPS:
                return False
            if current.head.i == current.i:
                return False
            current = current.head
        else:
            return False
    return True


_SUBORDINATORS = frozenset({"when", "as", "if", "because", "while", "after", "before", "since"})
# Verbs of the cue's own clause: auxiliaries, and clauses that describe one of its nouns.
_DESCRIBING_DEPS = frozenset({"aux", "auxpass", "relcl", "acl"})
# Longest appositive between a trailing speaker and the cue: "Flynn, a top surrogate, said".
_MAX_APPOSITIVE = 40
# Longest title read on the surface before a cue the parse left without a subject ("a
# 22-year-old design student at Hong Kong Polytechnic University said").
_MAX_UNPARSED_PHRASE = 16
_UTTERANCE_END = frozenset(",?!.…")


def _subordinate(verb: Token) -> bool:
    """"… when he said": a cue in a subordinate clause does not attribute a passage."""
    return any(
        c.dep_ in ("mark", "advmod") and c.lower_ in _SUBORDINATORS for c in verb.children
    )


def _is_cue(token: Token, lexicon: CueLexicon) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.lemma_ in lexicon.verbs


def _trailing_attribution(
    doc: Doc, first: int, last: int, lexicon: CueLexicon
) -> tuple[Token, Span] | None:
    """``"…," said Lavrov`` / ``"…," Lavrov said`` / ``"…," Flynn, a surrogate, said`` read
    off the surface, which is steadier than the parse right after a closing mark."""
    if first > last or first < 2:
        return None
    # A quoted utterance ends in punctuation inside or right after its closing mark.
    inner = doc[first - 2].text[-1:]
    if inner not in _UTTERANCE_END and doc[first].text not in (",", "—", "–"):
        return None
    i = first
    while i <= last and doc[i].is_punct:
        i += 1
    if i > last:
        return None
    if _is_cue(doc[i], lexicon):
        name = name_at(doc, i + 1)
        return (doc[i], name) if name is not None else None
    name = name_at(doc, i)
    if name is None:
        return None
    j = name.end
    if j <= last and doc[j].text == ",":
        close = next((k for k in range(j + 1, min(last, j + _MAX_APPOSITIVE) + 1)
                      if doc[k].text == ","), None)
        if close is None or any(t.pos_ == "VERB" for t in doc[j + 1 : close]):
            return None
        j = close + 1
    while j <= last and doc[j].pos_ in ("ADV", "AUX", "PART") and not _is_cue(doc[j], lexicon):
        j += 1
    if j <= last and _is_cue(doc[j], lexicon):
        return doc[j], name
    return None


def _passive_agent(verb: Token) -> Token | None:
    """``As reported by Quartz, "…"``, ``as noted by the minister``: the source a passive cue
    of an "as" clause names as its agent (the clause's own subject is what the passage says,
    not who says it)."""
    if verb.tag_ != "VBN" or not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        return None  # "… are best guaranteed by the transition": no source of a passage
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None


def _verb_of_noun(noun: Token) -> Token | None:
    """The verb a speech noun is the object of (``ended the note``) or hangs on through
    ``with`` (``shared the image with the note``, ``posted it along with this caption``)."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "with":
        head = head.head
        if head.lower_ == "along" and head.head.i != head.i:
            head = head.head
        while head.pos_ == "NOUN" and head.dep_ == "dobj":
            head = head.head  # "the image with the note": the verb of the image
    elif noun.dep_ != "dobj":
        return None
    return head if head.pos_ in ("VERB", "AUX") else None


def _infinitive_owner(verb: Token) -> Token | None:
    """``one of the first to share the image``: the subject of the clause whose noun an
    infinitive relative clause modifies (``who was one of the first``)."""
    if verb.dep_ != "relcl" or not any(c.lower_ == "to" and c.dep_ == "aux" for c in verb.children):
        return None
    current = verb.head
    for _ in range(4):
        if current.pos_ in ("VERB", "AUX"):
            return subject_of(current)
        if current.dep_ not in ("pobj", "prep", "attr") or current.head.i == current.i:
            return None
        current = current.head
    return None


def _unparsed_subject(doc: Doc, verb: Token) -> Span | None:
    """The speaker of a finite cue the parse left without a subject, read on the surface:
    the words between the comma before it and the cue when they are a name or a title, and
    a name right before that comma which the title is in apposition to (``Asked about it,
    Ana Ruiz, a student at the college said, "…"``, its closing comma missing)."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    phrase = trailing_phrase(doc, verb.i, _MAX_UNPARSED_PHRASE)
    if phrase is None:
        return None
    end = phrase.start - 1  # the comma
    first = end
    while first > 0 and doc[first - 1].pos_ == "PROPN" and doc[first - 1].ent_type_:
        first -= 1
    named = first < end and (first == 0 or doc[first - 1].is_punct or doc[first].is_sent_start)
    return doc[first:end] if named and phrase[0].pos_ == "DET" else phrase


def _has_content(verb: Token) -> bool:
    """Whether a cue verb has its own content after it ("He said the plan …")."""
    return any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.rights)


def _complement_of(span: Span, verb: Token) -> bool:
    """Whether the passage is what the verb reports, not a title or a name in one of its
    phrases (``said on "Fox News Sunday"``)."""
    root = span.root
    if root.head.i == root.i or span.start <= root.head.i < span.end:
        return True
    head = root.head
    if head.i != verb.i and head.dep_ in ("mark", "punct"):
        head = head.head
    return head.i == verb.i and root.dep_ not in ("pobj", "compound", "amod", "poss", "nsubj")


class _Attributor:
    """Attributes the passages of one document; keeps the per-document lookups."""

    def __init__(self, doc: Doc, lexicon: CueLexicon, quotes: list[Quoted], text: str) -> None:
        self.doc = doc
        # The document's text, joined once: spaCy joins every token's text on each access.
        self.text = text
        self.lexicon = lexicon
        self.inside: set[int] = set()
        self.spans: list[Span | None] = []
        self.line_start, self.line_end = lines(doc)
        for quote in quotes:
            span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
            self.spans.append(span)
            if span is not None:
                self.inside.update(range(span.start, span.end))

    def cue_for(self, span: Span) -> tuple[Token | None, Span | None]:
        """The cue verb (or None) and the speaker phrase of a passage."""
        doc = self.doc
        open_mark = span.start - 1
        close_mark = span.end
        if open_mark > 0 and doc[open_mark - 1].text == ":":
            name = _name_before_colon(doc, open_mark - 1)
            if name is not None:
                return None, name
        # After the closing mark, up to the end of that sentence (and never past the line).
        after_first = close_mark + 1
        end_token = min(close_mark, len(doc) - 1)
        after_last = min(doc[end_token].sent.end, self.line_end[end_token]) - 1
        if after_first <= after_last:
            first = doc[after_first]
            if first.text in _DASHES:
                name = _name_after_dash(doc, after_first)
                if name is not None:
                    return None, name
            trailing = _trailing_attribution(doc, after_first, after_last, self.lexicon)
            if trailing is not None:
                return trailing
        if after_first < len(doc) and after_first > after_last:
            # '"…?" Clinton said.' with the sentence split at the closing mark.
            next_last = min(doc[after_first].sent.end, self.line_end[after_first]) - 1
            trailing = _trailing_attribution(doc, after_first, next_last, self.lexicon)
            if trailing is not None and not _has_content(trailing[0]):
                return trailing
        if after_first <= after_last:
            verbs = _cue_verbs(doc, after_first, after_last, self.lexicon, self.inside)
            for verb in verbs:
                if _subordinate(verb):
                    continue
                subject = subject_of(verb)
                if subject is None or subject.i in self.inside or is_nobody(subject):
                    continue
                if subject.left_edge.i < span.start and span.end <= subject.right_edge.i:
                    break  # 'The admittedly "crazy" massage therapist … told': a word of it
                if _attached(doc, after_first, verb.i, verb):
                    return verb, speaker_span(subject)
                break
        # Before the opening mark, from the start of that sentence (and of the line); a
        # passage that opens a sentence of its own (after a full stop) has no cue before it.
        if open_mark > 0 and doc[open_mark - 1].text not in _SENTENCE_END:
            before_last = open_mark - 1
            before_first = max(doc[before_last].sent.start, self.line_start[before_last])
            verbs = _cue_verbs(doc, before_first, before_last, self.lexicon, self.inside)
            for verb in reversed(verbs):
                subject = _passive_agent(verb) or subject_of(verb)
                if subject is None:
                    speaker = _unparsed_subject(doc, verb)
                    if speaker is None:
                        continue
                elif subject.i in self.inside:
                    continue
                else:
                    speaker = speaker_span(subject)
                if self.spells_out(verb, span, open_mark):
                    # 'said she has the quality it takes: "Steadiness …"': the passage
                    # spells out what the reported clause announced, in the speaker's words.
                    return verb, speaker
                if not _attached(doc, verb.i + 1, before_last + 1, verb):
                    if self.colon_after_clause(verb, span, open_mark):
                        return verb, speaker
                    break
                if self._reported_by(verb) is not None:
                    return None, None
                if self._inside_reported_clause(verb, span) or not _complement_of(span, verb):
                    return None, None
                return verb, speaker
        announced = (
            self.announced_above(span)
            or self.named_by_noun(span)
            or self.announced_by_paragraph(span)
        )
        if announced is not None:
            return announced
        return None, None

    def announced_by_paragraph(self, span: Span) -> tuple[Token, Span] | None:
        """``Her mother made a video plea last week asking … ¶ "As a mother, I ask …"``: a
        passage that opens its paragraph, right after a paragraph whose last sentence says
        a named source made, issued or released a statement (a speech noun as the object
        of a verb that is no cue of its own), gives that statement's words."""
        doc = self.doc
        i = span.start - 2  # before the opening mark
        if i < 0 or not doc[i].is_space or "\n" not in doc[i].text:
            return None
        while i >= 0 and (doc[i].is_space or doc[i].is_punct):
            i -= 1
        if i < 0 or not _utterance(span.text):
            return None
        sentence = doc[i].sent
        for noun in sentence:
            if noun.pos_ != "NOUN" or noun.dep_ != "dobj" or noun.i in self.inside:
                continue
            if noun.lemma_.lower() not in self.lexicon.nouns:
                continue
            verb = noun.head
            if verb.pos_ not in ("VERB", "AUX") or self.lexicon.is_verb_cue(verb.lemma_):
                continue
            subject = subject_of(verb)
            if subject is None or subject.i in self.inside or is_nobody(subject):
                continue
            if is_author_voice(subject, False) or subject.lower_ in ("it", "this", "that"):
                continue
            speaker = speaker_span(subject)
            if speaker is not None:
                return noun, speaker
        return None

    def named_by_noun(self, span: Span) -> tuple[Token, Span] | None:
        """``shared the image with the note "…"``, ``posted it along with this caption:
        "…"``, ``her plea, "…"``: a speech noun right before the opening mark names the
        passage; its owner (``her``) or the subject of the verb it hangs on says it."""
        doc = self.doc
        i = span.start - 2  # before the opening mark
        if i >= 0 and doc[i].text in (",", ":"):
            i -= 1
        if i < 0 or i in self.inside:
            return None
        noun = doc[i]
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in self.lexicon.nouns:
            return None
        if not _utterance(span.text):
            return None  # a title: 'a report "Hidden Costs"'
        subject = next((c for c in noun.children if c.dep_ == "poss"), None)
        if subject is None:
            verb = _verb_of_noun(noun)
            if verb is None or _is_cue(verb, self.lexicon):
                return None  # "said in a statement: …" is the cue verb's
            subject = subject_of(verb) or _infinitive_owner(verb)
        if subject is None or subject.i in self.inside or is_nobody(subject):
            return None
        if is_author_voice(subject, False):
            return None
        speaker = speaker_span(subject)
        return (noun, speaker) if speaker is not None else None

    def announced_above(self, span: Span) -> tuple[Token, Span] | None:
        """``Sanders made the following comment:`` or ``Caddell continued:`` on the line above
        a passage that opens its paragraph: the line's cue verb, or the speech noun its verb
        takes as object ("comment", "statement"), announces the passage. On the passage's
        own line, only such a noun right before the colon does (``Obama is rolling out a new
        message: "…"``; a cue verb there is found before the mark)."""
        doc = self.doc
        i = span.start - 2  # before the opening mark
        while i >= 0 and doc[i].is_space:
            i -= 1
        if i < 1 or doc[i].text != ":":
            return None
        same_line = "\n" not in self.text[doc[i].idx : span.start_char]
        verb = doc[i - 1].sent.root
        subject = subject_of(verb) if verb.pos_ in ("VERB", "AUX") else None
        if subject is None or is_nobody(subject) or is_author_voice(subject, False):
            return None
        speaker = speaker_span(subject)
        if speaker is None:
            return None
        if not same_line and _is_cue(verb, self.lexicon) and not _has_content(verb):
            return verb, speaker
        noun = next((c for c in verb.rights if c.dep_ == "dobj"), None)
        if noun is None or noun.lemma_.lower() not in self.lexicon.nouns:
            return None
        if same_line and (
            noun.i > i or any(t.pos_ in ("VERB", "AUX") for t in doc[noun.i + 1 : i])
        ):
            return None  # "issued a statement on the talks, adding: …": the noun is not it
        return noun, speaker

    def colon_after_clause(self, verb: Token, span: Span, open_mark: int) -> bool:
        """``Nash responds that she can't …, and pushes back against the tone: "…"``: a
        passage after a colon that the parse hangs on the sentence's cue verb, past the
        cue's own clause, is the cue's speaker's words."""
        doc = self.doc
        if open_mark < 1 or doc[open_mark - 1].text != ":" or verb.dep_ != "ROOT":
            return False
        if self._reported_by(verb) is not None or _attached(doc, verb.i + 1, open_mark, verb):
            return False  # 'Lavrov said: "…"' is the cue's own passage
        return any(t.head.i == verb.i and t.dep_ in _CONTENT_DEPS for t in span)

    def spells_out(self, verb: Token, span: Span, open_mark: int) -> bool:
        """Whether a passage after a colon hangs on a cue verb whose reported clause ends at
        the colon: the reported clause announced it, the passage gives the words."""
        doc = self.doc
        if open_mark < 1 or doc[open_mark - 1].text != ":":
            return False
        if span.root.head.i != verb.i or self._reported_by(verb) is not None:
            return False
        return self._inside_reported_clause(verb, span)

    def _reported_by(self, verb: Token) -> Token | None:
        """``X said she wanted to speak "…"``: the cue verb whose reported clause holds this
        one; the whole clause is then the statement, and the outer speaker its source."""
        current = verb
        in_clause = False
        line = self.line_start[verb.i]
        for _ in range(4):
            if current.head.i == current.i or self.line_start[current.head.i] != line:
                return None  # a caption's verb the parse ran on into the next line is not it
            in_clause = in_clause or current.dep_ == "ccomp"
            current = current.head
            if in_clause and current.i not in self.inside and _is_cue(current, self.lexicon):
                return current
        return None

    def _inside_reported_clause(self, verb: Token, span: Span) -> bool:
        """``he said the deal was "dead"``: the passage is a part of the verb's clause."""
        for child in verb.rights:
            if child.dep_ not in ("ccomp", "dobj", "xcomp"):
                continue
            left = child.left_edge.i
            while self.doc[left].dep_ == "mark" or self.doc[left].is_punct:
                left += 1
            words_before = sum(
                1 for t in self.doc[left : span.start] if not t.is_punct and t.dep_ != "mark"
            )
            if left < span.start and words_before >= 2:
                return True
        return False


def speaker_lines(
    doc: Doc,
    taken: list[Found],
    label_nouns: frozenset[str] = frozenset(),
    english: frozenset[str] = frozenset(),
) -> list[Found]:
    """``WALLACE: Let's start …`` and ``Poll: Voters abandon …`` — a line that opens with a
    short name and a colon (transcripts, headlines) is that name's statement.

    A lone common noun there speaks only if it is among ``label_nouns`` (findings and
    documents), names something the article names, or is no English word (a name the
    tagger took for a noun: ``Politifact:``); other such nouns head captions (``Defiance:``).
    A label in capitals made of ordinary words (``english``) that name nothing in the
    article is a page's furniture (``MORE:``, ``SEE ALSO:``, ``PHOTOS:``), unless the page
    is a transcript: two labels in capitals or more, one of them a name (``PENCE:`` and
    ``HOST:``)."""
    out: list[Found] = []
    ordinary: list[Found] = []  # labels in capitals of ordinary words, kept in a transcript
    names_in_capitals = 0
    starts = {f.start for f in taken}
    known = _entity_words(doc)
    line_start = 0
    # Only line breaks and colons matter here: they are read from the annotation arrays, and
    # a Token object is built only for a colon close enough to its line's start.
    words = token_strings(doc, ORTH)
    spaces = doc.to_array(IS_SPACE).tolist()
    for i, word in enumerate(words):
        if spaces[i] and "\n" in word:
            line_start = i + 1
            continue
        if word != ":" or i - line_start > _MAX_NAME_TOKENS or i == line_start:
            continue
        token = doc[i]
        first = line_start
        if first < token.i and doc[first].is_quote:
            first += 1  # a transcript quoted as a whole: "WALLACE: …"
        speaker, kind = _line_speaker(doc, first, token.i, known, label_nouns, english)
        if speaker is None:
            continue
        end = token.i + 1
        while end < len(doc) and not (spaces[end] and "\n" in words[end]):
            end += 1
        offsets = trim(doc, token.i + 1, end - 1)
        if offsets is None or any(offsets[0] <= s <= offsets[0] + 1 for s in starts):
            continue
        if sum(1 for t in doc[token.i + 1 : end] if t.is_alpha) < 3:
            continue
        found = Found(offsets[0], offsets[1], speaker, None, True, speaker.start_char)
        if kind == _ORDINARY_CAPITALS:
            ordinary.append(found)
            continue
        names_in_capitals += all(t.is_upper or not t.is_alpha for t in speaker)
        out.append(found)
    if names_in_capitals and names_in_capitals + len(ordinary) > 1:
        out = sorted(out + ordinary, key=lambda f: f.start)
    return out


def _entity_words(doc: Doc) -> dict[str, frozenset[int]]:
    """The words the article names someone by on their own, with where it does: a person's
    family name ("Pence" of Mike Pence) and a one-word name of an organisation or a place
    ("Politifact"). A word inside a longer name is not one ("Security" of Homeland Security).
    """
    where: dict[str, set[int]] = {}
    for ent in doc.ents:
        if ent.label_ not in _SPEAKER_ENTS:
            continue
        last = ent[-1]
        if last.pos_ == "PROPN" and (len(ent) == 1 or ent.label_ == "PERSON"):
            where.setdefault(last.lower_, set()).add(last.i)
    return {word: frozenset(at) for word, at in where.items()}


def _line_speaker(
    doc: Doc,
    first: int,
    colon: int,
    known: dict[str, frozenset[int]],
    label_nouns: frozenset[str],
    english: frozenset[str],
) -> tuple[Span | None, str]:
    """The name at the start of a line before a colon (a run of proper nouns or capitals),
    and what it is: a name, a finding's noun or a label in capitals of ordinary words
    (``_ORDINARY_CAPITALS``, a speaker only in a transcript)."""
    last = first
    while last < colon and (doc[last].pos_ == "PROPN" or doc[last].is_upper and doc[last].is_alpha):
        last += 1

    def named_elsewhere(token: Token) -> bool:
        # "Pence: …" over a text that names Mike Pence; the label's own tag does not count:
        # the model tags many a caption's heading ("HORROR:", "Agony:") as a name.
        return any(not first <= i < colon for i in known.get(token.lower_, ()))

    if last == first:
        word = doc[first]
        if word.pos_ == "NOUN" and colon == first + 1 and word.is_title and (
            word.lemma_.lower() in label_nouns  # "Poll: …"
            or named_elsewhere(word)
            or not is_ordinary_word(word, english)  # "Politifact: …", a name untagged
        ):
            return doc[first : first + 1], _NAME
        return None, _NAME
    name = doc[first:last]
    capitals = all(t.is_upper or not t.is_alpha for t in name)
    if not (
        capitals
        or any(t.ent_type_ in _SPEAKER_ENTS for t in name)
        or named_elsewhere(name[-1])
    ):
        return None, _NAME  # "Stealth Over Health: …" is a headline's wording, not a name
    # "Obama on Climate Change:" — the name, then a title-cased topic.
    topic = doc[last:colon]
    if last < colon and not all(t.is_title or t.is_punct or t.pos_ == "ADP" for t in topic):
        return None, _NAME
    if (len(name) == 1 or capitals) and all(
        is_ordinary_word(t, english) and not named_elsewhere(t) for t in name if t.is_alpha
    ):
        # "MORE:", "SEE ALSO:", "Agony:": a page's labels and captions' heads, but
        # "HOST:" in a transcript.
        return (name, _ORDINARY_CAPITALS) if capitals else (None, _NAME)
    return name, _NAME


def attribute_quotes(
    doc: Doc, lexicon: CueLexicon, text: str | None = None
) -> tuple[list[Found], list[Quoted], int]:
    """Direct statements of ``doc``, all its quoted passages, and the number of unmatched
    quotation marks. ``text`` is ``doc.text`` when the caller has it already."""
    text = doc.text if text is None else text
    quotes, unmatched = find_quotes(text)
    attributor = _Attributor(doc, lexicon, quotes, text)
    found: list[Found] = []
    last_end = -1
    for quote, span in zip(quotes, attributor.spans, strict=True):
        if span is None or len(span) == 0:
            continue
        if span.start > 1 and doc[span.start - 2].lower_ in _TITLE_PREPOSITIONS:
            continue
        verb, speaker = attributor.cue_for(span)
        previous = found[-1] if found else None
        if previous is not None and _continues(doc, text, previous, quote, verb, speaker, last_end):
            found.append(_continuation(previous, quote))
            last_end = quote.close
            continue
        words = sum(1 for t in span if not t.is_punct)
        if verb is None and speaker is None and words < MIN_UNCUED_WORDS:
            continue
        if verb is not None and speaker is not None and is_author_voice(speaker.root, False):
            continue
        item = _direct(doc, quote, span, verb, speaker, lexicon)
        item.spells_out = verb is not None and (
            attributor.spells_out(verb, span, span.start - 1)
            or attributor.colon_after_clause(verb, span, span.start - 1)
        )
        found.append(item)
        last_end = quote.close
    return found, quotes, unmatched


def _continues(
    doc: Doc, text: str, previous: Found, quote: Quoted, verb: Token | None,
    speaker: Span | None, last_end: int,
) -> bool:
    """Whether ``quote`` goes on the previous direct statement: the second half of a split
    quote (same cue verb), or an uncued passage right after an attributed one."""
    if last_end < 0:
        return False
    if verb is not None:
        return previous.cue_token == verb.i
    if speaker is not None or previous.speaker is None:
        return False
    if not _utterance(text[quote.start : quote.end]):
        return False  # 'on Fox News's "Fox and Friends."', a nickname: not more of the quote
    gap = text[last_end + 1 : quote.open]
    if _other_verb_between(doc, last_end + 1, quote.open, previous.cue_token):
        return False  # '"…," he said, suggesting questions such as "…"': a new statement
    if len(gap) <= CONTINUATION_GAP:
        return True
    # '"…," said X, an economist who … . "…"': only the previous passage's own attribution
    # sits between the two, and one boundary: a sentence's end or a paragraph break, however
    # many line breaks it takes ('"…," Bettman said to the Tribune. ¶ "…"').
    return last_end < previous.anchor < quote.open and len(gap) <= _MAX_ATTRIBUTION and (
        _sentence_starts(doc, last_end + 1, quote.open) + len(_LINE_BREAKS.findall(gap)) <= 1
    )


def _sentence_starts(doc: Doc, start: int, end: int) -> int:
    """How many sentences start within characters ``start..end`` (abbreviations such as
    "Rep." end no sentence, so the parse counts them, not the full stops)."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None:
        return 0
    return sum(1 for t in span[1:] if t.is_sent_start and not t.is_space)


_SMALL_WORDS = frozenset({"a", "an", "and", "the", "of", "in", "on", "for", "to", "with", "at"})


def _utterance(text: str) -> bool:
    """Whether a passage reads as speech, not a title or a name: a long passage, or a sentence
    (capital first, final ``.``, ``!`` or ``?``) that is not written in title case."""
    words = text.split()
    if len(words) >= MIN_UNCUED_WORDS:
        return True
    stripped = text.strip()
    if len(words) < 2 or not stripped[:1].isupper() or stripped[-1:] not in ".!?…":
        return False
    return not all(w[:1].isupper() for w in words if w.lower() not in _SMALL_WORDS)


def _continuation(previous: Found, quote: Quoted) -> Found:
    """The next passage of a quote as a statement of its own, with the previous passage's
    speaker and cue: content is always one stretch of text, so it never holds the
    attribution between two passages."""
    return replace(previous, start=quote.start, end=quote.end)


def _other_verb_between(doc: Doc, start: int, end: int, cue: int | None) -> bool:
    """Whether characters ``start..end`` hold a verb besides the cue (a clause of its own)."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None:
        return False
    # A participle heading a clause that runs on into the passage ("…, suggesting questions
    # such as"), not a gerund used as a noun ("at the committee hearing") nor a participle
    # whose sentence ends before the passage ("…, speaking of her health. “…”").
    return any(
        t.pos_ == "VERB"
        and t.i != cue
        and t.tag_ == "VBG"
        and t.dep_ in _CLAUSE_DEPS
        and not any(u.text in _SENTENCE_END for u in span[t.i - span.start :])
        for t in span
    )


def _direct(
    doc: Doc, quote: Quoted, span: Span, verb: Token | None, speaker: Span | None,
    lexicon: CueLexicon,
) -> Found:
    anchor = verb.idx if verb is not None else (speaker.start_char if speaker else quote.start)
    channel = None
    negated = False
    if verb is not None:
        sentence = verb.sent
        skip = range(span.start, span.end)
        channel = channel_near(doc, sentence.start, sentence.end - 1, lexicon, skip)
        channel = channel or lexicon.verbs.get(verb.lemma_)
        negated = is_negated(verb)
    return Found(
        start=quote.start,
        end=quote.end,
        speaker=speaker,
        cue=verb.lemma_ if verb is not None else None,
        direct=True,
        anchor=anchor,
        channel=channel,
        negated=negated,
        cue_token=verb.i if verb is not None else None,
    )
