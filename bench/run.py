"""`make bench`: run every benchmark in this folder and print its figures.

Each module here has a ``main()`` that prints what it measured, with ratios against a
baseline measured in the same run. A benchmark whose data is absent says so and the
others still run.
"""

from __future__ import annotations

import importlib
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ("pipeline", "actors", "identity", "quotes", "events", "stories", "stance", "ingest",
         "web", "load",
         "library")


def main(names: list[str]) -> int:
    """Run the named benchmarks (default: all present); returns how many failed."""
    sys.path.insert(0, str(HERE))
    present = [n for n in ORDER if (HERE / f"{n}.py").exists()]
    failed = 0
    for name in names or present:
        print(f"\n===== bench/{name}.py =====", flush=True)
        started = time.perf_counter()
        try:
            # Each benchmark parses its own options; it runs here with its defaults.
            sys.argv = [f"bench/{name}.py"]
            importlib.import_module(name).main()
        except Exception:
            failed += 1
            traceback.print_exc()
        print(f"[{name}: {time.perf_counter() - started:.1f} s]", flush=True)
    return failed


if __name__ == "__main__":
    sys.exit(1 if main(sys.argv[1:]) else 0)
