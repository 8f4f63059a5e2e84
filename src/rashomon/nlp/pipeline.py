"""Assemble the analysis pipeline and run articles through it.

The pipeline is the configured spaCy model with Rashomon's components around it::

    rashomon_normalize → (the model's own: tok2vec, tagger, parser, …, ner)
        → rashomon_actors → rashomon_statements → rashomon_events

``analyze_batch`` turns ``Article`` records into ``AnalyzedArticle`` records (a stream of
them goes through ``rashomon.scale.engines.analyze``, in process or on workers). Each batch
runs inside ``nlp.memory_zone()`` so that a long run keeps flat memory, and a document that
fails is reported with its id while the rest of the batch goes on.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..actors import component as _actors  # noqa: F401  (registers the factory)
from ..config import Settings
from ..errors import DocumentFailure, Errors, RashomonError
from ..events import component as _events  # noqa: F401
from ..records import AnalyzedArticle, Article
from ..statements import component as _statements  # noqa: F401
from . import normalize as _normalize  # noqa: F401
from .extensions import DocMeta, register_extensions
from .to_record import doc_to_record

log = logging.getLogger(__name__)

RASHOMON_COMPONENTS: tuple[str, ...] = (
    "rashomon_actors",
    "rashomon_statements",
    "rashomon_events",
)

AnalysisResult = AnalyzedArticle | DocumentFailure


def load_model(name: str) -> Language:
    """Load a spaCy pipeline by package name or path, with a coded error if it is missing."""
    try:
        return spacy.load(name)
    except (OSError, ImportError) as exc:
        raise RashomonError(Errors.E022, model=name, detail=str(exc)) from exc


def build_pipeline(
    model: str, event_lexicon: str = "", dictionaries: tuple[str, ...] = ()
) -> Language:
    """The configured model with Rashomon's components added in order.

    Args:
        model: a spaCy pipeline package name or path.
        event_lexicon: a user event lexicon file merged over the built-in one.
        dictionaries: user actor dictionaries laid over the built-in knowledge base.
    """
    register_extensions()
    nlp = load_model(model)
    kb_config = {"dictionaries": list(dictionaries)}
    nlp.add_pipe("rashomon_normalize", first=True, config=kb_config)
    nlp.add_pipe("rashomon_actors", last=True, config=kb_config)
    nlp.add_pipe("rashomon_statements", last=True)
    nlp.add_pipe("rashomon_events", last=True, config={"lexicon": event_lexicon or None})
    return nlp


@lru_cache(maxsize=4)
def cached_pipeline(
    model: str, event_lexicon: str = "", dictionaries: tuple[str, ...] = ()
) -> Language:
    """One pipeline per configuration per process: loading takes about a second."""
    return build_pipeline(model, event_lexicon, dictionaries)


def pipeline_key(settings: Settings) -> tuple[str, str, tuple[str, ...]]:
    """The settings that shape the pipeline, as a hashable key for ``cached_pipeline``."""
    return settings.model, settings.event_lexicon, tuple(settings.dictionaries)


def settings_pipeline(settings: Settings) -> Language:
    """The cached pipeline that ``settings`` describe."""
    return cached_pipeline(*pipeline_key(settings))


def make_doc(nlp: Language, article: Article) -> Doc:
    """Tokenise the article and attach what the components need to know about it."""
    doc = nlp.make_doc(article.text)
    doc._.rashomon_meta = DocMeta(
        article_id=article.id,
        published=article.published,
        outlet=article.outlet,
        title=article.title,
    )
    return doc


def _analyze_one(nlp: Language, article: Article) -> AnalysisResult:
    try:
        with nlp.memory_zone():
            doc = nlp(make_doc(nlp, article))
            return doc_to_record(doc, article)
    except Exception as exc:  # one document must never stop the batch
        log.exception("analysis failed for %s", article.id)
        return DocumentFailure.of(article.source or article.id, Errors.E012, detail=repr(exc))


def analyze_batch(nlp: Language, batch: list[Article]) -> list[AnalysisResult]:
    """Analyse one batch; if the batch fails, each article is retried alone."""
    try:
        with nlp.memory_zone():
            docs = nlp.pipe(make_doc(nlp, article) for article in batch)
            return [doc_to_record(doc, article) for doc, article in zip(docs, batch, strict=True)]
    except Exception:
        return [_analyze_one(nlp, article) for article in batch]
