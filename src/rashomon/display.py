"""Rich display in Jupyter: records, stories, listings and claim checks as HTML.

Records and stories render through the web UI's own templates and macros
(``web/templates/macros.html``), the text marked by ``web/markup.py``, styled by the web
stylesheet scoped to the output cell so that the notebook around it keeps its own look.
A notebook has no pages to link to, so the links of the web pages are left out.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .records import AnalyzedArticle, Story

if TYPE_CHECKING:
    from jinja2 import Environment

    from .library import Records, Rows

SCOPE = "rashomon-nb"
# Text shown around a piece of evidence in a claim check.
CONTEXT_CHARS = 80
MAX_ROWS = 200


@lru_cache(maxsize=1)
def _environment() -> Environment:
    from .web.templating import environment

    env = environment()
    env.globals["style"] = Markup(f"<style>{scoped_css(_stylesheet(), '.' + SCOPE)}</style>")
    env.globals["scope"] = SCOPE
    return env


def _stylesheet() -> str:
    return resources.files("rashomon.web").joinpath("static/style.css").read_text("utf8")


def _render(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**context)


# -- the stylesheet, scoped -------------------------------------------------------------

_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def _scope_selector(selector: str, scope: str) -> str | None:
    selector = selector.strip()
    if selector in (":root", "body"):
        return scope
    if selector == "html":
        return None
    return f"{scope} {selector}"


def scoped_css(css: str, scope: str) -> str:
    """The stylesheet with every rule confined to elements inside ``scope``.

    ``:root`` and ``body`` become the scope itself (so the colour variables are defined
    there); print rules are dropped; media queries keep their condition.
    """
    css = _COMMENT.sub("", css)
    out: list[str] = []
    pos = 0
    while True:
        brace = css.find("{", pos)
        if brace < 0:
            break
        head = css[pos:brace].strip()
        if head.startswith("@media"):
            depth, end = 1, brace + 1
            while depth:
                depth += {"{": 1, "}": -1}.get(css[end], 0)
                end += 1
            if "print" not in head:
                out.append(f"{head}{{{scoped_css(css[brace + 1:end - 1], scope)}}}")
            pos = end
            continue
        end = css.find("}", brace)
        selectors = [s for s in (_scope_selector(p, scope) for p in head.split(",")) if s]
        if selectors:
            out.append(f"{', '.join(selectors)} {{{css[brace + 1:end].strip()}}}")
        pos = end + 1
    return "\n".join(out)


# -- records ----------------------------------------------------------------------------


def _who(record: AnalyzedArticle) -> Any:
    names = {a.id: a.name for a in record.actors}

    def who(local: str | None) -> dict[str, Any] | None:
        return {"name": names[local], "href": None} if local in names else None

    return who


def record_html(record: AnalyzedArticle) -> str:
    """One analysed article: its text with statements, speakers, actors and events marked,
    then its actors, statements and events as the article page shows them."""
    from .web.markup import event_rows, mark_text, record_spans, statement_rows

    who = _who(record)
    spans = record_spans(record, {})
    return _render(
        "notebook_article.html",
        a=record,
        marked=mark_text(record.text, spans),
        statements=statement_rows(record, who, {}),
        events=event_rows(record, who, {}),
    )


def records_html(records: Records) -> str:
    """A single record in full; several as a table with the failures below."""
    if len(records) == 1 and not records.failures:
        return record_html(records[0])
    rows = [
        {"id": r.id, "published": r.published, "outlet": r.outlet, "title": r.title,
         "language": r.language, "actors": len(r.actors), "statements": len(r.statements),
         "events": len(r.events)}
        for r in records[:MAX_ROWS]
    ]
    columns = ["id", "published", "outlet", "title", "actors", "statements", "events"]
    return _render("notebook_rows.html", name=f"{len(records)} analysed articles",
                   columns=columns, rows=rows, more=max(0, len(records) - MAX_ROWS),
                   failures=records.failures)


# -- stories ----------------------------------------------------------------------------


def story_html(story: Story) -> str:
    """A story: its disputes (claims gathered by what each holds) and the accounts side by
    side, from the story record alone."""
    from .web.views import _columns, comparison_side, story_claims

    data = story.to_dict()
    items, comparisons, groups = story_claims(
        data, {}, lambda ref, claims: comparison_side(None, ref, claims)
    )
    for item in items:
        item["href"] = None
    for comparison in comparisons:
        for side in ("a", "b"):
            comparison[side]["href"] = None
    statements = [i for i in items if i["statement"] is not None]
    counts = {
        "articles": len(story.articles),
        "outlets": len({c.outlet for c in story.claims if c.outlet}),
        "speakers": len({i["speaker"] for i in statements}),
        "conflicts": sum(1 for c in comparisons if c["kind"] == "contradiction"),
        "agreements": sum(1 for c in comparisons if c["kind"] == "agreement"),
    }
    return _render("notebook_story.html", s=story, counts=counts, groups=groups,
                   columns=_columns(statements, "speaker", {}))


# -- listings ---------------------------------------------------------------------------


def evidence_html(text: str, spans: list[dict[str, Any]]) -> Markup:
    """The evidence of a claim check marked in its surrounding text."""
    from markupsafe import escape

    pieces = []
    for span in spans:
        start, end = int(span["start"]), int(span["end"])
        if not 0 <= start < end <= len(text):
            continue
        left = max(0, start - CONTEXT_CHARS)
        right = min(len(text), end + CONTEXT_CHARS)
        pieces.append(
            f"{'…' if left else ''}{escape(text[left:start])}"
            f"<mark class=\"st\">{escape(text[start:end])}</mark>"
            f"{escape(text[end:right])}{'…' if right < len(text) else ''}"
        )
    return Markup("<br>".join(pieces))


def rows_html(rows: Rows) -> str:
    """A listing as a table of its display columns; check rows show their evidence marked."""
    columns = rows.columns or (list(rows[0]) if rows else [])
    shown: list[dict[str, Any]] = []
    texts = rows.texts
    for row in rows[:MAX_ROWS]:
        item = dict(row)
        if "evidence" in item and item.get("article") in texts:
            item["evidence"] = evidence_html(texts[item["article"]], item["evidence"] or [])
        shown.append(item)
    return _render("notebook_rows.html", name=rows.name, columns=columns, rows=shown,
                   more=max(0, len(rows) - MAX_ROWS), failures=[])
