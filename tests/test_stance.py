"""The stance model's parts on hand-built inputs: sentences, features, score, claims, speakers."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from rashomon.errors import RashomonError
from rashomon.evaluation.fnc import LABELS, fnc_score
from rashomon.stance.check import read_claims, speaker_of, validate_claim
from rashomon.stance.features import (
    FEATURE_NAMES,
    claim_text,
    evidence,
    pair_features,
    passage,
)
from rashomon.stance.sentences import sentence_spans

# Claim words are read by the spaCy model's tagger and lemmatizer.
pytestmark = pytest.mark.model


def unit(*values: float) -> np.ndarray:
    vector = np.zeros(384, dtype=np.float32)
    vector[: len(values)] = values
    return vector / np.linalg.norm(vector)


def test_sentences_keep_offsets_and_titles() -> None:
    text = ('Mr. Harlow met Gen. Ivanov in Geneva. "We made progress," he said.\n\n'
            "Talks resume on Monday! Nobody knows where.")
    spans = sentence_spans(text)
    parts = [text[s:e] for s, e in spans]
    assert parts == [
        "Mr. Harlow met Gen. Ivanov in Geneva.",
        '"We made progress," he said.',
        "Talks resume on Monday!",
        "Nobody knows where.",
    ]


def test_sentences_join_fragments_and_cut_long_runs() -> None:
    assert sentence_spans("") == []
    short = "Yes. The minister then left the room quietly."
    assert [short[s:e] for s, e in sentence_spans(short)] == [short]
    long = "word " * 300
    spans = sentence_spans(long)
    assert len(spans) > 1 and all(e - s <= 600 for s, e in spans)


def test_fnc_score_weights_related_pairs() -> None:
    agree, disagree, discuss, unrelated = range(4)
    assert LABELS[unrelated] == "unrelated"
    assert fnc_score([agree, unrelated], [agree, unrelated]) == 1.0
    # related called related with the wrong stance: 0.25 of 1.0, plus the unrelated 0.25
    assert fnc_score([agree, unrelated], [discuss, unrelated]) == pytest.approx(0.5 / 1.25)
    assert fnc_score([disagree], [unrelated]) == 0.0


def test_features_read_cues_around_the_best_match() -> None:
    text = ("The city council approved the new budget on Tuesday. "
            "Officials denied that the budget was cut, calling the report a hoax. "
            "The weather was mild.")
    spans = sentence_spans(text)
    vectors = np.vstack([unit(1, 0.2), unit(0.9, 0.5), unit(0, 0, 1)])
    item = passage(text, spans, vectors)
    claim = claim_text("The council cut the budget", unit(1, 0.3))
    row = dict(zip(FEATURE_NAMES, pair_features(claim, item, np.vstack([unit(1)] * 3)),
                   strict=True))
    assert row["sim_max"] > 0.9
    assert row["refute_top"] >= 2  # "denied", "hoax"
    assert row["terms_in_passage"] == 1.0
    assert row["claim_refute"] == 0.0
    assert evidence(claim, item, 1) == [0] or evidence(claim, item, 1) == [1]


def test_negation_before_a_matched_word_counts() -> None:
    text = "The ministry said the troops did not cross the border."
    item = passage(text, sentence_spans(text), np.vstack([unit(1)]))
    claim = claim_text("Troops crossed the border", unit(1))
    row = dict(zip(FEATURE_NAMES, pair_features(claim, item, np.vstack([unit(1)] * 3)),
                   strict=True))
    assert row["negated_match_top"] >= 1


@pytest.mark.parametrize(
    ("text", "reason"),
    [("", "empty"), ("   ", "empty"), ("x" * 600, "limit"), ("the of and", "content"),
     ("Le gouvernement a annoncé une nouvelle réforme des retraites hier soir", "language")],
)
def test_bad_claims_are_coded_errors(text: str, reason: str) -> None:
    with pytest.raises(RashomonError) as err:
        validate_claim("c1", text)
    assert err.value.code == "E027"
    assert reason in err.value.message


def test_a_good_claim_is_normalised() -> None:
    assert validate_claim("c1", "  Talks  ended\nwithout a deal ") == "Talks ended without a deal"


def test_claims_file(tmp_path: Path) -> None:
    good = tmp_path / "claims.jsonl"
    good.write_text(json.dumps({"id": "a", "claim": "The talks failed"}) + "\n\n"
                    + json.dumps({"claim": "Prices rose in May"}) + "\n")
    claims = read_claims(good)
    assert [(c.id, c.claim) for c in claims] == [("a", "The talks failed"),
                                                 ("3", "Prices rose in May")]
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "a", "claim": "ok claim here"}\n{not json\n')
    with pytest.raises(RashomonError) as err:
        read_claims(broken)
    assert err.value.code == "E007" and "line 2" in err.value.message
    twice = tmp_path / "twice.jsonl"
    twice.write_text('{"id": "a", "claim": "one claim"}\n{"id": "a", "claim": "two claims"}\n')
    with pytest.raises(RashomonError) as err:
        read_claims(twice)
    assert err.value.code == "E027"
    with pytest.raises(RashomonError) as err:
        read_claims(tmp_path / "missing.jsonl")
    assert err.value.code == "E001"


def test_speaker_is_the_statement_holding_the_evidence() -> None:
    statements = [(10, 60, "Karen Whitfield"), (100, 140, "Irina Volkova")]
    assert speaker_of(statements, [(5, 62)]) == "Karen Whitfield"
    assert speaker_of(statements, [(200, 260)]) is None
    # a sentence that only grazes a statement is still the outlet's own voice
    assert speaker_of(statements, [(55, 98)]) is None
