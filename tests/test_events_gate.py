"""Quality gate: event coding on the PLOVER gold sentences (../shared/data/plover-gsr-dev.jsonl).

The records are split into folds by record (``evaluation.events.split_tuning``); lexicon, thresholds
and rules are developed on the tuning folds only. The floors are on the held-out folds, just
below what ``bench/events.py`` and ``bench/actors.py`` measured when they were pinned; a
regression below them fails CI.
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import shared_file
from rashomon.evaluation.actors import score_actors
from rashomon.evaluation.events import analyse_rows, read_gold, score, split_tuning
from rashomon.kb import default_kb

pytestmark = [pytest.mark.model, pytest.mark.gate]

# Measured out of fold (62 records): type 0.887, actor country 0.903, recipient country 0.818,
# actor sector 0.797 (74 gold actors with a sector).
TYPE_FLOOR = 0.85
ACTOR_FLOOR = 0.89
RECIPIENT_FLOOR = 0.79
SECTOR_FLOOR = 0.77


@pytest.fixture(scope="module")
def held_out() -> list[dict[str, Any]]:
    rows = read_gold(shared_file("data", "plover-gsr-dev.jsonl"))
    _, indices = split_tuning(rows)
    return [rows[i] for i in indices]


@pytest.fixture(scope="module")
def scores(nlp: Any, held_out: list[dict[str, Any]]) -> Any:
    return score(held_out, analyse_rows(nlp, held_out))


def test_event_type_accuracy_out_of_fold(scores: Any) -> None:
    assert scores.sentences >= 50
    assert scores.type_accuracy >= TYPE_FLOOR, scores.type_accuracy


def test_actor_country_accuracy_out_of_fold(scores: Any) -> None:
    assert scores.actor_accuracy >= ACTOR_FLOOR, scores.actor_accuracy


def test_recipient_country_accuracy_out_of_fold(scores: Any) -> None:
    assert scores.recipient_accuracy >= RECIPIENT_FLOOR, scores.recipient_accuracy


def test_actor_sector_accuracy_out_of_fold(nlp: Any, held_out: list[dict[str, Any]]) -> None:
    result = score_actors(nlp, held_out, default_kb())
    assert result.with_sector >= 50
    assert result.sector >= SECTOR_FLOOR, result.misses
