"""A small hand-built corpus for the web and API tests (no model needed).

Three articles about one meeting (two sides that contradict each other on one point and
agree on another), and one article whose text, title and speaker contain HTML and script.
"""

from __future__ import annotations

from pathlib import Path

from rashomon.records import (
    Actor,
    AnalyzedArticle,
    Claim,
    ClaimRef,
    Comparison,
    Event,
    Mention,
    Statement,
    Story,
)
from rashomon.store import Store

CT = "ct-2025-03-11"
ED = "https://easterndispatch.example/world/2025/03/12/sorokin?ref=a#x"
BW = "bw-2025-03-12"
XSS = "xss-1"
STORY = "geneva-2025-03"
XSS_STORY = "xss-story"
EVIL = '<script>alert("pwned")</script>'

HARLOW = Actor("a1", "Daniel Harlow", "person", "USA", "GOV", "Secretary of State", "USAGOV")
SOROKIN = Actor("a2", "Mikhail Sorokin", "person", "RUS", "GOV", "Foreign Minister", "RUSGOV")


def _span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def _mentions(text: str, actor: str, *names: str) -> list[Mention]:
    out = []
    for name in names:
        pos = 0
        while (start := text.find(name, pos)) >= 0:
            out.append(Mention(actor, start, start + len(name), name))
            pos = start + len(name)
    return out


def _statement(text: str, speaker: str | None, speaker_text: str | None, content: str,
               direct: bool, cue: str = "say", channel: str | None = None) -> Statement:
    start, end = _span(text, content)
    s_start = s_end = None
    if speaker_text:
        after = end if direct and text.find(speaker_text, end) >= 0 else 0
        s_start, s_end = _span(text, speaker_text, after)
    return Statement(speaker, speaker_text, s_start, s_end, content, start, end, direct, cue,
                     channel)


def _event(text: str, sentence: str, type_: str, actor: str, recipient: str, trigger: str,
           date: str) -> Event:
    start, end = _span(text, sentence)
    return Event(type_, None, [], "036" if type_ == "CONSULT" else "112", actor, recipient,
                 False, None, date, "Geneva", start, end, trigger)


def tribune() -> AnalyzedArticle:
    """The American side's account."""
    s1 = "Secretary of State Daniel Harlow met Russian Foreign Minister Mikhail Sorokin in Geneva."
    q1 = "I pressed him repeatedly on interference in our elections,"
    text = (f"GENEVA — {s1}\n\n\"{q1}\" Harlow said at a press conference.\n\n"
            "Harlow said the two sides agreed to return expelled diplomats within 60 days.")
    mentions = _mentions(text, "a1", "Daniel Harlow", "Harlow said") + _mentions(
        text, "a2", "Mikhail Sorokin")
    # "Harlow said" was only a handle to find the speaker; the mention is the name.
    mentions = [Mention(m.actor, m.start, m.start + 6, "Harlow") if m.text == "Harlow said"
                else m for m in mentions]
    return AnalyzedArticle(
        id=CT, url="https://capitaltribune.example/geneva", outlet="Capital Tribune",
        published="2025-03-11", title="Harlow presses Sorokin in Geneva", language="en",
        text=text, actors=[HARLOW, SOROKIN], mentions=sorted(mentions, key=lambda m: m.start),
        statements=[
            _statement(text, "a1", "Harlow", q1, True, channel="press_conference"),
            _statement(text, "a1", "Harlow",
                       "the two sides agreed to return expelled diplomats within 60 days", False),
        ],
        events=[_event(text, s1, "CONSULT", "a1", "a2", "met", "2025-03-11")],
    )


def dispatch() -> AnalyzedArticle:
    """The Russian side's account; its id is a URL with characters that need escaping."""
    s1 = "Foreign Minister Mikhail Sorokin said the question of interference was barely raised."
    q2 = "Secretary Harlow accepted our assurances,"
    text = (f"{s1} \"{q2}\" Sorokin told reporters. "
            "Sorokin said both sides will return diplomats to their embassies.")
    actors = [Actor("a1", "Mikhail Sorokin", "person", "RUS", "GOV", "Foreign Minister",
                    "RUSGOV"),
              Actor("a2", "Daniel Harlow", "person", "USA", "GOV", None, "USAGOV")]
    mentions = _mentions(text, "a1", "Mikhail Sorokin") + [
        Mention("a2", *_span(text, "Harlow"), "Harlow")]
    for part in ("Sorokin told", "Sorokin said both"):
        start = text.index(part)
        mentions.append(Mention("a1", start, start + 7, "Sorokin"))
    return AnalyzedArticle(
        id=ED, url=ED, outlet="Eastern Dispatch", published="2025-03-12",
        title="Sorokin: Geneva talks were constructive", language="en", text=text,
        actors=actors, mentions=sorted(mentions, key=lambda m: m.start),
        statements=[
            _statement(text, "a1", "Mikhail Sorokin",
                       "the question of interference was barely raised", False),
            _statement(text, "a1", "Sorokin", q2, True, cue="tell", channel="press_conference"),
            _statement(text, "a1", "Sorokin",
                       "both sides will return diplomats to their embassies", False),
        ],
        events=[_event(text, s1, "REJECT", "a1", "a2", "said", "2025-03-12")],
    )


def wire() -> AnalyzedArticle:
    """A third outlet that reports both accounts."""
    text = ("Accounts of the Geneva meeting differ. The State Department said Harlow raised "
            "interference repeatedly, while Moscow said the topic was barely discussed.")
    actors = [Actor("a1", "State Department", "organization", "USA", "GOV", None, "USAGOV"),
              Actor("a2", "Russia", "country", "RUS", "GOV", None, "RUS"),
              Actor("a3", "Daniel Harlow", "person", "USA", "GOV", None, "USAGOV")]
    return AnalyzedArticle(
        id=BW, url=None, outlet="Baltic Wire", published="2025-03-12",
        title="Geneva: accounts differ", language="en", text=text, actors=actors,
        mentions=[Mention("a1", *_span(text, "State Department"), "State Department"),
                  Mention("a3", *_span(text, "Harlow"), "Harlow"),
                  Mention("a2", *_span(text, "Moscow"), "Moscow")],
        statements=[
            _statement(text, "a1", "The State Department",
                       "Harlow raised interference repeatedly", False),
            _statement(text, "a2", "Moscow", "the topic was barely discussed", False),
        ],
        events=[],
    )


def hostile() -> AnalyzedArticle:
    """An article whose text, title and speaker carry HTML and script."""
    quote = f"We never wrote {EVIL} here"
    text = (f"<b>Breaking</b>: {EVIL} The <i>Evil</i> Corp said \"{quote}\" "
            "and <img src=x onerror=alert(1)> too.")
    actors = [Actor("a1", "<i>Evil</i> Corp", "organization", None, None, None, None)]
    return AnalyzedArticle(
        id=XSS, url="javascript:alert(1)", outlet="<b>Bad Outlet</b>", published="2025-04-01",
        title=f"Title {EVIL}", language="en", text=text, actors=actors,
        mentions=[Mention("a1", *_span(text, "<i>Evil</i> Corp"), "<i>Evil</i> Corp")],
        statements=[_statement(text, "a1", "<i>Evil</i> Corp", quote, True)],
        events=[],
    )


def _claims(record: AnalyzedArticle) -> list[Claim]:
    names = {a.id: a.name for a in record.actors}
    return [
        Claim(record.id, i, None, names.get(s.speaker or ""), record.outlet, None, "say", True,
              s.content, s.start, s.end)
        for i, s in enumerate(record.statements)
    ]


def stories(records: list[AnalyzedArticle]) -> list[Story]:
    """The Geneva story with its comparisons, and the hostile one-article story."""
    ct, ed, bw, xss = records
    geneva = Story(
        id=STORY, title="Harlow and Sorokin meet in Geneva", start="2025-03-11",
        end="2025-03-12", articles=[CT, ED, BW],
        actors=["Daniel Harlow", "Mikhail Sorokin", "State Department", "Russia"],
        claims=_claims(ct) + _claims(ed) + _claims(bw),
        comparisons=[
            Comparison("contradiction", "election_interference", ClaimRef(CT, 0), ClaimRef(ED, 0),
                       "Harlow says he pressed Sorokin repeatedly on interference; Sorokin says"
                       " the question was barely raised."),
            Comparison("agreement", "diplomats", ClaimRef(CT, 1), ClaimRef(ED, 2),
                       "Both say the expelled diplomats will return."),
            Comparison("contradiction", "election_interference", ClaimRef(BW, 0),
                       ClaimRef(BW, 1), "The two governments describe the talks differently."),
        ],
    )
    bad = Story(id=XSS_STORY, title=f"Story {EVIL}", start="2025-04-01", end="2025-04-01",
                articles=[XSS], actors=["<i>Evil</i> Corp"], claims=_claims(xss))
    return [geneva, bad]


def build_db(path: Path) -> Path:
    """Create the database at ``path`` with the corpus and its stories."""
    records = [tribune(), dispatch(), wire(), hostile()]
    with Store(path) as store:
        for record in records:
            store.save(record)
        store.save_stories(stories(records))
    return path


def test_fixture_offsets_are_exact() -> None:
    """Every span of the hand-built corpus highlights what it claims to."""
    for record in (tribune(), dispatch(), wire(), hostile()):
        for m in record.mentions:
            assert record.text[m.start:m.end] == m.text
        for s in record.statements:
            assert record.text[s.start:s.end] == s.content
            if s.speaker_start is not None:
                assert record.text[s.speaker_start:s.speaker_end] == s.speaker_text
