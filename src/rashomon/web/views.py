"""What each page shows, as plain data: the pages render it, the ``.json`` twins return it.

Every function takes an open read-only store and returns JSON-ready dicts (or None when
the thing asked for does not exist), so that the HTML and the JSON of a page never differ
in content.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Literal

from ..compare import outlets_by_account, single_source_claims
from ..records import Story
from ..store import Store
from ..store.queries import (
    Filters,
    actor_detail,
    actor_event_counts,
    actors_by_names,
    article_actor_ids,
    article_comparisons,
    article_stories,
    articles_brief,
    count_rows,
    event_ref,
    find_actor,
    list_articles,
    list_events,
    list_statements,
    list_stories,
    list_stories_by_size,
    statement_ref,
    story_event_edges,
)
from .markup import UNNAMED, actor_href, article_href, event_rows, statement_rows

GroupBy = Literal["speaker", "outlet", "side"]
MAX_COLUMNS = 6
MAX_GRAPH_NODES = 10
OPEN_PAIRS = 4


def story_href(story_id: str) -> str:
    """The story page."""
    from urllib.parse import quote

    return f"/stories/{quote(story_id, safe='')}"


def _with_story_links(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for row in rows:
        row["href"] = story_href(row["id"])
    return rows


# -- home -------------------------------------------------------------------------------


def home_view(store: Store, sort: str, limit: int, offset: int) -> dict[str, Any]:
    """Stories by recency (or by size), with the corpus counts."""
    if sort == "size":
        rows = list_stories_by_size(store.conn, limit + 1, offset)
    else:
        rows = list_stories(store.conn, Filters(limit=limit + 1, offset=offset))
    return {
        "counts": count_rows(store.conn),
        "sort": sort,
        "stories": _with_story_links(rows[:limit]),
        "more": len(rows) > limit,
    }


# -- story ------------------------------------------------------------------------------


def _claim_item(claim: dict[str, Any], dates: dict[str, str | None]) -> dict[str, Any]:
    is_statement = claim.get("statement") is not None
    anchor = f"s{claim['statement']}" if is_statement else f"e{claim.get('event')}"
    return {
        "key": f"{claim['article']}#{anchor}",
        "article": claim["article"],
        "statement": claim.get("statement"),
        "event": claim.get("event"),
        "speaker": claim.get("speaker") or UNNAMED,
        "outlet": claim.get("outlet"),
        "published": dates.get(claim["article"]),
        "text": claim.get("text", ""),
        "href": article_href(claim["article"], anchor),
        "flags": [],
        "groups": [],
        "stated": claim.get("attributed_to") is not None,
    }


def mark_copies(articles: list[dict[str, Any]], copies: dict[str, str]) -> None:
    """Give each syndicated copy its original (``copy_of``: id, outlet, link); None elsewhere."""
    by_id = {a["id"]: a for a in articles}
    for article in articles:
        original = copies.get(article["id"])
        source = by_id.get(original or "")
        article["copy_of"] = None if original is None else {
            "id": original,
            "outlet": source["outlet"] if source else None,
            "href": article_href(original),
        }


def _flag_summary(item: dict[str, Any]) -> list[dict[str, Any]]:
    """A claim's comparisons counted per kind, each linking to the claim's first group."""
    counts = Counter(f["kind"] for f in item["flags"])
    target = f"#d{item['groups'][0]}" if item["groups"] else None
    return [{"kind": kind, "count": counts[kind], "href": target}
            for kind in ("contradiction", "agreement") if counts[kind]]


def _ref_key(ref: dict[str, Any]) -> str:
    if ref.get("statement") is not None:
        return f"{ref['article']}#s{ref['statement']}"
    return f"{ref['article']}#e{ref.get('event')}"


def comparison_side(
    store: Store | None, ref: dict[str, Any], claims: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """One side of a comparison: who, where, what, and the link to the sentence.

    A side that is not among the story's claims is read from the store, if there is one.
    """
    key = _ref_key(ref)
    claim = claims.get(key)
    if claim is not None:
        return {k: claim[k] for k in ("key", "article", "speaker", "outlet", "published", "text",
                                      "href")}
    is_statement = ref.get("statement") is not None
    idx = int(ref["statement"] if is_statement else ref.get("event") or 0)
    row = None if store is None else (statement_ref if is_statement else event_ref)(
        store.conn, ref["article"], idx)
    anchor = f"s{idx}" if is_statement else f"e{idx}"
    return {
        "key": key,
        "article": ref["article"],
        "speaker": (row or {}).get("speaker") or UNNAMED,
        "outlet": (row or {}).get("outlet"),
        "published": (row or {}).get("published"),
        "text": (row or {}).get("content") or "(not found in the article)",
        "href": article_href(ref["article"], anchor),
    }


# What each side of a comparison holds, read back from the explanation the comparer wrote
# (compare/align.py label_pair); a form not listed leaves the claim unplaced, never wrong.
_TWO_SIDES = [
    re.compile(r'^"(?P<a>[^"]+)" vs "(?P<b>[^"]+)":'),
    re.compile(r'^(?:numbers \([^)]*\)|dates): .*? says "(?P<a>[^"]+)", .* says "(?P<b>[^"]+)"'),
    re.compile(r"^places: .*?\) says (?P<a>.+?), [^,]*\([^()]*\) says (?P<b>.+)$"),
]
_BOTH = re.compile(r'^both (?:say|give) "(?P<v>[^"]+)"')
_POLARITY = re.compile(r'^polarity: (?P<yes>.+?) says "(?P<v>[^"]+)", (?P<no>.+?) says not "')


def stances(comparison: dict[str, Any]) -> tuple[str | None, str | None]:
    """What side a and side b of a comparison say ("full" / "partial"), when it can be told."""
    text = str(comparison.get("explanation") or "")
    for pattern in _TWO_SIDES:
        m = pattern.match(text)
        if m:
            return m["a"], m["b"]
    m = _BOTH.match(text)
    if m:
        return m["v"], m["v"]
    m = _POLARITY.match(text)
    if m:
        a = comparison["a"]
        who = f"{a.get('speaker')} ({a.get('outlet') or a.get('article')})"
        if m["yes"] == who:
            return m["v"], f"not {m['v']}"
        if m["no"] == who:
            return f"not {m['v']}", m["v"]
    return None, None


def comparison_groups(comparisons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The comparisons gathered into disputes: claims linked by any comparison form one group.

    A story with dozens of pairwise comparisons is mostly the same few claims compared
    again and again ("full relief" against each "partial relief"). Each group lists its
    claims once, under the position each takes (the value most of its comparisons give
    it), and keeps every pairwise comparison of the group for whoever wants them all.
    Disputes come first, the largest first.
    """
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for c in comparisons:
        parent[root(c["a"]["key"])] = root(c["b"]["key"])
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in comparisons:
        members[root(c["a"]["key"])].append(c)
    groups: list[dict[str, Any]] = []
    for pairs in members.values():
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        sides: dict[str, dict[str, Any]] = {}
        for c in pairs:
            for side, value in zip(("a", "b"), stances(c), strict=True):
                sides.setdefault(c[side]["key"], c[side])
                if value:
                    votes[c[side]["key"]][value.strip()] += 1
        placed: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
        for key, claim in sides.items():
            label = votes[key].most_common(1)[0][0] if votes[key] else None
            placed[label].append(claim)
        positions = [
            {"label": label, "claims": sorted(claims, key=lambda s: (s.get("published") or "",
                                                                      s["speaker"], s["key"]))}
            for label, claims in sorted(placed.items(),
                                        key=lambda kv: (kv[0] is None, -len(kv[1]), kv[0] or ""))
        ]
        conflicts = sum(1 for c in pairs if c["kind"] == "contradiction")
        topics = Counter(c["topic"] for c in pairs if c["topic"])
        groups.append({
            "kind": "contradiction" if conflicts else "agreement",
            "topic": topics.most_common(1)[0][0] if topics else "",
            "positions": positions,
            "pairs": sorted(pairs, key=lambda c: (c["kind"] != "contradiction", c["n"])),
            "conflicts": conflicts,
            "agreements": len(pairs) - conflicts,
            "claims": len(sides),
            "speakers": len({s["speaker"] for s in sides.values()}),
            "open": len(pairs) <= OPEN_PAIRS,
        })
    groups.sort(key=lambda g: (g["kind"] != "contradiction", -len(g["pairs"]),
                               min(c["n"] for c in g["pairs"])))
    for number, group in enumerate(groups):
        group["id"] = number
    return groups


def _group_name(item: dict[str, Any], by: GroupBy, actors: dict[str, dict[str, Any]]) -> str:
    if by == "outlet":
        return str(item["outlet"] or "unknown outlet")
    if by == "side":
        actor = actors.get(item["speaker"])
        return str(actor["country"]) if actor and actor.get("country") else "unattributed"
    return str(item["speaker"])


def _columns(items: list[dict[str, Any]], by: GroupBy,
             actors: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One column per speaker (or outlet, or side), the largest first; the rest merged."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        groups[_group_name(item, by, actors)].append(item)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    merged = len(ordered) > MAX_COLUMNS
    if merged:
        rest = [i for _, group in ordered[MAX_COLUMNS - 1:] for i in group]
        ordered = ordered[:MAX_COLUMNS - 1] + [("other sources", rest)]
    columns = []
    for name, group in ordered:
        actor = actors.get(name) if by == "speaker" else None
        group.sort(key=lambda i: (i["published"] or "", i["article"], i["statement"] or 0))
        columns.append({
            "name": name,
            "href": actor_href(actor["id"]) if actor else None,
            "detail": (actor.get("code") or actor.get("type")) if actor else None,
            "claims": group,
            # the merged column's claims need their speaker named
            "merged": merged and name == ordered[-1][0],
            "conflicts": sum(1 for i in group for f in i["flags"] if f["kind"] == "contradiction"),
        })
    return columns


def _graph(store: Store, data: dict[str, Any], items: list[dict[str, Any]],
           comparisons: list[dict[str, Any]]) -> dict[str, Any]:
    """Nodes and links of the story's actor graph: events, conflicts and agreements."""
    edges: list[dict[str, Any]] = [
        {"source": e["actor"], "target": e["recipient"], "kind": e["type"], "n": e["n"]}
        for e in story_event_edges(store.conn, list(data["articles"]))
    ]
    for c in comparisons:
        a, b = c["a"]["speaker"], c["b"]["speaker"]
        if a != b and UNNAMED not in (a, b):
            edges.append({"source": a, "target": b, "kind": c["kind"], "n": 1})
    weight: Counter[str] = Counter()
    for e in edges:
        weight[e["source"]] += e["n"]
        weight[e["target"]] += e["n"]
    for item in items:
        if item["speaker"] != UNNAMED:
            weight[item["speaker"]] += 1
    for name in data.get("actors", []):
        weight[name] += 0
    keep = [name for name, _ in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))]
    keep = keep[:MAX_GRAPH_NODES]
    known = actors_by_names(store.conn, keep)
    nodes = [
        {"name": name, "type": (known.get(name) or {}).get("type"), "weight": weight[name],
         "href": actor_href(known[name]["id"]) if name in known else None}
        for name in keep
    ]
    kept = set(keep)
    return {"nodes": nodes,
            "edges": [e for e in edges if e["source"] in kept and e["target"] in kept]}


Resolve = Callable[[dict[str, Any], dict[str, dict[str, Any]]], dict[str, Any]]


def story_claims(
    data: dict[str, Any], dates: dict[str, str | None], resolve: Resolve
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """A story record's claims as display items, its comparisons, and their dispute groups.

    Args:
        data: the story record (its contract form).
        dates: publication dates by article id.
        resolve: one side of a comparison given the claim items by key (a side that is
            not among the story's claims is looked up where the caller can).
    """
    items = [_claim_item(c, dates) for c in data.get("claims", [])]
    by_key = {i["key"]: i for i in items}
    comparisons = []
    for n, c in enumerate(data.get("comparisons", [])):
        entry = {"n": n, "kind": c["kind"], "topic": c.get("topic", ""),
                 "explanation": c.get("explanation", ""),
                 "a": resolve(c["a"], by_key), "b": resolve(c["b"], by_key)}
        comparisons.append(entry)
        for side in ("a", "b"):
            item = by_key.get(entry[side]["key"])
            if item is not None:
                item["flags"].append({"kind": c["kind"], "n": n, "topic": entry["topic"]})
    comparisons.sort(key=lambda c: (c["kind"] != "contradiction", c["n"]))
    groups = comparison_groups(comparisons)
    for group in groups:
        for pos in group["positions"]:
            for claim in pos["claims"]:
                item = by_key.get(claim["key"])
                if item is not None:
                    item["groups"].append(group["id"])
    for item in items:
        item["flag_summary"] = _flag_summary(item)
    return items, comparisons, groups


def story_view(store: Store, story_id: str, by: GroupBy = "speaker") -> dict[str, Any] | None:
    """A story's accounts side by side, its comparisons, articles and actor graph."""
    data = store.story_data(story_id)
    if data is None:
        return None
    articles = articles_brief(store.conn, list(data["articles"]))
    for article in articles:
        article["href"] = article_href(article["id"])
    dates = {a["id"]: a["published"] for a in articles}
    mark_copies(articles, data.get("copies", {}))
    items, comparisons, groups = story_claims(
        data, dates, lambda ref, claims: comparison_side(store, ref, claims)
    )
    statements = [i for i in items if i["statement"] is not None]
    speakers = sorted({i["speaker"] for i in statements})
    actors = actors_by_names(store.conn, speakers + list(data.get("actors", [])))
    outlets = sorted({a["outlet"] for a in articles if a["outlet"]})
    record = Story.from_dict(data)
    single = {f"{c.article}#s{c.statement}" for c in
              single_source_claims(record.claims, record.comparisons) if c.statement is not None}
    return {
        "id": data["id"],
        "title": data["title"],
        "start": data.get("start"),
        "end": data.get("end"),
        "by": by,
        "counts": {
            "articles": len(articles), "outlets": len(outlets), "speakers": len(speakers),
            "conflicts": sum(1 for c in comparisons if c["kind"] == "contradiction"),
            "agreements": sum(1 for c in comparisons if c["kind"] == "agreement"),
        },
        "outlets": outlets,
        "actors": [
            {"name": name, "href": actor_href(actors[name]["id"]) if name in actors else None}
            for name in data.get("actors", [])
        ],
        "columns": _columns(statements, by, actors),
        "events": [i for i in items if i["statement"] is None],
        "comparisons": comparisons,
        "groups": groups,
        "articles": articles,
        "graph": _graph(store, data, statements, comparisons),
        "carriers": [
            {"claimant": who, "outlets": carried}
            for who, carried in sorted(outlets_by_account(record.claims, record.copies).items(),
                                       key=lambda kv: (-len(kv[1]), kv[0]))
            if not who.startswith("outlet:")
        ],
        "single_source": [i for i in statements if i["key"] in single],
        "story": data,
    }


# -- article ----------------------------------------------------------------------------


def article_view(store: Store, article_id: str) -> dict[str, Any] | None:
    """An article's record with display rows for its statements and events, and its stories."""
    record = store.load(article_id)
    if record is None:
        return None
    actor_ids = article_actor_ids(store.conn, article_id)
    names = {a.id: a.name for a in record.actors}

    def who(local: str | None) -> dict[str, Any] | None:
        if not local or local not in names:
            return None
        gid = actor_ids.get(local)
        return {"name": names[local], "href": actor_href(gid) if gid is not None else None}

    flags: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in article_comparisons(store.conn, article_id):
        for mine, other in (("a", "b"), ("b", "a")):
            if c[f"{mine}_article"] != article_id:
                continue
            key = (f"s{c[f'{mine}_statement']}" if c[f"{mine}_statement"] is not None
                   else f"e{c[f'{mine}_event']}")
            other_anchor = (f"s{c[f'{other}_statement']}" if c[f"{other}_statement"] is not None
                            else f"e{c[f'{other}_event']}")
            flags[key].append({
                "kind": c["kind"], "topic": c["topic"], "explanation": c["explanation"],
                "story": c["story_id"], "n": c["idx"],
                "story_href": story_href(c["story_id"]),
                "other_href": article_href(c[f"{other}_article"], other_anchor),
            })
    statements = statement_rows(record, who, flags)
    events = event_rows(record, who, flags)
    stories = _with_story_links(article_stories(store.conn, article_id))
    actors = [
        {"id": a.id, "name": a.name, "type": a.type, "code": a.code, "role": a.role,
         "href": actor_href(actor_ids[a.id]) if a.id in actor_ids else None}
        for a in record.actors
    ]
    return {
        "id": record.id, "title": record.title, "outlet": record.outlet,
        "published": record.published, "url": record.url, "language": record.language,
        "actors": actors, "statements": statements, "events": events, "stories": stories,
        "record": record.to_dict(), "actor_ids": actor_ids,
    }


# -- actor ------------------------------------------------------------------------------


def actor_view(store: Store, ref: str, limit: int = 100) -> dict[str, Any] | None:
    """An actor: aliases, roles over time, statements, events as actor and as recipient."""
    found = find_actor(store.conn, ref)
    if found is None:
        return None
    detail = actor_detail(store.conn, int(found["id"]), limit=limit)
    for row in detail["statements"]:
        row["href"] = article_href(row["article_id"], f"s{row['idx']}")
    name = detail["name"]
    for row in detail["events"]:
        row["href"] = article_href(row["article_id"], f"e{row['idx']}")
        row["as"] = "actor" if row["actor"] == name else "recipient"
    _with_story_links(detail["stories"])
    detail["event_counts"] = actor_event_counts(store.conn, int(found["id"]))
    detail["chart"] = f"/actors/{found['id']}/events.svg"
    return detail


def actor_chart_rows(store: Store, ref: str) -> list[dict[str, Any]] | None:
    """An actor's events per month and role (the chart's data), or None if unknown."""
    found = find_actor(store.conn, ref)
    if found is None:
        return None
    return actor_event_counts(store.conn, int(found["id"]))


# -- search -----------------------------------------------------------------------------

SearchKind = Literal["all", "statements", "articles", "events"]


def search_view(store: Store, kind: SearchKind, filters: Filters) -> dict[str, Any]:
    """Statements, articles and events matching the filters (``all``: the first of each)."""
    out: dict[str, Any] = {"kind": kind, "statements": [], "articles": [], "events": []}
    asked = filters.limit
    probe = replace(filters, limit=asked + 1)
    more = False
    if kind in ("all", "statements"):
        rows = list_statements(store.conn, probe)
        for row in rows:
            row["href"] = article_href(row["article_id"], f"s{row['idx']}")
        more = more or len(rows) > asked
        out["statements"] = rows[:asked]
    if kind in ("all", "articles"):
        rows = list_articles(store.conn, probe)
        for row in rows:
            row["href"] = article_href(row["id"])
        more = more or len(rows) > asked
        out["articles"] = rows[:asked]
    if kind in ("all", "events") and (kind == "events" or filters.type or filters.actor):
        rows = list_events(store.conn, probe)
        for row in rows:
            row["href"] = article_href(row["article_id"], f"e{row['idx']}")
        more = more or len(rows) > asked
        out["events"] = rows[:asked]
    out["more"] = more
    return out


def articles_view(store: Store, filters: Filters) -> dict[str, Any]:
    """One page of stored articles (newest first) with links to each and to its story."""
    asked = filters.limit
    filters.limit = asked + 1
    rows = list_articles(store.conn, filters)
    for row in rows:
        row["href"] = article_href(row["id"])
        row["story_href"] = story_href(row["story"]) if row.get("story") else None
    return {"articles": rows[:asked], "more": len(rows) > asked}
