"""The corpus pass: one identity per person across articles, whatever their order."""

from __future__ import annotations

import random

import pytest

from rashomon.kb import default_kb
from rashomon.kb.identity import (
    REASON_MIDDLE,
    REASON_SPELLING,
    REASON_SURNAME,
    REASON_TITLE,
    REASON_VARIANT,
    Identity,
    Merge,
    PersonRef,
    apply_identities,
    compatible,
    name_like,
    parse_name,
    resolve,
    same_given,
)
from rashomon.records import Actor, AnalyzedArticle


def _refs(*names: str, date: str = "2018-08-10") -> list[PersonRef]:
    return [PersonRef(f"art{i}", "a1", name, date=date) for i, name in enumerate(names)]


def _names(*names: str) -> dict[str, str]:
    """Each written name → the name the corpus pass gives its person."""
    refs = _refs(*names)
    changes, _ = resolve(refs, default_kb())
    return {
        ref.name: changes[(ref.article or "", ref.local_id)].name
        if (ref.article or "", ref.local_id) in changes
        else ref.name
        for ref in refs
    }


def test_diacritics_fold_and_the_accented_spelling_is_kept() -> None:
    assert _names("Suleyman Soylu", "Süleyman Soylu") == {
        "Suleyman Soylu": "Süleyman Soylu",
        "Süleyman Soylu": "Süleyman Soylu",
    }


def test_middle_names_initials_titles_and_variants_join_one_person() -> None:
    written = (
        "Andrew Craig Brunson", "Andrew C. Brunson", "Andrew Brunson", "Andrew Brunson",
        "Pastor Andrew Brunson", "Andy Brunson", "Brunson",
    )
    assert set(_names(*written).values()) == {"Andrew Brunson"}


def test_a_family_name_alone_joins_only_a_person_sure_to_be_one() -> None:
    # "Path" is no person: one article's "App Path" has no role and no known given name.
    assert _names("App Path", "Path") == {"App Path": "App Path", "Path": "Path"}
    refs = [PersonRef("a", "a1", "Kemal Yildiz", "TUR", "GOV", "Mayor"),
            PersonRef("b", "a1", "Yildiz")]
    changes, _ = resolve(refs, default_kb())
    assert changes[("b", "a1")].name == "Kemal Yildiz"


def test_an_english_given_name_is_known_by_its_key_too() -> None:
    # The key spells "Shirley" as "shirlei" (as it folds "Sergey" into "sergei"); a lone
    # family name still joins the one full name that starts with a known given name.
    assert _names("Shirley Varnham", "Varnham") == {
        "Shirley Varnham": "Shirley Varnham", "Varnham": "Shirley Varnham"}


def test_particles_belong_to_the_family_name() -> None:
    assert _names("Bill de Blasio", "De Blasio")["De Blasio"] == "Bill de Blasio"


def test_two_people_sharing_a_family_name_stay_apart() -> None:
    found = _names("Ayşe Demir", "Kemal Demir", "Demir", "Ayse Demir")
    assert found["Kemal Demir"] == "Kemal Demir"
    assert found["Ayse Demir"] == found["Ayşe Demir"] == "Ayşe Demir"
    assert found["Demir"] == "Demir"  # two persons have the name: it joins neither


def test_different_middle_initials_are_different_people() -> None:
    found = _names("Robert F. Kane", "Robert T. Kane", "Robert Kane")
    assert found == {n: n for n in ("Robert F. Kane", "Robert T. Kane", "Robert Kane")}


def test_given_names_that_are_not_variants_stay_apart() -> None:
    found = _names("Mark Ellison", "Martha Ellison")
    assert found == {"Mark Ellison": "Mark Ellison", "Martha Ellison": "Martha Ellison"}


def test_the_result_does_not_depend_on_the_order_of_the_articles() -> None:
    refs = [
        PersonRef("a", "a1", "Steven Mnuchin", "USA", "GOV", "Treasury Secretary", "2018-08-10"),
        PersonRef("b", "a1", "Steve Mnuchin", None, None, None, "2018-08-11"),
        PersonRef("c", "a2", "Mnuchin", "TUR", None, None, "2018-08-12"),
        PersonRef("d", "a1", "Steven T. Mnuchin", "USA", None, None, "2018-08-09"),
        PersonRef("e", "a3", "Süleyman Soylu", "TUR", "GOV", "Interior Minister", "2018-08-10"),
        PersonRef("f", "a3", "Soylu", "USA", None, None, "2018-08-10"),
    ]
    kb = default_kb()
    expected = resolve(refs, kb)
    shuffled = list(refs)
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert resolve(shuffled, kb) == expected


def test_roles_reach_other_articles_only_through_matching_names() -> None:
    refs = [
        PersonRef("a", "a1", "Anna Kovalenko", "UKR", "GOV", "Foreign Minister", "2025-01-10"),
        PersonRef("b", "a1", "Kovalenko", None, None, None, "2025-02-03"),
        PersonRef("c", "a1", "Oleh Bondar", None, None, None, "2025-02-03"),
        PersonRef("d", "a1", "Anna Bondar", "POL", None, None, "2025-02-03"),
    ]
    changes, merges = resolve(refs, default_kb())
    assert changes[("b", "a1")] == Identity("Anna Kovalenko", "UKR", "GOV", "Foreign Minister")
    assert ("c", "a1") not in changes and ("d", "a1") not in changes
    assert merges == [Merge("Kovalenko", "Anna Kovalenko", REASON_SURNAME, ("b",))]


def test_one_articles_slip_gives_way_to_the_corpus_but_a_tie_does_not() -> None:
    refs = [
        PersonRef("a", "a1", "Lena Varga", "HUN", "GOV", "Minister", "2025-01-10"),
        PersonRef("b", "a1", "Lena Varga", "HUN", None, None, "2025-01-11"),
        PersonRef("c", "a1", "Varga", "ROU", None, None, "2025-01-12"),
        PersonRef("d", "a1", "Tomas Horak", "CZE", None, None, "2025-01-12"),
        PersonRef("e", "a1", "Tomas Horak", "SVK", None, None, "2025-01-12"),
    ]
    changes, _ = resolve(refs, default_kb())
    assert changes[("c", "a1")].country == "HUN"
    assert ("d", "a1") not in changes and ("e", "a1") not in changes


def test_the_knowledge_base_country_wins() -> None:
    refs = [PersonRef("a", "a1", "Steven Mnuchin", "TUR", "GOV", None, "2018-08-10",
                      kb_name="Steven Mnuchin", kb_country="USA")]
    changes, _ = resolve(refs, default_kb())
    assert changes[("a", "a1")].country == "USA"


def test_merge_reasons() -> None:
    refs = _refs("Suleyman Soylu", "Pastor Andrew Brunson", "Andrew Brunson",
                 "Andrew Brunson", "Andy Brunson", "Andrew Craig Brunson", "Soylu")
    minister = PersonRef("x", "a1", "Süleyman Soylu", "TUR", "GOV", "Interior Minister")
    _, merges = resolve([*refs, minister], default_kb())
    reasons = {(m.name, m.into): m.reason for m in merges}
    assert reasons == {
        ("Suleyman Soylu", "Süleyman Soylu"): REASON_SPELLING,
        ("Soylu", "Süleyman Soylu"): REASON_SURNAME,
        ("Pastor Andrew Brunson", "Andrew Brunson"): REASON_TITLE,
        ("Andy Brunson", "Andrew Brunson"): REASON_VARIANT,
        ("Andrew Craig Brunson", "Andrew Brunson"): REASON_MIDDLE,
    }


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("andrew", "andy", True), ("william", "bill", True), ("a", "andrew", True),
        ("mark", "martha", False), ("john", "jane", False), ("sergei", "sergei", True),
    ],
)
def test_same_given(a: str, b: str, same: bool) -> None:
    assert same_given(a, b) is same


def test_family_first_names_compare_whole() -> None:
    kim = parse_name("Kim Jong Un")
    other = parse_name("Kim Yo Jong")
    assert kim is not None and other is not None
    assert kim.family == "kim" and not compatible(kim, other)


def test_a_lone_unknown_word_the_model_took_for_an_organisation_joins_the_person() -> None:
    first = AnalyzedArticle(
        id="p1", url=None, outlet=None, published="2018-08-10", title=None, language="en",
        text="Pastor Andrew Brunson appeared in court.",
        actors=[Actor("a1", "Andrew Brunson", "person", "USA", "REL", "Pastor", "USAREL")],
    )
    second = AnalyzedArticle(
        id="p2", url=None, outlet=None, published="2018-08-11", title=None, language="en",
        text="Brunson's lawyer said he would appeal.",
        actors=[Actor("a1", "Brunson", "organization"), Actor("a2", "Reuters", "organization")],
    )
    merges = apply_identities([second, first], default_kb())
    assert (second.actors[0].name, second.actors[0].type, second.actors[0].code) == (
        "Andrew Brunson", "person", "USAREL"
    )
    assert second.actors[1].type == "organization"
    assert [m.name for m in merges] == ["Brunson"]


def test_a_stored_person_keeps_its_name_and_new_spellings_join_it() -> None:
    stored = PersonRef(None, "stored:7", "Steve Mnuchin", "USA", "GOV", "Treasury Secretary")
    refs = [PersonRef("n1", "a1", "Steven Mnuchin"), PersonRef("n2", "a3", "Mnuchin")]
    changes, _ = resolve([*refs, stored], default_kb())
    assert {changes[("n1", "a1")].name, changes[("n2", "a3")].name} == {"Steve Mnuchin"}
    assert changes[("n2", "a3")].country == "USA"


@pytest.mark.parametrize(
    ("name", "like"),
    [
        ("Abu Bakr al-Baghdadi", True), ("Bill de Blasio", True), ("J.J. Park", True),
        ("Abdullah’s Son", False), ("Ron Vining/Twitter", False), ("pro Kei Nishikori", False),
        ("Oslo 2025", False),
    ],
)
def test_name_like(name: str, like: bool) -> None:
    assert name_like(name) is like
