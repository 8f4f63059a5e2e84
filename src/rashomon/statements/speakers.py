"""Which actor a speaker phrase names: the step between a found statement and its record.

The actor table answers for a token or a span; a speaker phrase needs a little more than the
mention at its root:

* a name inside the phrase or in apposition to it is the speaker, not the title around it
  ("U.S. Ambassador to the United Nations Jane Roe said", "The Special Envoy for Libya, John
  Doe, told reporters", "Russia's foreign minister, Sergei Lavrov, said");
* coordinated speakers each said it ("Biden and Vice President Harris said");
* officials of a named institution are a group of their own ("White House officials"),
  not the country the institution belongs to;
* an unnamed source ("the Daily News source", "sources in contact with the group") is
  nobody the article names, unless a body it works at is ("a source at the clinic");
* a plural "they" is the group that was the subject of a recent sentence
  (``statements.plural``).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..kb.base import GOVERNMENT_NOUNS, given_names
from ..kb.keys import HONORIFICS
from ..nlp.actor_table import ActorTable
from ..records import Actor, Mention
from .common import is_ordinary_word
from .plural import plural_antecedent

# Plural nouns for the people who speak for an institution ("White House officials").
_SPOKESPEOPLE = frozenset({
    "officials", "spokesmen", "spokeswomen", "spokespeople", "spokespersons", "aides",
    "diplomats", "representatives", "advisers", "advisors", "staffers",
})
# Nouns for a source the article does not name ("a source close to …", "CNN's sources").
_ANONYMOUS_SOURCES = frozenset({"source", "sources", "insider", "insiders"})
# Prepositions of a body a source works at: "a source at the clinic", "sources inside the FBI".
_MEMBER_PREPS = frozenset({"at", "in", "inside", "within"})
_PLACE_ENTS = frozenset({"GPE", "LOC"})
_INSTITUTION_LABELS = frozenset({"ORG", "FAC"})
_NAME_DEPS = frozenset({"appos"})
# "officials in Mosul", "officials at the hospital", "officials from the province".
_OF_PLACE = frozenset({"in", "at", "from"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "ORG"})
# An untagged name: at most this many words, joined by these ("Cult of Mac", "Ernst & Young").
_MAX_NAME_WORDS = 5
_NAME_JOINERS = frozenset({"of", "&", "and", "de", "van", "von", "al"})
# Entity labels an untagged name may still carry: the parser took an outlet for a place or
# a product ("Inquisitr reports", "Businessweek reported") and the actor stage, finding no
# such place, made no actor of it.
_MISTAKEN_NAME_ENTS = frozenset({"GPE", "LOC", "FAC", "ORG", "PRODUCT", "WORK_OF_ART"})
# Nouns for the people and bodies that speak for a person ("Trump's lawyer said", "her
# spokesman", "his campaign"): the person is the speaker, as with what they say or write.
_AGENT_NOUNS = frozenset({
    "office", "campaign", "camp", "team", "spokesman", "spokeswoman", "spokesperson",
    "representative", "lawyer", "lawyers", "attorney", "attorneys", *_SPOKESPEOPLE,
})
# Prepositions of what a phrase is about: "the story about Rich", "the case against him".
_TOPIC_PREPS = frozenset({"about", "regarding", "concerning", "against", "into", "over"})


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker phrase resolved: the actor (local id or None) and the phrase's extent."""

    actor: str | None
    span: Span


def _person_mention(table: ActorTable, token: Token) -> Mention | None:
    """The mention of a named person at ``token`` (a proper name, not a bare title)."""
    mention = table.mention_for_token(token)
    if mention is None or token.pos_ != "PROPN":
        return None
    actor = table.get(mention.actor)
    return mention if actor is not None and actor.type == "person" else None


def _is_person_name(table: ActorTable, mention: Mention | None, doc: Doc) -> bool:
    """Whether a mention names a person (not a title such as "the minister", nor a body)."""
    if mention is None:
        return False
    actor = table.get(mention.actor)
    if actor is None or actor.type != "person":
        return False
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and any(t.pos_ == "PROPN" and t.ent_type_ == "PERSON" for t in span)


def _names_speaker(table: ActorTable, mention: Mention, root: Token,
                   voice_nouns: frozenset[str]) -> bool:
    """Whether a mention inside a speaker phrase, not at its head, can be the one speaking.

    Not a person who only owns the noun that speaks ("Alex's teacher", "Sotloff's mother",
    "a spokesman for Rich's family": another person), unless it names what the person says
    or who speaks for them ("Trump's statement", "her lawyer"); nor what the phrase is about
    ("the Fox News story about Rich"); nor a country whose adjective only says where a
    person or body is from ("a Russian fisherman", "a local Iraqi channel"), unlike its
    government's people ("Iraqi officials", "the Chinese government").
    """
    doc = root.doc
    named = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if named is None:
        return True
    actor = table.get(mention.actor)
    person = actor is not None and actor.type == "person"
    word = named.root
    if actor is not None and actor.type == "country" and _of_a_people(table, word):
        return False
    # Only the person's own possessive counts: in "the Trump campaign's website" the
    # campaign owns the website, and the campaign speaks for Trump.
    own = word.i
    for _ in range(8):
        if word.i == root.i or word.head.i == word.i:
            return True
        owned = word.head
        if (person and word.i == own and word.dep_ == "poss" and owned.pos_ == "NOUN"
                and owned.lower_ not in voice_nouns and owned.lower_ not in _AGENT_NOUNS):
            return False
        if word.dep_ == "pobj" and owned.lower_ in _TOPIC_PREPS:
            return False
        word = owned
    return True


def _of_a_people(table: ActorTable, word: Token) -> bool:
    """Whether a country's word modifies a common noun that is none of its government's and
    names no actor of its own: "a Russian fisherman", not "Russian officials"."""
    owner = word.head
    return (
        word.dep_ in ("amod", "compound", "nmod")
        and owner.pos_ == "NOUN"
        and owner.lower_ not in GOVERNMENT_NOUNS
        and owner.lower_ not in _SPOKESPEOPLE
        and table.mention_for_token(owner) is None
    )


def _apposed_name(table: ActorTable, span: Span, root: Token) -> Token | None:
    """The name in apposition to a title ("The Special Envoy for Libya, John Doe, …", "A
    reporter for the Oregonian newspaper, Tyson Alger, …"): a person hung as an apposition on
    the head or on a word of the phrase, after the head. Never on a name: "according to
    journalist Daniel Simone, 27-year old Afton Burton, was hoping …" and "According to The
    Washington Post, Sotloff, 31, was …" are the parse taking the content's subject for an
    apposition."""
    for head in (root, *(t for t in span if t.i != root.i)):
        if head.pos_ == "PROPN" and table.mention_for_token(head) is not None:
            continue
        for child in head.rights:
            named = _person_mention(table, child) is not None
            if child.dep_ in _NAME_DEPS and child.i > root.i and named:
                return child
    return None


def _final_name(table: ActorTable, span: Span, voice_nouns: frozenset[str]) -> Mention | None:
    """The named person that ends a title phrase ("Ambassador to the UN Jane Roe", "Deputy
    Chief of Staff of the Armed Forces Brigadier General Massoud Jazayeri"): in English the
    title comes first and the name closes the phrase."""
    last = span[-1]
    while last.i > span.start and (last.is_punct or last.lower_ in ("'s", "’s")):
        last = last.doc[last.i - 1]
    if last.ent_type_ != "PERSON":
        return None
    mention = _person_mention(table, last)
    if mention is None or not _names_speaker(table, mention, span.root, voice_nouns):
        return None  # "the story about Peter Vance"
    return mention


def _anonymous_source(doc: Doc, table: ActorTable, span: Span, root: Token) -> bool:
    """``the Daily News source``, ``CNN's sources``, ``an al-Nusra source``, ``sources in contact
    with ISIS``, ``Field sources in Iraq``: a source the article does not name is nobody it
    names — not the outlet that quotes it (the actor table cannot tell an outlet's ``Daily
    News source`` from an ``al-Nusra source``), nor a body it is close to, nor a place. Only a
    body it works at speaks through it (``a source at the clinic``, ``sources inside the
    FBI``)."""
    if root.pos_ != "NOUN" or root.lower_ not in _ANONYMOUS_SOURCES:
        return False
    if table.mention_for_token(root) is not None:
        return False  # "Apple Insider": a name
    mention = table.mention_for_span(span)
    named = doc.char_span(mention.start, mention.end, alignment_mode="expand") if mention else None
    if named is None:
        return True
    word = named.root
    if word.ent_type_ in _PLACE_ENTS:
        return True
    for _ in range(6):  # up to the source: joined only by prepositions of belonging?
        if word.dep_ == "prep" and word.lower_ not in _MEMBER_PREPS:
            return True  # "sources in contact with ISIS", "sources for Korovin"
        if word.head.i == root.i:
            return not (word.dep_ == "prep" and word.lower_ in _MEMBER_PREPS)
        if word.head.i == word.i:
            return True
        word = word.head
    return True


def _institution_officials(doc: Doc, table: ActorTable, head: Token) -> Actor | None:
    """A group for "White House officials", "prison officials": an institution's own people.

    Returns None unless the head is a spokespeople noun modified by the name of an
    institution (or a common noun naming one); never for a country's people ("U.S.
    officials" are its government). The group takes the country and sector of the actor the
    phrase resolved to.
    """
    if head.lower_ not in _SPOKESPEOPLE:
        return None
    words = [c for c in head.lefts if c.dep_ in ("compound", "nmod", "poss")]
    named = [
        w for w in words
        if w.ent_type_ in _INSTITUTION_LABELS
        or (w.pos_ == "NOUN" and w.dep_ == "compound" and not w.ent_type_)
    ]
    if not named:
        return None
    owner = table.get(table.actor_for_token(named[0]) or table.actor_for_token(head))
    first = min(t.left_edge.i for t in words)
    while first < head.i and doc[first].lower_ in ("the", "'s", "’s"):
        first += 1
    text = table.source_text(doc[first : head.i + 1]).replace("'s", "").replace("’s", "")
    name = " ".join(text.split())
    country = owner.country if owner is not None else None
    sector = owner.sector if owner is not None else None  # "Alaska Airlines officials": BUS
    key = f"group:{name.lower()}"
    return table.find(key) or table.add_actor(name, "group", country, sector, key=key)


def _office_holder(table: ActorTable, span: Span, root: Token) -> Mention | None:
    """``Prime Minister Haidar al-Abadi's office said``, ``a statement from the minister's
    office``: an office speaks for the named person whose office it is."""
    offices = [root] + [
        c for p in root.rights if p.dep_ == "prep" and p.lower_ in ("from", "of")
        for c in p.children if c.dep_ == "pobj"
    ]
    for office in offices:
        if office.lower_ != "office" or not span.start <= office.i < span.end:
            continue
        owner = next((c for c in office.children if c.dep_ == "poss"), None)
        if owner is not None:
            mention = _person_mention(table, owner)
            if mention is not None:
                return mention
    return None


def _local_officials(doc: Doc, table: ActorTable, head: Token) -> Actor | None:
    """A group for "local officials in Mosul", "officials at the hospital": the people who
    speak for a place or body inside a country, not the country itself ("officials in Iraq"
    are its government and stay the country)."""
    if head.lower_ not in _SPOKESPEOPLE:
        return None
    phrase = next((c for c in head.rights if c.dep_ == "prep" and c.lower_ in _OF_PLACE), None)
    place = next((c for c in phrase.children if c.dep_ == "pobj"), None) if phrase else None
    if place is None or place.ent_type_ not in _PLACE_LABELS:
        return None
    owner = table.get(table.actor_for_token(place))
    words = doc[place.left_edge.i : place.right_edge.i + 1]
    where = " ".join(table.source_text(words).split())
    if owner is not None and owner.type == "country" and owner.name.lower() == where.lower():
        return None
    if where.lower().startswith("the "):
        where = where[4:]
    name = f"{where} {head.lower_}"
    country = owner.country if owner is not None else None
    sector = owner.sector if owner is not None and owner.type != "country" else None
    key = f"group:{name.lower()}"
    return table.find(key) or table.add_actor(name, "group", country, sector, key=key)


def resolve(
    doc: Doc,
    table: ActorTable | None,
    span: Span,
    head: int | None,
    english: frozenset[str] = frozenset(),
    voice_nouns: frozenset[str] = frozenset(),
) -> Speaker:
    """The actor a speaker phrase names, and the phrase extended to a name in apposition.

    ``english`` holds ordinary English words: a phrase of proper nouns the actor stage left
    untagged is a name of its own only if it is not one of them ("Sources said").
    ``voice_nouns`` are the nouns of what a person says or writes (``CueLexicon.voice_nouns``):
    "Trump's statement" is Trump speaking, "Trump's nephew" is not."""
    if table is None:
        return Speaker(None, span)
    root = doc[head] if head is not None else span.root
    appos = _apposed_name(table, span, root)
    if appos is not None:
        mention = table.mention_for_token(appos)
        end = max(span.end, appos.right_edge.i + 1)
        return Speaker(mention.actor if mention else None, doc[span.start : end])
    if _anonymous_source(doc, table, span, root):
        return Speaker(None, span)
    mention = table.mention_for_token(root) if head is not None else None
    if mention is None:
        mention = table.mention_for_span(
            span, lambda inside: _names_speaker(table, inside, root, voice_nouns)
        )
    if not _is_person_name(table, mention, doc):
        final = _final_name(table, span, voice_nouns)
        if final is not None:
            return Speaker(final.actor, span)
    office = _office_holder(table, span, root)
    if office is not None:
        return Speaker(office.actor, span)
    officials = _institution_officials(doc, table, root) or _local_officials(doc, table, root)
    if officials is not None:
        table.reassign(root, officials)
        return Speaker(officials.id, span)
    if mention is None:
        plural = _plural_speaker(doc, table, root)
        return Speaker(plural or _untagged_name(table, span, english), span)
    return Speaker(mention.actor, span)


def _untagged_name(table: ActorTable, span: Span, english: frozenset[str]) -> str | None:
    """The actor of a speaker phrase that is a name the actor stage never saw: the parser's
    entities miss names in many places ("TMZ reports", "according to Pando", "Tridevil
    says"). The actor another mention of the same words names, else that of a person the
    article names by the phrase's last word ("Megyn Kelly said" after "Kelly"), else a new
    one: a person when the name opens with a given name or an honorific, else an
    organisation (in news, mostly the outlets and firms the model does not know). A name of
    two words or more after a noun that describes its bearer ("Horrified mum Cai Tuan, 27,
    said") is a person's."""
    words = [t for t in span if not (t.is_punct or t.tag_ == "POS")]
    described = False
    if not _is_untagged_name(words, english):
        words = _described_name(words, english)
        if not words:
            return None
        described = True
    name = span.doc[words[0].i : words[-1].i + 1]
    for mention in table.sorted_mentions():
        if mention.text == name.text:
            return mention.actor
    last = words[-1].text
    people = [a for a in table.actors if a.type == "person" and a.name.split()[-1] == last]
    if len(words) > 1 and len({a.id for a in people}) == 1:
        actor = people[0]
    elif len(words) == 1 and (full := _given_before(span.doc, last)) is not None:
        # "Tridevil says" in an article that wrote "Jasmine Tridevil" before or after.
        actor = table.add_actor(full, "person")
    else:
        first = words[0].lower_.rstrip(".")
        person = described or (
            len(words) > 1 and (first in given_names() or first in HONORIFICS)
        )
        actor = table.add_actor(name.text, "person" if person else "organization")
    table.add_mention(actor, name)
    return actor.id


def _described_name(words: list[Token], english: frozenset[str]) -> list[Token]:
    """The proper nouns that end a phrase after a common noun describing their bearer
    ("Horrified mum Cai Tuan"): two words or more, all tagged proper nouns, an untagged
    name; else none."""
    noun = next((i for i, t in enumerate(words[:-2]) if t.pos_ == "NOUN"), None)
    if noun is None:
        return []
    name = words[noun + 1 :]
    described = all(t.pos_ == "PROPN" for t in name) and _is_untagged_name(name, english)
    return name if described else []


def _given_before(doc: Doc, word: str) -> str | None:
    """The full name "<given name> <word>" where the text writes one, else None."""
    given = given_names()
    for token in doc[1:]:
        before = doc[token.i - 1]
        if token.text == word and before.is_title and before.lower_ in given:
            return f"{before.text} {word}"
    return None


def _is_untagged_name(words: list[Token], english: frozenset[str]) -> bool:
    """Whether the words are a proper name outside the parser's entities: proper nouns in
    capitals ("Cult of Mac" may hold "of"), not one ordinary word ("Sources", "Reports";
    an acronym in capitals, "TMZ", is a name). A name the parser tagged as a place or a
    product with no actor made of it counts; a date, a number or a people does not."""
    mistaken = all(not t.ent_type_ or t.ent_type_ in _MISTAKEN_NAME_ENTS for t in words)
    if not words or not mistaken or len(words) > _MAX_NAME_WORDS:
        return False

    def proper(token: Token) -> bool:
        # The tagger takes a name it does not know for a noun at a sentence's start
        # ("Tridevil says"); a capitalised word that is no English word is a name all the same.
        return token.text[:1].isupper() and (
            token.pos_ == "PROPN" or (token.is_alpha and not is_ordinary_word(token, english))
        )

    if len(words) == 1:
        # One word: an acronym in capitals, or a capitalised word that is no English word
        # whatever its tag ("Reports" tagged a proper noun is still a word).
        word = words[0]
        acronym = word.is_upper and len(word) > 1
        return proper(word) and (acronym or not is_ordinary_word(word, english))
    return (
        proper(words[0])
        and proper(words[-1])
        and all(proper(t) or t.lower_ in _NAME_JOINERS for t in words)
    )


def _plural_speaker(doc: Doc, table: ActorTable, pronoun: Token) -> str | None:
    """The actor a plural "they" stands for: its antecedent, read as a speaker would be
    ("White House officials met …. They said": the officials' group)."""
    antecedent = plural_antecedent(table, pronoun)
    if antecedent is None:
        return None
    officials = _institution_officials(doc, table, antecedent)
    return officials.id if officials is not None else table.actor_for_token(antecedent)


def coordinated(span: Span, head: int | None) -> list[Token]:
    """Heads of the speakers coordinated with this one ("X and Vice President Y said").

    Besides the conjuncts of the head, the parse sometimes hangs both names on the verb as
    two subjects with "and" between them; the other subject is a speaker too.
    """
    doc = span.doc
    root = doc[head] if head is not None else span.root
    group = [root, *root.conjuncts]
    joined = any(c.dep_ == "cc" and c.lower_ == "and" for t in group for c in t.children)
    # "X or Y", "X, not Y": one of them, or neither, spoke.
    out = [t for t in root.conjuncts if t.pos_ in ("PROPN", "NOUN")] if joined else []
    if root.dep_ in ("nsubj", "nsubjpass"):
        for other in root.head.children:
            if other.i == root.i or other.dep_ != root.dep_:
                continue
            first, last = sorted((other, root), key=lambda t: t.i)
            between = doc[first.i + 1 : last.left_edge.i]
            joined = any(t.lower_ == "and" and t.dep_ == "cc" for t in between)
            if joined and not any(t.pos_ in ("VERB", "AUX") for t in between):
                out.append(other)
    return [t for t in out if not span.start <= t.i < span.end]
