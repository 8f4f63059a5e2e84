"""Words that take sides or back a phrase: "pro-Iranian", "anti-American", "Rwandan-backed".

Such a word names the side a phrase is on, or who backs, arms or holds it, not who the phrase
is: "pro-Russian separatists in eastern Ukraine" are not Russian, "the pro-Iranian Hizbollah
group" is Hezbollah, "Rwandan-backed rebels" fight in Congo. Neither the event coder nor the
actor resolver reads a country or an actor from it.
"""

from __future__ import annotations

from spacy.tokens import Token

SIDE_PREFIXES = frozenset({"pro", "anti"})
# "pro-", "anti-": one ``str.startswith`` for every prefix (asked for each mentioned token).
_SIDE_STARTS = tuple(sorted(p + "-" for p in SIDE_PREFIXES))


def sided(token: Token) -> bool:
    """Whether ``token`` is the second half of "pro-X"/"anti-X" (or one token "pro-X")."""
    doc = token.doc
    i = token.i
    if i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ in SIDE_PREFIXES:
        return True
    return token.lower_.startswith(_SIDE_STARTS)


# Participles that make a country word the sponsor or holder of what follows, not its
# country: "Rwandan-backed rebels" fight in Congo, "the Israeli-occupied West Bank" is not
# Israel, "a U.S.-backed government" is Iraq's. "-led" is left out: "US-led forces" are US.
SPONSOR_PARTICIPLES = frozenset(
    {
        "backed", "sponsored", "supported", "funded", "financed", "armed", "trained", "allied",
        "aligned", "occupied", "controlled", "held", "installed", "inspired",
    }
)

# Nouns whose possessor is their sponsor: "Israel's militia ally in southern Lebanon".
SPONSORED_NOUNS = frozenset({"ally", "proxy", "surrogate", "client"})


def sponsoring(token: Token) -> bool:
    """Whether a country word is the first half of "Rwandan-backed" (three tokens, or one),
    or the possessor of an ally or a proxy.

    Such a word names who backs, arms or holds a phrase, the way "pro-" names the side it
    takes: the phrase is not of that country, and the word places nothing.
    """
    doc = token.doc
    i = token.i
    if i + 2 < len(doc) and doc[i + 1].text == "-" and doc[i + 2].lower_ in SPONSOR_PARTICIPLES:
        return True
    if token.dep_ == "poss" and token.head.lemma_.lower() in SPONSORED_NOUNS:
        return True  # "Israel's militia ally in southern Lebanon", "Russia's ally Assad"
    head, dash, tail = token.lower_.rpartition("-")
    return bool(head and dash) and tail in SPONSOR_PARTICIPLES
