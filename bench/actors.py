"""Actor resolution: accuracy on PLOVER gold actors and the time the actor components add.

Prints the share of gold source/target actors of ``../shared/data/plover-gsr-dev.jsonl``
resolved to the gold country and (where given) sector, and the seconds ``rashomon_normalize``
and ``rashomon_actors`` take relative to the bare spaCy parse of the same sentences.
"""

from __future__ import annotations

import sys

import spacy
from common import component_seconds, parse_seconds, shared_path

from rashomon.config import load_settings
from rashomon.kb import default_kb
from rashomon.kb.evaluate import read_gold, score_actors
from rashomon.nlp import actors as _actors  # noqa: F401  (registers the factories)
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
    score = score_actors(nlp, records, default_kb(settings.dictionaries))
    print(f"gold actors scored        {score.actors} (text not found: {score.not_found})")
    print(f"country accuracy          {score.country:.3f}  ({score.country_ok}/{score.actors})")
    print(f"sector accuracy           {score.sector:.3f}  ({score.sector_ok}/{score.with_sector})")
    if "-v" in sys.argv:
        for miss in score.misses:
            print("  miss:", miss)
    texts = [r["text"] for r in records] * 3
    seconds = component_seconds(nlp, texts)
    parse = parse_seconds(seconds)
    print(f"bare parse                {parse:.3f} s for {len(texts)} sentences")
    for name in OURS:
        print(f"{name:<25} {seconds[name]:.3f} s  = {seconds[name] / parse:.1%} of the parse")


if __name__ == "__main__":
    main()
