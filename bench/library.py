"""The public Python API: what ``import rashomon`` and a store listing cost, and notebook display.

A fresh interpreter imports ``rashomon``, opens a store read-only and lists stories and
statements; the baselines, measured in the same run, are an interpreter that does nothing
and one that imports spaCy (what every listing would pay if the API loaded the analysis
stack). Then the HTML a notebook shows for a story, an article and a 50-row listing is
rendered from the same store.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from web import fill

import rashomon


def _seconds(code: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _render_ms(render: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        render()  # type: ignore[operator]
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    """Fill a small synthetic store (unless present) and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, default=Path("artifacts/bench-library.db"))
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    if not args.db.exists():
        fill(args.db, args.articles)

    listing = (
        "import rashomon\n"
        f"with rashomon.open({str(args.db)!r}, readonly=True) as s:\n"
        "    s.stories(); s.statements(search='talks'); s.actors()\n"
    )
    nothing = _seconds("pass", args.runs)
    spacy = _seconds("import spacy", args.runs)
    api = _seconds(listing, args.runs)
    print(f"median of {args.runs} fresh interpreters, store of {args.articles:,} articles")
    print(f"{'python -c pass':40} {nothing:6.2f} s")
    print(f"{'import spacy':40} {spacy:6.2f} s")
    print(f"{'import rashomon + open + three listings':40} {api:6.2f} s"
          f"   ({api - nothing:.2f} s over bare Python; import spacy alone costs"
          f" {spacy / max(api, 1e-9):.1f}x this)")

    with rashomon.open(args.db, readonly=True) as store:
        story = store.story(store.stories(limit=1)[0]["id"])
        record = store.article(story.articles[0])
        rows = store.statements(limit=50)
        story._repr_html_()  # templates compile once per process
        print(f"{'notebook HTML':40} {'median ms':>9}")
        for name, render in (("story", story._repr_html_), ("article", record._repr_html_),
                             ("50 statements", rows._repr_html_)):
            print(f"{name:40} {_render_ms(render, args.runs * 4):9.1f}")


if __name__ == "__main__":
    main()
