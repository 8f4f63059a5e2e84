"""Events stated by a speaker as that speaker's claims, and syndicated copies in comparisons.

Hand-built records: each article has one reported statement and the event the coder found in
it (``attributed_to``), so what is tested is the comparison, not the parser.
"""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from rashomon.compare import (
    AlignSettings,
    compare_claims,
    extract_claims,
    outlets_by_account,
    single_source_claims,
)
from rashomon.records import Actor, AnalyzedArticle, Event, Statement
from rashomon.store import Store
from rashomon.stories.build import build_story
from rashomon.web.app import create_app

# Claim words are read by the spaCy model's tagger and lemmatizer.
pytestmark = pytest.mark.model

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

RULES = AlignSettings(use_models=False)
ACTORS = {
    "belov": Actor(id="p1", name="Arkady Belov", type="person"),
    "ostrova": Actor(id="p2", name="Lena Ostrova", type="person"),
    "varnia": Actor(id="c1", name="Varnia", type="country"),
    "dorsk": Actor(id="c2", name="Dorsk", type="location"),
    "kessel": Actor(id="p3", name="Tomas Kessel", type="person"),
}


def reported(
    article_id: str,
    outlet: str,
    speaker: str,
    cue_words: str,
    cue: str,
    content: str,
    trigger: str,
    event_type: str = "RETREAT",
    actor: str = "varnia",
    recipient: str | None = None,
    negated: bool = False,
    date: str | None = None,
    place: str | None = None,
    published: str = "2025-06-03",
) -> AnalyzedArticle:
    """One article: "SPEAKER CUE_WORDS CONTENT." with the event stated in it."""
    name = ACTORS[speaker].name
    text = f"{name} {cue_words} {content}."
    start = text.index(content)
    statement = Statement(
        speaker=ACTORS[speaker].id, speaker_text=name, speaker_start=0,
        speaker_end=len(name), content=content, start=start, end=start + len(content),
        direct=False, cue=cue,
    )
    event = Event(
        type=event_type, mode=None, context=[], cameo=None, actor=ACTORS[actor].id,
        recipient=ACTORS[recipient].id if recipient else None, negated=negated,
        modality=None, date=date or published, location=place, start=0, end=len(text),
        trigger=trigger, attributed_to=0,
    )
    actors = [ACTORS[speaker], ACTORS[actor]] + ([ACTORS[recipient]] if recipient else [])
    return AnalyzedArticle(
        id=article_id, url=None, outlet=outlet, published=published, title=None,
        language="en", text=text, actors=actors, mentions=[], statements=[statement],
        events=[event],
    )


def belov_says_withdrawn(article_id: str = "ledger-1", outlet: str = "Northern Ledger",
                         **kwargs: str) -> AnalyzedArticle:
    return reported(article_id, outlet, "belov", "said that", "say",
                    "Varnian troops had withdrawn from the outskirts of Dorsk", "withdrawn",
                    **kwargs)


def test_stated_event_is_the_speakers_claim() -> None:
    record = reported("herald-1", "Coastal Herald", "ostrova", "denied that", "deny",
                      "Varnian troops had withdrawn from the outskirts of Dorsk", "withdrawn")
    statement, event = extract_claims(record, include_events=False)
    assert (event.statement, event.event, event.attributed_to) == (None, 0, 0)
    assert (event.speaker, event.cue, event.predicate) == ("Lena Ostrova", "deny", "retreat")
    assert event.subject == "Varnia"
    assert event.polarity is False  # a reported clause under "deny" is what she denies
    assert (event.start, event.end, event.text) == (statement.start, statement.end,
                                                    statement.text)
    assert event.date is None  # dated only by its report: no date of its own


def test_polarity_of_stated_events() -> None:
    negated = reported("herald-1", "Coastal Herald", "ostrova", "said that", "say",
                       "Varnian troops had not withdrawn from Dorsk", "withdrawn", negated=True)
    assert extract_claims(negated)[1].polarity is False
    framed = reported("herald-2", "Coastal Herald", "ostrova", "rejected", "reject",
                      "claims that Varnian troops had withdrawn from Dorsk", "withdrawn")
    assert extract_claims(framed)[1].polarity is False
    quoted = reported("herald-3", "Coastal Herald", "ostrova", "denied the report:", "deny",
                      "Not one Varnian soldier has left Dorsk", "left", negated=True)
    quoted.statements[0].direct = True  # her own words, read as they stand
    assert extract_claims(quoted)[1].polarity is False
    unsaid = reported("herald-4", "Coastal Herald", "ostrova", "did not say that", "say",
                      "Varnian troops had withdrawn from Dorsk", "withdrawn")
    unsaid.statements[0].negated = True
    assert extract_claims(unsaid)[1].polarity is False


def test_speakers_assert_and_deny_one_event() -> None:
    said = belov_says_withdrawn()
    denied = reported("herald-1", "Coastal Herald", "ostrova", "denied that", "deny",
                      "Varnian troops had pulled out of the outskirts of Dorsk", "pulled out")
    claims = extract_claims(said) + extract_claims(denied)
    comparisons = compare_claims(claims, settings=RULES)
    assert len(comparisons) == 1  # one comparison for the one pair of sentences
    [found] = comparisons
    assert found.kind == "contradiction"
    assert (found.a.event, found.b.event) == (0, 0)
    assert "RETREAT (Varnia)" in found.explanation
    assert "Arkady Belov (Northern Ledger) says it happened" in found.explanation
    assert "Lena Ostrova (Coastal Herald) says it did not" in found.explanation
    assert 0.5 <= found.score <= 1.0


def test_one_comparison_per_pair_of_sentences_with_models() -> None:
    said = belov_says_withdrawn()
    denied = reported("herald-1", "Coastal Herald", "ostrova", "denied that", "deny",
                      "Varnian troops had withdrawn from the outskirts of Dorsk", "withdrawn")
    comparisons = compare_claims(extract_claims(said) + extract_claims(denied))
    assert [c.kind for c in comparisons] == ["contradiction"]
    assert "RETREAT (Varnia)" in comparisons[0].explanation


def test_same_event_same_polarity_agrees_and_other_actor_does_not_align() -> None:
    said = belov_says_withdrawn()
    also = reported("herald-1", "Coastal Herald", "ostrova", "confirmed that", "confirm",
                    "the Varnian units were gone from Dorsk by dawn", "gone")
    [agreed] = compare_claims(extract_claims(said) + extract_claims(also), settings=RULES)
    assert agreed.kind == "agreement"
    assert "RETREAT (Varnia)" in agreed.explanation
    assert "each says it happened" in agreed.explanation
    other = reported("herald-2", "Coastal Herald", "ostrova", "confirmed that", "confirm",
                     "Kessel's militia were gone from the hills by dawn", "gone", actor="kessel")
    assert compare_claims(extract_claims(said) + extract_claims(other), settings=RULES) == []


def test_conflicting_dates_and_places_of_one_event() -> None:
    monday = belov_says_withdrawn(date="2025-06-02", place="Dorsk")
    sunday = reported("herald-1", "Coastal Herald", "ostrova", "said", "say",
                      "the Varnian pull-back began a day earlier", "pull-back",
                      date="2025-06-01", place="Dorsk")
    [dated] = compare_claims(extract_claims(monday) + extract_claims(sunday), settings=RULES)
    assert dated.kind == "contradiction"
    assert "dated 2025-06-02" in dated.explanation and "2025-06-01" in dated.explanation
    elsewhere = reported("herald-2", "Coastal Herald", "ostrova", "said", "say",
                         "the Varnian pull-back was from Lenka, far to the south", "pull-back",
                         date="2025-06-02", place="Lenka")
    [placed] = compare_claims(extract_claims(monday) + extract_claims(elsewhere), settings=RULES)
    assert placed.kind == "contradiction"
    assert "placed in Dorsk" in placed.explanation and "in Lenka" in placed.explanation


def test_copies_are_not_compared_nor_counted_as_backing() -> None:
    original = belov_says_withdrawn("wire-1", "Meridian Wire")
    reprint = belov_says_withdrawn("gazette-1", "Valley Gazette", published="2025-06-04")
    rival = reported("herald-1", "Coastal Herald", "ostrova", "confirmed that", "confirm",
                     "the Varnian units were gone from Dorsk by dawn", "gone")
    copies = {"gazette-1": "wire-1"}
    story = build_story([original, reprint, rival], ["wire-1", "gazette-1", "herald-1"],
                        align=RULES, copies=copies)
    assert story.copies == copies
    pairs = sorted(sorted((c.a.article, c.b.article)) for c in story.comparisons)
    # Never compared with its original; each text still meets the rival's account.
    assert pairs == [["gazette-1", "herald-1"], ["herald-1", "wire-1"]]
    assert {c.kind for c in story.comparisons} == {"agreement"}
    carried = outlets_by_account(story.claims, story.copies)
    assert carried["Arkady Belov"] == ["Meridian Wire", "Valley Gazette (reprint of Meridian Wire)"]


def test_copy_of_a_quote_is_no_corroboration() -> None:
    original = reported("wire-1", "Meridian Wire", "ostrova", "said that", "say",
                        "the bridge at Dorsk had been shelled overnight", "shelled",
                        event_type="ASSAULT")
    reprint = reported("gazette-1", "Valley Gazette", "kessel", "said that", "say",
                       "the bridge at Dorsk had been shelled overnight", "shelled",
                       event_type="ASSAULT")
    claims = extract_claims(original) + extract_claims(reprint)
    # As independent outlets, two speakers' same words back each other ...
    assert [c.kind for c in compare_claims(claims, settings=RULES)] == ["agreement"]
    # ... but a reprint carries the original's text: nothing is compared, nothing backed.
    copies = {"gazette-1": "wire-1"}
    comparisons = compare_claims(claims, settings=RULES, copies=copies)
    assert comparisons == []
    single = single_source_claims(claims, comparisons)
    assert [(c.article, c.statement) for c in single] == [("wire-1", 0), ("gazette-1", 0)]


def wire_story_db(path: Path) -> str:
    """A store holding a wire story, its reprint and a rival account; returns the story id."""
    original = belov_says_withdrawn("wire-1", "Meridian Wire")
    reprint = belov_says_withdrawn("gazette-1", "Valley Gazette", published="2025-06-04")
    rival = reported("herald-1", "Coastal Herald", "ostrova", "denied that", "deny",
                     "Varnian troops had pulled out of the outskirts of Dorsk", "pulled out")
    records = [original, reprint, rival]
    story = build_story(records, [r.id for r in records], "dorsk-2025-06", align=RULES,
                        copies={"gazette-1": "wire-1"})
    with Store(path) as store:
        for record in records:
            store.save(record)
        store.save_stories([story])
    return story.id


def test_story_page_and_cli_say_which_articles_are_reprints(tmp_path: Path) -> None:
    db = tmp_path / "wire.db"
    story_id = wire_story_db(db)
    with TestClient(create_app(str(db))) as client:
        page = client.get(f"/stories/{story_id}")
    assert page.status_code == 200
    assert "reprint of" in page.text and "Meridian Wire" in page.text
    assert "Valley Gazette (reprint of Meridian Wire)" in page.text
    assert "RETREAT (Varnia)" in page.text  # the stated events' contradictions
    assert "as Lena Ostrova states it, in Coastal Herald" in page.text
    shown = subprocess.run(
        [sys.executable, "-m", "rashomon", "story", story_id, "--db", str(db)],
        capture_output=True, text=True, timeout=600, env={**os.environ, "COLUMNS": "200"},
    )
    assert shown.returncode == 0, shown.stderr
    assert "gazette-1 (Valley Gazette) is a reprint of wire-1 (Meridian Wire)" in shown.stdout
    assert "Valley Gazette (reprint of Meridian Wire)" in shown.stdout
