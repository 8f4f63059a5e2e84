"""One error shape for every failure: ``{"error": {"code", "message", "status"}}``.

API paths (``/api/…``) and ``.json`` twins always answer in that JSON shape; page paths
answer a browser (one that accepts HTML) with an HTML page that shows the same code and
message, and any other client with the JSON shape.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import Errors, RashomonError

log = logging.getLogger(__name__)

_STATUS_OF_CODE = {"E031": 404, "E040": 400, "E041": 401, "E042": 413, "E043": 403,
                   "E033": 503}


class ApiError(Exception):
    """An error to answer with: an HTTP status and a numbered message."""

    def __init__(
        self, status: int, error: Errors, headers: dict[str, str] | None = None, **kwargs: object
    ) -> None:
        self.status = status
        self.code = error.name
        self.message = error.value.format(**kwargs)
        self.headers = headers
        super().__init__(f"{self.code}: {self.message}")


class BodyTooLarge(StarletteHTTPException):
    """Raised while a request body is being received, once it passes the limit."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(413, Errors.E042.value.format(size=size, limit=limit))


def not_found(what: str, key: str) -> ApiError:
    """The 404 for a missing story, article, actor or page."""
    return ApiError(404, Errors.E031, what=what, key=key)


def error_payload(code: str, message: str, status: int) -> dict[str, Any]:
    """The one JSON error shape."""
    return {"error": {"code": code, "message": message, "status": status}}


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api/") or path.endswith((".json", ".svg")) or path.startswith("/static"):
        return False
    return "text/html" in request.headers.get("accept", "")


def error_response(
    request: Request, status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> Response:
    """The error as JSON, or as an HTML page for a browser on a page path."""
    if _wants_html(request):
        templates = getattr(request.app.state, "templates", None)
        if templates is not None:
            return templates.TemplateResponse(
                request,
                "error.html",
                {"code": code, "message": message, "status": status},
                status_code=status,
                headers=headers,
            )
    return JSONResponse(error_payload(code, message, status), status_code=status, headers=headers)


def _strip_code(message: str, code: str) -> str:
    prefix = f"{code}: "
    return message[len(prefix):] if message.startswith(prefix) else message


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(request, exc.status, exc.code, exc.message, exc.headers)


async def _rashomon_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RashomonError)
    status = _STATUS_OF_CODE.get(exc.code, 500)
    if status >= 500:
        log.error("%s %s: %s", request.method, request.url.path, exc.message)
    return error_response(request, status, exc.code, _strip_code(exc.message, exc.code))


def _describe_validation(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body"))
        parts.append(f"{loc or 'request'}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    message = Errors.E040.value.format(detail=_describe_validation(exc))
    return error_response(request, 422, "E040", message)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    if status == 404:
        code, message = "E031", Errors.E031.value.format(what="page", key=request.url.path)
    elif status == 413:
        code, message = "E042", str(exc.detail)
    elif status == 401:
        code, message = "E041", Errors.E041.value
    elif status >= 500:
        code, message = "E044", Errors.E044.value.format(detail=exc.detail)
    else:
        code, message = "E040", Errors.E040.value.format(detail=exc.detail)
    return error_response(request, status, code, message, getattr(exc, "headers", None))


async def _database_error(request: Request, exc: Exception) -> Response:
    log.exception("database error on %s %s", request.method, request.url.path, exc_info=exc)
    message = Errors.E032.value.format(detail=type(exc).__name__)
    return error_response(request, 500, "E032", message)


async def _internal_error(request: Request, exc: Exception) -> Response:
    # The traceback goes to the log only: a client learns the kind of failure, not internals.
    log.exception("internal error on %s %s", request.method, request.url.path, exc_info=exc)
    message = Errors.E044.value.format(detail=type(exc).__name__)
    return error_response(request, 500, "E044", message)


def install_error_handlers(app: FastAPI) -> None:
    """Route every kind of failure to the one error shape."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RashomonError, _rashomon_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(sqlite3.Error, _database_error)
    app.add_exception_handler(Exception, _internal_error)
