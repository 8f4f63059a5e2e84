"""The story contract: schema, records and docs agree on claims, comparisons and check rows."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from rashomon.records import Claim, ClaimRef, Comparison, Story, field_names
from rashomon.stance.check import CheckRow

REPO = Path(__file__).resolve().parents[1]


def story_schema() -> dict[str, Any]:
    text = resources.files("rashomon.data").joinpath("story.schema.json").read_text()
    return dict(json.loads(text))


def sample_story() -> Story:
    claim = Claim(article="a1", statement=0, event=None, speaker="Maria Lopez", outlet="Bay",
                  subject=None, predicate="deny", polarity=True, text="no plan to close",
                  start=10, end=26, cue="deny")
    return Story(
        id="s1", title="Bridge", start="2026-05-01", end="2026-05-02", articles=["a1", "a2"],
        actors=["Maria Lopez"], events=[], claims=[claim],
        comparisons=[Comparison("contradiction", "bridge", ClaimRef("a1", 0), ClaimRef("a2", 1),
                                "rebuttal: Maria Lopez (Bay) \"deny\" …", score=0.83)],
    )


def test_schema_names_exactly_the_record_fields() -> None:
    defs = story_schema()["$defs"]
    assert list(defs["claim"]["properties"]) == field_names(Claim)
    assert list(defs["comparison"]["properties"]) == field_names(Comparison)
    assert list(defs["check_row"]["properties"]) == field_names(CheckRow)


def test_story_validates_and_round_trips() -> None:
    data = sample_story().to_dict()
    jsonschema.validate(data, story_schema())
    assert Story.from_dict(json.loads(json.dumps(data))).to_dict() == data


def test_schema_rejects_a_comparison_without_score() -> None:
    data = sample_story().to_dict()
    del data["comparisons"][0]["score"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, story_schema())


def test_docs_name_the_fields() -> None:
    docs = (REPO / "docs" / "output.md").read_text()
    for name in [*field_names(Comparison), *field_names(CheckRow), "cue"]:
        assert f"`{name}`" in docs, f"docs/output.md does not document {name}"
