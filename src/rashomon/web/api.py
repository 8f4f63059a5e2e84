"""The JSON API under ``/api``: listings with filters, pagination and downloads; records;
search; and the two writing endpoints (submit and delete articles), which need the token.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import UploadFile

from ..config import Settings
from ..errors import DocumentFailure, Errors
from ..records import Article
from ..store import Store
from ..store.lock import writer_lock
from ..store.queries import Filters
from . import views
from .deps import (
    ActorName,
    DateFrom,
    DateTo,
    EventType,
    JsonAnswer,
    Limit,
    Offset,
    Outlet,
    Q,
    ReadStore,
    Speaker,
    WebState,
    page_limit,
    require_token,
    web_state,
)
from .errors import ApiError, not_found
from .output import ListFormat, listing

router = APIRouter(prefix="/api", tags=["api"])

Format = Annotated[ListFormat, Query(alias="format", description="json (default), csv or jsonl.")]

# Formats for a raw (non-JSON, non-form) submission, by content type.
_CONTENT_FORMATS = {
    "text/plain": "txt",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "text/csv": "csv",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/xml": "feed",
    "application/warc": "warc",
}


@router.get("/stories", summary="List stories")
def api_stories(
    request: Request, store: ReadStore, q: Q = None, actor: ActorName = None,
    date_from: DateFrom = None, date_to: DateTo = None, limit: Limit = None,
    offset: Offset = 0, fmt: Format = "json",
) -> Response:
    """Stories, most recent first, with article, outlet, speaker and conflict counts.

    ``q`` matches words in the title; ``actor`` keeps stories involving that actor.
    """
    size = page_limit(request, limit, fmt)
    rows = store.stories(search=q, actor=actor, date_from=date_from, date_to=date_to,
                         limit=size + 1, offset=offset)
    return listing(request, rows, size, offset, fmt, "stories")


@router.get("/stories/{story_id:path}", summary="One story (the story contract)",
            response_class=JsonAnswer)
def api_story(store: ReadStore, story_id: Annotated[str, Path()]) -> Response:
    """The story as ``rashomon stories --format jsonl`` writes it: articles, actors, claims and
    comparisons."""
    data = store.story_data(story_id)
    if data is None:
        raise not_found("story", story_id)
    return JsonAnswer(data)


@router.get("/articles", summary="List articles")
def api_articles(
    request: Request, store: ReadStore, q: Q = None, outlet: Outlet = None,
    actor: ActorName = None, date_from: DateFrom = None, date_to: DateTo = None,
    limit: Limit = None, offset: Offset = 0, fmt: Format = "json",
) -> Response:
    """Articles, newest first, with counts of statements, events and actors found."""
    size = page_limit(request, limit, fmt)
    rows = store.articles(search=q, outlet=outlet, actor=actor, date_from=date_from,
                          date_to=date_to, limit=size + 1, offset=offset)
    return listing(request, rows, size, offset, fmt, "articles")


@router.get("/articles/{article_id:path}", summary="One analysed article",
            response_class=JsonAnswer)
def api_article(store: ReadStore, article_id: Annotated[str, Path()]) -> Response:
    """The analysed-article record (as ``rashomon extract`` gives it)."""
    return JsonAnswer(store.article(article_id).to_dict())


@router.get("/actors", summary="List actors")
def api_actors(
    request: Request, store: ReadStore,
    q: Annotated[str | None, Query(max_length=200, description="Part of a name or alias.")] = None,
    country: Annotated[str | None, Query(max_length=10,
                                         description="ISO-3 code, e.g. RUS.")] = None,
    sector: Annotated[str | None, Query(max_length=10,
                                        description="PLOVER sector, e.g. GOV.")] = None,
    type: Annotated[str | None, Query(max_length=20, description="person, country, organization"
                                      " or group.")] = None,
    limit: Limit = None, offset: Offset = 0, fmt: Format = "json",
) -> Response:
    """Canonical actors with how often they are mentioned, speak and act."""
    size = page_limit(request, limit, fmt)
    rows = store.actors(search=q, country=country, sector=sector, type=type, limit=size + 1,
                        offset=offset)
    return listing(request, rows, size, offset, fmt, "actors")


@router.get("/actors/{actor_ref:path}", summary="One actor", response_class=JsonAnswer)
def api_actor(
    store: ReadStore,
    actor_ref: Annotated[str, Path(description="Numeric id, canonical name or alias.")],
) -> Response:
    """Aliases, roles over time, statements by the actor, events as actor and recipient."""
    detail = views.actor_view(store, actor_ref)
    if detail is None:
        raise not_found("actor", actor_ref)
    return JsonAnswer(detail)


@router.get("/statements", summary="List statements")
def api_statements(
    request: Request, store: ReadStore, q: Q = None, speaker: Speaker = None,
    outlet: Outlet = None, date_from: DateFrom = None, date_to: DateTo = None,
    limit: Limit = None, offset: Offset = 0, fmt: Format = "json",
) -> Response:
    """Who said what: statements with speaker, cue, channel, outlet and date."""
    size = page_limit(request, limit, fmt)
    rows = store.statements(search=q, speaker=speaker, outlet=outlet, date_from=date_from,
                            date_to=date_to, limit=size + 1, offset=offset)
    return listing(request, rows, size, offset, fmt, "statements")


@router.get("/events", summary="List events")
def api_events(
    request: Request, store: ReadStore, type: EventType = None, actor: ActorName = None,
    outlet: Outlet = None, date_from: DateFrom = None, date_to: DateTo = None,
    limit: Limit = None, offset: Offset = 0, fmt: Format = "json",
) -> Response:
    """Who did what to whom: PLOVER-coded events with actor, recipient and date."""
    size = page_limit(request, limit, fmt)
    rows = store.events(type=type, actor=actor, outlet=outlet, date_from=date_from,
                        date_to=date_to, limit=size + 1, offset=offset)
    return listing(request, rows, size, offset, fmt, "events")


@router.get("/search", summary="Search statements, articles and events",
            response_class=JsonAnswer)
def api_search(
    request: Request, store: ReadStore, q: Q = None, speaker: Speaker = None,
    actor: ActorName = None, outlet: Outlet = None, type: EventType = None,
    date_from: DateFrom = None, date_to: DateTo = None,
    kind: Annotated[views.SearchKind, Query(description="all, statements, articles or"
                                            " events.")] = "all",
    limit: Annotated[int | None, Query(ge=1, le=1000)] = None, offset: Offset = 0,
) -> Response:
    """Full-text search (FTS5) over statements and article text, with the listing filters."""
    size = page_limit(request, limit)
    filters = Filters(search=q, speaker=speaker, actor=actor, outlet=outlet, type=type,
                      date_from=date_from, date_to=date_to, limit=size, offset=offset)
    return JsonAnswer(views.search_view(store, kind, filters))


# -- writing ----------------------------------------------------------------------------


def _json_articles(body: bytes) -> bytes:
    """A JSON article or list of articles as JSON lines for the JSONL reader."""
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ApiError(422, Errors.E040, detail=f"body is not valid JSON ({exc})") from exc
    items = data if isinstance(data, list) else [data]
    if not items or not all(isinstance(i, dict) for i in items):
        raise ApiError(422, Errors.E040,
                       detail="send an article object or a non-empty list of them")
    return "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items).encode("utf8")


async def _documents(request: Request, settings: Settings, name: str | None,
                     fmt: str | None) -> list[tuple[bytes, str, str | None]]:
    """The submitted documents as (bytes, name, format), whatever way they were sent."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "multipart/form-data":
        form = await request.form(max_part_size=settings.web.max_body)
        docs = [
            (await value.read(), value.filename or name or "upload", fmt)
            for _, value in form.multi_items() if isinstance(value, UploadFile)
        ]
        await form.close()
        if not docs:
            raise ApiError(422, Errors.E040, detail="the form has no file")
        return docs
    body = await request.body()
    if not body:
        raise ApiError(422, Errors.E040, detail="empty body")
    if ctype in ("application/json", "") and fmt in (None, "json"):
        return [(_json_articles(body), name or "request.jsonl", "jsonl")]
    return [(body, name or "upload", fmt or _CONTENT_FORMATS.get(ctype))]


def _analyse(state: WebState, docs: list[tuple[bytes, str, str | None]]) -> dict[str, Any]:
    """Read, analyse and store the documents with the one writer; the batch survives failures."""
    from ..ingest import articles_from_bytes
    from ..jobs import analyze_articles_into_store

    def items() -> Iterator[Article | DocumentFailure]:
        for data, doc_name, doc_fmt in docs:
            yield from articles_from_bytes(data, doc_name, state.settings, doc_fmt)

    with state.write_lock, writer_lock(state.db_path):
        summary, ids = analyze_articles_into_store(items(), state.settings, state.write_store())
    return {
        "ids": ids, "read": summary.read, "analyzed": summary.analyzed,
        "not_analyzed": summary.not_analyzed, "added": summary.added,
        "replaced": summary.replaced, "unchanged": summary.unchanged,
        "stories": summary.stories, "statements": summary.statements,
        "events": summary.events,
        "failures": [{"document": f.document, "code": f.code, "reason": f.reason}
                     for f in summary.failures],
    }


@router.post(
    "/articles",
    summary="Submit articles for analysis (needs the token)",
    dependencies=[Depends(require_token)],
    status_code=201,
    openapi_extra={"requestBody": {"content": {
        "application/json": {"schema": {"oneOf": [{"type": "object"}, {"type": "array"}]}},
        "multipart/form-data": {"schema": {"type": "object", "properties": {
            "file": {"type": "string", "format": "binary"}}}},
        "text/plain": {"schema": {"type": "string"}},
        "text/html": {"schema": {"type": "string"}},
    }}},
)
async def api_submit(
    request: Request,
    name: Annotated[str | None, Query(max_length=300, description="Document name (its"
                                      " extension picks the format).")] = None,
    fmt: Annotated[str | None, Query(alias="format", max_length=20, description="Input format:"
                                     " txt, html, jsonl, csv, feed, warc.")] = None,
) -> JSONResponse:
    """Analyse and store articles: a JSON article (``text`` or ``html``, optional ``id``, ``url``,
    ``outlet``, ``published``, ``title``, ``language``) or a list of them, a file upload
    (multipart), or a raw document body. Documents that fail are listed in ``failures``; the
    others are stored. The body is refused over the ``max_body`` setting (E042).
    """
    state = web_state(request)
    docs = await _documents(request, state.settings, name, fmt)
    result = await run_in_threadpool(_analyse, state, docs)
    if not result["ids"]:
        first = result["failures"][0]["reason"] if result["failures"] else "no article found"
        raise ApiError(422, Errors.E040, detail=f"nothing could be analysed: {first}")
    return JSONResponse(result, status_code=201)


def _delete(state: WebState, article_id: str) -> bool:
    with state.write_lock, writer_lock(state.db_path):
        store: Store = state.write_store()
        if not store.delete_article(article_id):
            return False
        _refresh_stories(store, article_id, state.settings)
    return True


def _refresh_stories(store: Store, article_id: str, settings: Settings) -> None:
    """Bring the stories that held the deleted article up to date."""
    try:
        from ..stories.update import update_stories
    except ImportError:  # the story grouper is optional for a bare store
        return
    update_stories(store, [article_id], settings)


@router.delete(
    "/articles/{article_id:path}",
    summary="Delete an article (needs the token)",
    dependencies=[Depends(require_token)],
)
async def api_delete(request: Request, article_id: Annotated[str, Path()]) -> dict[str, Any]:
    """Remove an article and everything derived from it."""
    if not await run_in_threadpool(_delete, web_state(request), article_id):
        raise not_found("article", article_id)
    return {"deleted": article_id}

