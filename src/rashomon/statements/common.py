"""What direct and reported statement finding share: the found-statement record and the
parse helpers that pick a speaker phrase, a channel and negation around a cue.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .cues import CueLexicon

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Children that are part of the speaker's name, before and after it: "the Russian foreign
# minister Sergey Lavrov", "the head of the agency"; appositions, relative clauses and
# coordinated phrases are left out ("Flynn, a top surrogate, who …").
_SPEAKER_LEFT = frozenset({"det", "compound", "amod", "poss", "nmod", "nummod", "case", "quantmod"})
_SPEAKER_RIGHT = frozenset({"prep", "compound", "case", "nummod", "flat", "pobj"})
# Determiners that may open a speaker's name: articles and quantifiers ("both sides",
# "several member states"), never "that" (a misparsed conjunction).
_ARTICLES = frozenset({"the", "a", "an", "both", "all", "several", "some", "many", "most",
                       "each", "other", "another", "few"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_FIRST_PERSON = frozenset({"i", "we", "me", "us"})
# Open-class words a speaker phrase must contain, or a pronoun standing for one.
_SPEAKER_POS = frozenset({"PROPN", "NOUN", "PRON"})
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})
_MAX_NAME_RUN = 8
# Contractions split off a word: the tagger takes a curly "n’t" or "’ve" for a pronoun and
# the parser for the verb's subject ("The U.S. hasn’t confirmed …"), but none names anyone.
_CLITICS = frozenset({"n't", "'s", "'ve", "'re", "'ll", "'d", "'m", "not", "s"})


def is_clitic(token: Token) -> bool:
    """Whether a token is a negation particle or a contraction ("n’t", "’s", "'ve")."""
    return token.lower_.replace("’", "'") in _CLITICS


@dataclass(slots=True)
class Found:
    """A statement as found in the parse, before its speaker is linked to an actor.

    ``start``/``end`` are the content's character offsets; ``anchor`` is the character
    where the statement is introduced (its cue, else its speaker, else its content) and
    decides which other statements it is nested in.
    """

    start: int
    end: int
    speaker: Span | None
    cue: str | None
    direct: bool
    anchor: int
    channel: str | None = None
    negated: bool = False
    cue_token: int | None = None
    # The word of ``speaker`` that names the speaker, when the parse does not say which.
    speaker_token: int | None = None
    # The content is the cue's object ("offered partial relief"), not a clause or quotation.
    object_content: bool = False
    # The cue follows its content and speaker ("…, Marquardt said on Sunday").
    trailing: bool = False
    # A passage after a colon that gives the words of the cue's reported clause ('said she
    # has the quality it takes: "Steadiness …"'); the clause is a statement of its own too.
    spells_out: bool = False


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, inherited from the verb it is coordinated with or modifies.

    "He stood up and said …", "…, he said, adding that …" give "he" for "said"/"adding".
    """
    current = verb
    for _ in range(3):
        subjects = [c for c in current.children if c.dep_ == "nsubj" and not is_clitic(c)]
        if subjects:
            # The subject nearest the verb: a heading run into the sentence may add another.
            before = [c for c in subjects if c.i < current.i]
            return before[-1] if before else subjects[0]
        if _verb_parsed_as_modifier(current):
            return current.head  # "Russia, which has bases there, called on …"
        carrier = _carrying_verb(current)
        if carrier is not None:
            if as_phrase_owner(current) is not None:
                # "Wilson was quoted (by the AP) as saying …", "the AP quoted Wilson as
                # saying …": the one quoted says it, not the one who quotes.
                quoted = [c for c in carrier.children if c.dep_ in ("nsubjpass", "dobj")]
                if quoted:
                    return quoted[0]
            current = carrier  # "X issued a statement saying …": X says it
            continue
        if current.dep_ not in ("conj", "advcl", "xcomp") or current.head.i == current.i:
            return None
        if current.dep_ == "xcomp" and current.head.pos_ != "VERB":
            return None  # "it is difficult to recall": an expletive, not a source
        current = current.head
    return None


def as_phrase_owner(verb: Token) -> Token | None:
    """For a cue in an "as" phrase ("was quoted as saying", "cited X as saying"), the verb
    the phrase hangs on: its clause is the cue's own."""
    if verb.dep_ == "pcomp" and verb.head.lower_ == "as" and verb.head.head.i != verb.head.i:
        return verb.head.head
    return None


def _carrying_verb(verb: Token) -> Token | None:
    """For a participle on a noun ("issued a statement saying …", "spoke at a news conference
    announcing …") or in a phrase ("aside from saying …"), the verb whose object or phrase
    it is: that verb's subject speaks."""
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.dep_ == "prep":
        # "…, aside from saying he wants …", "responded by saying …": the verb the phrase is on.
        owner = verb.head.head
        if owner.pos_ == "ADV" and owner.head.i != owner.i:
            owner = owner.head
        return owner if owner.pos_ in ("VERB", "AUX") and owner.i < verb.i else None
    noun = verb.head
    if verb.dep_ != "acl" or verb.tag_ != "VBG" or noun.pos_ != "NOUN" or noun.i > verb.i:
        return None
    if noun.dep_ == "dobj":
        return noun.head if noun.head.pos_ in ("VERB", "AUX") else None
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep":
        owner = noun.head.head
        return owner if owner.pos_ in ("VERB", "AUX") else None
    return None


def _verb_parsed_as_modifier(verb: Token) -> bool:
    """A finite-looking verb hung as a modifier of the noun that is its sentence's root
    ("Russia, which has bases there, called on both sides …"): the noun is its subject."""
    head = verb.head
    return (
        verb.dep_ == "acl"
        and verb.tag_ in ("VBD", "VBN")
        and head.dep_ == "ROOT"
        and head.pos_ in ("PROPN", "NOUN")
        and head.i < verb.i
        and verb.doc[verb.i - 1].text == ","
    )


def antecedent(token: Token) -> Token:
    """For a relative pronoun ("…, who said"), the noun it stands for."""
    if token.lower_ in _RELATIVE and token.head.dep_ == "relcl":
        return token.head.head
    return token


def speaker_span(token: Token) -> Span | None:
    """The phrase naming the speaker headed by ``token``: the name with its modifiers, but
    without appositions, relative clauses and coordinated phrases after it."""
    token = antecedent(token)
    if token.pos_ not in _SPEAKER_POS or is_clitic(token):
        return None
    doc = token.doc
    if token.pos_ == "PRON":
        return doc[token.i : token.i + 1]
    left = token.i
    for child in reversed(list(token.lefts)):
        adjacent = child.i == left - 1 or child.right_edge.i == left - 1
        if child.dep_ not in _SPEAKER_LEFT or not adjacent:
            break
        if child.dep_ == "det" and child.lower_ not in _ARTICLES:
            break  # "that trump said": a misparsed conjunction, not part of the name
        left = child.left_edge.i
    right = token.i
    for child in token.rights:
        if child.dep_ not in _SPEAKER_RIGHT or child.left_edge.i != right + 1:
            break
        right = child.right_edge.i
    # A heading on the line before is never part of the speaker.
    for i in range(token.i - 1, left - 1, -1):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            left = i + 1
            break
    left = _hyphenated_start(doc, left)
    while left < token.i and (doc[left].is_punct or doc[left].is_space):
        left += 1
    return doc[left : right + 1]


def _hyphenated_start(doc: Doc, left: int) -> int:
    """The first token of a name joined by hyphens without spaces ("al-Harthi")."""
    while (
        left >= 2
        and doc[left - 1].text in ("-", "‐")
        and not doc[left - 1].whitespace_
        and not doc[left - 2].whitespace_
        and doc[left - 2].is_alpha
    ):
        left -= 2
    return left


_NOBODY = frozenset({"neither", "nobody", "none", "nothing"})


def is_nobody(token: Token) -> bool:
    """A subject that says nobody spoke: "neither has said whether …", "no official said"."""
    return token.lower_ in _NOBODY or any(c.lower_ in ("no", "neither") for c in token.children)


def is_author_voice(token: Token, quoted: bool) -> bool:
    """A first-person subject outside quotation marks is the writer, not a source."""
    return not quoted and token.lower_ in _FIRST_PERSON


def is_negated(verb: Token) -> bool:
    """Whether the cue is negated ("did not say", "never claimed")."""
    return any(child.dep_ == "neg" for child in verb.children)


def channel_near(
    doc: Doc,
    first: int,
    last: int,
    lexicon: CueLexicon,
    skip: range | None = None,
    owner: Token | None = None,
) -> str | None:
    """The channel a cue's clause names ("at a press conference", "on Twitter"), if any.

    Looks at tokens ``first..last`` (inclusive), outside ``skip`` (the content); with
    ``owner``, only at words whose nearest verb is that cue ("X said …, and Y wrote on social
    media …": the channel is Y's, not X's).
    """
    for i in range(max(first, 0), min(last, len(doc) - 1) + 1):
        if skip is not None and i in skip:
            continue
        if owner is not None and _clause_verb(doc[i]) not in (owner.i, None):
            continue
        token = doc[i]
        lower = token.lower_
        if lower in lexicon.platforms and (token.pos_ == "PROPN" or token.is_title):
            return "social_media"
        if token.pos_ not in ("NOUN", "PROPN"):
            continue
        if i > 0:
            pair = f"{doc[i - 1].lower_} {lower}"
            channel = lexicon.channel_phrases.get(pair)
            if channel:
                return channel
        channel = lexicon.channel_phrases.get(token.lemma_.lower())
        if channel and _in_prep_or_object(token):
            return channel
    return None


def _clause_verb(token: Token) -> int | None:
    """Index of the nearest verb above a word (itself if a verb), None at a verbless root."""
    current = token
    for _ in range(12):
        if current.pos_ == "VERB" or (current.pos_ == "AUX" and current.dep_ not in ("aux",
                                                                                  "auxpass")):
            return current.i
        if current.head.i == current.i:
            return None
        current = current.head
    return None


def _in_prep_or_object(token: Token) -> bool:
    """"in a statement", "issued a statement": the noun is a channel, not a topic."""
    head = token.head
    if token.dep_ == "pobj" and head.lower_ in ("in", "at", "during", "on", "via", "through"):
        return True
    return token.dep_ == "dobj" and head.lemma_ in ("issue", "release", "give", "post", "send")


_TRAILING_DEPS = frozenset({"relcl", "advcl", "acl"})
_TRAILING_WORDS = frozenset({"which", "who", "whose", "aside", "while", "as"})


def without_trailing_clause(
    doc: Doc, first: int, last: int, asides: frozenset[str] = frozenset()
) -> int:
    """The last token of a content range without a trailing clause set off by a comma
    (", which makes him an outlier", ", implicitly putting his name on the line") or an aside
    about the account itself (", in an account that officials disputed", ", a claim that
    Moscow denied", ", according to the ministry"): the writer's comment on what was said,
    not part of it. ``asides`` are the nouns that name an account (account, claim, …)."""
    for i in range(first + 1, last):
        if doc[i].text != ",":
            continue
        if _is_aside(doc, i + 1, last, asides):
            return i - 1
        start = doc[i + 1]
        head = start
        while head.head.i != head.i and head.head.left_edge.i == start.i and head.head.i <= last:
            head = head.head
        if head.right_edge.i < last or head.dep_ not in _TRAILING_DEPS:
            continue
        if start.lower_ in _TRAILING_WORDS or head.tag_ in ("VBG", "VBN"):
            return i - 1
    return last


_ASIDE_PREPOSITIONS = frozenset({"in", "with", "under"})
_ASIDE_FOLLOWERS = frozenset({"that", "which", "by", "from", "of", ",", "—", "–"})


def _is_aside(doc: Doc, start: int, last: int, asides: frozenset[str]) -> bool:
    """Whether tokens ``start..last`` are an aside about the account ("according to X", "in
    an account that …", "a claim that …"), read on the surface: an optional preposition,
    determiners and adjectives, an account noun, then the end or a clause about it."""
    if start > last:
        return False
    if doc[start].lower_ == "according" and start < last and doc[start + 1].lower_ == "to":
        return True
    if doc[start].lower_ in ("aside", "apart") and start < last and doc[start + 1].lower_ == "from":
        return True  # "…, aside from saying he wants …": the writer's exception
    i = start
    if doc[i].lower_ in _ASIDE_PREPOSITIONS:
        i += 1
    while i <= last and doc[i].pos_ in ("DET", "ADJ", "ADV", "NUM"):
        i += 1
    if i > last or doc[i].pos_ != "NOUN" or doc[i].lemma_.lower() not in asides:
        return False
    follower = doc[i + 1] if i < last else None
    return follower is None or follower.is_punct or follower.lower_ in _ASIDE_FOLLOWERS or (
        follower.tag_ == "VBN"
    )


_DASHES = frozenset({"—", "–", "-", "--"})
_MAX_DATELINE = 8


def after_dateline(doc: Doc, first: int, last: int) -> int:
    """The first token of a content range after a dateline at its start ("MOSCOW — ",
    "BISHKEK (Baltic Wire) — "): a place in capitals, an optional agency in parentheses
    and a dash are where the article was filed, not what was said."""
    if not (doc[first].is_alpha and doc[first].is_upper and len(doc[first]) > 1):
        return first
    depth = 0
    for i in range(first, min(last, first + _MAX_DATELINE)):
        token = doc[i]
        if token.text in _DASHES and depth == 0 and i > first:
            return i + 1
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif depth == 0 and not (token.is_upper or token.text == ","):
            return first
    return first


def trim(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    """Character offsets of tokens ``first..last`` without a dateline, edge punctuation and
    "that"."""
    if first <= last:
        first = after_dateline(doc, first, last)
    while first <= last and (doc[first].is_punct or doc[first].is_space):
        first += 1
    while last >= first and (doc[last].is_punct or doc[last].is_space):
        # a closing quotation mark or sentence period stays out; "U.S." ends in a letter
        last -= 1
    if first > last:
        return None
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def lines(doc: Doc) -> tuple[list[int], list[int]]:
    """For each token, the first token of its line and the line break token that ends it
    (``len(doc)`` on the last line); a quote's cue is never on another line."""
    # Only whitespace tokens can break a line: reading the flag as an array spares building
    # a Token object for every word.
    size = len(doc)
    breaks = [
        i for i in doc.to_array("IS_SPACE").nonzero()[0].tolist() if "\n" in doc[i].text
    ]
    starts = [0] * size
    ends = [size] * size
    start = 0
    for at in breaks:
        starts[start : at + 1] = [start] * (at + 1 - start)
        start = at + 1
    starts[start:] = [start] * (size - start)
    end_from = 0
    for at in breaks:
        ends[end_from : at + 1] = [at] * (at + 1 - end_from)
        end_from = at + 1
    return starts, ends


def name_at(doc: Doc, i: int) -> Span | None:
    """The name or pronoun that starts at token ``i``: a pronoun, or a run of nominal words
    with the entities inside it ("American journalist Lucian Kim", "the spokesman")."""
    if i >= len(doc):
        return None
    token = doc[i]
    if token.lower_ in _PRONOUNS:
        return doc[i : i + 1]
    end = i
    while end < len(doc) and end - i < _MAX_NAME_RUN:
        current = doc[end]
        inside_entity = current.ent_iob_ == "I" and end > i
        nominal = current.pos_ in ("PROPN", "NOUN", "ADJ") or (current.pos_ == "DET" and end == i)
        abbreviation = current.text == "." and doc[end - 1].pos_ == "PROPN" and end > i
        if not (nominal or inside_entity or abbreviation):
            break
        end += 1
    while end > i and doc[end - 1].pos_ not in ("PROPN", "NOUN") and doc[end - 1].ent_iob_ != "I":
        end -= 1
    return doc[i:end] if end > i else None


def is_ordinary_word(token: Token, english: frozenset[str]) -> bool:
    """Whether a word is an ordinary English word, not a name: its form, its form without a
    plural's "s" or its lemma is in ``english`` (the lemmatizer's word index holds lemmas:
    "attacks", "disowned"), or it is a stop word. Every word is, when no list is at hand, so
    that nothing is taken for a name on that ground."""
    lower = token.lower_
    return (
        not english
        or lower in english
        or lower.removesuffix("s") in english
        or token.lemma_.lower() in english
        or token.is_stop
    )
