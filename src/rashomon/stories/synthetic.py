"""Synthetic analysed articles with known stories, for benchmarks and order-tolerance tests.

Each synthetic event has a date, two people, two countries, an event type and its own
topic words; its articles (one to six, from different outlets, over three days) mix those
with common words. The corpus density is fixed (``per_day`` articles a day), so a larger
corpus spans more days, as a real archive does.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from ..records import PLOVER_TYPES, Actor, AnalyzedArticle, Event

OUTLETS = (
    "Capital Tribune",
    "Eastern Dispatch",
    "Baltic Wire",
    "The Northern Ledger",
    "Gulf Observer",
    "Southern Courier",
)
START = date(2020, 1, 1)


def _word(rng: random.Random, prefix: str, n: int) -> str:
    return f"{prefix}{rng.randrange(n)}"


def synthetic_corpus(
    n: int, seed: int = 7, per_day: int = 50, words: int = 80
) -> tuple[list[AnalyzedArticle], dict[str, str]]:
    """``n`` synthetic records and their true story (article id → event id).

    Args:
        n: number of articles.
        seed: random seed (same seed, same corpus).
        per_day: articles published per day.
        words: words per article text.
    """
    records: list[AnalyzedArticle] = []
    truth: dict[str, str] = {}
    for record, event in iter_synthetic(n, seed, per_day, words):
        records.append(record)
        truth[record.id] = event
    return records, truth


def iter_synthetic(
    n: int, seed: int = 7, per_day: int = 50, words: int = 80
) -> Iterator[tuple[AnalyzedArticle, str]]:
    """The records of ``synthetic_corpus`` one at a time, each with its event id (so that a
    benchmark of millions never holds the corpus in memory)."""
    rng = random.Random(seed)
    days = max(1, n // per_day)
    people = max(200, n // 3)
    made = 0
    event = 0
    while made < n:
        event += 1
        day = START + timedelta(days=rng.randrange(days))
        persons = [_word(rng, "Person", people) for _ in range(2)]
        countries = [_word(rng, "Country", 40) for _ in range(2)]
        topic = [_word(rng, "topic", 20_000) for _ in range(12)]
        kind = rng.choice(PLOVER_TYPES)
        for k in range(rng.randint(1, 6)):
            if made >= n:
                break
            aid = f"e{event}-{k}"
            body = [
                rng.choice(topic) if rng.random() < 0.45 else _word(rng, "common", 3000)
                for _ in range(words)
            ]
            text = " ".join([*persons, *countries, *body])
            actors = [
                Actor(id=f"a{i + 1}", name=name, type="person") for i, name in enumerate(persons)
            ] + [
                Actor(id=f"a{i + 3}", name=name, type="country") for i, name in enumerate(countries)
            ]
            published = (day + timedelta(days=rng.randint(0, 2))).isoformat()
            made += 1
            yield (
                AnalyzedArticle(
                    id=aid,
                    url=None,
                    outlet=OUTLETS[k % len(OUTLETS)],
                    published=published,
                    title=None,
                    language="en",
                    text=text,
                    actors=actors,
                    events=[
                        Event(
                            type=kind,
                            mode=None,
                            context=[],
                            cameo=None,
                            actor="a1",
                            recipient="a2",
                            negated=False,
                            modality=None,
                            date=published,
                            location=None,
                            start=0,
                            end=len(text),
                            trigger="x",
                        )
                    ],
                ),
                f"e{event}",
            )
