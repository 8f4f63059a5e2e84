"""``rashomon doctor``: check a store and repair what can be repaired."""

from __future__ import annotations

import os
import sqlite3
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from . import app
from .common import ConfigOption, DbOption, WaitOption, db_path, settings_for

err = Console(stderr=True)
CHECKS = ("sqlite", "search-index", "offsets", "dates", "grouping", "story-counts")


@app.command()
def doctor(
    db: DbOption = None,
    config: ConfigOption = None,
    check: Annotated[bool, typer.Option("--check", help="Only report; repair nothing.")] = False,
    wait: WaitOption = 60.0,
) -> None:
    """Check the store (SQLite's integrity check and Rashomon's invariants) and repair it.

    Every analysed article must be in a story, every span inside its article's text, every
    count consistent. Exit code 0 when the store is healthy (after repairs), 1 when a
    problem remains.
    """
    from ..store import Store
    from ..store.doctor import diagnose, repair
    from ..store.lock import writer_lock

    settings = settings_for(config)
    path = db_path(db, settings)
    if not os.path.exists(path):
        err.print(f"Error: E031: Not found: database {path!r}")
        raise typer.Exit(2)
    try:
        with writer_lock(path, wait), Store(path) as store:
            findings = diagnose(store, settings)
            if findings and not check:
                repair(store, settings, findings)
                remaining = {f.check for f in diagnose(store, settings)}
                for finding in findings:
                    finding.repaired = finding.check not in remaining
    except sqlite3.DatabaseError as exc:
        # Damage deep enough that SQLite cannot even read the schema.
        err.print(f"Error: E034: Store check: sqlite: {exc}; restore a backup or try"
                  f" 'sqlite3 {path} .recover'")
        raise typer.Exit(1) from None
    table = Table(title=f"rashomon doctor → {path}")
    for column in ("check", "result", "detail"):
        table.add_column(column, overflow="fold")
    failed = {f.check: f for f in findings}
    for name in CHECKS:
        if name not in failed:
            table.add_row(name, "ok", "")
            continue
        found = failed[name]
        result = "repaired" if found.repaired else "E034: problem"
        table.add_row(name, result, f"{found.count} × {found.detail}")
    err.print(table)
    raise typer.Exit(1 if any(not f.repaired for f in findings) else 0)
