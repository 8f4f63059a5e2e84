"""Turn an analysed ``Doc`` into the plain ``AnalyzedArticle`` record.

Workers return these records, never ``Doc`` objects, so they cross process boundaries
cheaply and outlive the ``memory_zone`` their ``Doc`` was made in.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from ..records import AnalyzedArticle, Article, Mention, Statement
from .actor_table import ActorTable


def _mention(m: Mention, text: str) -> Mention:
    return replace(m, text=text[m.start : m.end])


def _statement(s: Statement, text: str) -> Statement:
    speaker_text = s.speaker_text
    if s.speaker_start is not None and s.speaker_end is not None:
        speaker_text = text[s.speaker_start : s.speaker_end]
    return replace(s, content=text[s.start : s.end], speaker_text=speaker_text)


def doc_to_record(doc: Doc, article: Article) -> AnalyzedArticle:
    """The analysed-article record for ``article`` from its processed ``doc``."""
    # The components saw the case-repaired text; every string in the record is cut from the
    # original text instead, so that text[start:end] is exactly what the record says.
    table: ActorTable | None = doc._.rashomon_actors
    text = article.text
    return AnalyzedArticle(
        id=article.id,
        url=article.url,
        outlet=article.outlet,
        published=article.published,
        title=article.title,
        language=article.language or "en",
        text=article.text,
        actors=list(table.actors) if table else [],
        mentions=[_mention(m, text) for m in table.sorted_mentions()] if table else [],
        statements=[_statement(s, text) for s in doc._.rashomon_statements or []],
        events=list(doc._.rashomon_events or []),
    )
