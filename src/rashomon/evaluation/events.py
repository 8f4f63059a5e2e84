"""Score the event coder against sentences annotated with PLOVER type, actors and recipients.

The annotated file is JSON Lines, one sentence a line: ``text``, ``date`` (used as the
publication date), ``event`` (gold PLOVER type), ``source`` and ``target`` (lists of
``{"text", "country", "sector"}``). Each sentence is analysed as a one-sentence article; its
main event is the first event the coder gives (events come most prominent first).

* type accuracy: the main event's type equals the gold type, over all sentences (a sentence
  with no event counts as wrong). Gold ``INVESTIGATE`` (PLOVER 0.5) counts as ``ACCUSE``, where
  PLOVER 2.0 put it (mode ``investigate``); the strict figure is reported too.
* actor (recipient) country accuracy: the country of the main event's actor (recipient), read
  from the actor records, is one of the gold source (target) countries; over the sentences
  whose gold names at least one country code.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from ..records import AnalyzedArticle, Article, Event

# Records are split into folds by a hash of their id and this seed, so a record keeps its fold
# whatever else the file holds. Development looks only at the tuning folds; the others are
# reported as out-of-fold figures and never read while tuning.
FOLD_SEED = "rashomon-folds-1"
FOLDS = 5
TUNING_FOLDS: frozenset[int] = frozenset({0, 1, 2})
# PLOVER 0.5 types that PLOVER 2.0 folded into another type.
FOLDED_TYPES: dict[str, str] = {"INVESTIGATE": "ACCUSE"}
NO_EVENT = "-"
# Generic gold codes for bodies that are not states.
GENERIC_CODES: frozenset[str] = frozenset({"IGO", "NGO", "IMG"})


@dataclass(slots=True)
class EventScores:
    """The figures of one evaluation run."""

    sentences: int = 0
    type_correct: int = 0
    type_correct_strict: int = 0
    actor_total: int = 0
    actor_correct: int = 0
    recipient_total: int = 0
    recipient_correct: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def type_accuracy(self) -> float:
        """Main-event type accuracy (INVESTIGATE scored as ACCUSE)."""
        return self.type_correct / self.sentences if self.sentences else 0.0

    @property
    def type_accuracy_strict(self) -> float:
        """Main-event type accuracy with gold types taken as written."""
        return self.type_correct_strict / self.sentences if self.sentences else 0.0

    @property
    def actor_accuracy(self) -> float:
        """Share of sentences with a gold source country whose main actor has one of them."""
        return self.actor_correct / self.actor_total if self.actor_total else 0.0

    @property
    def recipient_accuracy(self) -> float:
        """Share of sentences with a gold target country whose main recipient has one of them."""
        return self.recipient_correct / self.recipient_total if self.recipient_total else 0.0


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """The annotated sentences of a JSON Lines file."""
    with open(path, encoding="utf8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def fold_of(record_id: str, folds: int = FOLDS) -> int:
    """The fold of a record: a stable hash of its id (and ``FOLD_SEED``) modulo ``folds``."""
    digest = hashlib.sha1(f"{FOLD_SEED}:{record_id}".encode()).hexdigest()
    return int(digest[:8], 16) % folds


def split_tuning(rows: list[dict[str, Any]]) -> tuple[list[int], list[int]]:
    """Indices of the rows in the tuning folds and of those held out (out of fold)."""
    tuning: list[int] = []
    held_out: list[int] = []
    for index, row in enumerate(rows):
        fold = fold_of(str(row.get("id", index)))
        (tuning if fold in TUNING_FOLDS else held_out).append(index)
    return tuning, held_out


def _gold_countries(parties: Iterable[dict[str, Any]]) -> set[str]:
    countries = set()
    for party in parties or []:
        country = party.get("country")
        if isinstance(country, str) and len(country) == 3 and country.isupper():
            countries.add(country)
    return countries


def _is_state(code: str) -> bool:
    import pycountry

    return pycountry.countries.get(alpha_3=code) is not None


def country_matches(predicted: str | None, gold: set[str]) -> bool:
    """Whether a predicted country code is one of the gold codes.

    The gold marks every international or non-state body with a generic code (``IGO``,
    ``NGO``, ``IMG``) where the knowledge base gives the body's own code (``UNO``, ``OSC``,
    ``EEC``); any code that is not an ISO country then matches such a generic gold code.
    """
    if predicted is None:
        return False
    if predicted in gold:
        return True
    return bool(gold & GENERIC_CODES) and not _is_state(predicted)


def main_event(record: AnalyzedArticle) -> Event | None:
    """The first event of the first sentence that has one: the coder ranks them by prominence."""
    return record.events[0] if record.events else None


def _country(record: AnalyzedArticle, actor_id: str | None) -> str | None:
    for actor in record.actors:
        if actor.id == actor_id:
            return actor.country
    return None


def score(rows: list[dict[str, Any]], records: list[AnalyzedArticle]) -> EventScores:
    """Compare analysed records with their gold rows (same order)."""
    scores = EventScores()
    for row, record in zip(rows, records, strict=True):
        gold = str(row.get("event"))
        event = main_event(record)
        predicted = event.type if event is not None else NO_EVENT
        scores.sentences += 1
        scores.confusion[(gold, predicted)] += 1
        correct = predicted == FOLDED_TYPES.get(gold, gold)
        scores.type_correct += correct
        scores.type_correct_strict += predicted == gold
        sources = _gold_countries(row.get("source", []))
        targets = _gold_countries(row.get("target", []))
        actor_country = _country(record, event.actor) if event else None
        recipient_country = _country(record, event.recipient) if event else None
        if sources:
            scores.actor_total += 1
            scores.actor_correct += country_matches(actor_country, sources)
        if targets:
            scores.recipient_total += 1
            scores.recipient_correct += country_matches(recipient_country, targets)
        if not correct or (sources and not country_matches(actor_country, sources)):
            scores.misses.append(
                {
                    "id": row.get("id"),
                    "gold": gold,
                    "predicted": predicted,
                    "trigger": event.trigger if event else None,
                    "actor": actor_country,
                    "gold_actor": sorted(sources),
                    "recipient": recipient_country,
                    "gold_recipient": sorted(targets),
                    "text": row.get("text", ""),
                }
            )
    return scores


def analyse_rows(nlp: Language, rows: list[dict[str, Any]]) -> list[AnalyzedArticle]:
    """Run each annotated sentence through the pipeline, dated by its row's ``date``."""
    from ..nlp.pipeline import analyze_batch

    articles = [
        Article(id=str(row.get("id", i)), text=row["text"], published=row.get("date"))
        for i, row in enumerate(rows)
    ]
    records: list[AnalyzedArticle] = []
    for result in analyze_batch(nlp, articles):
        if not isinstance(result, AnalyzedArticle):
            raise RuntimeError(str(result))
        records.append(result)
    return records


def evaluate(nlp: Language, path: str | Path) -> EventScores:
    """Analyse and score an annotated file."""
    rows = read_gold(path)
    return score(rows, analyse_rows(nlp, rows))


def confusion_table(scores: EventScores) -> str:
    """The confusion of gold (rows) against predicted (columns) main-event types, as text."""
    gold_types = sorted({g for g, _ in scores.confusion})
    predicted_types = sorted({p for _, p in scores.confusion})
    width = max(len(t) for t in gold_types + predicted_types + ["gold\\pred"])
    short = {t: t[:4] for t in predicted_types}
    lines = ["gold\\pred".ljust(width) + " " + " ".join(short[p].rjust(4) for p in predicted_types)]
    for gold in gold_types:
        cells = []
        for predicted in predicted_types:
            count = scores.confusion.get((gold, predicted), 0)
            cells.append((str(count) if count else ".").rjust(4))
        lines.append(gold.ljust(width) + " " + " ".join(cells))
    return "\n".join(lines)
