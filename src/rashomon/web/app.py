"""The FastAPI application: JSON API, pages, static files, one error shape, a body limit."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from .. import __version__
from ..config import Settings, load_settings
from ..store import Store
from . import api, check, pages
from .cache import ResponseCacheMiddleware
from .deps import BodyLimitMiddleware, WebState
from .errors import install_error_handlers
from .security import SecurityHeadersMiddleware
from .templating import environment

STATIC = Path(__file__).parent / "static"


def _templates() -> Jinja2Templates:
    return Jinja2Templates(env=environment())


def create_app(db_path: str, settings: Settings | None = None, token: str | None = None) -> FastAPI:
    """Build the app serving the database at ``db_path``.

    Args:
        db_path: the SQLite store; created (empty) if it does not exist.
        settings: the settings (``[web]`` gives ``max_body`` and ``page_size``); default: loaded.
        token: enables ``POST``/``DELETE`` under ``/api``, which then need
            ``Authorization: Bearer TOKEN``. Without one the server is read-only.
    """
    settings = settings or load_settings()
    if not Path(db_path).exists():
        Store(db_path).close()
    state = WebState(db_path=str(db_path), settings=settings, token=token or None)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        state.close()

    app = FastAPI(
        title="Rashomon",
        version=__version__,
        description="Who said what and who did what, reconciled across news articles. "
        "Every error answers `{\"error\": {\"code\", \"message\", \"status\"}}`.",
        lifespan=lifespan,
        # The stock /docs loads Swagger UI from a CDN; ours is server-rendered (pages.api_docs).
        docs_url=None,
        redoc_url=None,
    )
    app.state.web = state
    app.state.templates = _templates()
    install_error_handlers(app)
    app.add_middleware(ResponseCacheMiddleware, cache=state.cache)
    app.add_middleware(BodyLimitMiddleware, limit=settings.web.max_body)
    app.add_middleware(SecurityHeadersMiddleware)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(check.router)
    app.include_router(pages.router)
    return app


# ``rashomon serve --workers N`` starts N processes that each build their app from these.
DB_ENV = "RASHOMON_SERVE_DB"
TOKEN_ENV = "RASHOMON_TOKEN"


def app_from_environment() -> FastAPI:
    """The app of one server worker process: the store named by ``RASHOMON_SERVE_DB``, the
    settings as ``load_settings`` finds them (``RASHOMON_CONFIG``), the token from
    ``RASHOMON_TOKEN``."""
    return create_app(os.environ[DB_ENV], token=os.environ.get(TOKEN_ENV))
