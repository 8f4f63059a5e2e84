"""Server-rendered pages (Jinja2), each with a ``.json`` twin, and their SVG charts."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from ..errors import Errors
from ..store import Store
from ..store.queries import Filters
from . import charts, views
from .deps import DATE_PATTERN, JsonAnswer, ReadStore, next_link, prev_link, web_state
from .errors import ApiError, not_found
from .markup import mark_text, record_spans

router = APIRouter(tags=["pages"])

_SVG_HEADERS = {"Cache-Control": "public, max-age=300"}
_DATE = re.compile(DATE_PATTERN)
Text = Annotated[str | None, Query(max_length=500)]


def _page(request: Request, template: str, context: dict[str, Any]) -> HTMLResponse:
    templates = request.app.state.templates
    response: HTMLResponse = templates.TemplateResponse(request, template, context)
    return response


def _twin(ident: str, view: Callable[[str], dict[str, Any] | None]
          ) -> tuple[dict[str, Any] | None, bool]:
    """The view of ``ident``, or of ``ident`` minus ``.json`` (then as the JSON twin)."""
    data = view(ident)
    if data is None and ident.endswith(".json"):
        return view(ident[: -len(".json")]), True
    return data, False


def _svg(svg: str) -> Response:
    return Response(svg, media_type="image/svg+xml", headers=_SVG_HEADERS)


# -- home -------------------------------------------------------------------------------

Sort = Annotated[str, Query(pattern="^(recent|size)$", description="recent or size.")]
PageOffset = Annotated[int, Query(ge=0, le=10_000_000)]


def _home(request: Request, store: Store, sort: str, offset: int) -> dict[str, Any]:
    limit = web_state(request).settings.web.page_size
    data = views.home_view(store, sort, limit, offset)
    data["next"] = next_link(request, limit, offset, data.pop("more"))
    data["prev"] = prev_link(request, limit, offset)
    return data


@router.get("/", response_class=HTMLResponse, summary="Home page: stories")
def home(request: Request, store: ReadStore, sort: Sort = "recent",
         offset: PageOffset = 0) -> HTMLResponse:
    """Stories by recency (or ``sort=size``), with outlets, speakers and conflicts."""
    return _page(request, "home.html", _home(request, store, sort, offset))


@router.get("/index.json", summary="Home page as JSON", response_class=JsonAnswer)
def home_json(request: Request, store: ReadStore, sort: Sort = "recent",
              offset: PageOffset = 0) -> Response:
    """The home page's data."""
    return JsonAnswer(_home(request, store, sort, offset))


# -- story ------------------------------------------------------------------------------

By = Annotated[views.GroupBy, Query(description="Columns per speaker, outlet or side.")]


@router.get("/stories/{story_id:path}/timeline.svg", summary="Story timeline chart")
def story_timeline(store: ReadStore, story_id: str) -> Response:
    """The story's articles over time, one row per outlet (SVG)."""
    data = views.story_view(store, story_id)
    if data is None:
        raise not_found("story", story_id)
    return _svg(charts.timeline_svg(data["articles"]))


@router.get("/stories/{story_id:path}/actors.svg", summary="Story actor graph")
def story_graph(store: ReadStore, story_id: str) -> Response:
    """The story's actors and who acted on or disputed whom (SVG)."""
    data = views.story_view(store, story_id)
    if data is None:
        raise not_found("story", story_id)
    return _svg(charts.graph_svg(data["graph"]["nodes"], data["graph"]["edges"]))


@router.get("/stories/{story_id:path}", response_class=HTMLResponse, summary="Story page")
def story_page(request: Request, store: ReadStore, story_id: str,
               by: By = "speaker") -> Response:
    """The accounts side by side, conflicts and agreements, timeline and actors.

    ``/stories/{id}.json`` is its JSON twin.
    """
    data, as_json = _twin(story_id, lambda i: views.story_view(store, i, by))
    if data is None:
        raise not_found("story", story_id)
    if as_json:
        return JsonAnswer(data)
    return _page(request, "story.html", {"s": data})


# -- articles -----------------------------------------------------------------------------


def _articles(request: Request, store: Store, params: dict[str, str | None],
              offset: int) -> dict[str, Any]:
    limit = web_state(request).settings.web.page_size
    filters = Filters(search=_clean(params["q"]), outlet=_clean(params["outlet"]),
                      date_from=_date(params["date_from"], "date_from"),
                      date_to=_date(params["date_to"], "date_to"), limit=limit, offset=offset)
    data = views.articles_view(store, filters)
    data["params"] = {k: _clean(v) or "" for k, v in params.items()}
    data["next"] = next_link(request, limit, offset, data.pop("more"))
    data["prev"] = prev_link(request, limit, offset)
    return data


@router.get("/articles", response_class=HTMLResponse, summary="Articles page")
def articles_page(request: Request, store: ReadStore, q: Text = None, outlet: Text = None,
                  date_from: Text = None, date_to: Text = None,
                  offset: PageOffset = 0) -> HTMLResponse:
    """Stored articles, newest first, with id, outlet, counts and story; filterable."""
    params = {"q": q, "outlet": outlet, "date_from": date_from, "date_to": date_to}
    return _page(request, "articles.html", {"r": _articles(request, store, params, offset)})


@router.get("/articles.json", summary="Articles page as JSON", response_class=JsonAnswer)
def articles_json(request: Request, store: ReadStore, q: Text = None, outlet: Text = None,
                  date_from: Text = None, date_to: Text = None,
                  offset: PageOffset = 0) -> Response:
    """The articles page's data."""
    params = {"q": q, "outlet": outlet, "date_from": date_from, "date_to": date_to}
    return JsonAnswer(_articles(request, store, params, offset))


# -- article ----------------------------------------------------------------------------


@router.get("/articles/{article_id:path}", response_class=HTMLResponse, summary="Article page")
def article_page(request: Request, store: ReadStore, article_id: str) -> Response:
    """The text with mentions, statements and events marked; ``.json`` twin."""
    data, as_json = _twin(article_id, lambda i: views.article_view(store, i))
    if data is None:
        raise not_found("article", article_id)
    if as_json:
        return JsonAnswer(data)
    record = data["record"]
    from ..records import AnalyzedArticle

    parsed = AnalyzedArticle.from_dict(record)
    marked = mark_text(parsed.text, record_spans(parsed, data["actor_ids"]))
    return _page(request, "article.html", {"a": data, "marked": marked})


# -- actor ------------------------------------------------------------------------------


@router.get("/actors/{actor_ref:path}/events.svg", summary="Actor events chart")
def actor_chart(store: ReadStore, actor_ref: str) -> Response:
    """Events involving the actor per month, as actor and as recipient (SVG)."""
    rows = views.actor_chart_rows(store, actor_ref)
    if rows is None:
        raise not_found("actor", actor_ref)
    return _svg(charts.actor_events_svg(rows))


@router.get("/actors/{actor_ref:path}", response_class=HTMLResponse, summary="Actor page")
def actor_page(request: Request, store: ReadStore, actor_ref: str) -> Response:
    """Aliases, roles over time, statements and events of one actor; ``.json`` twin."""
    data, as_json = _twin(actor_ref, lambda i: views.actor_view(store, i))
    if data is None:
        raise not_found("actor", actor_ref)
    if as_json:
        return JsonAnswer(data)
    return _page(request, "actor.html", {"x": data})


# -- search -----------------------------------------------------------------------------


def _clean(value: str | None) -> str | None:
    # Empty form fields arrive as empty strings: they mean "no filter".
    value = (value or "").strip()
    return value or None


def _date(value: str | None, name: str) -> str | None:
    value = _clean(value)
    if value is not None and not _DATE.match(value):
        raise ApiError(422, Errors.E040, detail=f"{name}: use YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def _search(request: Request, store: Store, params: dict[str, str | None], kind: str,
            offset: int) -> dict[str, Any]:
    if kind not in ("all", "statements", "articles", "events"):
        raise ApiError(422, Errors.E040, detail="kind: all, statements, articles or events")
    size = web_state(request).settings.web.page_size
    limit = 10 if kind == "all" else size
    filters = Filters(
        search=_clean(params["q"]), speaker=_clean(params["speaker"]),
        actor=_clean(params["actor"]), outlet=_clean(params["outlet"]),
        type=_clean(params["type"]), date_from=_date(params["date_from"], "date_from"),
        date_to=_date(params["date_to"], "date_to"), limit=limit, offset=offset,
    )
    data = views.search_view(store, kind, filters)  # type: ignore[arg-type]
    data["params"] = {k: _clean(v) or "" for k, v in params.items()}
    more = data.pop("more")
    data["next"] = next_link(request, limit, offset, more) if kind != "all" else None
    data["prev"] = prev_link(request, limit, offset) if kind != "all" else None
    data["searched"] = any(_clean(v) for v in params.values())
    return data


@router.get("/search", response_class=HTMLResponse, summary="Search page")
def search_page(request: Request, store: ReadStore, q: Text = None, speaker: Text = None,
                actor: Text = None, outlet: Text = None, type: Text = None,
                date_from: Text = None, date_to: Text = None, kind: Text = "all",
                offset: PageOffset = 0) -> HTMLResponse:
    """Statements, articles and events matching words and filters."""
    params = {"q": q, "speaker": speaker, "actor": actor, "outlet": outlet, "type": type,
              "date_from": date_from, "date_to": date_to}
    data = _search(request, store, params, _clean(kind) or "all", offset)
    return _page(request, "search.html", {"r": data})


@router.get("/search.json", summary="Search page as JSON", response_class=JsonAnswer)
def search_json(request: Request, store: ReadStore, q: Text = None, speaker: Text = None,
                actor: Text = None, outlet: Text = None, type: Text = None,
                date_from: Text = None, date_to: Text = None, kind: Text = "all",
                offset: PageOffset = 0) -> Response:
    """The search page's data."""
    params = {"q": q, "speaker": speaker, "actor": actor, "outlet": outlet, "type": type,
              "date_from": date_from, "date_to": date_to}
    return JsonAnswer(_search(request, store, params, _clean(kind) or "all", offset))


# -- API reference ----------------------------------------------------------------------


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The OpenAPI operations as rows for the reference page, API first."""
    rows = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                {"name": p["name"], "in": p["in"], "required": p.get("required", False),
                 "description": p.get("description") or p.get("schema", {}).get("description", ""),
                 "type": _type_name(p.get("schema", {}))}
                for p in op.get("parameters", [])
            ]
            body = list(op.get("requestBody", {}).get("content", {}))
            rows.append({"path": path, "method": method.upper(), "summary": op.get("summary", ""),
                         "description": op.get("description", ""), "params": params,
                         "body": body, "tag": (op.get("tags") or ["other"])[0]})
    rows.sort(key=lambda r: (r["tag"] != "api", r["path"], r["method"]))
    return rows


def _type_name(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " | ".join(_type_name(s) for s in schema["anyOf"] if s.get("type") != "null")
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    return str(schema.get("type", ""))


@router.get("/docs", response_class=HTMLResponse, summary="API reference")
def api_docs(request: Request) -> HTMLResponse:
    """Every endpoint and its parameters, from the OpenAPI schema (``/openapi.json``)."""
    schema = request.app.openapi()
    return _page(request, "docs.html", {"ops": _operations(schema), "info": schema["info"]})
