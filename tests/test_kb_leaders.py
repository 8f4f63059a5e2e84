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
    for name in ("leaders.yaml", "igos.yaml", "figures.yaml", "movements.yaml"):
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


def test_changes_of_office_after_the_first_cut_off_are_dated() -> None:
    kb = default_kb()
    lammy = [kb.lookup("David Lammy", day) for day in ("2025-03-01", "2025-12-01")]
    assert [entry.role if entry else None for entry in lammy] == [
        "Foreign Minister", "Deputy Prime Minister"]
    cooper = kb.lookup("Yvette Cooper", "2025-12-01")
    assert cooper is not None and (cooper.country, cooper.role) == ("GBR", "Foreign Minister")
    assert cooper.reference and "2025-10-31" in cooper.reference
    takaichi = kb.lookup("Sanae Takaichi", "2025-12-01")
    assert takaichi is not None and (takaichi.country, takaichi.role) == ("JPN", "Prime Minister")
    ishiba = kb.lookup("Shigeru Ishiba", "2025-03-01")
    assert ishiba is not None and ishiba.role == "Prime Minister"


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


def test_figures_are_not_repeated_from_persons_or_leaders() -> None:
    known = {p["name"] for name in ("persons.yaml", "leaders.yaml") for p in _data(name)}
    figures = [(p["name"], p.get("role"), p.get("valid_from")) for p in _data("figures.yaml")]
    assert not known & {name for name, _, _ in figures}
    assert len(figures) == len(set(figures))


def test_movements_are_not_repeated_from_organizations() -> None:
    known = {o["name"] for o in _data("organizations.yaml")}
    assert not known & {m["name"] for m in _data("movements.yaml")}


def test_a_past_office_holder_has_the_role_of_the_date() -> None:
    kb = default_kb()
    in_office = kb.lookup("Pervez Musharraf", "2005-05-01")
    assert in_office is not None
    assert (in_office.country, in_office.sector, in_office.role) == ("PAK", "GOV", "President")
    later = kb.lookup("Pervez Musharraf", "2015-05-01")
    assert later is not None and (later.country, later.sector) == ("PAK", "ELI")
    assert [e.name for e in kb.persons_with_family_name("Vajpayee")] == ["Atal Bihari Vajpayee"]


def test_movements_act_for_the_country_of_their_struggle() -> None:
    kb = default_kb()
    for name, country in (("Jemaah Islamiyah", "IDN"), ("Zapatistas", "MEX"), ("MDC", "ZWE")):
        entry = kb.lookup(name)
        assert entry is not None and entry.country == country, name
