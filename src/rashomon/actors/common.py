"""Word lists, small records and span helpers shared by the actor resolution modules."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ..kb.keys import canonical_key, fold
from ..kb.model import KBEntry
from ..records import Actor

_NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "agent"})
_PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f"}
_HONORIFICS = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f"}
# Possessive and reflexive pronouns tell the gender of the subject of their clause.
_GENDERED = {"his": "m", "her": "f", "himself": "m", "herself": "f"}
# How sure a gender is: a first name, then "his"/"her" in the text, then "Mr."/"Mrs.".
_BY_NAME, _BY_PRONOUN, _BY_HONORIFIC = 1, 2, 3
# First words of names the model takes for persons that are not persons ("Storm Ingrid").
_NOT_PERSON_FIRST = frozenset({"storm", "hurricane", "typhoon", "cyclone", "operation", "mount"})
# Nouns that make a lone unknown name a place ("the Daugava river", "the islands of Hiiumaa").
_PLACE_NOUNS = frozenset(
    {
        "island",
        "islands",
        "river",
        "lake",
        "village",
        "town",
        "city",
        "region",
        "province",
        "district",
        "port",
        "mountains",
        "valley",
        "bay",
        "airport",
        "street",
        "square",
    }
)
# Group nouns that are not located by the countries around them ("told reporters in Brussels").
_UNLOCATED_SECTORS = frozenset({"JRN"})
# Sectors of national offices: a titled person of one, with no country stated, is of the
# country their sentence is about. Others (BUS, REL, …) take no country from nearby words.
_NATIONAL_SECTORS = frozenset({"GOV", "MIL", "JUD", "LEG", "COP", "SPY", "PTY", "OPP", "ELI"})
# Roles held towards another country or an organisation (docs/actors.md).
_RELATIONAL_ROLES = frozenset(
    {"ambassador", "envoy", "consul", "diplomat", "emissary", "leader", "representative"}
)
_FORMER = frozenset({"former", "ex", "ex-", "then", "erstwhile", "retired"})
_WINDOW = 9  # tokens searched left of a name for its title
_PRONOUN_SENTS = 3  # sentences back that a pronoun may reach


@dataclass(slots=True)
class _Phrase:
    """A knowledge-base name as a token sequence."""

    lowers: tuple[str, ...]
    exact: tuple[str, ...]
    case_sensitive: bool
    entries: list[KBEntry]


@dataclass(slots=True)
class _Person:
    """A person of this article while it is being resolved."""

    actor: Actor
    key: str
    parts: list[str]
    family: set[str]
    gender: str | None = None
    gender_cue: int = 0  # _BY_NAME, _BY_PRONOUN or _BY_HONORIFIC
    roles: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)


# -- helpers --------------------------------------------------------------------------------


def _runs(indexes: Iterable[int]) -> Iterator[tuple[int, int]]:
    """Contiguous runs of token indexes as (start, end)."""
    start = prev = None
    for i in indexes:
        if start is None:
            start = prev = i
        elif prev is not None and i == prev + 1:
            prev = i
        else:
            assert prev is not None
            yield start, prev + 1
            start = prev = i
    if start is not None and prev is not None:
        yield start, prev + 1


def _trim(span: Span) -> Span | None:
    """Drop leading determiners and punctuation and a trailing possessive."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_punct or doc[start].lower_ in {"the", "a", "an"}):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in {"'s", "’s", "'"}):
        end -= 1
    return doc[start:end] if end > start else None


def _strip_possessive(span: Span) -> Span:
    if len(span) > 1 and span[-1].lower_ in {"'s", "’s", "'"}:
        return span[:-1]
    return span


def _clean_name(span: Span) -> str:
    trimmed = _trim(span) or span
    words = [t.text_with_ws for t in trimmed if t.lower_ not in _HONORIFICS]
    return "".join(words).strip() or span.text


def _given_compatible(parts: list[str], other: list[str]) -> bool:
    """Whether two names with the same family name may be one person (Sergei/Sergey)."""
    if len(parts) < 2 or len(other) < 2:
        return True
    first, first_other = parts[0], other[0]
    return (
        first == first_other
        or first[0] == first_other[0]
        and (
            len(first) <= 2 or len(first_other) <= 2  # initials: "G. Bush"
        )
    )


def _given_gender(given: dict[str, str], word: str) -> str | None:
    """The gender a common given name marks, or None when ``word`` is no listed given name.

    The name is looked up as written first ("Shirley"), then by its transliteration key
    ("Sergey" → "sergei"): the key turns "-ey" into "-ei", which is right for Russian names
    and wrong for English ones ("shirlei").
    """
    written = fold(word).split("-")[0].strip(".")
    return given.get(written) or given.get(canonical_key(word).split(" ")[0])


def _set_gender(person: _Person, gender: str, cue: int) -> None:
    """Record a person's gender unless a surer cue already gave one."""
    if cue >= person.gender_cue:
        person.gender, person.gender_cue = gender, cue


def _subject_rank(token: Token) -> int:
    """2 for the subject of a main clause, 1 for another subject, 0 for no subject.

    A name in apposition to a subject ("Her coach, Mikko Virtanen, said") or coordinated with
    one ("Mr. Dorran and Mrs. Selwyn spoke") is a subject too.
    """
    while token.dep_ in {"appos", "conj"} and token.head.i != token.i:
        token = token.head  # "Her coach, Mikko Virtanen," / "Mr. Dorran and Mrs. Selwyn"
    if token.dep_ not in _SUBJECT_DEPS:
        return 0
    verb = token.head
    main = verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")
    return 2 if main else 1


def _names_a_place(span: Span) -> bool:
    """Whether a lone name is a place by its noun ("the Daugava river", "islands of Hiiumaa")."""
    node = span.root
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    if node.dep_ in {"compound", "amod"} and node.head.lower_ in _PLACE_NOUNS:
        return True
    return (
        node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.lower_ in _PLACE_NOUNS
    )


# Verbs whose object is what the subject opposes: a country word in it ("rejecting Kyrgyz
# claims", "stormed the U.S. embassy in Tehran") places the subject least of all.
_OPPOSING_VERBS = frozenset(
    {
        "reject", "deny", "blame", "accuse", "criticize", "criticise", "condemn", "dismiss",
        "attack", "storm", "besiege", "raid", "bomb", "shell", "stone", "picket", "ambush",
    }
)


def _opposed(token: Token) -> bool:
    """Whether a country word is what a verb rejects or blames ("rejecting Kyrgyz claims")."""
    node = token
    while node.head.i != node.i:
        if node.dep_ in _SUBJECT_DEPS:
            return False
        node = node.head
        if node.pos_ == "VERB":
            return node.lemma_.lower() in _OPPOSING_VERBS
    return False


def _dateline(token: Token) -> bool:
    """Whether a place word is the article's dateline ("DUSHANBE —", "MOMBASA, Kenya —").

    An abbreviation near the start ("Demonstrators stormed the U.S. embassy") is none: a
    dateline is a word in capitals followed by its dash or comma.
    """
    if token.i > 3 or not token.is_upper or not token.is_alpha or len(token.text) <= 2:
        return False
    after = token.doc[token.i + 1 : token.i + 3]
    return any(t.text in _DATELINE_MARKS for t in after)


_DATELINE_MARKS = frozenset({"—", "–", "-", "--", ",", "(", ":"})


def _role_matches(wanted: str, held: str) -> bool:
    """'secretary general' matches 'secretary general'; 'minister' matches 'foreign minister'."""
    if held.startswith("former "):
        return False
    if wanted == held:
        return True
    wanted_words, held_words = wanted.split(), held.split()
    return len(wanted_words) == 1 and wanted_words[-1] == held_words[-1]


_INTERNATIONAL_WORDS = frozenset(
    {
        "international",
        "world",
        "global",
        "united",
        "nations",
        "african",
        "european",
        "asian",
        "arab",
        "islamic",
        "pan",
        "inter",
        "regional",
        "intergovernmental",
    }
)
_IGO_HEADS = frozenset(
    {
        "organization",
        "organisation",
        "agency",
        "office",
        "fund",
        "bank",
        "court",
        "tribunal",
        "commission",
        "programme",
        "program",
        "union",
        "council",
    }
)


def _international_code(name: str) -> str | None:
    """IGO or NGO for an unknown organisation whose name says it is international."""
    words = name.lower().replace("-", " ").split()
    if not _INTERNATIONAL_WORDS.intersection(words):
        return None
    return "IGO" if words[-1] in _IGO_HEADS and words[0] != "association" else "NGO"


def _is_people_noun(span: Span) -> bool:
    """A demonym used as a plural noun ("Palestinians"), not as an adjective or the country."""
    root = span.root
    return (
        root.tag_ in {"NNS", "NNPS"}
        and root.text[-1:] == "s"
        and root.dep_ not in {"amod", "compound"}
        and "." not in root.text
    )


def _locative(token: Token) -> bool:
    """Whether a place word is where something happens ("talks in Geneva"), not who acts."""
    node = token
    while node.dep_ in {"compound", "amod", "conj"} and node.head.i != node.i:
        node = node.head
    return node.dep_ == "pobj" and node.head.lower_ in {"in", "at", "near", "inside", "outside"}


_PLACE_PREPOSITIONS = frozenset(
    {
        "in", "at", "near", "inside", "outside", "from", "of", "to", "into", "across", "around",
        "through", "throughout", "towards", "toward",
    }
)


def _based_in(span: Span) -> bool:
    """Whether the name is where something is based ("Mombasa-based")."""
    doc = span.doc
    after = doc[span.end : span.end + 2]
    if len(after) == 2 and after[0].text == "-" and after[1].lower_ == "based":
        return True
    return span.end < len(doc) and doc[span.end].lower_.startswith("-based")


def _in_place_context(span: Span) -> bool:
    """Whether a name stands where only a place can: "in Mombasa", "the port of Mombasa",
    "Mombasa-based", or a dateline ("MOMBASA, Kenya —")."""
    node = span.root
    while node.dep_ in {"compound", "conj"} and node.head.i != node.i:
        node = node.head
    if node.dep_ == "pobj" and node.head.lower_ in _PLACE_PREPOSITIONS:
        return True
    return _based_in(span) or _dateline(span[0])


def _ethnic(span: Span) -> bool:
    """Whether "ethnic" qualifies the phrase ("ethnic Albanian guerrillas", "ethnic Turks")."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].lower_ == "ethnic":
        return True
    return any(t.lower_ == "ethnic" for t in doc[span[-1].left_edge.i : span.end])


# Nouns whose apposition names a news medium: "television channel France 3", "the radio
# station Europe 1".
_MEDIA_NOUNS = frozenset(
    {"channel", "television", "tv", "newspaper", "radio", "station", "broadcaster", "network",
     "daily", "tabloid", "magazine", "outlet"}
)
_SCORE_MARKS = frozenset({"-", "–", "—", ":"})


def _named_medium(span: Span) -> Span | None:
    """The name of a broadcaster or paper that a country's name begins, or None.

    A country's name followed by a small number is a channel's ("France 3", "Russia 24"),
    unless a score follows ("France 3-1 Italy" is the team); a country's name in apposition
    to a media noun ("the television channel France") is the medium's name too.
    """
    doc = span.doc
    end = span.end
    if end < len(doc) and doc[end].text.isdigit() and len(doc[end].text) <= 2:
        after = doc[end + 1].text if end + 1 < len(doc) else ""
        if after not in _SCORE_MARKS:
            return doc[span.start : end + 1]
    root = span.root
    if root.dep_ == "appos" and root.head.i < root.i and root.head.lower_ in _MEDIA_NOUNS:
        return span
    return None


def _year(day: str) -> int:
    return int(day[:4]) if day[:4].isdigit() else 0


def _national_office(actor: Actor) -> bool:
    """Whether a person's role is one a country's sentence locates ("President", "Judge").

    A former office holder is no country's official; an ambassador or envoy is named beside
    the country they are sent to, a group's leader beside the places the group fights in, a
    chief executive beside the markets the company sells in: a country near them is no
    evidence of theirs.
    """
    if actor.sector not in _NATIONAL_SECTORS or (actor.role or "").startswith("Former "):
        return False  # a former office holder speaks for no country any more
    words = set((actor.role or "").lower().replace("-", " ").split())
    return not words & _RELATIONAL_ROLES


def _code(country: str | None, sector: str | None) -> str | None:
    code = (country or "") + (sector or "")
    return code or None
