"""The custom attributes Rashomon's components read and write, all under ``doc._.rashomon_*``.

| attribute | set by | holds |
|---|---|---|
| ``rashomon_meta`` | the caller, before the pipeline | ``DocMeta``: id, date, outlet |
| ``rashomon_actors`` | ``rashomon_actors`` | an ``ActorTable``: actors, mentions, token → actor |
| ``rashomon_statements`` | ``rashomon_statements`` | ``list[Statement]`` |
| ``rashomon_events`` | ``rashomon_events`` | ``list[Event]`` |

The short names a spaCy user reads (``docs/python.md``) are getters over these, registered
only where no other library has taken the name:

| attribute | holds |
|---|---|
| ``doc._.statements`` | ``list[Statement]`` (empty when ``rashomon_statements`` did not run) |
| ``doc._.events`` | ``list[Event]`` (empty when ``rashomon_events`` did not run) |
| ``doc._.actors`` | ``list[Actor]`` of the article (empty when ``rashomon_actors`` did not run) |
| ``span._.actor`` / ``token._.actor`` | the ``Actor`` the words refer to, or ``None`` |
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Span, Token

if TYPE_CHECKING:
    from ..records import Actor

DOC_ATTRIBUTES: tuple[str, ...] = (
    "rashomon_meta",
    "rashomon_actors",
    "rashomon_statements",
    "rashomon_events",
)


@dataclass(slots=True)
class DocMeta:
    """What the components may need to know about the article behind a ``Doc``."""

    article_id: str
    published: str | None = None
    outlet: str | None = None
    title: str | None = None


def _listed(attribute: str) -> Any:
    def get(doc: Doc) -> list[Any]:
        return list(getattr(doc._, attribute) or [])

    return get


def _doc_actors(doc: Doc) -> list[Actor]:
    table = doc._.rashomon_actors
    return list(table.actors) if table is not None else []


def _span_actor(span: Span | Token) -> Actor | None:
    table = span.doc._.rashomon_actors
    if table is None:
        return None
    mention = (table.mention_for_token(span) if isinstance(span, Token)
               else table.mention_for_span(span))
    return None if mention is None else table.get(mention.actor)


DOC_ALIASES: dict[str, Any] = {
    "statements": _listed("rashomon_statements"),
    "events": _listed("rashomon_events"),
    "actors": _doc_actors,
}


def register_extensions() -> None:
    """Register every ``doc._.rashomon_*`` attribute and the short getters (idempotent)."""
    for name in DOC_ATTRIBUTES:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for name, getter in DOC_ALIASES.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, getter=getter)
    for owner in (Span, Token):
        if not owner.has_extension("actor"):
            owner.set_extension("actor", getter=_span_actor)


register_extensions()
