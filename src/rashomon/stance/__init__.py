"""Stance of a passage towards a claim: agree, disagree, discuss or unrelated.

A small scikit-learn model over features that do not memorise topics (sentence-embedding
similarity of the claim to the passage's best-matching sentences, lexical overlap,
refuting and hedging cues near the match, numbers that differ), trained on FNC-1 by
``make train`` and shipped as package data. ``check_claims`` runs it over stored articles;
the CLI (``rashomon check``), the web app (``/check``, ``/api/check``) and the Python API
all call it.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# The package is imported by light modules (``compare.judge`` reads ``stance.cues``); the
# model and the checker load scikit-learn, so they are imported on first use.
_EXPORTS = {
    "STANCES": "model",
    "CheckRow": "check",
    "ClaimInput": "check",
    "StanceModel": "model",
    "StanceResult": "model",
    "check_claims": "check",
    "load_model": "model",
    "read_claims": "check",
    "validate_claim": "check",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
