"""Charts as SVG written directly on the server: a story's timeline and actor graph, and an
actor's events per month.

The pages show them as ``<img>`` so that a page never waits for a chart and a browser
without JavaScript still sees them. They were Vega-Lite specs (Altair) rendered by
vl-convert, but building a spec and rendering it took 300–700 ms per chart; these three
shapes are simple enough to draw by hand in about a millisecond. Every text and
attribute value is escaped.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

from markupsafe import escape

PALETTE = ["#3559a8", "#c0392b", "#1e8c6e", "#b7791f", "#7b4fa0", "#2b7a9b", "#a33e72",
           "#5b6b2f", "#8a5a44", "#4a5568"]
FONT = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"
INK, MUTED, GRID = "#1f2937", "#6b7280", "#e6e8ec"
TYPE_COLOURS = {"person": "#3559a8", "country": "#b7791f", "organization": "#7b4fa0",
                "group": "#2b7a9b", "other": "#6b7280"}
RELATIONS = {  # colour, dash pattern, legend label
    "event": ("#9aa3b2", "", "event"),
    "conflict": ("#c0392b", "6 3", "conflict"),
    "agreement": ("#1e8c6e", "2 3", "agreement"),
}
MAX_OUTLET_ROWS = 12
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _text_width(text: str, size: float = 12) -> float:
    """A rough width of ``text`` in pixels (no font metrics on the server)."""
    return len(text) * size * 0.56


def _svg(width: float, height: float, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}"'
        f' viewBox="0 0 {width:.0f} {height:.0f}" role="img" font-family="{FONT}"'
        f' font-size="12" fill="{INK}"><title>{escape(title)}</title>' + "".join(body) + "</svg>"
    )


def _label(x: float, y: float, text: str, anchor: str = "start", size: int = 12,
           colour: str = INK, extra: str = "") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}"'
            f' fill="{colour}"{extra}>{escape(text)}</text>')


def empty_svg(message: str, width: int = 560, height: int = 60) -> str:
    """A chart that only says why there is nothing to draw."""
    return _svg(width, height, message,
                [_label(width / 2, height / 2 + 4, message, "middle", 13, MUTED)])


# -- timeline ---------------------------------------------------------------------------


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _date_ticks(first: date, last: date, most: int = 7) -> list[date]:
    """Evenly spaced days from ``first`` to ``last``, at most ``most`` of them."""
    days = (last - first).days
    step = max(1, math.ceil(days / max(1, most - 1)))
    ticks = [first + timedelta(days=d) for d in range(0, days + 1, step)]
    return ticks


def _tick_label(day: date, span_days: int) -> str:
    if span_days > 400:
        return f"{MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {MONTHS[day.month - 1]}"


def timeline_svg(articles: list[dict[str, Any]], width: int = 560) -> str:
    """The story's articles as dots on a time line, one row per outlet.

    A dot's number says how many articles an outlet published that day. Outlets past the
    twelfth largest share one row, so a story covered by forty outlets stays readable.
    """
    rows: list[tuple[date, str]] = []
    for a in articles:
        day = _day(str(a.get("published") or ""))
        if day is not None:
            rows.append((day, str(a.get("outlet") or "unknown outlet")))
    if not rows:
        return empty_svg("No dated articles")
    per_outlet = Counter(outlet for _, outlet in rows)
    outlets = sorted(per_outlet, key=lambda o: (-per_outlet[o], o))
    if len(outlets) > MAX_OUTLET_ROWS:
        others = set(outlets[MAX_OUTLET_ROWS - 1:])
        label = f"{len(others)} other outlets"
        rows = [(d, label if o in others else o) for d, o in rows]
        outlets = outlets[:MAX_OUTLET_ROWS - 1] + [label]
    else:
        outlets.sort()
    first, last = min(d for d, _ in rows), max(d for d, _ in rows)
    if first == last:
        first, last = first - timedelta(days=1), last + timedelta(days=1)
    span = (last - first).days
    left = min(220.0, max(_text_width(o) for o in outlets) + 16)
    right, top, row_h = 28.0, 10.0, 34.0
    plot_w = width - left - right
    height = top + row_h * len(outlets) + 30

    def x_of(day: date) -> float:
        return left + plot_w * (day - first).days / span

    body = [f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - 26}" stroke="{MUTED}"/>',
            f'<line x1="{left}" y1="{height - 26}" x2="{width - right}" y2="{height - 26}"'
            f' stroke="{MUTED}"/>']
    for tick in _date_ticks(first, last):
        x = x_of(tick)
        body.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - 26}"'
                    f' stroke="{GRID}"/>')
        body.append(_label(x, height - 10, _tick_label(tick, span), "middle", 11, MUTED))
    counts = Counter(rows)
    for i, outlet in enumerate(outlets):
        y = top + row_h * i + row_h / 2
        body.append(_label(left - 8, y + 4, outlet, "end"))
        colour = PALETTE[i % len(PALETTE)]
        for (day, name), n in sorted(counts.items()):
            if name != outlet:
                continue
            x = x_of(day)
            radius = min(12.0, 6 + 2 * (n - 1))
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{colour}"'
                        f' fill-opacity="0.9"><title>{escape(outlet)}: {n} article'
                        f'{"s" if n != 1 else ""} on {day.isoformat()}</title></circle>')
            if n > 1:
                body.append(_label(x + radius + 3, y + 4, str(n), size=11, colour="#374151"))
    title = f"{len(rows)} articles by {len(per_outlet)} outlets, {first} to {last}"
    return _svg(width, height, title, body)


# -- actor graph ------------------------------------------------------------------------


def circle_layout(names: list[str], radius: float = 1.0) -> dict[str, tuple[float, float]]:
    """Positions on a circle, the first name at the top, going clockwise."""
    count = max(1, len(names))
    return {
        name: (radius * math.sin(2 * math.pi * i / count),
               radius * math.cos(2 * math.pi * i / count))
        for i, name in enumerate(names)
    }


def _relation(kind: str) -> str:
    if kind == "contradiction":
        return "conflict"
    return "agreement" if kind == "agreement" else "event"


def graph_svg(nodes: list[dict[str, Any]], edges: list[dict[str, Any]],
              size: int = 420) -> str:
    """The story's actors as a small graph: who acted on or disputed whom.

    Links between the same two actors of the same relation are merged into one, thicker
    the more there are; different relations between a pair bend apart so both show.

    Args:
        nodes: ``{"name", "type", "weight"}``; drawn on a circle, the heaviest first.
        edges: ``{"source", "target", "kind", "n"}``; ``kind`` is an event type,
            ``contradiction`` or ``agreement``.
    """
    if not nodes:
        return empty_svg("No actors", width=size, height=60)
    ordered = [n["name"] for n in sorted(nodes, key=lambda n: (-n["weight"], n["name"]))]
    unit = circle_layout(ordered)
    label_room = min(170.0, max(_text_width(n) for n in ordered) + 24)
    radius = size * 0.3
    width = 2 * (radius + label_room) + 20
    cx, cy = width / 2, radius + 24
    legend_y = cy + radius + 34
    height = legend_y + 14
    pos = {n: (cx + radius * x, cy - radius * y) for n, (x, y) in unit.items()}
    merged: Counter[tuple[str, str, str]] = Counter()
    for e in edges:
        if e["source"] in pos and e["target"] in pos and e["source"] != e["target"]:
            a, b = sorted((e["source"], e["target"]))
            merged[(a, b, _relation(e["kind"]))] += int(e.get("n") or 1)
    by_pair: dict[tuple[str, str], list[str]] = defaultdict(list)
    for a, b, rel in sorted(merged):
        by_pair[(a, b)].append(rel)
    heaviest = max(merged.values(), default=1)
    body: list[str] = []
    for (a, b), relations in by_pair.items():
        (x1, y1), (x2, y2) = pos[a], pos[b]
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        nx, ny = -(y2 - y1) / length, (x2 - x1) / length
        for k, rel in enumerate(relations):
            bend = (k - (len(relations) - 1) / 2) * 26
            qx, qy = (x1 + x2) / 2 + nx * bend, (y1 + y2) / 2 + ny * bend
            n = merged[(a, b, rel)]
            stroke = 1.5 + 3.5 * (n - 1) / max(1, heaviest - 1)
            colour, dash, _ = RELATIONS[rel]
            dashes = f' stroke-dasharray="{dash}"' if dash else ""
            body.append(
                f'<path d="M{x1:.1f},{y1:.1f} Q{qx:.1f},{qy:.1f} {x2:.1f},{y2:.1f}" fill="none"'
                f' stroke="{colour}" stroke-width="{stroke:.1f}" stroke-opacity="0.75"{dashes}>'
                f"<title>{escape(a)} – {escape(b)}: {n} × {rel}</title></path>"
            )
    top_weight = max((float(n["weight"]) for n in nodes), default=1.0) or 1.0
    for node in nodes:
        x, y = pos[node["name"]]
        r = 5 + 9 * math.sqrt(max(0.0, float(node["weight"])) / top_weight)
        fill = TYPE_COLOURS.get(node.get("type") or "other", TYPE_COLOURS["other"])
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}"'
                    f' stroke="#fff" stroke-width="1.5"><title>{escape(node["name"])}'
                    f"</title></circle>")
        right = x >= cx - 1
        body.append(_label(x + (r + 5 if right else -r - 5), y + 4, node["name"],
                           "start" if right else "end"))
    x = 10.0
    for name, colour in TYPE_COLOURS.items():
        body.append(f'<circle cx="{x + 5:.1f}" cy="{legend_y - 4}" r="5" fill="{colour}"/>')
        body.append(_label(x + 14, legend_y, name, size=11, colour=MUTED))
        x += 24 + _text_width(name, 11)
    x += 10
    for colour, dash, name in RELATIONS.values():
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(f'<line x1="{x:.1f}" y1="{legend_y - 4}" x2="{x + 22:.1f}"'
                    f' y2="{legend_y - 4}" stroke="{colour}" stroke-width="2.5"{dashes}/>')
        body.append(_label(x + 27, legend_y, name, size=11, colour=MUTED))
        x += 36 + _text_width(name, 11)
    width = max(width, x + 10)
    title = f"{len(nodes)} actors and {sum(merged.values())} links between them"
    return _svg(width, height, title, body)


# -- actor events per month -------------------------------------------------------------


def _months(first: str, last: str) -> list[str]:
    """Every month ``YYYY-MM`` from ``first`` to ``last``, both included."""
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _nice_step(top: int, ticks: int = 4) -> int:
    raw = max(1.0, top / ticks)
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return int(factor * magnitude)
    return int(10 * magnitude)


def actor_events_svg(rows: list[dict[str, Any]], width: int = 640) -> str:
    """Events per month involving one actor, stacked by whether it acted or was acted on.

    Months without events are drawn as gaps, so the time axis is even.
    """
    totals: dict[tuple[str, str], int] = Counter()
    for row in rows:
        month = str(row.get("month") or "")
        if len(month) >= 7 and month[:4].isdigit() and month[5:7].isdigit():
            totals[(month[:7], str(row["role"]))] += int(row["n"])
    if not totals:
        return empty_svg("No dated events")
    months = _months(min(m for m, _ in totals), max(m for m, _ in totals))
    stacked = {m: (totals.get((m, "as actor"), 0), totals.get((m, "as recipient"), 0))
               for m in months}
    top = max(a + b for a, b in stacked.values())
    step = _nice_step(top)
    ceiling = step * math.ceil(top / step)
    left, right, top_pad, plot_h = 40.0, 12.0, 30.0, 170.0
    plot_w = width - left - right
    base = top_pad + plot_h
    height = base + 34
    slot = plot_w / len(months)
    bar = max(1.0, min(40.0, slot * 0.75))
    body: list[str] = []
    for value in range(0, ceiling + 1, step):
        y = base - plot_h * value / ceiling
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}"'
                    f' stroke="{GRID}"/>')
        body.append(_label(left - 6, y + 4, str(value), "end", 11, MUTED))
    every = max(1, math.ceil(len(months) / max(1, plot_w // 56)))
    colours = ("#3559a8", "#b7791f")
    for i, month in enumerate(months):
        x = left + slot * i + (slot - bar) / 2
        y = base
        for role, n, colour in zip(("as actor", "as recipient"), stacked[month], colours,
                                   strict=True):
            if not n:
                continue
            h = plot_h * n / ceiling
            y -= h
            body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}"'
                        f' fill="{colour}"><title>{month}: {n} {role}</title></rect>')
        if i % every == 0:
            label = f"{MONTHS[int(month[5:7]) - 1]} {month[:4]}"
            body.append(_label(x + bar / 2, base + 16, label, "middle", 11, MUTED))
    body.append(f'<line x1="{left}" y1="{base}" x2="{width - right}" y2="{base}"'
                f' stroke="{MUTED}"/>')
    x = left
    for name, colour in zip(("as actor", "as recipient"), colours, strict=True):
        body.append(f'<rect x="{x:.1f}" y="8" width="11" height="11" fill="{colour}"/>')
        body.append(_label(x + 16, 18, name, size=12, colour="#374151"))
        x += 30 + _text_width(name)
    acted = sum(a for a, _ in stacked.values())
    received = sum(b for _, b in stacked.values())
    title = f"Events per month: {acted} as actor, {received} as recipient"
    return _svg(width, height, title, body)
