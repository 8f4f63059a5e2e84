"""Office-holders of past decades and movements named without their country."""

from __future__ import annotations

from importlib import resources

import yaml

from rashomon.kb import default_kb


def _data(name: str) -> list[dict[str, object]]:
    text = resources.files("rashomon.kb").joinpath(f"data/{name}").read_text("utf8")
    return list(yaml.safe_load(text))


def test_every_figure_and_movement_says_where_it_comes_from() -> None:
    for name in ("figures.yaml", "movements.yaml"):
        for item in _data(name):
            assert str(item.get("reference", "")).strip(), (name, item["name"])


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
