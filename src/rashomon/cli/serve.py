"""``rashomon serve``: the web UI and JSON API."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from . import app
from .common import ConfigOption, DbOption, db_path, settings_for


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str | None, typer.Option("--host", help="Address to listen on.",
                                             show_default="127.0.0.1")] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port to listen on.",
                                             show_default="8000")] = None,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            help="Enable writing endpoints (POST/DELETE), which then need 'Authorization: Bearer"
            " TOKEN'. Default: the RASHOMON_TOKEN variable; without one the server is read-only.",
            show_default=False,
        ),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Serve the web pages and the JSON API (OpenAPI at /docs)."""
    import uvicorn

    from ..web.app import create_app

    settings = settings_for(config)
    application = create_app(
        db_path(db, settings), settings=settings, token=token or os.environ.get("RASHOMON_TOKEN")
    )
    uvicorn.run(application, host=host or settings.web.host, port=port or settings.web.port)
