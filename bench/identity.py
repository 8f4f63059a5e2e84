"""Person identity and country across articles, engine equality, and process-pool speed.

On the PolNeAR and FNC-1 texts of ``../shared/data`` (text nobody here wrote) plus the
multi-article examples of ``tests/data/identity``:

- **canonical actors per real person**: for each person of ``bench/data/person_countries.tsv``
  (hand-labelled), how many distinct store keys the spellings of that person end up under;
- **person-country accuracy**: the share of that person's actors (one per article) that carry
  one of the hand-labelled countries, how many carry none and how many a wrong one.

Both are printed for the per-article analysis alone (the baseline, measured in the same run)
and after the corpus pass, for two folds of the articles (FNC-1 split by story, PolNeAR by
article) and overall. The pass has no fitted parameter; its rules were written for English news
in general, and the folds show whether its figures hold on both halves.

**Engine equality** analyses a small input with ``-j 1``, ``-j 2`` and Ray (when installed),
each in two input orders, and says whether all six give identical records. **Speed** times
``rashomon extract`` on 1,000 articles at ``-j 1`` and ``-j 2``, each in a fresh process
(records compared too), and prints the load of the machine, which is shared. ``--quick``
uses 200 articles; ``--no-engines`` and ``--no-speed`` leave those parts out.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from common import REPO, shared_path

from rashomon.config import Settings, load_settings
from rashomon.kb import default_kb
from rashomon.kb.identity import apply_identities
from rashomon.kb.keys import canonical_key
from rashomon.records import AnalyzedArticle, Article
from rashomon.scale.engines import analyze
from rashomon.store.db import actor_key

LABELS = REPO / "bench" / "data" / "person_countries.tsv"
OWN = REPO / "tests" / "data" / "identity" / "articles.jsonl"


@dataclass(slots=True)
class Person:
    """A hand-labelled real person: accepted countries and the spellings checked by hand."""

    name: str
    countries: frozenset[str]
    keys: frozenset[str]


@dataclass(slots=True)
class Score:
    """Identity and country figures over one set of records."""

    keys_per_person: list[int] = field(default_factory=list)
    right: int = 0
    none: int = 0
    wrong: int = 0

    @property
    def actors(self) -> int:
        return self.right + self.none + self.wrong

    def line(self, label: str) -> str:
        found = [k for k in self.keys_per_person if k]
        per = sum(found) / len(found) if found else 0.0
        acc = self.right / self.actors if self.actors else 0.0
        return (f"{label:<34} persons {len(found):>3}  actors/person {per:4.2f}  "
                f"country {acc:.3f} ({self.right}/{self.actors}; none {self.none}, "
                f"wrong {self.wrong})")


def read_people() -> list[Person]:
    """The hand-labelled list."""
    people = []
    for line in LABELS.read_text(encoding="utf8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = (line.split("\t") + ["", ""])[:3]
        spellings = [cells[0], *[s for s in cells[2].split(",") if s.strip()]]
        people.append(Person(cells[0], frozenset(cells[1].split(",")),
                             frozenset(canonical_key(s) for s in spellings)))
    return people


def real_articles() -> list[tuple[Article, str]]:
    """PolNeAR and FNC-1 articles with their fold ("A"/"B")."""
    out: list[tuple[Article, str]] = []
    bodies = shared_path("data", "fnc1", "bodies.jsonl")
    pairs = shared_path("data", "fnc1", "pairs.jsonl")
    if bodies is not None and pairs is not None:
        story = {}
        for line in pairs.open(encoding="utf8"):
            pair = json.loads(line)
            story.setdefault(pair["body_id"], pair["story"])
        for line in bodies.open(encoding="utf8"):
            body = json.loads(line)
            out.append((Article(id=f"fnc-{body['body_id']}", text=body["text"]),
                        _fold(str(story.get(body["body_id"], body["body_id"])))))
    polnear = shared_path("data", "polnear-dev.jsonl")
    if polnear is not None:
        for line in polnear.open(encoding="utf8"):
            item = json.loads(line)
            out.append((Article(id=f"pol-{item['id']}", text=item["text"],
                                outlet=item.get("publisher"), title=item.get("title")),
                        _fold(str(item["id"]))))
    return out


def own_articles() -> list[Article]:
    """The multi-article examples written for the tests."""
    return [Article(**json.loads(line)) for line in OWN.open(encoding="utf8") if line.strip()]


def _fold(value: str) -> str:
    return "AB"[int(hashlib.sha1(value.encode()).hexdigest(), 16) % 2]


def score(records: Iterable[AnalyzedArticle], people: list[Person]) -> Score:
    """Keys per person and country accuracy of the persons' actors."""
    result = Score()
    by_key = {key: person for person in people for key in person.keys}
    keys: dict[str, set[str]] = {p.name: set() for p in people}
    for record in records:
        for actor in record.actors:
            person = by_key.get(canonical_key(actor.name))
            if person is None:
                continue
            keys[person.name].add(actor_key(actor))
            if actor.country in person.countries:
                result.right += 1
            elif actor.country is None:
                result.none += 1
            else:
                result.wrong += 1
    result.keys_per_person = [len(keys[p.name]) for p in people]
    return result


def _analysed(articles: list[Article], settings: Settings) -> list[AnalyzedArticle]:
    return [r for r in analyze(articles, settings) if isinstance(r, AnalyzedArticle)]


def identity_figures(records: list[AnalyzedArticle], folds: dict[str, str]) -> None:
    """Print baseline and corpus-pass figures per fold and overall."""
    people = read_people()
    passed = copy.deepcopy(records)
    merges = apply_identities(passed, default_kb())
    print(f"articles {len(records)}, hand-labelled persons {len(people)}, merges {len(merges)}")
    for fold in ("A", "B", None):
        label = f"fold {fold}" if fold else "all"
        keep = [r for r in records if fold is None or folds.get(r.id) == fold]
        keep_ids = {r.id for r in keep}
        after = [r for r in passed if r.id in keep_ids]
        print(score(keep, people).line(f"{label}: per-article (baseline)"))
        print(score(after, people).line(f"{label}: corpus pass"))


def own_figures(settings: Settings) -> None:
    """Canonical persons on the multi-article examples: spellings per person before/after."""
    records = _analysed(own_articles(), settings)
    before = {actor_key(a) for r in records for a in r.actors if a.type == "person"}
    apply_identities(records, default_kb())
    after = {actor_key(a) for r in records for a in r.actors if a.type == "person"}
    print(f"own examples: person keys per-article {len(before)}, after the pass {len(after)}"
          f" (the texts name 6 real persons; 'Izmir' is a city the model takes for one)")


def engine_equality(articles: list[Article]) -> None:
    """Records of -j 1, -j 2 and Ray, each in two input orders, compared after the pass."""
    from rashomon.jobs import identify_persons

    outputs: dict[str, list[dict[str, object]]] = {}
    engines = [("-j 1", {"n_process": 1}), ("-j 2", {"n_process": 2})]
    try:
        import ray  # noqa: F401

        engines.append(("ray -j 2", {"engine": "ray", "n_process": 2}))
    except ImportError:
        print("ray is not installed: engine equality covers -j 1 and -j 2")
    for label, overrides in engines:
        settings = load_settings(overrides={**overrides, "batch_size": 8})
        for order, items in (("given", articles), ("reversed", articles[::-1])):
            records = _analysed(items, settings)
            identify_persons(records, settings)
            outputs[f"{label} {order}"] = sorted(
                (r.to_dict() for r in records), key=lambda d: str(d["id"])
            )
    first = next(iter(outputs.values()))
    same = [name for name, out in outputs.items() if out == first]
    print(f"engine equality on {len(articles)} articles: {len(same)}/{len(outputs)} runs "
          f"identical ({', '.join(outputs)})")


def speed(articles: list[Article], n: int) -> None:
    """Throughput of ``rashomon extract`` at -j 1 and -j 2 on ``n`` articles.

    Each run is a fresh process, as a user runs it: it reads the JSONL, loads the model
    (each worker its own), analyses, runs the corpus pass and prints the records.
    """
    corpus = [articles[i % len(articles)] for i in range(n)]
    timings: dict[int, float] = {}
    outputs: dict[int, bytes] = {}
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "articles.jsonl"
        source.write_text("".join(
            json.dumps({"id": f"{a.id}-{i // len(articles)}", "text": a.text,
                        "outlet": a.outlet, "title": a.title}, ensure_ascii=False) + "\n"
            for i, a in enumerate(corpus)
        ), encoding="utf8")
        for jobs in (1, 2):
            load = os.getloadavg()[0]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "rashomon", "extract", str(source), "-j", str(jobs)],
                capture_output=True, check=True,
            )
            wall = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            timings[jobs], outputs[jobs] = wall, done.stdout
            print(f"extract -j {jobs}: {n / wall:6.2f} articles/s  ({wall:.1f} s wall, {cpu:.1f} s "
                  f"CPU in all processes; load average before {load:.1f} on {os.cpu_count()} "
                  f"cores)")
    print(f"speed-up -j 2 / -j 1: {timings[1] / timings[2]:.2f}x; records identical: "
          f"{outputs[1] == outputs[2]}")


def main() -> None:
    """Print identity, country, engine-equality and speed figures."""
    quick = "--quick" in sys.argv
    real = real_articles()
    if not real:
        print("skipped: ../shared/data is absent")
        return
    settings = load_settings(overrides={"n_process": 2})
    articles = [a for a, _ in real]
    records = _analysed(articles, settings)
    identity_figures(records, {a.id: fold for a, fold in real})
    own_figures(settings)
    if "--no-engines" not in sys.argv:
        engine_equality([*own_articles(), *articles[:: max(1, len(articles) // 12)]])
    if "--no-speed" not in sys.argv:
        speed(articles, 200 if quick else 1000)


if __name__ == "__main__":
    main()
