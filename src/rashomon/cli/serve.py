"""``rashomon serve``: the web UI and JSON API."""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import app
from .common import ConfigOption, DbOption, db_path, settings_for

if TYPE_CHECKING:
    import uvicorn

# More processes than this mostly wait on each other for the one store.
MAX_DEFAULT_WORKERS = 4


def default_workers() -> int:
    """One server process per CPU this process may run on, at most four."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(MAX_DEFAULT_WORKERS, cpus))


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
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", min=1, max=64,
            help="Server processes sharing the port; each answers requests on its own CPU."
            " Default: one per CPU, at most four.", show_default=False,
        ),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Serve the web pages and the JSON API (OpenAPI at /docs)."""
    import uvicorn

    from ..config import CONFIG_ENV
    from ..store import Store
    from ..web.app import DB_ENV, TOKEN_ENV, create_app

    settings = settings_for(config)
    path = db_path(db, settings)
    token = token or os.environ.get(TOKEN_ENV)
    host = host or settings.web.host
    port = port or settings.web.port
    processes = workers or default_workers()
    if processes == 1:
        uvicorn.run(create_app(path, settings=settings, token=token), host=host, port=port)
        return
    # Each worker is a fresh process that builds its own app, from the environment.
    if not Path(path).exists():
        Store(path).close()  # created once, before the workers
    os.environ[DB_ENV] = str(Path(path).resolve())
    if token:
        os.environ[TOKEN_ENV] = token
    if config is not None:
        os.environ[CONFIG_ENV] = str(config.resolve())
    _serve_workers(uvicorn.Config("rashomon.web.app:app_from_environment", factory=True,
                                  workers=processes, host=host, port=port))


def _serve_workers(config: uvicorn.Config) -> None:
    """Run ``config.workers`` processes on one listening socket, as ``uvicorn.run`` does, but
    with Nagle's algorithm off.

    The listening socket uvicorn binds for workers does not name its protocol, so asyncio
    does not turn Nagle off on the connections it accepts; a small answer then waited for
    the client's delayed ACK (about 40 ms a request). Accepted sockets inherit the option
    from the listening one.
    """
    from uvicorn.supervisors import Multiprocess

    sock = config.bind_socket()
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    with contextlib.suppress(KeyboardInterrupt):
        Multiprocess(config, sockets=[sock]).run()
