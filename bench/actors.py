"""Actor resolution: accuracy on PLOVER gold actors and the time the actor components add.

Prints the share of gold source/target actors of ``../shared/data/plover-gsr-dev.jsonl``
resolved to the gold country and (where given) sector, and the seconds ``rashomon_normalize``
and ``rashomon_actors`` take relative to the bare spaCy parse of the same sentences.
"""

from __future__ import annotations

import sys

import spacy
from common import component_seconds, parse_seconds, shared_path

from rashomon.actors import component as _actors  # noqa: F401  (registers the factories)
from rashomon.config import load_settings
from rashomon.evaluation.actors import read_gold, score_actors
from rashomon.evaluation.events import split_tuning
from rashomon.kb import default_kb
from rashomon.nlp import normalize as _normalize  # noqa: F401

OURS = ("rashomon_normalize", "rashomon_actors")


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
