"""Options and helpers shared by the commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..config import Settings, load_settings
from ..errors import NotFoundError
from ..library import Store

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="SQLite database file (default: the RASHOMON_DB variable, else rashomon.db).",
        show_default=False,
    ),
]
WaitOption = Annotated[
    float,
    typer.Option(
        "--wait",
        help="Seconds to wait for another process writing the same store before stopping"
        " with E033.",
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="A settings file (TOML) merged over the defaults; see docs/config.md.",
        show_default=False,
    ),
]


def settings_for(config: Path | None = None, **overrides: object) -> Settings:
    """Settings from every layer, with command-line values on top."""
    return load_settings(config, overrides={k: v for k, v in overrides.items() if v is not None})


def db_path(db: Path | None, settings: Settings) -> str:
    """The database the command works on."""
    return str(db) if db else settings.db


def open_store_readonly(db: Path | None, settings: Settings) -> Store:
    """Open an existing store for reading, or stop with a clear message."""
    path = db_path(db, settings)
    try:
        return Store(path, readonly=True, settings=settings)
    except NotFoundError:
        typer.echo(
            f"Error: E031: Not found: database {path!r} (run 'rashomon analyze' first)", err=True
        )
        raise typer.Exit(2) from None
