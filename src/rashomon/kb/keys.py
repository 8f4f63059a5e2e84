"""Canonical keys: one spelling-independent key per name, used to merge actors across articles.

``canonical_key("Kim Jong-un") == canonical_key("Kim Jong Un")`` and
``canonical_key("Erdoğan") == canonical_key("Erdogan")``: the store keeps one actor row per key
with every spelling seen as an alias.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

# Letters that Unicode decomposition leaves alone but that readers treat as plain Latin letters.
_FOLD = str.maketrans(
    {"ı": "i", "ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th"}
)
_APOSTROPHES = "'’‘`´ʼ"
# Titles of address before a name, which a name key drops ("Mr Lavrov" is Lavrov).
HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "dame",
        "madam",
        "mister",
        "monsieur",
        "herr",
        "sheikh",
        "sheik",
        "prof",
        "professor",
    ]
)
_PARTICLES = frozenset({"al", "el"})
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def name_variants() -> dict[str, str]:
    """Transliteration variants of name parts (``sergey`` → ``sergei``), from the data file."""
    table: dict[str, str] = {}
    text = resources.files("rashomon.kb").joinpath("data/name_variants.tsv").read_text("utf8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        variant, canonical = line.split("\t")
        table[variant.strip()] = canonical.strip()
    return table


@lru_cache(maxsize=65536)  # the same words are folded in every article
def fold(text: str) -> str:
    """Lower-case, strip diacritics and fold special Latin letters (``Erdoğan`` → ``erdogan``)."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _part(word: str, variants: dict[str, str]) -> str:
    word = variants.get(word, word)
    # Russian names end in -ey/-iy in one romanisation and -ei/-i in another.
    if len(word) > 4 and word.endswith("iy"):
        word = word[:-1]
    elif len(word) > 4 and word.endswith("ey"):
        word = word[:-1] + "i"
    return word


def name_parts(name: str) -> list[str]:
    """The folded words of a name, without honorifics, possessive ``'s`` and punctuation."""
    return list(_name_parts(name))


# The same names are folded over and over (every mention is compared with every person).
@lru_cache(maxsize=65536)
def _name_parts(name: str) -> tuple[str, ...]:
    text = fold(name)
    for mark in _APOSTROPHES:
        text = text.replace(mark + "s ", " ").removesuffix(mark + "s").replace(mark, "")
    text = _NON_WORD.sub(" ", text.replace("-", " ").replace("_", " "))
    words = _SPACES.split(text.strip())
    variants = name_variants()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    parts = [_part(w, variants) for w in words if w and w not in HONORIFICS]
    # Arabic articles are written, hyphenated or dropped at will: al-Assad, Assad, el-Sisi.
    kept = [w for w in parts if w not in _PARTICLES]
    return tuple(kept or parts)


@lru_cache(maxsize=65536)  # asked again for the same names in every step of every article
def canonical_key(name: str) -> str:
    """The spelling-independent key of a name.

    Lower-cases, strips diacritics (``Erdoğan`` → ``erdogan``), treats hyphens as spaces
    (``Kim Jong-un`` → ``kim jong un``), drops a leading ``the``, honorifics (``Mr.``) and
    possessive ``'s``, and
    maps known transliteration variants of name parts to one spelling (``Sergey``/``Sergei``).

    Args:
        name: a name as written in an article or dictionary.

    Returns:
        The key, words separated by single spaces; empty when nothing name-like is left.
    """
    return " ".join(name_parts(name))
