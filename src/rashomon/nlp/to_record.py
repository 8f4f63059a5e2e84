"""Turn an analysed ``Doc`` into the plain ``AnalyzedArticle`` record.

Workers return these records, never ``Doc`` objects, so they cross process boundaries
cheaply and outlive the ``memory_zone`` their ``Doc`` was made in.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..records import AnalyzedArticle, Article
from .actor_table import ActorTable


def doc_to_record(doc: Doc, article: Article) -> AnalyzedArticle:
    """The analysed-article record for ``article`` from its processed ``doc``."""
    table: ActorTable | None = doc._.rashomon_actors
    return AnalyzedArticle(
        id=article.id,
        url=article.url,
        outlet=article.outlet,
        published=article.published,
        title=article.title,
        language=article.language or "en",
        text=article.text,
        actors=list(table.actors) if table else [],
        mentions=table.sorted_mentions() if table else [],
        statements=list(doc._.rashomon_statements or []),
        events=list(doc._.rashomon_events or []),
    )
