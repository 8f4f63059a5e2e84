"""Actor resolution: accuracy on PLOVER gold actors and the time the actor components add.

Prints the share of gold source/target actors of ``../shared/data/plover-gsr-dev.jsonl``
resolved to the gold country and (where given) sector, in-fold and out-of-fold side by side
with a baseline measured in the same run (country: the first country a word of the gold text
names in the knowledge base, with no parse and no rule; sector: the tuning folds' most frequent
sector), and the seconds ``rashomon_normalize`` and ``rashomon_actors`` take relative to the
bare spaCy parse of the same sentences.
"""

from __future__ import annotations

import sys
from collections import Counter
from typing import Any

import spacy
from common import component_seconds, parse_seconds, shared_path

from rashomon.actors import component as _actors  # noqa: F401  (registers the factories)
from rashomon.config import load_settings
from rashomon.evaluation.actors import _country_matches, read_gold, score_actors
from rashomon.evaluation.events import split_tuning
from rashomon.kb import default_kb
from rashomon.kb.base import KnowledgeBase
from rashomon.nlp import normalize as _normalize  # noqa: F401

OURS = ("rashomon_normalize", "rashomon_actors")


def _gold_actors(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        gold
        for record in records
        for gold in [*record.get("source", []), *record.get("target", [])]
        if gold.get("text") and gold.get("country") and gold["text"] in record["text"]
    ]


def lookup_country(text: str, kb: KnowledgeBase) -> str | None:
    """The baseline: the whole text's knowledge-base entry, else the first word that names a
    country (a name, a demonym, a capital); no parse, no rule."""
    entry = kb.lookup(text)
    if entry is not None and entry.country:
        return entry.country
    for word in text.replace("'s", " ").split():
        place = kb.place(word.strip(".,()\"'"))
        if place is not None and place.country:
            return place.country
    return None


def baseline_country(records: list[dict[str, Any]], kb: KnowledgeBase) -> float:
    """Share of gold actors whose country ``lookup_country`` gets right."""
    golds = _gold_actors(records)
    right = sum(_country_matches(g["country"], lookup_country(g["text"], kb), kb) for g in golds)
    return right / len(golds) if golds else 0.0


def gold_sectors(records: list[dict[str, Any]]) -> list[str]:
    """The PLOVER sector of every gold actor that has one."""
    sectors = [str(g.get("sector") or "")[:3] for g in _gold_actors(records)]
    return [s for s in sectors if s.isalpha() and s.isupper()]


def baseline_sector(records: list[dict[str, Any]], majority: str) -> float:
    """Share of gold actors with a sector whose sector is ``majority``."""
    sectors = gold_sectors(records)
    return sum(s == majority for s in sectors) / len(sectors) if sectors else 0.0


def main() -> None:
    """Print the accuracy figures and the relative cost of the two components."""
    path = shared_path("data", "plover-gsr-dev.jsonl")
    if path is None:
        print("skipped: ../shared/data/plover-gsr-dev.jsonl is absent")
        return
    settings = load_settings()
    nlp = spacy.load(settings.model)
    nlp.add_pipe("rashomon_normalize", first=True)
    nlp.add_pipe("rashomon_actors", last=True)
    records = read_gold(path)
    kb = default_kb(settings.dictionaries)
    tuning, held_out = split_tuning(records)
    # Development reads the tuning folds only; the held-out folds give the out-of-fold figures.
    inside = score_actors(nlp, [records[i] for i in tuning], kb)
    outside = score_actors(nlp, [records[i] for i in held_out], kb)
    print(f"{'':<26}{'in-fold':>16}{'out-of-fold':>18}")
    print(
        f"gold actors scored        {inside.actors:>16}{outside.actors:>18}"
        f"  (text not found: {inside.not_found + outside.not_found})"
    )
    print(
        f"country accuracy          {inside.country:>9.3f} ({inside.country_ok:>3}/"
        f"{inside.actors:<3}){outside.country:>9.3f} ({outside.country_ok:>3}/{outside.actors:<3})"
    )
    print(
        f"sector accuracy           {inside.sector:>9.3f} ({inside.sector_ok:>3}/"
        f"{inside.with_sector:<3}){outside.sector:>9.3f} ({outside.sector_ok:>3}/"
        f"{outside.with_sector:<3})"
    )
    tuned = [records[i] for i in tuning]
    kept = [records[i] for i in held_out]
    print(
        f"... baseline: KB lookup      {baseline_country(tuned, kb):>9.3f}"
        f"{'':>10}{baseline_country(kept, kb):>9.3f}"
    )
    majority = Counter(gold_sectors(tuned)).most_common(1)[0][0]
    print(
        f"... baseline: always {majority}     {baseline_sector(tuned, majority):>9.3f}"
        f"{'':>10}{baseline_sector(kept, majority):>9.3f}"
    )
    if "-v" in sys.argv:
        for miss in inside.misses:
            print("  miss (tuning folds):", miss)
    texts = [r["text"] for r in records] * 3
    seconds = component_seconds(nlp, texts)
    parse = parse_seconds(seconds)
    print(f"bare parse                {parse:.3f} s for {len(texts)} sentences")
    for name in OURS:
        print(f"{name:<25} {seconds[name]:.3f} s  = {seconds[name] / parse:.1%} of the parse")


if __name__ == "__main__":
    main()
