"""Event coding on short hand-written news sentences (needs the trained model)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rashomon.events.coder import EventCoder
from rashomon.events.lexicon import load_lexicon
from rashomon.records import AnalyzedArticle, Event

pytestmark = pytest.mark.model

Analyze = Callable[..., Any]


def _main(
    analyze_text: Analyze, text: str, published: str | None = "2021-03-13"
) -> tuple[Event, AnalyzedArticle]:
    record = analyze_text(text, published=published)
    assert isinstance(record, AnalyzedArticle), record
    assert record.events, f"no event in {text!r}"
    return record.events[0], record


def _name(record: AnalyzedArticle, actor_id: str | None) -> str:
    for actor in record.actors:
        if actor.id == actor_id:
            return actor.name
    return ""


@pytest.mark.parametrize(
    ("text", "expected", "mode"),
    [
        ("Chile and Peru agreed on a new fishing quota on Tuesday.", "AGREE", None),
        (
            "The Kenyan president held talks with Ethiopia's prime minister in Nairobi.",
            "CONSULT",
            "meet",
        ),
        ("The German chancellor visited Poland on Monday.", "CONSULT", "visit"),
        ("Sweden praised Norway for its handling of the crisis.", "SUPPORT", None),
        ("The junta lifted the curfew in the capital after weeks of calm.", "CONCEDE", None),
        ("Brazil and Argentina will share intelligence on smuggling routes.", "AGREE", None),
        ("Denmark has extradited two suspects to France.", "COOPERATE", None),
        ("Japan sent food and medicine to flood victims in Bangladesh.", "AID", None),
        ("Russia withdrew its troops from the border region on Sunday.", "RETREAT", None),
        ("The opposition demanded that the government hold new elections.", "REQUEST", None),
        ("Ukraine accused Russia of shelling civilian areas.", "ACCUSE", None),
        ("China blocked a resolution on Myanmar at the Security Council.", "REJECT", "veto"),
        ("Iran threatened to close the Strait of Hormuz.", "THREATEN", "restrict"),
        ("Thousands of teachers staged a protest outside parliament in Lima.", "PROTEST", "demo"),
        ("The European Union imposed sanctions on Belarus on Friday.", "SANCTION", None),
        ("India deployed troops along its border with China.", "MOBILIZE", "troops"),
        ("Police arrested dozens of protesters in Minsk on Saturday.", "COERCE", "arrest"),
        ("Rebels attacked an army base in northern Mali, killing five soldiers.", "ASSAULT", None),
    ],
)
def test_each_type(analyze_text: Analyze, text: str, expected: str, mode: str | None) -> None:
    event, _ = _main(analyze_text, text)
    assert event.type == expected, event
    assert event.mode == mode
    assert event.cameo
    assert not event.negated


def test_actor_recipient_and_prepositional_partner(analyze_text: Analyze) -> None:
    event, record = _main(
        analyze_text, "The European Union imposed sanctions on Belarus on Friday."
    )
    assert "European Union" in _name(record, event.actor)
    assert _name(record, event.recipient) == "Belarus"
    assert event.trigger == "imposed sanctions"
    assert record.text[event.start : event.end].startswith("The European Union imposed")


def test_passive_agent_is_the_actor(analyze_text: Analyze) -> None:
    event, record = _main(
        analyze_text, "A convoy of Syrian refugees was attacked by Turkish soldiers near Kilis."
    )
    assert event.type == "ASSAULT"
    actor = next(a for a in record.actors if a.id == event.actor)
    recipient = next(a for a in record.actors if a.id == event.recipient)
    assert actor.country == "TUR"
    assert recipient.country == "SYR"


def test_compound_subject_second_party_is_recipient(analyze_text: Analyze) -> None:
    event, record = _main(analyze_text, "Ecuador and Colombia signed a border treaty on Monday.")
    assert event.type == "AGREE" and event.cameo == "057"
    assert {_name(record, event.actor), _name(record, event.recipient)} == {"Ecuador", "Colombia"}


def test_negation(analyze_text: Analyze) -> None:
    event, _ = _main(analyze_text, "Serbia did not recognize Kosovo's independence.")
    assert event.type == "SUPPORT"
    assert event.negated


def test_refusal_is_reject(analyze_text: Analyze) -> None:
    event, _ = _main(analyze_text, "Hungary refused to accept the migrant quota.")
    assert event.type == "REJECT"
    assert event.trigger == "refused"


@pytest.mark.parametrize(
    ("text", "expected", "modality"),
    [
        ("Canada will provide humanitarian aid to Haiti.", "AGREE", "will"),
        ("The president plans to visit Egypt next month.", "AGREE", "plan"),
        ("Pakistan could impose a curfew in Karachi.", "COERCE", "could"),
        ("The rebels may attack the city.", "ASSAULT", "may"),
        ("Greece said it will block Turkish ships unless the drilling stops.", "THREATEN", "will"),
        ("Serbia will not accept the proposal.", "REJECT", "will"),
    ],
)
def test_modality_marks_actions_that_did_not_happen(
    analyze_text: Analyze, text: str, expected: str, modality: str
) -> None:
    event, _ = _main(analyze_text, text)
    assert event.type == expected, event
    assert event.modality == modality
    # An action only announced is not dated as if it happened on publication.
    assert event.date != "2021-03-13" or "today" in text


def test_relative_date_against_publication(analyze_text: Analyze) -> None:
    event, _ = _main(
        analyze_text, "Police arrested dozens of protesters in Minsk on Tuesday.", "2021-03-13"
    )
    assert event.date == "2021-03-09"
    assert event.location == "Minsk"


def test_no_publication_date_no_relative_date(analyze_text: Analyze) -> None:
    event, _ = _main(analyze_text, "Police arrested dozens of protesters on Tuesday.", None)
    assert event.date is None
    event, _ = _main(analyze_text, "Police arrested dozens of protesters on 4 May 2019.", None)
    assert event.date == "2019-05-04"


def test_context_tags(analyze_text: Analyze) -> None:
    event, _ = _main(
        analyze_text, "The United States accused North Korea of hacking its election systems."
    )
    assert event.type == "ACCUSE"
    assert {"cyber", "election"} <= set(event.context)


def test_event_inside_a_statement_is_attributed(analyze_text: Analyze) -> None:
    text = "The minister said that Russia had attacked the port of Odesa."
    event, record = _main(analyze_text, text)
    assert event.type == "ASSAULT"
    assert event.attributed_to is not None
    statement = record.statements[event.attributed_to]
    assert statement.start <= text.index("attacked") < statement.end


def test_reported_demand_with_must_is_request(analyze_text: Analyze) -> None:
    event, record = _main(analyze_text, "Germany said Iran must release the detained journalists.")
    assert event.type == "REQUEST"
    assert _name(record, event.actor) == "Germany"
    assert _name(record, event.recipient) == "Iran"


def test_no_event_in_plain_prose(analyze_text: Analyze) -> None:
    record = analyze_text("The weather in Oslo was mild and the markets were quiet.")
    assert isinstance(record, AnalyzedArticle)
    assert record.events == []


def test_user_lexicon_extends_the_coder(nlp: Any, tmp_path: Path) -> None:
    user = tmp_path / "mine.tsv"
    user.write_text("SANCTION\t-\t163\tV\tostracize\t-\t-\t-\n", "utf8")
    doc = nlp("Washington ostracized three Chinese firms.")
    builtin = EventCoder(load_lexicon(), fallback=False).events_of(doc)
    extended = EventCoder(load_lexicon(user), fallback=False).events_of(doc)
    assert builtin == []
    assert [e.type for e in extended] == ["SANCTION"]


def test_sentence_entities_read_once_match_span_ents() -> None:
    """The coder reads each sentence's entities from the document's once, as span.ents would
    give them, including an entity that runs past the sentence's end."""
    from spacy.tokens import Doc, Span
    from spacy.vocab import Vocab

    from rashomon.events.coder import _ents_within

    words = ["Kyiv", "said", "Moscow", "shelled", "Kharkiv", ".", "New", "York", "Times"]
    words += ["said", "so", "."]
    doc = Doc(Vocab(), words=words)
    doc.ents = [
        Span(doc, 0, 1, "GPE"),
        Span(doc, 2, 3, "GPE"),
        Span(doc, 4, 7, "ORG"),  # crosses the span below
        Span(doc, 7, 9, "ORG"),
    ]
    for start, end in ((0, 6), (0, 5), (2, 12), (6, 12), (5, 7)):
        span = doc[start:end]
        assert _ents_within(doc.ents, span) == list(span.ents)
