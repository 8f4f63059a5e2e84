"""Cue words of stance (refuting, hedging, negation, rebuttal), read from ``data/cues.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

NUMBER_RE = re.compile(r"\b\d[\d,.]*\b")


@dataclass(frozen=True, slots=True)
class Cues:
    """The cue word sets."""

    refuting: frozenset[str]
    hedging: frozenset[str]
    negators: frozenset[str]
    rebuttal_verbs: frozenset[str]


@lru_cache(maxsize=1)
def cues() -> Cues:
    """The shipped cue words."""
    text = resources.files("rashomon.stance").joinpath("data/cues.yaml").read_text("utf8")
    data = yaml.safe_load(text)
    return Cues(
        refuting=frozenset(str(w) for w in data["refuting"]),
        hedging=frozenset(str(w) for w in data["hedging"]),
        negators=frozenset(str(w) for w in data["negators"]),
        rebuttal_verbs=frozenset(str(w) for w in data["rebuttal_verbs"]),
    )


def numbers(text: str) -> set[str]:
    """The numbers written in a text, normalised ("1,000" → "1000")."""
    return {m.group(0).replace(",", "").rstrip(".") for m in NUMBER_RE.finditer(text)}
