"""The custom attributes Rashomon's components read and write, all under ``doc._.rashomon_*``.

| attribute | set by | holds |
|---|---|---|
| ``rashomon_meta`` | the caller, before the pipeline | ``DocMeta``: id, date, outlet |
| ``rashomon_actors`` | ``rashomon_actors`` | an ``ActorTable``: actors, mentions, token → actor |
| ``rashomon_statements`` | ``rashomon_statements`` | ``list[Statement]`` |
| ``rashomon_events`` | ``rashomon_events`` | ``list[Event]`` |
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

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


def register_extensions() -> None:
    """Register every ``doc._.rashomon_*`` attribute (idempotent)."""
    for name in DOC_ATTRIBUTES:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()
