"""``/check`` (page and ``.json`` twin) and ``GET /api/check``: a claim against stored articles."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ..errors import Errors, RashomonError
from ..store import Store
from .deps import ReadStore
from .errors import ApiError

router = APIRouter(tags=["check"])

Claim = Annotated[str | None, Query(max_length=2000, description="The claim, in English.")]
StoryId = Annotated[str | None, Query(max_length=200, description="Only this story's articles.")]
All = Annotated[bool, Query(alias="all", description="Also list unrelated articles.")]
EXCERPT_CHARS = 240


def _rows(store: Store, claim: str, story: str | None, include_unrelated: bool
          ) -> list[dict[str, Any]]:
    from ..stance.check import ClaimInput, check_claims  # noqa: PLC0415 - loads the model

    try:
        rows = check_claims(store, [ClaimInput("1", claim)], story=story,
                            include_unrelated=include_unrelated)
    except RashomonError as exc:
        status = 404 if exc.code == "E031" else 400 if exc.code == "E027" else 500
        raise _api_error(status, exc) from exc
    return [r.to_dict() for r in rows]


def _api_error(status: int, exc: RashomonError) -> ApiError:
    """The API's error for a coded error raised below it, with its message unchanged."""
    error = ApiError(status, Errors.E040, detail="")
    error.code = exc.code
    error.message = exc.message.split(": ", 1)[1]
    return error


def _require(claim: str | None) -> str:
    if claim is None or not claim.strip():
        raise ApiError(400, Errors.E027, claim="", detail="empty claim")
    return claim


@router.get("/api/check", summary="How stored articles stand towards a claim")
async def api_check(store: ReadStore, claim: Claim = None, story: StoryId = None,
                    include_unrelated: All = False) -> JSONResponse:
    """One row per (claim, article): supports, disputes or discusses, with score, outlet,
    speaker and evidence offsets (unrelated articles only with ``all=true``)."""
    text = _require(claim)
    rows = await run_in_threadpool(_rows, store, text, story, include_unrelated)
    return JSONResponse({"claim": text, "story": story, "rows": rows})


@router.get("/check", response_class=HTMLResponse, summary="Check a claim")
async def check_page(request: Request, store: ReadStore, claim: Claim = None,
                     story: StoryId = None, include_unrelated: All = False) -> Response:
    """The check form, and for a claim the articles that support, dispute or discuss it."""
    rows: list[dict[str, Any]] = []
    if claim is not None and claim.strip():
        rows = await run_in_threadpool(_rows, store, claim, story, include_unrelated)
        for row in rows:
            found = store.conn.execute(
                "SELECT text, title FROM articles WHERE id = ?", (row["article"],)
            ).fetchone()
            row["title"] = found["title"] if found else None
            ev = row["evidence"][0] if row["evidence"] else None
            text = found["text"] if found and ev else ""
            row["excerpt"] = text[ev["start"] : ev["end"]][:EXCERPT_CHARS] if ev else ""
    context = {"claim": claim or "", "story": story or "", "all": include_unrelated,
               "rows": rows}
    templates = request.app.state.templates
    response: HTMLResponse = templates.TemplateResponse(request, "check.html", {"r": context})
    return response


@router.get("/check.json", summary="Check page as JSON")
async def check_json(store: ReadStore, claim: Claim = None, story: StoryId = None,
                     include_unrelated: All = False) -> JSONResponse:
    """The check page's data."""
    text = _require(claim)
    rows = await run_in_threadpool(_rows, store, text, story, include_unrelated)
    return JSONResponse({"claim": text, "story": story, "rows": rows})
