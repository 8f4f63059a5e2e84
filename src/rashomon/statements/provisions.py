"""Statements of documents and of held attitudes that the cue verbs do not reach.

Two kinds, both read from the lexicon:

* a provision of a rule or document (``provision_verbs`` with a subject whose head is one of
  the ``document_nouns``): ``the program allows foreign investors to gain citizenship``,
  ``the convention obliges countries to …`` — the source is the document, the content the
  verb's object and what follows it;
* an attitude held towards something (``attitude_adjectives``: adjective → prepositions),
  carried by a copula to a named subject: ``Graham has been critical of Trump``, ``leaders
  are increasingly worried about a lack of passion`` — the content is the preposition's
  object;
* an attitude voiced or shown towards something by a verb with a preposition
  (``attitude_verbs``: verb → prepositions, ``object`` for a direct object): ``Clinton
  disagrees with her former boss``, ``they bristled at the questions``, ``Trump admires
  Putin`` — the content is the object.
"""

from __future__ import annotations

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Token

from ..nlp.arrays import token_strings
from .common import Found, is_author_voice, is_negated, is_nobody, speaker_span, subject_of
from .cues import CueLexicon

_RELATIVE_OPENERS = frozenset({"where", "which", "who", "whom", "whose", "when"})
_PERMISSION = frozenset({"authorize", "authorise", "unauthorized", "allow", "permit", "able",
                         "free", "entitle", "unable", "forbid"})
# A copula or a verb of becoming carries an adjective's attitude to its subject.
_CARRIERS = frozenset({"be", "remain", "seem", "appear", "grow", "become", "stay", "sound"})
# Subjects that name no source: pronouns of the writer or reader, demonstratives, expletives.
_NO_SOURCE = frozenset({"i", "we", "you", "it", "this", "that", "these", "those", "what",
                        "which", "there", "me", "us", "him", "them"})


def _found(doc: Doc, cue: Token, subject: Token, first: int, last: int,
           quoted: set[int], channel: str | None) -> Found | None:
    """A statement of ``subject`` with the content tokens ``first``..``last``."""
    speaker = speaker_span(subject)
    if last < first or speaker is None:
        return None
    while last > first and (doc[last].is_punct or doc[last].dep_ == "cc"):
        last -= 1  # "refinancing student loans and" when the parse hangs the rest elsewhere
    start, end = doc[first].idx, doc[last].idx + len(doc[last])
    return Found(
        start=start,
        end=end,
        speaker=speaker,
        cue=cue.lemma_.lower() if cue.pos_ == "VERB" else cue.lower_,
        direct=any(i in quoted for i in range(first, last + 1)),
        anchor=cue.idx,
        channel=channel,
        negated=is_negated(cue) or is_negated(cue.head),
        cue_token=cue.i,
        object_content=True,
    )


def _provision(token: Token, lexicon: CueLexicon, quoted: set[int]) -> Found | None:
    """``the program allows foreigners to obtain citizenship``: the document's provision."""
    subject = subject_of(token)
    if subject is None or subject.i > token.i:
        return None
    if subject.lemma_.lower() not in lexicon.document_nouns:
        return None
    obj = next((c for c in token.rights if c.dep_ in ("dobj", "ccomp", "xcomp")), None)
    if obj is None:
        return None
    return _found(token.doc, token, subject, obj.left_edge.i, token.right_edge.i, quoted,
                  "document")


def _attitude(token: Token, lexicon: CueLexicon, quoted: set[int]) -> Found | None:
    """``Graham has been critical of Trump``: an attitude a named subject holds."""
    preps = lexicon.attitude_adjectives.get(token.lower_)
    if not preps or token.dep_ != "acomp" or token.head.lemma_ not in _CARRIERS:
        return None
    phrase = next((c for c in token.rights if c.dep_ == "prep" and c.lower_ in preps), None)
    obj = next((c for c in phrase.children if c.dep_ == "pobj"), None) if phrase else None
    subject = subject_of(token.head)
    if obj is None or subject is None or not _named_source(subject, token):
        return None
    return _found(token.doc, token, subject, obj.left_edge.i, obj.right_edge.i, quoted, None)


def _named_source(subject: Token, cue: Token) -> bool:
    """Whether a subject before the cue names someone who can hold an attitude."""
    if subject.i > cue.i or subject.lower_ in ("not", "n't", "n’t"):
        return False  # "did n't" taken for a subject by the parser
    if subject.pos_ not in ("PROPN", "NOUN", "PRON"):
        return False
    lower = subject.lower_
    return not (lower in _NO_SOURCE or is_nobody(subject) or is_author_voice(subject, False))


def _attitude_verb(
    token: Token, lexicon: CueLexicon, quoted: set[int], preps: frozenset[str]
) -> Found | None:
    """``Clinton disagrees with her former boss``: the object of an attitude verb;
    ``Clinton spoke out about the death of …``: the topic of a verb of speech (``preps``:
    the prepositions that take the object, ``object`` for a direct object)."""
    subject = subject_of(token)
    if subject is None or not _named_source(subject, token):
        return None
    obj = None
    if "object" in preps:
        obj = next((c for c in token.rights if c.dep_ == "dobj"), None)
    if obj is None:
        phrase = next((c for c in token.rights if c.dep_ == "prep" and c.lower_ in preps), None)
        if phrase is not None:
            obj = next((c for c in phrase.children if c.dep_ in ("pobj", "pcomp")), None)
    if obj is None or _names_channel(obj, lexicon):
        return None
    channel = lexicon.verbs.get(token.lemma_)
    last = _before_aside(obj)
    if obj.dep_ == "dobj":
        last = _with_coordinated_objects(token, obj, last)
    return _found(token.doc, token, subject, obj.left_edge.i, last, quoted, channel)


def _with_coordinated_objects(verb: Token, obj: Token, last: int) -> int:
    """``mentioned refinancing student loans and forcing universities to …``: a gerund or
    noun coordinated with the object, which the parse hangs on the verb, is more of it."""
    for child in verb.rights:
        if child.i <= obj.i:
            continue
        if child.dep_ == "conj" and (child.tag_ == "VBG" or child.pos_ == "NOUN"):
            last = child.right_edge.i
        elif child.dep_ != "cc" and not child.is_punct:
            break
    return last


def _before_aside(obj: Token) -> int:
    """The last token of an object before a relative clause set off by a comma: "about the
    state of affairs in Iraq, where he also accused Isis of …" says what "where" adds apart."""
    doc = obj.doc
    for i in range(obj.i + 1, obj.right_edge.i):
        if doc[i].text == "," and doc[i + 1].lower_ in _RELATIVE_OPENERS:
            return i - 1
    return obj.right_edge.i


def _permitted(token: Token) -> bool:
    """``not authorized to discuss the situation``: a verb under a word of permission or
    ability tells what someone may do, not what they said."""
    head = token.head
    return token.dep_ in ("xcomp", "advcl") and (
        head.lemma_.lower() in _PERMISSION or head.pos_ == "ADJ"
    )


def _names_channel(obj: Token, lexicon: CueLexicon) -> bool:
    """``commented on Twitter``, ``spoke on Monday``: a phrase of channel or time, no topic."""
    return obj.lower_ in lexicon.platforms or obj.ent_type_ in ("DATE", "TIME")


def find_provisions(doc: Doc, lexicon: CueLexicon, quoted: set[int]) -> list[Found]:
    """Provisions of documents and attitudes held or shown, outside quotations (``quoted``:
    indices of the tokens inside quoted passages, whose words are the quoted speaker's)."""
    out: list[Found] = []
    verbs = lexicon.provision_verbs.union(lexicon.attitude_verbs, lexicon.topic_verbs)
    # Lemmas and forms from the annotation arrays: a Token object only for a word that can be
    # a cue by them; the tests below are the full ones.
    lemmas = token_strings(doc, LEMMA)
    lowers = token_strings(doc, LOWER)
    for i, (lemma, lower) in enumerate(zip(lemmas, lowers, strict=True)):
        if i in quoted or not (lemma in verbs or lower in lexicon.attitude_adjectives):
            continue
        token = doc[i]
        found = None
        if token.pos_ == "VERB" and token.lemma_ in lexicon.provision_verbs:
            found = _provision(token, lexicon, quoted)
        elif token.pos_ == "VERB" and token.lemma_ in lexicon.attitude_verbs:
            found = _attitude_verb(token, lexicon, quoted, lexicon.attitude_verbs[token.lemma_])
        elif token.pos_ == "VERB" and token.lemma_ in lexicon.topic_verbs:
            if _permitted(token):
                continue
            found = _attitude_verb(token, lexicon, quoted, lexicon.topic_verbs[token.lemma_])
        elif token.pos_ == "ADJ" and token.lower_ in lexicon.attitude_adjectives:
            found = _attitude(token, lexicon, quoted)
        if found is not None:
            out.append(found)
    return out
