"""The predicate lexicon: classes of predicates and the pairs that contradict each other."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Word form → predicate class, and the opposed class pairs.

    ``opposed`` maps a pair to the number of content terms two claims must share for the
    opposition to count (1, 2 for generic pairs, or as the data file says).
    """

    forms: dict[str, str]
    opposed: dict[frozenset[str], int]
    generic: frozenset[str] = frozenset()

    def opposition(self, a: str, b: str) -> int | None:
        """``None`` when the classes are not opposed, else the shared terms the pair needs."""
        return self.opposed.get(frozenset((a, b)))


def parse_lexicon(data: dict[str, Any]) -> Lexicon:
    """Build a lexicon from the parsed data file (see ``compare/data/predicates.yaml``)."""
    forms: dict[str, str] = {}
    for name, words in data["classes"].items():
        for word in words:
            forms[str(word).lower()] = str(name)
    opposed = {
        frozenset((str(pair["a"]), str(pair["b"]))): int(
            pair.get("min_shared", 2 if pair.get("generic", False) else 1)
        )
        for pair in data["opposed"]
    }
    generic = frozenset(str(name) for name in data.get("generic", []))
    return Lexicon(forms=forms, opposed=opposed, generic=generic)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon shipped with the package."""
    text = resources.files("rashomon.compare").joinpath("data/predicates.yaml").read_text("utf8")
    return parse_lexicon(yaml.safe_load(text))
