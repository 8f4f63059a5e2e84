"""The analysed-article contract: schema, records and docs agree, and real output validates."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from rashomon.records import Actor, AnalyzedArticle, Event, Mention, Statement, field_names
from records_factory import sample_record

REPO = Path(__file__).resolve().parents[1]


def schema() -> dict[str, Any]:
    text = resources.files("rashomon.data").joinpath("analyzed_article.schema.json").read_text()
    return dict(json.loads(text))


@pytest.mark.parametrize(
    ("record_type", "path"),
    [(AnalyzedArticle, None), (Actor, "actor"), (Mention, "mention"), (Statement, "statement"),
     (Event, "event")],
)
def test_schema_names_exactly_the_record_fields(record_type: type, path: str | None) -> None:
    node = schema() if path is None else schema()["$defs"][path]
    assert list(node["properties"]) == field_names(record_type)
    assert node["required"] == field_names(record_type)


def test_docs_name_every_field() -> None:
    docs = (REPO / "docs" / "output.md").read_text()
    for record_type in (AnalyzedArticle, Actor, Mention, Statement, Event):
        for name in field_names(record_type):
            assert f"`{name}`" in docs, f"docs/output.md does not document {name}"


def test_hand_built_record_validates_and_round_trips() -> None:
    data = sample_record().to_dict()
    jsonschema.validate(data, schema())
    assert AnalyzedArticle.from_dict(json.loads(json.dumps(data))).to_dict() == data


def test_schema_rejects_a_broken_record() -> None:
    data = sample_record().to_dict()
    data["statements"][0]["channel"] = "carrier pigeon"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema())


def check_offsets(data: dict[str, Any]) -> None:
    """Every span must highlight exactly its text in the source."""
    text = data["text"]
    for m in data["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"]
    for s in data["statements"]:
        assert text[s["start"]:s["end"]] == s["content"]
        if s["speaker_start"] is not None:
            assert text[s["speaker_start"]:s["speaker_end"]] == s["speaker_text"]
    actor_ids = {a["id"] for a in data["actors"]}
    for e in data["events"]:
        assert 0 <= e["start"] < e["end"] <= len(text)
        assert {e["actor"], e["recipient"]} - {None} <= actor_ids
        if e["attributed_to"] is not None:
            assert e["attributed_to"] < len(data["statements"])


@pytest.mark.model
def test_real_output_on_the_machine_translated_article_validates(
    analyze_text: Any, mt_article_path: Path
) -> None:
    record = analyze_text(mt_article_path.read_text(encoding="utf8"), published="2017-07-08")
    data = json.loads(json.dumps(record.to_dict()))
    jsonschema.validate(data, schema())
    check_offsets(data)
    assert data["actors"] and data["statements"]
