"""Hand-built analysed-article records for tests that do not need the model."""

from __future__ import annotations

from rashomon.records import Actor, AnalyzedArticle, Event, Mention, Statement

TEXT = (
    "Foreign Minister Anna Kovalenko met her Polish counterpart in Warsaw on Monday. "
    "\"We pressed them on the border,\" Kovalenko said. Poland denied any breach."
)


def sample_record(article_id: str = "ledger-1", outlet: str = "The Northern Ledger",
                  published: str = "2026-03-02", text: str = TEXT) -> AnalyzedArticle:
    """A small but complete record: two actors, mentions, a statement and an event."""
    quote = "We pressed them on the border,"
    q_start = text.index(quote)
    speaker_start = text.index("Kovalenko said")
    return AnalyzedArticle(
        id=article_id,
        url=f"https://ledger.example/{article_id}",
        outlet=outlet,
        published=published,
        title="Kovalenko presses Warsaw",
        language="en",
        text=text,
        actors=[
            Actor(id="a1", name="Anna Kovalenko", type="person", country="UKR", sector="GOV",
                  role="Foreign Minister", code="UKRGOV"),
            Actor(id="a2", name="Poland", type="country", country="POL", sector="GOV",
                  role=None, code="POLGOV"),
        ],
        mentions=[
            Mention(actor="a1", start=17, end=31, text="Anna Kovalenko"),
            Mention(actor="a1", start=speaker_start, end=speaker_start + 9, text="Kovalenko"),
            Mention(actor="a2", start=text.index("Poland denied"),
                    end=text.index("Poland denied") + 6, text="Poland"),
        ],
        statements=[
            Statement(speaker="a1", speaker_text="Kovalenko", speaker_start=speaker_start,
                      speaker_end=speaker_start + 9, content=quote, start=q_start,
                      end=q_start + len(quote), direct=True, cue="say", channel=None, via=[],
                      negated=False),
        ],
        events=[
            Event(type="CONSULT", mode="meet", context=["territory"], cameo="036", actor="a1",
                  recipient="a2", negated=False, modality=None, date="2026-03-02",
                  location="Warsaw", start=0, end=79, trigger="met", attributed_to=None),
        ],
    )
