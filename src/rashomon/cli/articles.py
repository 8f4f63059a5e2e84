"""``rashomon articles``: the stored articles, with what was found in each and their story."""

from __future__ import annotations

from typing import Annotated

import typer

from . import app
from .common import ConfigOption, DbOption, open_store_readonly, settings_for
from .listing import FormatOption, FromOption, LimitOption, OutletOption, OutOption, ToOption
from .output import OutputFormat, emit

COLUMNS = ["id", "outlet", "published", "title", "statements", "events", "story"]


@app.command()
def articles(
    outlet: OutletOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    search: Annotated[str | None, typer.Option("--search", "-s", help="Full-text search in"
                                               " titles and text.", show_default=False)] = None,
    limit: LimitOption = 50,
    fmt: FormatOption = OutputFormat.table,
    out: OutOption = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """List stored articles, newest first: id, outlet, date, title, counts and story.

    The id is what ``rashomon show`` takes.
    """
    with open_store_readonly(db, settings_for(config)) as store:
        rows = store.articles(outlet=outlet, date_from=date_from, date_to=date_to,
                              search=search, limit=limit)
    emit(rows, fmt, out, COLUMNS if fmt is OutputFormat.table else None, "Articles")
