"""Speakers resolved to the actor who spoke: names inside titles and appositions, coordinated
speakers, bodies that speak for themselves, quotes that continue their speaker, and spelling
variants of a name, on short written texts through the pipeline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.test_statements import statements as checked

from rashomon.actors.name_variants import closest_variant, edit_distance
from rashomon.records import Actor, AnalyzedArticle, Statement

Analyze = Callable[..., Any]


def analysed(analyze_text: Analyze, text: str) -> AnalyzedArticle:
    """The record of ``text``, its statements' offsets checked against the text."""
    return checked(analyze_text, text)[0]


def speaker_of(record: AnalyzedArticle, words: str) -> Actor | None:
    """The actor of the one statement whose content holds ``words``."""
    matches = [s for s in record.statements if words in s.content]
    assert len(matches) == 1, record.statements
    return actor(record, matches[0])


def actor(record: AnalyzedArticle, statement: Statement) -> Actor | None:
    return next((a for a in record.actors if a.id == statement.speaker), None)


SPEAKERS = [
    pytest.param(
        # What a person says, and who speaks for them, is the person speaking.
        "Senator Ana Ruiz's statement said the bill would pass next week.",
        "bill would pass", "Ana Ruiz", id="their-statement",
    ),
    pytest.param(
        "Mark Ellis was charged on Monday. Ellis's lawyer said his client would plead not "
        "guilty.", "plead not guilty", "Mark Ellis", id="their-lawyer",
    ),
    pytest.param(
        # The parse hangs the content's subject on the source as an apposition: a name is
        # never in apposition to another name.
        "According to journalist Daniel Simone, 27-year old Afton Elaine Burton, now known "
        "as Star, was hoping to marry him.",
        "hoping to marry", "Daniel Simone", id="a-name-after-according-to-x",
    ),
    pytest.param(
        "U.S. Ambassador to the United Nations Linda Okafor said the council would vote "
        "on a ceasefire resolution on Friday.",
        "council would vote", "Linda Okafor", id="name-closing-a-title",
    ),
    pytest.param(
        "The Special Envoy for Libya, Tomas Varga, told reporters in Tunis that talks "
        "between the rival governments would resume next week.",
        "talks between", "Tomas Varga", id="name-in-apposition",
    ),
    pytest.param(
        "Russia's foreign minister, Sergei Lavrov, said on Tuesday the proposal was "
        "unacceptable to Moscow.",
        "proposal was unacceptable", "Sergey Lavrov", id="possessive-title-apposition",
    ),
    pytest.param(
        '"Subpoenas are not optional," committee Chairman Rep. Dana Whitlock said after the '
        "witness failed to appear at the second committee hearing in two weeks. "
        '"He is a crucial fact witness in this investigation."',
        "crucial fact witness", "Dana Whitlock", id="continuation-after-long-attribution",
    ),
    pytest.param(
        '"Our progress is on the ballot," Governor Alan Brandt said at the party dinner in '
        'Denver, where Senator Rosa Ibarra also spoke. "Justice is on the ballot."',
        "Justice is on the ballot", "Alan Brandt", id="relative-clause-cue-takes-nothing",
    ),
    pytest.param(
        "Prime Minister Benjamin Netanyahu said the deal was a historic mistake. "
        "Netanyahou added that Israel would defend itself.",
        "defend itself", "Benjamin Netanyahu", id="misspelt-surname",
    ),
    pytest.param(
        "Chancellor Angela Merkel received Prime Minister Boris Johnson in Berlin. "
        "Johnson said Britain would leave on time. She said Germany was ready for any outcome.",
        "Germany was ready", "Angela Merkel", id="pronoun-of-known-gender",
    ),
    pytest.param(
        "Chinese President Xi Jinping met French President Emmanuel Macron in Beijing. "
        '"We want stable trade," the French president said.',
        "stable trade", "Emmanuel Macron", id="role-of-a-country",
    ),
    pytest.param(
        "Foreign Minister Sergei Lavrov met his Turkish counterpart Mevlut Cavusoglu in "
        "Moscow. Cavusoglu said Ankara wanted a ceasefire. The minister also said Turkey "
        "would keep its troops in Idlib.",
        "keep its troops", "Mevlut Cavusoglu", id="role-after-last-full-mention",
    ),
    pytest.param(
        "Senator Ruth Alder admitted under questioning that she had not read the report.",
        "had not read", "Ruth Alder", id="that-clause-hung-on-a-phrase",
    ),
    pytest.param(
        "Chief executive John Stumpf admitted under Senator Warren's grilling he had not "
        "yet been held personally accountable.",
        "held personally accountable", "John Stumpf", id="clause-without-that-on-a-phrase",
    ),
    pytest.param(
        "Senator Ruth Alder spoke at a news conference on Monday announcing that her "
        "department was suing the state.",
        "department was suing", "Ruth Alder", id="participle-on-a-channel-noun",
    ),
    pytest.param(
        '"The water rose within minutes," local councillor Sarah Mitchell was quoted as saying.',
        "water rose", "Sarah Mitchell", id="quoted-as-saying-passive",
    ),
    pytest.param(
        "The Tribune quoted Fire Chief Marcus Webb as saying that the blaze was "
        "started deliberately.",
        "blaze was started", "Marcus Webb", id="quoted-as-saying-active",
    ),
    pytest.param(
        "Last week the reporter's mother, Helen Marsh, released a video pleading with the "
        "rebel commander Omar Fathi not to harm her son. "
        '"Daniel is a journalist who went to cover the war," she said.',
        "Daniel is a journalist", "Helen Marsh", id="pronoun-past-a-name-inside-the-quote",
    ),
]


# A definite body noun after the body was named ("The company said"): the organisation.
BODY_NOUNS = [
    pytest.param(
        "Shares of Norvale Motors fell after Reuters reported a recall. "
        "The company said the fault affected 40,000 cars.",
        "fault affected", "Norvale Motors", id="the-company-is-the-company-named-not-the-outlet",
    ),
    pytest.param(
        "The singer was treated at Lakeside Endoscopy on Friday. "
        "The clinic said it had followed every rule.",
        "followed every rule", "Lakeside Endoscopy", id="the-clinic-is-the-body-named-before",
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "words", "name"), BODY_NOUNS)
def test_a_body_noun_is_the_organisation_named_before(
    analyze_text: Analyze, text: str, words: str, name: str
) -> None:
    found = speaker_of(analysed(analyze_text, text), words)
    assert found is not None and found.name == name and found.type == "organization"


@pytest.mark.model
@pytest.mark.parametrize(("text", "words", "name"), SPEAKERS)
def test_the_speaker_is_the_person_who_spoke(
    analyze_text: Analyze, text: str, words: str, name: str
) -> None:
    found = speaker_of(analysed(analyze_text, text), words)
    assert found is not None and found.name == name and found.type == "person"


@pytest.mark.model
def test_a_statement_issued_by_a_body_is_the_body_s(analyze_text: Analyze) -> None:
    text = (
        "Iran's Foreign Ministry issued a statement saying that the border crossings would "
        "stay closed until further notice."
    )
    found = speaker_of(analysed(analyze_text, text), "border crossings")
    assert found is not None and found.type == "organization" and found.country == "IRN"


@pytest.mark.model
def test_the_apposed_name_is_part_of_the_speaker_phrase(analyze_text: Analyze) -> None:
    text = "The Special Envoy for Libya, Tomas Varga, told reporters that talks would resume."
    record = analysed(analyze_text, text)
    assert record.statements[0].speaker_text == "The Special Envoy for Libya, Tomas Varga"


@pytest.mark.model
def test_coordinated_speakers_each_get_the_statement(analyze_text: Analyze) -> None:
    text = (
        "President Joe Biden and Vice President Kamala Harris said on Monday they would meet "
        "the governors of the flooded states."
    )
    record = analysed(analyze_text, text)
    names = sorted(a.name for s in record.statements if (a := actor(record, s)) is not None)
    assert names == ["Joe Biden", "Kamala Harris"]
    assert len({(s.start, s.end) for s in record.statements}) == 1


@pytest.mark.model
def test_officials_of_a_named_institution_are_a_group_of_their_own(
    analyze_text: Analyze,
) -> None:
    text = "White House officials said on Sunday the state visit would go ahead as planned."
    found = speaker_of(analysed(analyze_text, text), "state visit")
    assert found is not None
    assert (found.name, found.type, found.country) == ("White House officials", "group", "USA")


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "words", "sector"),
    [
        (
            "Iran's Foreign Ministry said the talks in Vienna had failed.",
            "talks in Vienna",
            "GOV",
        ),
        (
            "The state-run news agency said the sanctions were illegal and would not last.",
            "sanctions were illegal",
            "JRN",
        ),
    ],
)
def test_a_ministry_or_an_agency_speaks_as_an_organisation(
    analyze_text: Analyze, text: str, words: str, sector: str
) -> None:
    found = speaker_of(analysed(analyze_text, text), words)
    assert found is not None and found.type == "organization" and found.sector == sector


@pytest.mark.model
def test_a_passage_after_a_colon_gives_the_words_of_the_reported_clause(
    analyze_text: Analyze,
) -> None:
    text = (
        "Senator Rosa Ibarra said she has the one quality the job needs: "
        '"Steadiness, and a great deal of patience."'
    )
    record = analysed(analyze_text, text)
    passage = speaker_of(record, "Steadiness")
    clause = speaker_of(record, "she has the one quality")
    assert passage is not None and clause is not None
    assert passage.name == clause.name == "Rosa Ibarra"


def test_edit_distance_counts_swaps_as_one_edit() -> None:
    assert edit_distance("bornstein", "bornsten", 2) == 1
    assert edit_distance("lavrov", "lavorv", 2) == 1
    assert edit_distance("abcdef", "uvwxyz", 2) == 3  # capped above the limit


@pytest.mark.parametrize(
    ("word", "names", "expected"),
    [
        ("netanyahou", {"netanyahu"}, "netanyahu"),
        ("alkalim", {"alhakim"}, "alhakim"),  # two letters changed in a long name
        ("bornsten", {"bornstein", "trump"}, "bornstein"),
        ("lim", {"kim"}, None),  # short names never join
        ("harlow", {"marlow"}, None),  # the first letter must agree
        ("petersen", {"peterson", "petersan"}, None),  # close to two: ambiguous
        ("johnson", {"johnson"}, None),  # the same name is no variant
    ],
)
def test_closest_variant(word: str, names: set[str], expected: str | None) -> None:
    assert closest_variant(word, names) == expected


@pytest.mark.model
def test_a_joint_statement_is_the_parties_that_issued_it(analyze_text: Analyze) -> None:
    text = "A joint statement by four opposition parties said the election had been rigged."
    found = speaker_of(analysed(analyze_text, text), "election had been rigged")
    assert found is not None and found.type != "country" and found.sector in ("PTY", "OPP")


@pytest.mark.model
def test_a_line_ending_in_a_colon_announces_the_quoted_paragraph(
    analyze_text: Analyze,
) -> None:
    text = (
        "On Tuesday, Senator Rosa Ibarra made the following comment:\n\n"
        '"The budget leaves our rural hospitals with nothing, and we will not vote for it."'
    )
    record = analysed(analyze_text, text)
    statement = next(s for s in record.statements if "rural hospitals" in s.content)
    found = actor(record, statement)
    assert found is not None and found.name == "Rosa Ibarra" and statement.cue == "comment"


@pytest.mark.model
def test_an_exception_after_a_comma_is_not_content(analyze_text: Analyze) -> None:
    text = (
        "Governor Tom Reyes refuses to discuss potential appointees, aside from saying he "
        "wants a diverse delegation."
    )
    record = analysed(analyze_text, text)
    refusal = next(s for s in record.statements if s.cue == "refuse")
    assert refusal.content == "to discuss potential appointees"


UNTAGGED = [
    pytest.param(
        "The singer's tour was cancelled on Monday. According to TMZ, the promoter never "
        "paid the venue. TMZ reports that the band learned of it from fans.",
        "the band learned", "TMZ", "organization", id="acronym-named-twice",
    ),
    pytest.param(
        "A Leeds dog walker who calls herself \u201cMargaret Pennywhistle\u201d found the ring "
        "in a park. Pennywhistle says the ring had been buried for years.",
        "the ring had been buried", "Margaret Pennywhistle", "person", id="full-name-elsewhere",
    ),
    pytest.param(
        # A name the model leaves untagged, after a noun describing its bearer.
        "Horrified mum Cai Tuan, 27, said: \u201cI had popped out to see a neighbour and was "
        "only gone 30 minutes.\u201d",
        "popped out", "Cai Tuan", "person", id="name-after-a-describing-noun",
    ),
    pytest.param(
        # The model tags the outlet a place (GPE); no place of that name exists.
        "Inquisitr reports that the child had fainted before his mother arrived.",
        "the child had fainted", "Inquisitr", "organization", id="outlet-tagged-a-place",
    ),
]


@pytest.mark.parametrize(("text", "words", "name", "kind"), UNTAGGED)
def test_a_name_the_model_left_untagged_speaks_for_itself(
    analyze_text: Analyze, text: str, words: str, name: str, kind: str
) -> None:
    speaker = speaker_of(analysed(analyze_text, text), words)
    assert speaker is not None
    assert (speaker.name, speaker.type) == (name, kind)


def test_an_ordinary_word_opening_a_sentence_is_no_speaker(analyze_text: Analyze) -> None:
    record = analysed(
        analyze_text,
        "Reports Monday said that the fighters were at the gates of the city. Sources said "
        "that the talks had stalled.",
    )
    assert [s.speaker for s in record.statements] == [None, None]
    assert record.actors == [] or all(a.name not in ("Reports", "Sources") for a in record.actors)


# A person named inside the speaker phrase who is not the one speaking.
NOT_THE_SPEAKER = [
    pytest.param(
        "Tomas Brandt's teacher told reporters that he had been a quiet pupil.",
        "quiet pupil", "Tomas Brandt", id="owner-of-a-person-noun",
    ),
    pytest.param(
        "Maria Keller was not at home that night. Keller's neighbour said the dog barked "
        "for hours.", "dog barked", "Maria Keller", id="owner-named-before",
    ),
    pytest.param(
        "The Daily Ledger story about Peter Vance said he had left the firm in March.",
        "left the firm", "Peter Vance", id="what-the-phrase-is-about",
    ),
    pytest.param(
        "A Russian fisherman said the bear ran off when his phone rang.",
        "bear ran off", "Russia", id="a-country-s-people-not-its-government",
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "words", "name"), NOT_THE_SPEAKER)
def test_a_person_the_phrase_only_mentions_is_not_the_speaker(
    analyze_text: Analyze, text: str, words: str, name: str
) -> None:
    speaker = speaker_of(analysed(analyze_text, text), words)
    assert speaker is None or speaker.name != name


@pytest.mark.model
def test_a_country_s_officials_are_its_government(analyze_text: Analyze) -> None:
    speaker = speaker_of(analysed(analyze_text, "Iraqi officials said the road to the airport "
                                                 "was closed."), "road to the airport")
    assert speaker is not None and (speaker.name, speaker.type) == ("Iraq", "country")
