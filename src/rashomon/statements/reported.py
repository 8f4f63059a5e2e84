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

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

from ..nlp.arrays import token_strings
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
from .content import (
    _NOUN_TOPIC_PREPS,
    _clause_after,
    _content_around,
    _content_of_verb,
    _that_clause_after,
    _topic_of,
)
from .cue_syntax import (
    _coordinated_cues,
    _ends_clause,
    _has_clause,
    _has_mark,
    _imperative,
    _phrase_head,
    trailing_phrase,
)
from .cues import CueLexicon

_NOUN_SPEAKER_PREPS = frozenset({"of", "by", "from"})
_QUOTE_CHARS = frozenset('"“”‘’«»„')
# Pronouns that are never a source of their own ("it shows", "this suggests").
_NON_SOURCES = frozenset({"this", "that", "these", "those", "what", "which", "there"})
# Beliefs and findings need a source that can hold them: "it shows" is the writer talking.
_NON_BELIEVERS = _NON_SOURCES | {"it", "they", "them", "him", "me", "us"}
# Inside a quotation the speaker's "I said", "you told" are phrasing, not a nested source.
_SELF_AND_LISTENER = frozenset({"i", "we", "you"})
# Verbs that carry a stance adjective to their subject ("X is/remains/seems confident that").
_COPULAS = frozenset({"be", "remain", "seem", "appear", "become", "grow", "stay", "feel"})
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
# Cue verbs of an activity, which in an "as" clause tell when ("as she spoke, …"), not what.
_ACTIVITY_VERBS = frozenset({"speak", "testify", "continue", "ask", "answer", "respond",
                             "reply", "vote", "examine", "grill", "attack", "post", "blog",
                             "offer", "seek", "refuse", "write"})
# The longest line of a list that a colon announces (an item, not a paragraph of prose).
_LIST_LINE = 120
# Words that may stand between a subject and its verb ("is once again questioning").
_BEFORE_VERB = frozenset({"aux", "auxpass", "neg", "advmod"})
# Object cues that also name a physical act, which a passive with an agent usually is ("was
# attacked by a bear").
_PHYSICAL = frozenset({"attack", "blast", "rip", "hit"})
# Belief verbs that comment on a clause from an "as" clause ("as Trump believes, …").
_AS_BELIEFS = frozenset({"believe", "think", "expect", "suspect", "fear", "predict"})
# A verb with one of these has a content of its own, and its "as" clause tells when.
_OWN_CONTENT = frozenset({"dobj", "ccomp", "xcomp", "dative", "attr", "oprd"})


def announced_list(text: str, end: int) -> int:
    """The end of a content that a colon closing its paragraph carries on into a list below
    it (``X suggested that Clinton has the following tasks:`` and a line per task): the end
    of the paragraph of at least two short lines after it, else ``end`` unchanged. A
    quotation below is attributed as a passage of its own."""
    colon = end
    while colon < len(text) and text[colon] in " \"”’":
        colon += 1
    if not text.startswith(":", colon) or not text.startswith("\n", colon + 1):
        return end
    first = colon + 1
    while first < len(text) and text[first].isspace():
        first += 1
    if first >= len(text) or text[first] in _QUOTE_CHARS:
        return end
    stop = text.find("\n\n", first)
    stop = len(text) if stop < 0 else stop
    items = [line for line in text[first:stop].split("\n") if line.strip()]
    if len(items) < 2 or any(len(line) > _LIST_LINE for line in items):
        return end
    return first + len(text[first:stop].rstrip())


def _misread_cue(token: Token, lexicon: CueLexicon) -> bool:
    """``CLAUSE, the candidate's former doctor maintains.``: a cue verb that ends its sentence
    after a noun and that the tagger took for a plural noun heading the sentence."""
    doc = token.doc
    return (
        token.tag_ == "NNS"
        and token.dep_ == "ROOT"
        and token.lemma_ in lexicon.verbs
        and token.i > 0
        and doc[token.i - 1].pos_ in ("NOUN", "PROPN")
        and token.i + 1 < len(doc)
        and doc[token.i + 1].text in (".", "!")
    )


def _as_clause(verb: Token) -> bool:
    """Whether the verb heads an "as" clause hung on another verb ("As X noted, …")."""
    return (
        verb.dep_ == "advcl"
        and verb.head.i != verb.i
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
    )


class _Reported:
    def __init__(
        self,
        doc: Doc,
        lexicon: CueLexicon,
        direct: list[Found],
        quoted: list[tuple[int, int]],
        taken: set[int],
        text: str,
    ) -> None:
        self.quote_spans = quoted
        self.doc = doc
        # The document's text, joined once: spaCy joins every token's text on each access.
        self.text = text
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
        finite = verb.tag_ in _FINITE or _misread_cue(verb, self.lexicon)
        if verb.i in self.used or not finite or verb.i in self.quoted:
            return None
        phrase = trailing_phrase(self.doc, verb.i)
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
        if verb.tag_ == "VBN" and (
            any(c.dep_ == "auxpass" for c in verb.children) or _as_clause(verb)
        ):
            # "it was said that": no source named; "was called a charlatan by X": X's
            return self._passive(verb)
        follows = self._after_trailing(verb)
        if follows is not None:
            last = min(verb.sent.end, self.line_end[verb.i]) - 1
            return self._finish(verb, follows[0], (verb.i + 1, last), follows)
        span = _content_of_verb(verb, lexicon)
        if span is None and verb.dep_ == "parataxis" and verb.head.i != verb.i:
            span = _content_around(verb.head, verb)
        if span is None and self._comments_on_clause(verb):
            span = _content_around(verb.head, verb)  # "As X pointed out, …"
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

    def _comments_on_clause(self, verb: Token) -> bool:
        """``As X pointed out, CONTENT`` and ``CONTENT, as X noted``: a cue verb in an "as"
        clause with nothing of its own to say comments on the clause it hangs from. Verbs
        of an activity ("as she spoke, …") and a verb with an object ("as he said goodbye")
        read as time, not as a source."""
        lemma = verb.lemma_
        if lemma in _ACTIVITY_VERBS or not _as_clause(verb):
            return False
        if lemma not in self.lexicon.verbs and lemma not in _AS_BELIEFS:
            return False
        last = verb.right_edge.i
        ends = self.doc[last].is_punct or last + 1 == len(self.doc) or self.doc[last + 1].is_punct
        if not ends:
            return False  # "As he welcomed several hundred guests, …": its object misparsed
        subject = subject_of(verb)
        if subject is None or subject.pos_ not in ("PROPN", "NOUN", "PRON"):
            return False  # "as we've noted" read with "'ve" as its subject
        if subject.lower_ == "you":
            return False  # "as hard as you can say": the reader, no source
        return not any(c.dep_ in _OWN_CONTENT for c in verb.children)

    def _passive(self, verb: Token) -> Found | None:
        """A passive cue with its source as agent: ``Oz has been called a charlatan by fellow
        physicians`` (the content is the subject and what is said of it), ``she was told by
        aides that …`` (the clause), ``As reported by CNN, …`` (the clause it comments on).
        Without an agent no source is named ("it was said that …") and nothing is made."""
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        source = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        if source is None and _as_clause(verb):
            source = self._written_source(verb)  # "As stated in Davis' commentary, …"
        if source is None or not self._is_source(verb, source):
            return None
        speaker = speaker_span(source)
        if speaker is None or speaker.root.pos_ == "PRON":
            return None
        clause = next((c for c in verb.rights if c.dep_ == "ccomp"), None)
        if clause is not None:
            span: tuple[int, int] | None = (clause.left_edge.i, clause.right_edge.i)
        elif _as_clause(verb):
            span = _content_around(verb.head, verb)
        else:
            span = self._passive_object(verb, agent)
        if span is None:
            return None
        return self._finish(verb, speaker, span, None)

    def _written_source(self, verb: Token) -> Token | None:
        """``As stated in Davis' commentary``, ``as noted in the report``: the text a passive
        "as" clause cites, when it is someone's or a speech or document noun."""
        phrase = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ == "in"), None)
        text = next((c for c in phrase.children if c.dep_ == "pobj"), None) if phrase else None
        if text is None or text.pos_ != "NOUN":
            return None
        lemma = text.lemma_.lower()
        if any(c.dep_ == "poss" for c in text.children) or lemma in self.lexicon.nouns:
            return text
        return text if lemma in self.lexicon.document_nouns else None

    def _passive_object(self, verb: Token, agent: Token | None) -> tuple[int, int] | None:
        """What a passive object cue says of its subject: ``Oz has been called a charlatan``,
        ``His views were echoed``: the subject, and the verb's complement before the agent."""
        lexicon = self.lexicon
        lemma = verb.lemma_
        if lemma in _PHYSICAL or (
            lemma not in lexicon.object_verbs and lemma not in lexicon.as_verbs
        ):
            return None  # "a fisherman was attacked by a brown bear"
        if lemma in lexicon.as_verbs and not any(
            c.dep_ == "prep" and c.lower_ == "as" for c in verb.rights
        ):
            return None  # "the condition is characterised by pain": no view voiced
        subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if subject is None or subject.i > verb.i or subject.pos_ not in ("NOUN", "PROPN"):
            return None  # "which was criticized by …", "it was denied": no content named
        if is_nobody(subject):
            return None  # "neither Cohen nor the doctor has been accused by investigators"
        last = subject.right_edge.i
        for child in verb.rights:
            if agent is not None and child.i > agent.i:
                break
            if child.dep_ in ("oprd", "xcomp", "prep") and child is not agent:
                last = child.right_edge.i
        return subject.left_edge.i, last

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
        offsets = (offsets[0], announced_list(self.text, offsets[1]))
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
        if name is None or name.end > verb.i:
            return None
        # "7 p.m.\n\nDonald Trump is once again questioning …": only auxiliaries, negation
        # and adverbs between the name and the verb.
        between = self.doc[name.end : verb.i]
        return name if all(t.dep_ in _BEFORE_VERB for t in between) else None

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
                text = self.text
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
    text: str | None = None,
) -> list[Found]:
    """Reported statements of ``doc``; cue verbs already used by ``direct`` are skipped.

    ``quoted`` are the content spans of every quoted passage: a reported clause that holds
    one is marked ``direct`` (it quotes the speaker's words, in part). ``taken`` are the
    indices of cue tokens another finder (headlines) already used. ``text`` is ``doc.text``
    when the caller has it already.
    """
    text = doc.text if text is None else text
    finder = _Reported(doc, lexicon, direct, quoted, taken or set(), text)
    verbs = lexicon.verbs
    beliefs = lexicon.belief_verbs
    nouns = lexicon.nouns
    # The words and lemmas come from the annotation arrays, and a Token object is built only
    # for a word that can be a cue by its lemma or form; the tests below are the full ones.
    lemmas = token_strings(doc, LEMMA)
    lowers = token_strings(doc, LOWER)
    out: list[Found] = []
    for i, lemma in enumerate(lemmas):
        if lemma not in verbs:
            continue  # a cue verb, or a cue the tagger misread as a noun, has a cue lemma
        token = doc[i]
        if (token.pos_ == "VERB" and token.lemma_ in verbs) or _misread_cue(token, lexicon):
            found = finder.trailing(token)
            if found is not None:
                out.append(found)
    adjectives = lexicon.stance_adjectives | lexicon.made_adjectives
    for i, (lemma, lower) in enumerate(zip(lemmas, lowers, strict=True)):
        if not (
            lemma in verbs
            or lemma in beliefs
            or lemma in lexicon.as_verbs
            or lower in adjectives
            or lower == "according"
            or lower in nouns
            or lemma.lower() in nouns
        ):
            continue
        token = doc[i]
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
