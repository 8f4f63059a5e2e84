"""Gate: the stance model on FNC-1, out of fold with folds grouped by story.

Each fold's model is fitted afresh on the other stories' pairs and scores pairs of stories
it never saw. The sentence embeddings and the feature rows are cached under ``artifacts/``
(keyed by the source of the feature code), so only the first run embeds FNC-1.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from conftest import shared_file
from rashomon.evaluation.fnc import FncData, load_fnc
from rashomon.evaluation.stance import model_predictions, scores
from rashomon.stance.features import FEATURE_NAMES, PROTOTYPES
from rashomon.stance.model import load_model

pytestmark = [pytest.mark.gate, pytest.mark.slow]
REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "artifacts"
# Measured: FNC-1 score 0.816, macro F1 0.688, disagree F1 0.422 (docs/stories.md).
FLOORS = {"fnc": 0.80, "macro_f1": 0.66, "disagree": 0.40}


def _feature_key() -> str:
    digest = hashlib.sha256()
    for name in ("features.py", "sentences.py", "cues.py", "data/cues.yaml"):
        digest.update(resources.files("rashomon.stance").joinpath(name).read_bytes())
    digest.update(resources.files("rashomon.compare").joinpath("text.py").read_bytes())
    return digest.hexdigest()[:16]


def fnc_data() -> FncData:
    root = shared_file("data", "fnc1", "pairs.jsonl").parent
    cached = ARTIFACTS / f"fnc1_features_{_feature_key()}.npz"
    if cached.exists():
        data = np.load(cached, allow_pickle=False)
        return FncData(headlines=[], bodies=[], labels=data["labels"],
                       stories=[str(s) for s in data["stories"]], features=data["features"])
    fnc = load_fnc(root, ARTIFACTS / "fnc1_embeddings.npz")
    ARTIFACTS.mkdir(exist_ok=True)
    np.savez_compressed(cached, labels=fnc.labels, stories=np.array(fnc.stories),
                        features=fnc.features)
    return fnc


def test_out_of_fold_fnc1_figures_hold() -> None:
    data = fnc_data()
    assert data.features.shape == (9990, len(FEATURE_NAMES))
    prototypes = load_model().prototypes
    assert prototypes.shape == (len(PROTOTYPES), 384)
    oof, infold = model_predictions(data, prototypes)
    found = scores(data.labels, oof)
    assert found.fnc >= FLOORS["fnc"], found
    assert found.macro_f1 >= FLOORS["macro_f1"], found
    assert found.per_class["disagree"] >= FLOORS["disagree"], found
    # in-fold is memory, and far above: the out-of-fold figure is the honest one
    assert scores(data.labels, infold).macro_f1 > found.macro_f1


def test_shipped_model_card_states_its_figures() -> None:
    card = resources.files("rashomon.stance").joinpath("data/MODEL_CARD.md").read_text("utf8")
    assert "out-of-fold" in card and "group k-fold on `story`" in card
    assert load_model().card["folds"] == 5
    figures = load_model().card["figures"]["stance model, out-of-fold"]
    assert figures["fnc"] >= FLOORS["fnc"]
    assert figures["per_class"]["disagree"] >= FLOORS["disagree"]
