"""Charts as Vega-Lite specs (built with Altair), rendered to SVG on the server (vl-convert).

The pages show them as ``<img>`` so that a page never waits for a chart and a browser
without JavaScript still sees them. Rendered SVGs are cached by the hash of their spec:
the same data never renders twice.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
from collections import OrderedDict
from typing import Any

PALETTE = ["#3559a8", "#c0392b", "#1e8c6e", "#b7791f", "#7b4fa0", "#2b7a9b", "#a33e72",
           "#5b6b2f", "#8a5a44", "#4a5568"]
FONT = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"

_CACHE: OrderedDict[str, str] = OrderedDict()
_CACHE_SIZE = 512
_LOCK = threading.Lock()


def render_svg(spec: dict[str, Any]) -> str:
    """The SVG of a Vega-Lite spec, from the cache when the same spec was rendered before."""
    import vl_convert

    key = hashlib.sha1(json.dumps(spec, sort_keys=True).encode("utf8")).hexdigest()
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    svg = str(vl_convert.vegalite_to_svg(spec))
    with _LOCK:
        _CACHE[key] = svg
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return svg


def warm_up() -> None:
    """Render a tiny chart once, so that the first real one does not pay the start-up."""
    render_svg(empty_spec("ready"))


def _config(chart: Any) -> Any:
    return chart.configure(font=FONT, background="transparent").configure_view(
        stroke=None
    ).configure_axis(labelFontSize=12, titleFontSize=12, gridColor="#e6e8ec")


def empty_spec(message: str, width: int = 560, height: int = 60) -> dict[str, Any]:
    """A chart that only says why there is nothing to draw."""
    import altair as alt

    chart = alt.Chart(alt.Data(values=[{"t": message}])).mark_text(
        fontSize=13, color="#6b7280"
    ).encode(text="t:N").properties(width=width, height=height)
    return dict(_config(chart).to_dict(validate=False))


def timeline_spec(articles: list[dict[str, Any]], width: int = 520) -> dict[str, Any]:
    """The story's articles as dots on a time line, one row per outlet."""
    import altair as alt

    rows = [
        {"date": a["published"][:10], "outlet": a.get("outlet") or "unknown outlet",
         "title": a.get("title") or a["id"]}
        for a in articles if a.get("published")
    ]
    if not rows:
        return empty_spec("No dated articles")
    outlets = sorted({r["outlet"] for r in rows})
    base = alt.Chart(alt.Data(values=rows))
    dots = base.mark_circle(size=160, opacity=0.9).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%d %b", tickCount="day"),
                scale=alt.Scale(padding=24)),
        y=alt.Y("outlet:N", title=None, sort=outlets),
        color=alt.Color("outlet:N", legend=None, scale=alt.Scale(range=PALETTE)),
        tooltip=["title:N", "date:T", "outlet:N"],
    )
    counts = base.mark_text(dx=12, align="left", fontSize=11, color="#374151").encode(
        x="date:T", y=alt.Y("outlet:N", sort=outlets), text="n:Q"
    ).transform_aggregate(n="count()", groupby=["date", "outlet"]).transform_filter(
        "datum.n > 1"
    )
    chart = (dots + counts).properties(width=width, height=max(80, 44 * len(outlets)),
                                       padding=12)
    return dict(_config(chart).to_dict(validate=False))


def circle_layout(names: list[str], radius: float = 1.0) -> dict[str, tuple[float, float]]:
    """Positions on a circle, the first name at the top, going clockwise."""
    count = max(1, len(names))
    return {
        name: (radius * math.sin(2 * math.pi * i / count),
               radius * math.cos(2 * math.pi * i / count))
        for i, name in enumerate(names)
    }


def graph_spec(nodes: list[dict[str, Any]], edges: list[dict[str, Any]],
               size: int = 460) -> dict[str, Any]:
    """The story's actors as a small graph: who acted on or disputed whom.

    Args:
        nodes: ``{"name", "type", "weight"}``; drawn on a circle, the heaviest first.
        edges: ``{"source", "target", "kind", "n"}``; ``kind`` is an event type,
            ``contradiction`` or ``agreement``.
    """
    import altair as alt

    if not nodes:
        return empty_spec("No actors", width=size, height=60)
    ordered = [n["name"] for n in sorted(nodes, key=lambda n: (-n["weight"], n["name"]))]
    pos = circle_layout(ordered)
    node_rows = [
        {"name": n["name"], "type": n.get("type") or "other", "weight": n["weight"],
         "x": pos[n["name"]][0], "y": pos[n["name"]][1],
         "align": "left" if pos[n["name"]][0] >= 0 else "right"}
        for n in nodes
    ]
    edge_rows = [
        {"x": pos[e["source"]][0], "y": pos[e["source"]][1], "x2": pos[e["target"]][0],
         "y2": pos[e["target"]][1], "kind": e["kind"], "n": e["n"],
         "relation": "conflict" if e["kind"] == "contradiction"
         else "agreement" if e["kind"] == "agreement" else "event"}
        for e in edges if e["source"] in pos and e["target"] in pos
    ]
    scale = alt.Scale(domain=[-1.9, 1.9])
    x = alt.X("x:Q", axis=None, scale=scale)
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[-1.25, 1.25]))
    layers = []
    if edge_rows:
        layers.append(alt.Chart(alt.Data(values=edge_rows)).mark_rule(opacity=0.7).encode(
            x=x, y=y, x2="x2:Q", y2="y2:Q",
            color=alt.Color("relation:N", title="link", scale=alt.Scale(
                domain=["event", "conflict", "agreement"],
                range=["#9aa3b2", "#c0392b", "#1e8c6e"])),
            strokeWidth=alt.StrokeWidth("n:Q", legend=None, scale=alt.Scale(range=[1.5, 5])),
            strokeDash=alt.StrokeDash("relation:N", legend=None, scale=alt.Scale(
                domain=["event", "conflict", "agreement"], range=[[1, 0], [6, 3], [2, 2]])),
        ))
    points = alt.Chart(alt.Data(values=node_rows))
    layers.append(points.mark_circle(opacity=1, stroke="white", strokeWidth=1.5).encode(
        x=x, y=y,
        size=alt.Size("weight:Q", legend=None, scale=alt.Scale(range=[120, 700])),
        fill=alt.Fill("type:N", title="actor", scale=alt.Scale(
            domain=["person", "country", "organization", "group", "other"],
            range=["#3559a8", "#b7791f", "#7b4fa0", "#2b7a9b", "#6b7280"])),
        tooltip=["name:N", "type:N"],
    ))
    for align in ("left", "right"):
        layers.append(points.transform_filter(f"datum.align == '{align}'").mark_text(
            align=align, dx=12 if align == "left" else -12, fontSize=12, color="#1f2937"
        ).encode(x=x, y=y, text="name:N"))
    chart = alt.layer(*layers).properties(width=size + 120, height=size * 0.62)
    chart = _config(chart).configure_legend(orient="bottom", titleFontSize=11)
    return dict(chart.to_dict(validate=False))


def actor_events_spec(rows: list[dict[str, Any]], width: int = 620) -> dict[str, Any]:
    """Events per month involving one actor, stacked by whether it acted or was acted on."""
    import altair as alt

    if not rows:
        return empty_spec("No dated events")
    # Totals per month and role: the SVG shows no tooltips, so types would only add marks.
    totals: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (str(row["month"]), str(row["role"]))
        totals[key] = totals.get(key, 0) + int(row["n"])
    values = [{"month": m, "role": r, "n": n} for (m, r), n in sorted(totals.items())]
    chart = alt.Chart(alt.Data(values=values)).mark_bar().encode(
        x=alt.X("month:O", title=None),
        y=alt.Y("sum(n):Q", title="events"),
        color=alt.Color("role:N", title=None, scale=alt.Scale(
            domain=["as actor", "as recipient"], range=["#3559a8", "#b7791f"])),
    ).properties(width=width, height=180)
    return dict(_config(chart).configure_legend(orient="top").to_dict(validate=False))
