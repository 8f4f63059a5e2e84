"""FNC-1 as the stance model sees it: pairs, their passages, features, and the FNC-1 score.

The data lives in ``../shared/data/fnc1`` (``bodies.jsonl``, ``pairs.jsonl``); it is read in
place and never shipped. Embeddings of every body sentence and every headline are computed
once and cached (``artifacts/``, not in git), so that folds and benchmarks re-run in seconds.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from ..embeddings import Encoder, load_encoder
from ..lemmas import parse_all
from ..stance.features import PROTOTYPES, claim_text, pair_features, passage
from ..stance.sentences import sentence_spans

LABELS = ("agree", "disagree", "discuss", "unrelated")
CACHE_VERSION = 1


@dataclass(slots=True)
class FncData:
    """FNC-1 pairs with their feature rows, labels and story groups."""

    headlines: list[str]
    bodies: list[str]
    labels: npt.NDArray[np.int64]  # index into LABELS
    stories: list[str]
    features: npt.NDArray[np.float64]


def read_fnc(root: Path) -> tuple[dict[int, str], list[dict[str, object]]]:
    """Bodies by id and the pairs, as stored."""
    bodies: dict[int, str] = {}
    with (root / "bodies.jsonl").open(encoding="utf8") as fh:
        for line in fh:
            row = json.loads(line)
            bodies[int(row["body_id"])] = str(row["text"])
    with (root / "pairs.jsonl").open(encoding="utf8") as fh:
        pairs = [json.loads(line) for line in fh if line.strip()]
    return bodies, pairs


def _embeddings(
    bodies: dict[int, str], headlines: Sequence[str], encoder: Encoder, cache: Path | None
) -> tuple[dict[int, tuple[list[tuple[int, int]], npt.NDArray[np.float32]]],
           dict[str, npt.NDArray[np.float32]], npt.NDArray[np.float32]]:
    ids = sorted(bodies)
    spans = {i: sentence_spans(bodies[i]) for i in ids}
    heads = sorted(set(headlines))
    loaded = None
    if cache is not None and cache.exists():
        data = np.load(cache, allow_pickle=False)
        if int(data["version"]) == CACHE_VERSION and list(data["ids"]) == ids and \
                list(data["heads"]) == heads:
            loaded = data
    if loaded is None:
        sentences = [bodies[i][s:e] for i in ids for s, e in spans[i]]
        # About one sentence in nine repeats one already met (wire copy runs in several
        # bodies): each distinct sentence is embedded once.
        distinct = list(dict.fromkeys(sentences))
        row = {text: k for k, text in enumerate(distinct)}
        body_vecs = encoder(distinct)[[row[text] for text in sentences]]
        head_vecs = encoder(heads)
        proto_vecs = encoder(list(PROTOTYPES))
        counts = np.array([len(spans[i]) for i in ids])
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            np.savez_compressed(cache, version=CACHE_VERSION, ids=np.array(ids),
                                heads=np.array(heads), counts=counts, body=body_vecs,
                                head=head_vecs, proto=proto_vecs)
    else:
        counts, body_vecs = loaded["counts"], loaded["body"]
        head_vecs, proto_vecs = loaded["head"], loaded["proto"]
    offsets = np.concatenate([[0], np.cumsum(counts)])
    by_body = {i: (spans[i], body_vecs[offsets[k] : offsets[k + 1]]) for k, i in enumerate(ids)}
    by_head = {h: head_vecs[k] for k, h in enumerate(heads)}
    return by_body, by_head, np.asarray(proto_vecs, dtype=np.float32)


def load_fnc(root: Path, cache: Path | None = None, encoder: Encoder | None = None) -> FncData:
    """FNC-1 pairs with feature rows (embeddings from ``cache`` when it is current)."""
    bodies, pairs = read_fnc(root)
    headlines = [str(p["headline"]) for p in pairs]
    by_body, by_head, protos = _embeddings(bodies, headlines, encoder or _lazy(), cache)
    parse_all([*bodies.values(), *by_head])
    passages = {i: passage(bodies[i], *by_body[i]) for i in bodies}
    claims = {h: claim_text(h, v) for h, v in by_head.items()}
    rows = [
        pair_features(claims[str(p["headline"])], passages[int(str(p["body_id"]))], protos)
        for p in pairs
    ]
    return FncData(
        headlines=headlines,
        bodies=[bodies[int(str(p["body_id"]))] for p in pairs],
        labels=np.array([LABELS.index(str(p["stance"])) for p in pairs]),
        stories=[str(p["story"]) for p in pairs],
        features=np.vstack(rows),
    )


def _lazy() -> Encoder:
    def encode(texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return load_encoder()(texts)

    return encode


def fnc_score(gold: Sequence[int], predicted: Sequence[int]) -> float:
    """The FNC-1 score as a share of the best possible.

    0.25 for an unrelated pair called unrelated; for a related pair, 0.25 for calling it
    related and 0.75 more when its stance is right.
    """
    unrelated = LABELS.index("unrelated")
    got = best = 0.0
    for g, p in zip(gold, predicted, strict=True):
        if g == unrelated:
            best += 0.25
            got += 0.25 if p == unrelated else 0.0
        else:
            best += 1.0
            if p != unrelated:
                got += 0.25 + (0.75 if p == g else 0.0)
    return got / best if best else 0.0
