"""Page latency with a large store: p50/p95 of every page and API listing.

Fills a database with synthetic analysed articles (hand-built records, no model), groups
them into stories with comparisons, then times N requests per route through the real app
(in-process, FastAPI's TestClient). The target is p95 < 300 ms with 20,000 articles.

    python bench/web.py [--articles 20000] [--requests 50] [--db bench-web.db]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import warnings
from collections.abc import Callable
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

OUTLETS = [f"Outlet {i:02d}" for i in range(40)]
COUNTRIES = ["USA", "RUS", "CHN", "FRA", "DEU", "UKR", "POL", "TUR", "IRN", "IND"]
TOPICS = ["sanctions", "ceasefire", "elections", "trade", "border", "prisoners", "energy"]
WORDS = [
    "talks", "pressed", "agreed", "denied", "warned", "border", "troops", "sanctions",
    "ceasefire", "election", "minister", "embassy", "diplomats", "prisoners", "pipeline",
    "grain", "tariffs", "summit",
]
PER_STORY = 8


def _people(n: int) -> list[Actor]:
    return [
        Actor(f"p{i}", f"Person{i} Surname{i}", "person", COUNTRIES[i % len(COUNTRIES)], "GOV",
              "Foreign Minister" if i % 3 == 0 else "Spokesperson",
              f"{COUNTRIES[i % len(COUNTRIES)]}GOV")
        for i in range(n)
    ]


def synthetic_article(i: int, rng: random.Random, people: list[Actor]) -> AnalyzedArticle:
    """One article: three actors, their mentions, three statements and two events."""
    story = i // PER_STORY
    cast = [people[(story * 3 + k) % len(people)] for k in range(3)]
    actors = [Actor(f"a{k + 1}", p.name, p.type, p.country, p.sector, p.role, p.code)
              for k, p in enumerate(cast)]
    parts: list[str] = []
    mentions: list[Mention] = []
    statements: list[Statement] = []
    events: list[Event] = []
    pos = 0
    for k in range(3):
        speaker = actors[k]
        said = " ".join(rng.choice(WORDS) for _ in range(12))
        sentence = f"{speaker.name} said that {said}. "
        mentions.append(Mention(speaker.id, pos, pos + len(speaker.name), speaker.name))
        start = pos + len(speaker.name) + len(" said that ")
        statements.append(Statement(speaker.id, speaker.name, pos, pos + len(speaker.name), said,
                                    start, start + len(said), False, "say", "statement"))
        if k < 2:
            events.append(Event(rng.choice(["ACCUSE", "CONSULT", "REJECT", "THREATEN"]), None,
                                [TOPICS[story % len(TOPICS)]], "112", speaker.id,
                                actors[k + 1].id, False, None, None, None, pos,
                                pos + len(sentence) - 1, "said"))
        parts.append(sentence)
        pos += len(sentence)
    day = 1 + (story % 28)
    month = 1 + (story // 28) % 12
    year = 2020 + story // (28 * 12)
    return AnalyzedArticle(
        id=f"bench-{i:06d}", url=f"https://example.org/{i}", outlet=OUTLETS[i % len(OUTLETS)],
        published=f"{year}-{month:02d}-{day:02d}", title=f"Story {story}: article {i}",
        language="en", text="".join(parts) * 3, actors=actors, mentions=mentions,
        statements=statements, events=events,
    )


def synthetic_story(story: int, records: list[AnalyzedArticle]) -> Story:
    """A story over its articles, with claims and one conflict and one agreement."""
    claims = [
        Claim(r.id, k, None, r.actors[int(s.speaker[1:]) - 1].name if s.speaker else None,
              r.outlet, None, "say", True, s.content, s.start, s.end)
        for r in records for k, s in enumerate(r.statements)
    ]
    a, b = records[0].id, records[1].id
    return Story(
        id=f"story-{story:05d}", title=f"Story {story} about {TOPICS[story % len(TOPICS)]}",
        start=records[0].published, end=records[-1].published, articles=[r.id for r in records],
        actors=[x.name for x in records[0].actors], claims=claims,
        comparisons=[
            Comparison("contradiction", TOPICS[story % len(TOPICS)], ClaimRef(a, 0),
                       ClaimRef(b, 1), "They disagree."),
            Comparison("agreement", "meeting", ClaimRef(a, 2), ClaimRef(b, 2), "Both say so."),
        ],
    )


def fill(db: Path, n_articles: int, seed: int = 7) -> None:
    """Create the synthetic store (articles saved one by one, stories in batches)."""
    rng = random.Random(seed)
    people = _people(300)
    started = time.perf_counter()
    with Store(db) as store:
        batch: list[AnalyzedArticle] = []
        stories: list[Story] = []
        for i in range(n_articles):
            record = synthetic_article(i, rng, people)
            store.save(record)
            batch.append(record)
            if len(batch) == PER_STORY:
                stories.append(synthetic_story(i // PER_STORY, batch))
                batch = []
            if len(stories) == 200:
                store.save_stories(stories)
                stories = []
            if (i + 1) % 5000 == 0:
                print(f"  {i + 1:,} articles ({time.perf_counter() - started:.0f} s)",
                      file=sys.stderr)
        if stories:
            store.save_stories(stories)
    print(f"filled {n_articles:,} articles in {time.perf_counter() - started:.0f} s",
          file=sys.stderr)


def routes(n_articles: int, rng: random.Random) -> dict[str, Callable[[], str]]:
    """Each measured route, as a function giving a URL (random ids where there are ids)."""
    n_stories = n_articles // PER_STORY

    def article() -> str:
        return f"/articles/bench-{rng.randrange(n_articles):06d}"

    def story() -> str:
        return f"/stories/story-{rng.randrange(n_stories):05d}"

    def actor() -> str:
        return f"/actors/{rng.randrange(1, 300)}"

    def words() -> str:
        return f"{rng.choice(WORDS)}+{rng.choice(WORDS)}"

    def speaker() -> str:
        n = rng.randrange(300)
        return f"Person{n}+Surname{n}"

    return {
        # pages and their .json twins
        "home": lambda: "/",
        "home.json": lambda: "/index.json",
        "home by size": lambda: "/?sort=size",
        "home page 20": lambda: "/?offset=1000",
        "story": story,
        "story by side": lambda: story() + "?by=side",
        "story.json": lambda: story() + ".json",
        "article": article,
        "article.json": lambda: article() + ".json",
        "actor": actor,
        "actor.json": lambda: actor() + ".json",
        "search words": lambda: f"/search?q={words()}",
        "search words.json": lambda: f"/search.json?q={words()}",
        "search rare word": lambda: "/search?q=Person7",
        "search words+speaker": lambda: f"/search?q={rng.choice(WORDS)}&speaker={speaker()}",
        "search statements p3": lambda: f"/search?q={rng.choice(WORDS)}&kind=statements"
                                        "&offset=100",
        "search speaker": lambda: f"/search?speaker={speaker()}",
        "search events": lambda: "/search?kind=events&type=ACCUSE",
        "search actor": lambda: f"/search?actor={speaker()}",
        "api docs": lambda: "/docs",
        # chart images
        "story timeline.svg": lambda: story() + "/timeline.svg",
        "story actors.svg": lambda: story() + "/actors.svg",
        "actor events.svg": lambda: actor() + "/events.svg",
        # API listings and records
        "api stories": lambda: "/api/stories",
        "api stories offset": lambda: "/api/stories?offset=500",
        "api stories actor": lambda: f"/api/stories?actor={speaker()}",
        "api story": lambda: "/api" + story(),
        "api articles": lambda: "/api/articles",
        "api articles q": lambda: f"/api/articles?q={words()}",
        "api articles outlet": lambda: f"/api/articles?outlet=Outlet+{rng.randrange(40):02d}",
        "api articles actor": lambda: f"/api/articles?actor={speaker()}",
        "api article": lambda: "/api" + article(),
        "api actors": lambda: "/api/actors",
        "api actors q": lambda: "/api/actors?q=Person1",
        "api actor": lambda: "/api" + actor(),
        "api statements": lambda: "/api/statements",
        "api statements q": lambda: f"/api/statements?q={rng.choice(WORDS)}",
        "api statements speaker": lambda: f"/api/statements?speaker={speaker()}",
        "api statements csv": lambda: "/api/statements?format=csv&limit=1000",
        "api events jsonl": lambda: "/api/events?format=jsonl&limit=1000",
        "api events": lambda: "/api/events",
        "api events type": lambda: "/api/events?type=REJECT",
        "api events actor": lambda: f"/api/events?actor={speaker()}",
        "api search": lambda: f"/api/search?q={words()}",
    }


def measure(db: Path, n_articles: int, n_requests: int, seed: int = 11) -> list[tuple[str, float,
                                                                                       float]]:
    """p50 and p95 (ms) of every route over ``n_requests`` requests."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from rashomon.web.app import create_app

    rng = random.Random(seed)
    results = []
    with TestClient(create_app(str(db))) as client:
        client.get("/")  # the templates' first compilation
        for name, url in routes(n_articles, rng).items():
            times = []
            for _ in range(n_requests):
                target = url()
                started = time.perf_counter()
                response = client.get(target, headers={"Accept": "text/html"})
                times.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{target}: {response.status_code} {response.text[:200]}")
            times.sort()
            p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
            results.append((name, statistics.median(times), p95))
    return results


def main() -> None:
    """Fill (unless the database exists) and measure; print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--db", type=Path, default=Path("artifacts/bench-web.db"))
    parser.add_argument("--target-ms", type=float, default=300.0)
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    if not args.db.exists():
        fill(args.db, args.articles)
    # A writer brings a database filled by older code up to the current schema (migrations).
    with Store(args.db) as store:
        stored = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    print(f"{stored:,} articles stored; {args.requests} requests per route")
    print(f"{'route':24} {'p50 ms':>8} {'p95 ms':>8}")
    slow = 0
    for name, p50, p95 in measure(args.db, stored, args.requests):
        flag = "" if p95 < args.target_ms else f"  over {args.target_ms:.0f} ms"
        slow += bool(flag)
        print(f"{name:24} {p50:8.1f} {p95:8.1f}{flag}")
    print(f"{slow} route(s) over the target" if slow else "every route under the target")


if __name__ == "__main__":
    main()
