"""Score actor resolution against sentences with gold actors (PLOVER gold-standard records).

Each record has ``text`` and ``source``/``target`` lists of gold actors with the ``text`` they
are written as, their ``country`` and (sometimes) ``sector``. An actor counts as resolved to
the right country when the actor the pipeline's :class:`ActorTable` gives for the gold span
(``actor_for_span``, as the statement and event components ask it) has that country; gold
``IGO`` and ``NGO`` both match any international-organisation code (the gold itself mixes
them). Sectors are compared where the gold
gives one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language

from ..kb.base import KnowledgeBase
from ..nlp.actor_table import ActorTable
from ..nlp.extensions import DocMeta
from .events import read_gold as read_gold  # PLOVER records, read as the event scorer does

_SKIP_COMPONENTS = ("rashomon_statements", "rashomon_events")


@dataclass(slots=True)
class ActorScore:
    """Counts and the misses, for printing."""

    actors: int = 0
    country_ok: int = 0
    with_sector: int = 0
    sector_ok: int = 0
    not_found: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def country(self) -> float:
        """Share of gold actors resolved to the gold country."""
        return self.country_ok / self.actors if self.actors else 0.0

    @property
    def sector(self) -> float:
        """Share of gold actors with a sector resolved to that sector."""
        return self.sector_ok / self.with_sector if self.with_sector else 0.0


def _country_matches(gold: str, predicted: str | None, kb: KnowledgeBase) -> bool:
    if predicted is None:
        return False
    if gold == predicted:
        return True
    # Gold codes Red Cross and Amnesty as IGO and other bodies as NGO: any international
    # organisation counts; the country test is about which state, if any.
    return gold in {"IGO", "NGO"} and kb.is_international(predicted)


def score_actors(nlp: Language, records: Iterable[dict[str, Any]], kb: KnowledgeBase) -> ActorScore:
    """Run ``nlp`` over the records' sentences and score their gold actors."""
    records = list(records)
    score = ActorScore()
    disabled = [name for name in _SKIP_COMPONENTS if name in nlp.pipe_names]

    def docs() -> Iterable[Any]:
        for record in records:
            doc = nlp.make_doc(record["text"])
            doc._.rashomon_meta = DocMeta(article_id=record["id"], published=record.get("date"))
            yield doc

    with nlp.select_pipes(disable=disabled):
        for record, doc in zip(records, nlp.pipe(docs()), strict=True):
            table: ActorTable = doc._.rashomon_actors
            for gold in [*record.get("source", []), *record.get("target", [])]:
                text, country = gold.get("text"), gold.get("country")
                if not text or not country:
                    continue
                start = record["text"].find(text)
                span = doc.char_span(start, start + len(text), alignment_mode="expand")
                if start < 0 or span is None:
                    score.not_found += 1
                    continue
                actor = table.get(table.actor_for_span(span))
                score.actors += 1
                ok = _country_matches(country, actor.country if actor else None, kb)
                score.country_ok += ok
                sector = gold.get("sector")
                sector_ok = None
                if sector and sector[:3].isalpha() and sector[:3].isupper():
                    score.with_sector += 1
                    sector_ok = bool(actor and actor.sector == sector[:3])
                    score.sector_ok += sector_ok
                if not ok or sector_ok is False:
                    got = f"{actor.name} {actor.country} {actor.sector}" if actor else "-"
                    score.misses.append(f"{text!r} gold {country} {sector}: got {got}")
    return score
