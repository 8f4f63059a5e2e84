"""``rashomon watch``: follow feeds, sitemaps and pages; ``--status`` shows their health."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import app
from .common import ConfigOption, DbOption, WaitOption, db_path, settings_for
from .output import OutputFormat, emit

err = Console(stderr=True)


def _print_round(summary: object) -> None:
    from ..watch import RoundSummary

    assert isinstance(summary, RoundSummary)
    s = summary
    err.print(
        f"round {s.number} done in {s.seconds:.1f} s: {s.sources} source(s), "
        f"{s.sources_failed} failed; {s.items} item(s) listed, {s.fetched} fetched, "
        f"{s.unchanged} unchanged; {s.added} article(s) added, {s.replaced} replaced; "
        f"{s.stories} story update(s); {len(s.failures)} failure(s)"
    )
    for failure in s.failures:
        err.print(Text(f"failed: {failure}", style="red"))


@app.command()
def watch(
    sources: Annotated[
        Path | None,
        typer.Argument(help="A file of feed, sitemap and page URLs, one a line (optionally"
                       " preceded by feed, sitemap or page; # comments).", show_default=False),
    ] = None,
    db: DbOption = None,
    config: ConfigOption = None,
    every: Annotated[
        str | None,
        typer.Option("--every", help="Time between rounds: 90s, 15m, 2h, 1d (default: the"
                     " watch.every setting, 15m).", show_default=False),
    ] = None,
    once: Annotated[bool, typer.Option("--once", help="Do one round and exit.")] = False,
    rounds: Annotated[
        int | None,
        typer.Option("--rounds", min=1, help="Do this many rounds and exit.", show_default=False),
    ] = None,
    status: Annotated[
        bool, typer.Option("--status", help="Show each source's last success, last error and"
                           " item counts, then exit.")
    ] = False,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="With --status: table, jsonl, csv or"
                                   " parquet.")
    ] = OutputFormat.table,
    wait: WaitOption = 60.0,
) -> None:
    """Fetch new items from feeds, sitemaps and pages; analyse and store them; repeat.

    Each round fetches every source (conditional GET, robots.txt, per-host delay), then
    the items it lists that are new or changed, extracts their article text, analyses and
    stores them and brings the stories up to date. A failing source or page is reported
    with its error code and the round goes on. Exit code (with --once or --rounds): 1 when
    something failed in the last round.
    """
    settings = settings_for(config)
    path = db_path(db, settings)
    if status:
        _status(path, fmt)
        return
    if sources is None:
        err.print("Error: give a SOURCES file (or --status)")
        raise typer.Exit(2)
    if not sources.is_file():
        err.print(f"Error: E001: File not found: {sources}")
        raise typer.Exit(2)
    from ..watch import parse_every, watch_loop

    seconds = parse_every(every or settings.watch.every)
    count = 1 if once else rounds
    try:
        last = watch_loop(sources, path, settings, seconds, rounds=count, say=err.print,
                          report=_print_round, wait=wait)
    except KeyboardInterrupt:
        err.print("stopped")
        raise typer.Exit(0) from None
    raise typer.Exit(last.exit_code)


def _status(path: str, fmt: OutputFormat) -> None:
    from ..store import Store
    from ..watch.status import source_status

    if not os.path.exists(path):
        err.print(f"Error: E031: Not found: database {path!r} (run 'rashomon watch' first)")
        raise typer.Exit(2)
    with Store(path, readonly=True) as store:
        try:
            rows = source_status(store)
        except sqlite3.OperationalError:  # a store no watch has written to (older schema)
            rows = []
    if fmt is not OutputFormat.table:
        emit(rows, fmt, None, None, "Sources")
        return
    table = Table(title="Watched sources")
    for column in ("source", "kind", "last success", "last error", "rounds", "failures",
                   "items seen", "articles", "items failed"):
        table.add_column(column, overflow="fold")
    for r in rows:
        error = f"{r['last_error']} ({r['last_error_at']})" if r["last_error"] else ""
        table.add_row(str(r["url"]), str(r["kind"] or ""), str(r["last_success"] or "never"), error,
                      str(r["rounds"]), str(r["failures"]), str(r["items_seen"]),
                      str(r["articles_stored"]), str(r["items_failed"]))
    Console(width=200 if not Console().is_terminal else None).print(table)

