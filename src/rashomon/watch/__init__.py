"""``rashomon watch``: follow RSS/Atom feeds, sitemaps and pages, analyse what is new.

``sources`` reads the list of URLs, ``http`` fetches politely (robots.txt, per-host delay
and concurrency, conditional GET, retries, size limits), ``discover`` turns a fetched feed
or sitemap into items, ``status`` keeps each source's health and each URL's validators in
the store, and ``monitor`` runs rounds. docs/ingest.md ("Watching") describes it.
"""

from __future__ import annotations

from .monitor import RoundSummary, parse_every, run_round, watch_loop
from .sources import WatchSource, read_sources

__all__ = ["RoundSummary", "WatchSource", "parse_every", "read_sources", "run_round",
           "watch_loop"]
