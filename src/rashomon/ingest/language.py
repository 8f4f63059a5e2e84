"""Language identification with py3langid, loaded once per process."""

from __future__ import annotations

from collections.abc import Collection
from functools import cache
from typing import Any

# Enough text to identify a language; classifying a whole long article only costs time.
SAMPLE_CHARS = 5000
# A guess this sure stands even against the languages we analyse.
CONFIDENT = 0.9
# A language we analyse that is this likely wins over an unsure guess: short English news
# with foreign names is often taken for a neighbouring language or a creole.
PREFERRED_FLOOR = 0.2
# Below this probability the guess is no better than a coin: the language stays unknown.
MIN_PROBABILITY = 0.5


@cache
def _identifier() -> Any:
    from py3langid import langid  # noqa: PLC0415 - loads a model; only when needed

    return langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)


def detect_language(text: str, min_chars: int, preferred: Collection[str] = ("en",)) -> str | None:
    """The ISO 639-1 code of the text's language, or ``None`` when unsure.

    Args:
        text: the article text.
        min_chars: shorter texts are not classified (``None``), as short guesses mislead.
        preferred: the languages that are analysed; one of them wins over an unsure guess,
            so that an English article is not left unanalysed on a weak signal.
    """
    sample = text.strip()[:SAMPLE_CHARS]
    if len(sample) < min_chars:
        return None
    ranked: list[tuple[str, float]] = _identifier().rank(sample)
    top, probability = ranked[0]
    if probability >= CONFIDENT or top in preferred:
        return str(top)
    for language, chance in ranked[:3]:
        if language in preferred and chance >= PREFERRED_FLOOR:
            return str(language)
    return str(top) if probability >= MIN_PROBABILITY else None
