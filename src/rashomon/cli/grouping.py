"""``rashomon regroup``: rebuild the stories from the stored analyses, without re-parsing."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..store import Store
from . import app
from .common import ConfigOption, DbOption, db_path, settings_for

err = Console(stderr=True)


@app.command()
def regroup(
    db: DbOption = None,
    config: ConfigOption = None,
    since: Annotated[
        str | None,
        typer.Option("--from", help="Regroup only articles published on or after this date"
                     " (YYYY-MM-DD); earlier articles keep their stories.", show_default=False),
    ] = None,
) -> None:
    """Group the stored articles into stories again, from their stored analyses.

    Gives the stories that grouping during 'rashomon analyze' gives; use it after changing
    the [stories] settings, or to finish grouping after an interrupted run.
    """
    from ..stories.update import regroup as regroup_store

    if since is not None:
        try:
            date.fromisoformat(since)
        except ValueError:
            err.print(f"Error: E040: Invalid request: --from {since!r} is not a YYYY-MM-DD date")
            raise typer.Exit(2) from None
    settings = settings_for(config)
    path = db_path(db, settings)
    if not os.path.exists(path):
        err.print(f"Error: E031: Not found: database {path!r} (run 'rashomon analyze' first)")
        raise typer.Exit(2)
    with Store(Path(path)) as store:
        touched = regroup_store(store, settings, since)
        stories = store.conn.execute("SELECT count(*) FROM stories").fetchone()[0]
    err.print(f"regrouped: {touched} stories rebuilt or removed, {stories} stories in {path}")
