"""The world gazetteer: cities the knowledge base does not list, read as places only where
the text uses them as places; and known persons named by their family name alone."""

from __future__ import annotations

from typing import Any

import pytest

from rashomon.kb.gazetteer import city_country


def test_unambiguous_cities_have_their_country() -> None:
    assert city_country("Mombasa") == "KEN"
    assert city_country("São Paulo") == "BRA"
    assert city_country("Sao Paulo") == "BRA"


def test_a_large_city_outweighs_the_towns_named_after_it() -> None:
    assert city_country("Birmingham") == "GBR"  # not Birmingham, Alabama
    assert city_country("Paris") == "FRA"


def test_shared_and_lower_case_names_stand_for_no_country() -> None:
    assert city_country("Victoria") is None  # comparable cities in several countries
    assert city_country("mombasa") is None
    assert city_country("Ruritania-on-Sea") is None


def _actors(nlp: Any, text: str) -> dict[str, str | None]:
    doc = nlp(text)
    return {actor.name: actor.country for actor in doc._.rashomon_actors.actors}


@pytest.mark.model
def test_a_city_in_place_context_locates_its_actors(nlp: Any) -> None:
    found = _actors(nlp, "Police in Mombasa arrested three men on Tuesday.")
    assert found["Mombasa"] == "KEN"
    assert "KEN" in {c for name, c in found.items() if name != "Mombasa"}
    based = _actors(nlp, "A Mombasa-based rights group accused the police of torture.")
    assert based["Mombasa"] == "KEN"


@pytest.mark.model
def test_invented_places_and_person_names_get_no_country(nlp: Any) -> None:
    invented = _actors(nlp, "Officials in Port Velmora said the bridge would reopen.")
    assert all(country is None for country in invented.values())
    person = _actors(nlp, "Jackson said the plan would fail.")
    assert person == {"Jackson": None}


@pytest.mark.model
def test_a_known_surname_that_acts_is_the_known_person(nlp: Any) -> None:
    found = _actors(nlp, "Musharraf said the talks with India would resume next month.")
    assert found.get("Pervez Musharraf") == "PAK"
