"""Quality gate: event coding on the PLOVER gold sentences (../shared/data/plover-gsr-dev.jsonl).

Floors sit just below what the coder measured when they were pinned (``bench/events.py``
prints the current figures); a regression below them fails CI.
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import shared_file
from rashomon.nlp.event_eval import evaluate

pytestmark = [pytest.mark.model, pytest.mark.gate]

# Measured: type 0.896, actor country 0.920, recipient country 0.808 (164 sentences).
TYPE_FLOOR = 0.87
ACTOR_FLOOR = 0.90
RECIPIENT_FLOOR = 0.78


@pytest.fixture(scope="module")
def scores(nlp: Any) -> Any:
    return evaluate(nlp, shared_file("data", "plover-gsr-dev.jsonl"))


def test_event_type_accuracy(scores: Any) -> None:
    assert scores.sentences >= 150
    assert scores.type_accuracy >= TYPE_FLOOR, scores.type_accuracy


def test_actor_country_accuracy(scores: Any) -> None:
    assert scores.actor_accuracy >= ACTOR_FLOOR, scores.actor_accuracy


def test_recipient_country_accuracy(scores: Any) -> None:
    assert scores.recipient_accuracy >= RECIPIENT_FLOOR, scores.recipient_accuracy
