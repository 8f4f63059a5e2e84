"""Speaker phrases that stand for an actor named before: pronouns, body and role nouns, "it",
lone family names, and the names those depend on (given names, media names)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from rashomon.actors.common import _given_gender
from rashomon.kb.base import given_names
from rashomon.records import AnalyzedArticle


def test_given_names_are_looked_up_as_written_first() -> None:
    given = given_names()
    # The transliteration key turns "-ey" into "-ei": right for "Sergey", wrong for "Shirley".
    assert _given_gender(given, "Shirley") == "f"
    assert _given_gender(given, "Audrey") == "f"
    assert _given_gender(given, "Sergey") == "m"
    assert _given_gender(given, "Andrey") == "m"
    assert _given_gender(given, "Zorblat") is None


def test_given_names_cover_common_names_of_english_news() -> None:
    given = given_names()
    assert len(given) > 600
    for name, gender in [("colleen", "f"), ("denise", "f"), ("gary", "m"), ("keith", "m")]:
        assert given[name] == gender
    # Names of both genders and names that are words or countries are left out.
    for name in ["jordan", "kelly", "grace", "chad"]:
        assert name not in given



def _actor_of(record: AnalyzedArticle, needle: str, occurrence: int = 0) -> str | None:
    starts = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(needle)}(?!\w)", record.text)]
    start = starts[occurrence]
    end = start + len(needle)
    for mention in record.mentions:
        if mention.start < end and start < mention.end:
            return next(a.name for a in record.actors if a.id == mention.actor)
    return None


@pytest.mark.model
def test_a_country_name_with_a_number_is_a_channel(analyze_text: Callable[..., Any]) -> None:
    record = analyze_text(
        "A judge in Nantes resigned on Monday, French television channel France 3 reported. "
        "Brazil beat France 3-1 in the final."
    )
    assert _actor_of(record, "France 3") == "France 3"
    channel = next(a for a in record.actors if a.name == "France 3")
    assert (channel.type, channel.country, channel.sector) == ("organization", "FRA", "JRN")
    assert _actor_of(record, "France", 1) == "France"


@pytest.mark.model
def test_a_name_before_a_given_name_stays_in_the_name(analyze_text: Callable[..., Any]) -> None:
    # A capitalised ordinary word before a given name is the sentence's noun ("Runner"); a
    # word that is no ordinary word is a first name ("Afton Elaine Burton").
    record = analyze_text(
        "Afton Elaine Burton, 26, told a local newspaper she would marry in November. "
        "Burton said the date was set."
    )
    assert "Afton Elaine Burton" in {a.name for a in record.actors}
    assert "Elaine Burton" not in {a.name for a in record.actors}
def test_a_word_written_in_lower_case_is_read_from_the_article() -> None:
    import spacy

    from rashomon.actors.mentions import _written_lower
    from rashomon.nlp.actor_table import ORIGINAL_TEXT

    # Case repair capitalised "mittens"; the article wrote it in lower case, so it is no
    # part of the name before it ("Denise Harrow-Pike mittens", a caption's keywords).
    doc = spacy.blank("en")("Denise Harrow-Pike Mittens strays")
    doc.user_data[ORIGINAL_TEXT] = "Denise Harrow-Pike mittens strays"
    assert [_written_lower(t) for t in doc if t.is_alpha] == [False, False, False, True, True]


@pytest.mark.model
def test_a_hyphenated_family_name_alone_is_the_person(analyze_text: Callable[..., Any]) -> None:
    record = analyze_text(
        "Colleen Vardy-Pruitt runs a shelter in Halifax. "
        "Vardy-Pruitt said the shelter needs more volunteers this winter."
    )
    assert _actor_of(record, "Vardy-Pruitt", 1) == "Colleen Vardy-Pruitt"


@pytest.mark.model
def test_an_untagged_full_name_joins_its_family_name(analyze_text: Callable[..., Any]) -> None:
    record = analyze_text(
        "A dancer who calls herself “Melissa Quorrin” says she paid for the show herself. "
        "Quorrin says she hopes to tour Europe next year."
    )
    assert _actor_of(record, "Quorrin", 1) == "Melissa Quorrin"


@pytest.mark.model
def test_he_is_the_one_person_of_the_sentence_before(analyze_text: Callable[..., Any]) -> None:
    record = analyze_text(
        "Mr. Delacroix said the ministry had known of the trade for months. "
        "The report was first published by a local website, citing a surgeon named "
        "Baraz Kelmendi. He told the site that the clinics paid in cash."
    )
    assert _actor_of(record, "He") == "Baraz Kelmendi"


@pytest.mark.model
def test_the_clinic_is_the_clinic_named_before(analyze_text: Callable[..., Any]) -> None:
    record = analyze_text(
        "The singer went to Harbourview Endoscopy for a routine procedure. "
        "The ENT, who was not allowed to operate at the clinic, took over. "
        "Doctors said the procedure went wrong. Reporters waited outside for hours. "
        "Nurses declined to comment. The clinic confirmed the doctor had left."
    )
    assert _actor_of(record, "clinic") == "Harbourview Endoscopy"
    assert _actor_of(record, "clinic", 1) == "Harbourview Endoscopy"


@pytest.mark.model
def test_the_official_is_the_office_holder_named_before(
    analyze_text: Callable[..., Any],
) -> None:
    record = analyze_text(
        "Graves were found near the town, Pavel Dorrin, the Moldovan envoy to the UN, said. "
        "The official also said that the killers had fled."
    )
    assert _actor_of(record, "The official") == "Pavel Dorrin"


@pytest.mark.model
def test_the_story_and_the_outlet_are_the_source_named_before(
    analyze_text: Callable[..., Any],
) -> None:
    record = analyze_text(
        "But a story in the Harbor Ledger on Monday disputed the claim. "
        "According to the story, the protesters had been trained. "
        "The mayor resigned, according to the Valley Courier. "
        "The news outlet said he would leave in May."
    )
    assert _actor_of(record, "story", 1) == "Harbor Ledger"
    assert _actor_of(record, "news outlet") == "Valley Courier"


@pytest.mark.model
def test_it_is_the_organisation_that_acted_before(analyze_text: Callable[..., Any]) -> None:
    record = analyze_text(
        "Factwire.org came up with several arguments against the claim. "
        "It argued that the photos were edited. It is clear that the debate will go on."
    )
    assert _actor_of(record, "It") == "Factwire.org"
    assert _actor_of(record, "It", 1) is None


@pytest.mark.model
def test_the_family_is_a_group(analyze_text: Callable[..., Any]) -> None:
    record = analyze_text(
        "Derek Holm said the invoice was a joke. The family confirmed their son would attend."
    )
    family = next(a for a in record.actors if a.name == "Family")
    assert (family.type, family.sector) == ("group", "CVL")


@pytest.mark.model
def test_the_dad_is_the_person_given_a_child(analyze_text: Callable[..., Any]) -> None:
    record = analyze_text(
        "Martin Okafor told the Valley Gazette that his son had been sent home from school. "
        "The school would not comment. The boy had been in trouble before, teachers said. "
        "But the dad assured the newspaper the boy was not dangerous."
    )
    assert _actor_of(record, "the dad") == "Martin Okafor"


@pytest.mark.model
def test_the_man_alone_reads_as_he(analyze_text: Callable[..., Any]) -> None:
    record = analyze_text(
        "Pavel Strunin, 58, was walking to his allotment when a dog attacked him, the "
        "Siberian Courier reported. The man told the newspaper that his neighbour saved him."
    )
    assert _actor_of(record, "The man") == "Pavel Strunin"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        # A noun before the name, written as a title or with modifiers of its own.
        ("League commissioner Dana Whitlock spoke in Winnipeg on Monday. Fans waited for "
         "news. But the commissioner said owners would pay a large fee.",
         "the commissioner", "Dana Whitlock"),
        ("Principal Ruth Ambler of Cedar Hill School met the parents on Monday. The principal "
         "said that threats would not be tolerated.", "The principal", "Ruth Ambler"),
        # A noun in apposition, set off by commas; "Dr." says what a person is.
        ("Colm Brady, a veterinarian in Cork, examined the cat on Friday. The owners were "
         "surprised. The veterinarian said such cases were rare.",
         "The veterinarian", "Colm Brady"),
        ("The patient was treated by Dr. Ines Varga in Leeds. The doctor said the operation "
         "went well.", "The doctor", "Ines Varga"),
    ],
)
def test_the_noun_a_person_was_introduced_by_is_that_person(
    analyze_text: Callable[..., Any], text: str, phrase: str, expected: str
) -> None:
    assert _actor_of(analyze_text(text), phrase) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        # A bare lower-case noun with its own determiner before a name is no title.
        ("In the letter Mira Castell wrote to her friends, she said goodbye. The letter said "
         "she was sorry.", "The letter"),
        # "a doctor" brought in someone unnamed; the doctor with words of her own is new.
        ("Dr. Ines Varga treated the patient in Leeds. A doctor at another clinic had refused. "
         "The doctor said she had no bed free.", "The doctor"),
        ("Inspector Wendy Marsh opened the case. The inspector who took it over said little.",
         "The inspector"),
        # Someone else named since: the noun may be the writer's word for that person.
        ("Ana Ruiz, a freshman from Tampa, said she hid. Tom Okoye said he heard shots. "
         "\"I ran outside,\" the freshman said.", "the freshman"),
    ],
)
def test_a_noun_that_brings_someone_new_stays_unresolved(
    analyze_text: Callable[..., Any], text: str, phrase: str
) -> None:
    assert _actor_of(analyze_text(text), phrase) is None
