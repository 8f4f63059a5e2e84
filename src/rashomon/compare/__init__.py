"""Claims, their alignment across a story's articles, and agreement or contradiction labels."""

from .accounts import accounts_by_speaker, outlets_by_account, single_source_claims
from .align import AlignSettings, compare_claims
from .claims import extract_claims
from .lexicon import Lexicon, default_lexicon

__all__ = [
    "AlignSettings",
    "Lexicon",
    "accounts_by_speaker",
    "compare_claims",
    "default_lexicon",
    "extract_claims",
    "outlets_by_account",
    "single_source_claims",
]
