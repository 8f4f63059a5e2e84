"""Sentence embeddings for story grouping (``stories.embeddings``).

The grouper averages the cosine of article embeddings with the TF-IDF cosine when the
setting is on. The model is the packaged MiniLM that ``rashomon.embeddings`` loads once per
process for every stage; without it (or with a package that holds no model) grouping runs
on TF-IDF and MinHash alone. Nothing is ever downloaded.
"""

from __future__ import annotations

import logging

from ..embeddings import PACKAGE, load_encoder
from ..errors import RashomonError
from .features import Embedder

log = logging.getLogger(__name__)


def load_embedder(package: str = PACKAGE) -> Embedder | None:
    """An embedding function from the installed model package, or ``None`` when absent."""
    try:
        encode = load_encoder(package)
    except RashomonError as exc:  # grouping never stops for want of the model
        log.info("embeddings unavailable (%s): grouping without them", exc.message)
        return None

    def embed(texts: list[str]) -> list[list[float]]:
        return [[float(v) for v in row] for row in encode(texts)]

    return embed
