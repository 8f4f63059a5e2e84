"""Reported speech: statements headed by a cue verb, a cue noun, or "according to".

* ``X said (that) …``, ``X told reporters …``, ``X denied the allegations`` — the cue verb's
  clausal complement (or, for verbs like deny and accuse, its object) is the content;
* ``…, X said, …`` in the middle of a sentence — the rest of the sentence is the content;
* ``according to X, …`` — the clause the phrase modifies is the content;
* ``X's statement that …``, ``the statement of X that …``, ``X's remarks about …``.

A statement needs a speaker phrase in the text: a clause like "it is worth noting that …"
(the writer's own voice) is never a statement.
"""

from __future__ import annotations

from collections.abc import Mapping

from spacy.tokens import Doc, Span, Token

from .common import (
    Found,
    channel_near,
    is_author_voice,
    is_negated,
    is_nobody,
    lines,
    name_at,
    speaker_span,
    subject_of,
    trim,
    without_trailing_clause,
)
from .cues import CueLexicon

_NOUN_SPEAKER_PREPS = frozenset({"of", "by", "from"})
_NOUN_TOPIC_PREPS = frozenset({"about", "on", "regarding", "concerning"})
_QUOTE_CHARS = frozenset('"“”‘’«»„')
# Pronouns that are never a source of their own ("it shows", "this suggests").
_NON_SOURCES = frozenset({"this", "that", "these", "those", "what", "which", "there"})
# Beliefs and findings need a source that can hold them: "it shows" is the writer talking.
_NON_BELIEVERS = _NON_SOURCES | {"it", "they", "them", "him", "me", "us"}
# Inside a quotation the speaker's "I said", "you told" are phrasing, not a nested source.
_SELF_AND_LISTENER = frozenset({"i", "we", "you"})
# Words of a speaker phrase between a comma and a trailing cue ("…, the EU's chief negotiator
# Helena Marquardt said"): names, titles and the words that join them.
_PHRASE_POS = frozenset({"DET", "PROPN", "NOUN", "ADJ", "NUM", "PART", "PRON"})
_PHRASE_WORDS = frozenset({"of", "for", "at", "'s", "’s", "-", "."})
_PHRASE_PRONOUNS = frozenset({"he", "she", "they"})
_MAX_PHRASE = 12
# Verbs that carry a stance adjective to their subject ("X is/remains/seems confident that").
_COPULAS = frozenset({"be", "remain", "seem", "appear", "become", "grow", "stay", "feel"})
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _content_of_verb(verb: Token, lexicon: CueLexicon) -> tuple[int, int] | None:
    """Token range (first, last) of a cue verb's content, or None if it has none."""
    lemma = verb.lemma_
    particle = lexicon.phrasal.get(lemma)
    children = list(verb.rights)
    if particle is not None:
        if particle == "for":
            for child in children:
                if child.dep_ == "prep" and child.lower_ == "for":
                    return child.i + 1, child.right_edge.i
            return None
        if not any(c.dep_ == "prt" and c.lower_ == particle for c in children):
            return None
    clauses = [c for c in verb.children if c.dep_ in ("ccomp", "csubj")]
    if clauses and all(c.i < verb.i for c in clauses) and lemma in lexicon.object_verbs and any(
        c.dep_ == "dobj" for c in verb.rights
    ):
        # "World leaders denounce the test; others vow consequences": the verb's own
        # object, not the clause before it, is what it says.
        clauses = []
    if clauses:
        # "X said (that) …" and "…, sources said." alike; a clause after the verb first, as
        # one before it may be a misparsed sentence ("Video surfaced …(the campaign said …)").
        after = [c for c in clauses if c.i > verb.i]
        clause = after[0] if after else clauses[0]
        last = clause.right_edge.i
        for other in after[1:]:
            # "X said that A would go and B would stay" parsed as two clauses of the verb
            if other.left_edge.i > last + 2:
                break
            last = other.right_edge.i
        return clause.left_edge.i, last
    following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if following is not None and following.lower_ == "that" and verb.right_edge.i > following.i:
        # "X noted that …" parsed with the clause as an object: trust the "that".
        return following.i, verb.right_edge.i
    hung = _clause_hung_on_phrase(verb)
    if hung is not None:
        return hung
    if lemma in lexicon.intention_verbs:
        # "the panel voted to hold him in contempt", never "they voted for Clinton"
        plan = next((c for c in verb.rights if c.dep_ == "xcomp"), None)
        return (plan.left_edge.i, plan.right_edge.i) if plan is not None else None
    if lemma in lexicon.object_verbs:
        return _object_content(verb)
    if lemma in lexicon.as_verbs:
        return _as_content(verb)
    return None


def _as_content(verb: Token) -> tuple[int, int] | None:
    """``X sees the comment as a dig``, ``X painted Romney as a rich guy``: the object and the
    "as" phrase after it, when the verb has both."""
    obj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    phrase = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ == "as"
                   and c.i > obj.i), None)
    if phrase is None:
        phrase = next((c for c in obj.rights if c.dep_ == "prep" and c.lower_ == "as"), None)
    if phrase is None or not any(c.dep_ == "pobj" for c in phrase.children):
        return None
    return obj.left_edge.i, phrase.right_edge.i


def _clause_hung_on_phrase(verb: Token) -> tuple[int, int] | None:
    """``X admitted under questioning that …``: a "that" clause right after a short phrase of
    the verb, which the parser hung on that phrase's noun instead of on the verb."""
    doc = verb.doc
    for child in verb.rights:
        if child.dep_ != "prep":
            continue
        for token in child.subtree:
            if token.dep_ != "ccomp" or token.head.i == verb.i:
                continue
            first = token.left_edge
            if first.i <= child.i:
                continue
            if first.lower_ == "that" and first.dep_ == "mark":
                return first.i, token.right_edge.i
            if first.dep_ in ("nsubj", "nsubjpass") and doc[first.i - 1].pos_ in ("NOUN", "PROPN"):
                # "he admitted under Warren's grilling he hadn't …": a clause with its own
                # subject right after the phrase's noun, no "that".
                return first.i, token.right_edge.i
    return None


_OBJECT_TAIL = frozenset({"oprd", "xcomp", "ccomp", "dobj"})
_OBJECT_PREPS = frozenset({"of", "for", "as", "on", "to"})


def _object_content(verb: Token) -> tuple[int, int] | None:
    """"denied the allegations", "accused X of Y", "called X a Y", "urged X to Y",
    "called on X to Y", "refused to Y": the object with what completes it."""
    first: int | None = None
    last = -1
    for child in verb.rights:
        if first is None:
            if child.dep_ == "dobj" or child.dep_ == "xcomp" or (
                child.dep_ == "prep" and child.lower_ in ("on", "for")
            ):
                first = child.left_edge.i if child.dep_ != "prep" else child.i + 1
                last = child.right_edge.i
            continue
        if child.dep_ in _OBJECT_TAIL or (child.dep_ == "prep" and child.lower_ in _OBJECT_PREPS):
            last = child.right_edge.i
        elif child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN"):
            last = child.right_edge.i  # "called the citation and the demand a ploy"
        elif child.dep_ == "cc":
            continue
        elif child.dep_ == "advcl" and child.left_edge.lower_ == "to":
            last = child.right_edge.i  # "called on both sides to show restraint"
        elif not child.is_punct:
            break
    if first is None or last < first:
        return None
    return first, last


def _content_around(head: Token, exclude: Token) -> tuple[int, int] | None:
    """The clause headed by ``head`` without the phrase headed by ``exclude`` when that phrase
    is at either end ("according to X, …", "…, X said.")."""
    first, last = head.left_edge.i, head.right_edge.i
    cut_first, cut_last = exclude.left_edge.i, exclude.right_edge.i
    if head.i == exclude.i:
        return None
    if exclude.i < head.i:
        # "In addition, according to X, …": what comes before the phrase is the writer's.
        first = cut_last + 1
    else:
        last = cut_first - 1
    return (first, last) if first <= last else None


class _Reported:
    def __init__(
        self,
        doc: Doc,
        lexicon: CueLexicon,
        direct: list[Found],
        quoted: list[tuple[int, int]],
        taken: set[int],
    ) -> None:
        self.quote_spans = quoted
        self.doc = doc
        self.lexicon = lexicon
        self.used = {
            f.cue_token for f in direct if f.cue_token is not None and not f.spells_out
        } | taken
        self.quoted = quoted_tokens(doc, direct)
        self.direct_spans = [(f.start, f.end) for f in direct]
        # Only an attributed quotation already is the statement of a reported clause over it.
        self.attributed = [(f.start, f.end) for f in direct if f.speaker is not None]
        self.line_start, self.line_end = lines(doc)
        self.trailing_speakers: dict[int, tuple[Span, Token]] = {}
        self.coordinated = _coordinated_cues(doc, lexicon)

    def trailing(self, verb: Token) -> Found | None:
        """"CLAUSE, the EU's chief negotiator Helena Marquardt said on Sunday, rejecting …":
        a cue after a comma and a speaker phrase attributes the clause before the comma.

        Read on the surface, as the parser often hangs such a cue inside the clause. The
        content is the clause from the start of the sentence; what follows the cue (its
        adverbials, a participle clause such as "rejecting claims that …") is not.
        """
        if verb.i in self.used or verb.tag_ not in _FINITE or verb.i in self.quoted:
            return None
        phrase = _trailing_phrase(self.doc, verb.i)
        if phrase is None or not _ends_clause(self.doc, verb.i):
            return None
        comma = phrase.start - 1
        first = max(verb.sent.start, self.line_start[verb.i])
        if comma - first < 2 or not any(t.tag_ in _FINITE for t in self.doc[first:comma]):
            return None  # no clause before the comma: "In Muscat, Marquardt said …"
        if any(t.text in _QUOTE_CHARS for t in self.doc[comma - 1 : comma + 1]):
            return None  # '"…," she said': a direct quotation, attributed elsewhere
        offsets = self._clip(verb.idx, self._offsets(first, comma - 1))
        if offsets is None:
            return None
        head = _phrase_head(phrase)
        self.used.add(verb.i)
        self.trailing_speakers[verb.i] = (phrase, head)
        channel = channel_near(self.doc, verb.i, verb.right_edge.i, self.lexicon)
        channel = channel or self.lexicon.verbs.get(verb.lemma_)
        negated = is_negated(verb)
        found = self._found(offsets, phrase, verb.lemma_, verb.idx, channel, negated, verb.i)
        found.speaker_token = head.i
        found.trailing = True
        return found

    def verb(self, verb: Token) -> Found | None:
        """The statement a cue verb heads, if it has a content and a named source."""
        lexicon = self.lexicon
        if verb.i in self.used or verb.dep_ in ("aux", "auxpass", "amod"):
            return None
        if verb.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in verb.children):
            return None  # "it was said that": no source named
        follows = self._after_trailing(verb)
        if follows is not None:
            last = min(verb.sent.end, self.line_end[verb.i]) - 1
            return self._finish(verb, follows[0], (verb.i + 1, last), follows)
        span = _content_of_verb(verb, lexicon)
        if span is None and verb.dep_ == "parataxis" and verb.head.i != verb.i:
            span = _content_around(verb.head, verb)
        if span is None:
            return None
        shared = self.coordinated.get(verb.i)
        subject = subject_of(shared if shared is not None else verb)
        if subject is None or span[0] <= subject.i <= span[1]:
            return None
        if not self._is_source(verb, subject):
            return None
        speaker = self._speaker(subject, verb)
        attributed = self._attributed_by(verb)
        if attributed is not None:
            speaker = attributed[0]  # "…, X said, rejecting claims that …": X rejects
        if speaker is None:
            return None
        return self._finish(verb, speaker, span, attributed)

    def stance(self, word: Token) -> Found | None:
        """``X is confident that …``, ``X remained convinced …``, ``X made it clear …``: an
        adjective of stance (or of stating, with "make") whose carrier's subject is a named
        source and which a clause follows is a statement with the adjective as its cue."""
        lexicon = self.lexicon
        lower = word.lower_
        if word.i in self.used or word.i in self.quoted:
            return None
        if lower in lexicon.stance_adjectives and word.dep_ == "ROOT":
            carrier = word  # "the principal was concerned that …", parsed as a passive verb
            if not any(c.dep_ in ("auxpass", "cop") and c.lemma_ == "be" for c in word.children):
                return None
        elif word.dep_ in ("acomp", "ccomp", "oprd") and word.head.i != word.i:
            carrier = word.head
            allowed = _COPULAS if lower in lexicon.stance_adjectives else {"make"}
            if carrier.lemma_ not in allowed:
                return None
        else:
            return None
        span = _clause_after(word, carrier)
        passive = [c for c in carrier.children if c.dep_ == "nsubjpass" and c.i < word.i]
        subject = passive[-1] if carrier is word and passive else subject_of(carrier)
        if span is None or subject is None or subject.i > word.i:
            return None
        if not self._is_source(carrier, subject, belief=True):
            return None
        speaker = self._speaker(subject, carrier)
        if speaker is None:
            return None
        found = self._finish(word, speaker, span, None)
        if found is not None:
            found.cue = lower  # the adjective, also where the parser took it for a participle
            found.negated = found.negated or is_negated(carrier)
        return found

    def _is_source(self, verb: Token, subject: Token, belief: bool = False) -> bool:
        """Whether the subject of a cue verb is someone who says or holds its content;
        ``belief`` holds it to the sources of a belief verb."""
        lower = subject.lower_
        if lower in _NON_SOURCES or is_author_voice(subject, subject.i in self.quoted):
            return False
        if is_nobody(subject):
            return False  # "neither has said whether …": nobody spoke
        if self._in_quote(verb.idx) and not self._in_quote(subject.idx):
            return False  # 'Davis' commentary, "Melania, tell your story," is …': a title
        if (belief or verb.lemma_ in self.lexicon.belief_verbs) and (
            lower in _NON_BELIEVERS or lower in ("i", "we", "you") or verb.i in self.quoted
        ):
            return False  # "I think" inside a quote is the speaker's phrasing, not a source
        if verb.i in self.quoted and lower in _SELF_AND_LISTENER:
            return False  # "I'm saying, …", "tell me …" inside a quote: the speaker talking
        return not _imperative(verb, subject)  # "Mr. Trump, tell me …": a vocative

    def _in_quote(self, char: int) -> bool:
        """Whether a character lies inside a quoted passage."""
        return any(start <= char < end for start, end in self.quote_spans)

    def _finish(
        self,
        verb: Token,
        speaker: Span,
        span: tuple[int, int],
        attributed: tuple[Span, Token] | None,
    ) -> Found | None:
        """The statement of a cue verb, its speaker and its content token range."""
        lexicon = self.lexicon
        cut = self._before_attribution(verb.i, self._on_line(verb.i, span))
        cut = self._before_coordinated(verb.i, cut)
        if cut is None:
            return None
        offsets = self._clip(verb.idx, self._offsets(cut[0], cut[1]))
        if offsets is None or cut[1] - cut[0] < 1:
            return None
        if verb.i not in self.quoted and self._repeats_direct(offsets):
            return None  # "X told …: «…»" — the quotation already is this statement
        # "wrote on Twitter": the phrase names the channel before the verb's own default.
        clause = range(cut[0], cut[1] + 1)
        channel = channel_near(
            self.doc, verb.left_edge.i, verb.right_edge.i, lexicon, clause, owner=verb
        )
        channel = channel or lexicon.verbs.get(verb.lemma_)
        negated = is_negated(verb)
        found = self._found(offsets, speaker, verb.lemma_, verb.idx, channel, negated, verb.i)
        found.object_content = not _has_clause(verb, self.trailing_speakers)
        if attributed is not None:
            found.speaker_token = attributed[1].i
        return found

    def _after_trailing(self, verb: Token) -> tuple[Span, Token] | None:
        """``CLAUSE, X said on Sunday, rejecting claims that …``: a participle right after a
        trailing attribution is that speaker's, whatever the parse made of it."""
        doc = self.doc
        if verb.tag_ != "VBG" or verb.i < 2 or doc[verb.i - 1].text != ",":
            return None
        for cue, value in self.trailing_speakers.items():
            if not verb.sent.start <= cue < verb.i - 1:
                continue
            between = doc[cue + 1 : verb.i - 1]
            if not any(t.pos_ in ("VERB", "AUX") or t.text == "," for t in between):
                return value
        return None

    def _attributed_by(self, verb: Token) -> tuple[Span, Token] | None:
        """The speaker of a trailing cue this verb hangs from as a participle or conjunct."""
        current = verb
        for _ in range(2):
            if current.dep_ not in ("advcl", "conj", "xcomp") or current.head.i == current.i:
                return None
            current = current.head
            if current.i in self.trailing_speakers:
                return self.trailing_speakers[current.i]
        return None

    def _speaker(self, subject: Token, verb: Token) -> Span | None:
        """The speaker phrase; when a heading without a period ran into the sentence and the
        parse took it as the subject, the name at the start of the verb's line instead."""
        line = self.line_start[verb.i]
        if subject.i >= line:
            return speaker_span(subject)
        name = name_at(self.doc, line)
        return name if name is not None and name.end == verb.i else None

    def _before_attribution(
        self, cue: int, span: tuple[int, int] | None
    ) -> tuple[int, int] | None:
        """A content token range never runs over another speaker's trailing attribution
        ("…, Marquardt said, …"): it stops at the comma before the speaker phrase."""
        if span is None:
            return None
        first, last = span
        for other, (phrase, _) in self.trailing_speakers.items():
            if other != cue and cue < phrase.start and first < phrase.start <= last:
                last = phrase.start - 2
        return (first, last) if first <= last else None

    def _before_coordinated(
        self, cue: int, span: tuple[int, int] | None
    ) -> tuple[int, int] | None:
        """``X admitted that A but insisted that B``: the content of the first cue stops
        before the second cue that shares its subject (and the "but" or comma before it)."""
        if span is None:
            return None
        first, last = span
        for other, shared in self.coordinated.items():
            if shared.i == cue and first < other <= last:
                last = min(last, self.doc[other].left_edge.i - 1)
        while last >= first and (self.doc[last].is_punct or self.doc[last].dep_ == "cc"):
            last -= 1
        return (first, last) if first <= last else None

    def _on_line(self, cue: int, span: tuple[int, int] | None) -> tuple[int, int] | None:
        """The part of a content token range on the cue's own line: a clause never runs into
        the heading above it or the paragraph below."""
        if span is None:
            return None
        first = max(span[0], self.line_start[cue])
        last = min(span[1], self.line_end[cue] - 1)
        return (first, last) if first <= last else None

    def _offsets(self, first: int, last: int) -> tuple[int, int] | None:
        """Character offsets of a content token range: without a trailing aside, a dateline
        and edge punctuation, and never stopping inside a quoted phrase it opens."""
        cut = without_trailing_clause(self.doc, first, last, self.lexicon.aside_nouns)
        offsets = trim(self.doc, first, cut)
        return None if offsets is None else self._close_quote(offsets)

    def _close_quote(self, offsets: tuple[int, int]) -> tuple[int, int]:
        """``… at the airport "as soon as the lists are final."``: a content that opens a
        quoted phrase runs to its closing mark (not included), with the phrase's own final
        punctuation."""
        start, end = offsets
        for q_start, q_end in self.quote_spans:
            if start < q_start < end < q_end:
                return start, q_end
        return offsets

    def _clip(self, cue: int, offsets: tuple[int, int] | None) -> tuple[int, int] | None:
        """Content of a cue inside a quotation never runs past that quotation's marks."""
        if offsets is None:
            return None
        for d_start, d_end in self.direct_spans:
            if d_start <= cue < d_end:
                start, end = max(offsets[0], d_start), min(offsets[1], d_end)
                text = self.doc.text
                while end > start and (text[end - 1] in ",.;: " or text[end - 1] in _QUOTE_CHARS):
                    end -= 1
                return (start, end) if end > start else None
        return offsets

    def _repeats_direct(self, offsets: tuple[int, int]) -> bool:
        start, end = offsets
        for d_start, d_end in self.attributed:
            inside = min(end, d_end) - max(start, d_start)
            if inside > 0 and inside * 2 >= end - start:
                return True
        return False

    def according(self, token: Token) -> Found | None:
        to = next((c for c in token.children if c.lower_ == "to"), None)
        source = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
        if source is None:
            return None
        speaker = speaker_span(source)
        if speaker is None and source.dep_ == "pobj" and source.i == source.right_edge.i:
            # "according to a State Department readout", the noun tagged as a verb
            speaker = self.doc[source.left_edge.i : source.i + 1]
        head = token.head
        if speaker is None or head.i == token.i:
            return None
        span = self._on_line(token.i, _content_around(head, token))
        if span is None:
            return None
        offsets = self._clip(token.idx, self._offsets(span[0], span[1]))
        if offsets is None:
            return None
        clause = range(span[0], span[1] + 1)
        channel = channel_near(self.doc, token.i, token.right_edge.i, self.lexicon, clause)
        return self._found(offsets, speaker, "according to", token.idx, channel, False, None)

    def noun(self, noun: Token) -> Found | None:
        speaker_token: Token | None = None
        content: tuple[int, int] | None = None
        for child in noun.children:
            if child.dep_ == "poss":
                speaker_token = child
            elif child.dep_ == "prep" and child.lower_ in _NOUN_SPEAKER_PREPS and child.i > noun.i:
                speaker_token = next((c for c in child.children if c.dep_ == "pobj"), None)
            elif child.dep_ in ("acl", "ccomp") and child.i > noun.i and _has_mark(child):
                content = child.left_edge.i, child.right_edge.i
            elif child.dep_ == "prep" and child.lower_ in _NOUN_TOPIC_PREPS:
                content = child.i + 1, child.right_edge.i
        if speaker_token is None:
            speaker_token = self._maker(noun)
            if speaker_token is not None and content is None:
                content = _topic_of(noun)
        if speaker_token is None:
            return None
        speaker = speaker_span(speaker_token)
        if speaker is None:
            return None
        if content is None:
            content = _that_clause_after(self.doc, speaker.end)
        if content is None:
            return None
        offsets = self._offsets(content[0], content[1])
        if offsets is None:
            return None
        channel = self.lexicon.nouns.get(noun.lemma_.lower())
        return self._found(offsets, speaker, noun.lemma_.lower(), noun.idx, channel, False, None)

    def _maker(self, noun: Token) -> Token | None:
        """``X made his comments on …``, ``X gave an answer about …``: the subject of the verb
        whose object the speech noun is (a verb that is no cue of its own, which would make
        the statement itself), when it is a named source."""
        verb = noun.head
        if noun.dep_ != "dobj" or verb.pos_ != "VERB" or self.lexicon.is_verb_cue(verb.lemma_):
            return None
        if verb.lemma_ in self.lexicon.object_verbs or verb.i in self.quoted:
            return None
        subject = subject_of(verb)
        if subject is None or subject.i > noun.i or subject.lower_ == "it":
            return None  # "it sends a message that …": a thing, not a source
        return subject if self._is_source(verb, subject) else None

    def _found(
        self,
        offsets: tuple[int, int],
        speaker: Span,
        cue: str,
        anchor: int,
        channel: str | None,
        negated: bool,
        cue_token: int | None,
    ) -> Found:
        start, end = offsets
        # A quotation holding the cue is someone else's words around this statement.
        direct = any(
            q_start < end and start < q_end and not q_start <= anchor < q_end
            for q_start, q_end in self.quote_spans
        )
        return Found(
            start=start,
            end=end,
            speaker=speaker,
            cue=cue,
            direct=direct,
            anchor=anchor,
            channel=channel,
            negated=negated,
            cue_token=cue_token,
        )


def _topic_of(noun: Token) -> tuple[int, int] | None:
    """What a speech noun is about when its speaker is not in the phrase: "comments on X",
    "a condemnation of X"."""
    for child in noun.rights:
        topic = child.lower_ in _NOUN_TOPIC_PREPS or child.lower_ == "of"
        if child.dep_ == "prep" and topic and any(
            c.dep_ in ("pobj", "pcomp") for c in child.children
        ):
            return child.i + 1, child.right_edge.i
    return None


def _trailing_phrase(doc: Doc, cue: int) -> Span | None:
    """The speaker phrase between a comma and the cue at ``cue``, if the words before the
    cue up to a comma are all parts of a name, a title or a pronoun."""
    i = cue - 1
    while i >= 0 and cue - i <= _MAX_PHRASE:
        token = doc[i]
        if token.text == ",":
            break
        if token.is_space or not (token.pos_ in _PHRASE_POS or token.lower_ in _PHRASE_WORDS):
            return None
        i -= 1
    else:
        return None
    phrase = doc[i + 1 : cue]
    if len(phrase) == 0:
        return None
    pronouns = [t for t in phrase if t.pos_ == "PRON"]
    if pronouns and (len(phrase) > 1 or phrase[0].lower_ not in _PHRASE_PRONOUNS):
        return None  # "…, which she said", "…, it said" (the writer's "it"), not a name
    if not any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in phrase):
        return None
    return phrase


def _ends_clause(doc: Doc, cue: int) -> bool:
    """Whether only adverbials follow the cue up to the next punctuation ("said on Sunday,"),
    not an object clause or another verb ("the only thing they agree on is …")."""
    after = doc[cue + 1] if cue + 1 < len(doc) else None
    if after is not None and after.lower_ == "that":
        return False
    for token in doc[cue + 1 :]:
        if token.is_punct or token.is_space or token.is_sent_start:
            return True
        if token.pos_ in ("VERB", "AUX"):
            return False
        if token.dep_ == "dobj" and token.head.i == cue:
            return False  # "…; others vow consequences": the cue has its own object
    return True


def _clause_after(word: Token, carrier: Token) -> tuple[int, int] | None:
    """Token range of the clause right after a stance adjective, hung by the parser on the
    adjective or on its carrier: "afraid that …", "confident the talks will …"."""
    for clause in (*word.children, *carrier.children):
        if clause.dep_ not in ("ccomp", "advcl") or clause.i <= word.i:
            continue
        first = clause.left_edge
        if any(c.dep_ == "mark" and c.lower_ != "that" for c in clause.children):
            continue  # "grew worried as the river rose": a clause of time or cause
        if first.i == word.i + 1 and (
            first.lower_ == "that" or any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children)
        ):
            return first.i, clause.right_edge.i
    return None


def _phrase_head(phrase: Span) -> Token:
    """The head word of a speaker phrase read on the surface: its last noun or name before
    any preposition ("the EU's chief negotiator Helena Marquardt" → Marquardt, "a spokesman
    for the ministry" → spokesman)."""
    head = phrase[-1]
    for token in phrase:
        if token.pos_ == "ADP":
            break
        if token.pos_ in ("PROPN", "NOUN", "PRON"):
            head = token
    return head


def _shared_subject_cue(verb: Token, lexicon: CueLexicon) -> Token | None:
    """``Sorokin admitted that citizens took part but insisted that …`` (or ``, while
    insisting that …``): the parser hangs the second cue on the last verb of the first cue's
    clause; it is coordinated with the first cue and shares its subject. Returns that cue."""
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    if verb.dep_ not in ("conj", "advcl") or verb.head.i == verb.i:
        return None
    head = verb.head
    if lexicon.is_verb_cue(head.lemma_) or head.pos_ not in ("VERB", "AUX"):
        return None  # "X said that Y accused Z and warned …": Y warns
    current = head
    for _ in range(6):
        if current.head.i == current.i:
            return None
        parent = current.head
        if current.dep_ == "ccomp" and parent.pos_ in ("VERB", "AUX") and (
            lexicon.is_verb_cue(parent.lemma_)
        ):
            return parent if parent.i < verb.i else None
        if current.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return None
        current = parent
    return None


def _coordinated_cues(doc: Doc, lexicon: CueLexicon) -> dict[int, Token]:
    """For each cue verb that shares the subject of an earlier cue, that cue."""
    out: dict[int, Token] = {}
    for token in doc:
        if token.pos_ == "VERB" and lexicon.is_verb_cue(token.lemma_):
            shared = _shared_subject_cue(token, lexicon)
            if shared is not None:
                out[token.i] = shared
    return out


def _imperative(verb: Token, subject: Token) -> bool:
    """A bare verb after "Name," with no auxiliary: the name is addressed, not speaking."""
    doc = verb.doc
    comma = subject.right_edge.i + 1
    return (
        verb.tag_ == "VB"
        and comma < verb.i
        and doc[comma].text == ","
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    )


def _has_clause(verb: Token, trailing: Mapping[int, object]) -> bool:
    """Whether a cue verb's content is a clause ("said (that) …") rather than its object; a
    trailing cue the parser hung under the verb ("offered X, Y said") is no clause of it."""
    if any(c.dep_ in ("ccomp", "csubj") and c.i not in trailing for c in verb.children):
        return True
    following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    return following is not None and following.lower_ == "that"


def _has_mark(verb: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in verb.children)


def _that_clause_after(doc: Doc, position: int) -> tuple[int, int] | None:
    """"the statement of Bush that he …": the clause whose "that" follows the speaker."""
    if position >= len(doc) or doc[position].lower_ != "that" or doc[position].dep_ != "mark":
        return None
    verb = doc[position].head
    last = verb.i
    for child in verb.rights:
        if child.dep_ in ("cc", "conj"):
            break
        last = max(last, child.right_edge.i)
    return position, last


def quoted_tokens(doc: Doc, direct: list[Found]) -> set[int]:
    """Indices of the tokens inside the contents of quoted passages."""
    inside: set[int] = set()
    for item in direct:
        span = doc.char_span(item.start, item.end, alignment_mode="expand")
        if span is not None:
            inside.update(range(span.start, span.end))
    return inside


def find_reported(
    doc: Doc,
    lexicon: CueLexicon,
    direct: list[Found],
    quoted: list[tuple[int, int]],
    taken: set[int] | None = None,
) -> list[Found]:
    """Reported statements of ``doc``; cue verbs already used by ``direct`` are skipped.

    ``quoted`` are the content spans of every quoted passage: a reported clause that holds
    one is marked ``direct`` (it quotes the speaker's words, in part). ``taken`` are the
    indices of cue tokens another finder (headlines) already used.
    """
    finder = _Reported(doc, lexicon, direct, quoted, taken or set())
    verbs = lexicon.verbs
    beliefs = lexicon.belief_verbs
    nouns = lexicon.nouns
    out: list[Found] = []
    for token in doc:
        if token.pos_ == "VERB" and token.lemma_ in verbs:
            found = finder.trailing(token)
            if found is not None:
                out.append(found)
    for token in doc:
        lemma = token.lemma_
        found = None
        if token.pos_ in ("VERB", "AUX") and (
            lemma in verbs or lemma in beliefs or lemma in lexicon.as_verbs
        ):
            found = finder.verb(token)
        elif token.pos_ in ("ADJ", "VERB") and (
            token.lower_ in lexicon.stance_adjectives or token.lower_ in lexicon.made_adjectives
        ):
            found = finder.stance(token)
        elif token.lower_ == "according" and token.dep_ == "prep":
            found = finder.according(token)
        elif token.pos_ == "NOUN" and (token.lower_ in nouns or token.lemma_.lower() in nouns):
            # plurals too: "repeated warnings from his attorney that …"
            found = finder.noun(token)
        if found is not None:
            out.append(found)
    return out
