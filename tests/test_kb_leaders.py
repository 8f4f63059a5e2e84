"""Heads of state and government, foreign ministers, international organisations, sector words."""

from __future__ import annotations

from importlib import resources

import yaml

from rashomon.kb import default_kb
from rashomon.kb.base import builtin_titles


def _data(name: str) -> list[dict[str, object]]:
    text = resources.files("rashomon.kb").joinpath(f"data/{name}").read_text("utf8")
    return list(yaml.safe_load(text))


def test_every_leader_and_organisation_says_where_it_comes_from() -> None:
    for name in ("leaders.yaml", "igos.yaml"):
        for item in _data(name):
            assert str(item.get("reference", "")).strip(), (name, item["name"])


def test_leaders_are_not_repeated_from_persons() -> None:
    persons = {(p["name"], p["role"]) for p in _data("persons.yaml")}
    leaders = [(p["name"], p["role"]) for p in _data("leaders.yaml")]
    assert not persons & set(leaders)
    assert len(leaders) == len(set(leaders))


def test_dated_roles_of_leaders() -> None:
    kb = default_kb()
    minister = kb.lookup("Annalena Baerbock", "2023-05-01")
    assert minister is not None
    assert (minister.country, minister.sector, minister.role) == ("DEU", "GOV", "Foreign Minister")
    assert minister.reference and "own knowledge" in minister.reference
    successor = kb.lookup("Johann Wadephul", "2025-06-01")
    assert successor is not None and successor.role == "Foreign Minister"
    costa = kb.lookup("António Costa", "2025-03-01")
    assert costa is not None and (costa.country, costa.role) == (
        "EEC",
        "President of the European Council",
    )
    earlier = kb.lookup("Antonio Costa", "2020-03-01")
    assert earlier is not None and (earlier.country, earlier.role) == ("PRT", "Prime Minister")


def test_more_international_organisations_are_known() -> None:
    kb = default_kb()
    for name, code in [("UNRWA", "UNO"), ("OPCW", "IGO"), ("European Central Bank", "EEC")]:
        entry = kb.lookup(name)
        assert entry is not None and entry.country == code, name
        assert kb.is_international(entry.country)


def test_sector_words_widen_the_titles_without_overriding_them() -> None:
    titles = builtin_titles()
    assert titles["riot police"].sector == "COP"
    assert titles["state media"].sector == "JRN"
    assert titles["opposition lawmakers"].sector == "OPP"
    assert titles["rebel commanders"].sector == "REB"
    assert titles["striking workers"].sector == "LAB"
    # A term of titles.tsv keeps its row there.
    assert titles["army"].kind == "group" and titles["army"].sector == "MIL"
