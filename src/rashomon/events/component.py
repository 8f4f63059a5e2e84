"""``rashomon_events``: the spaCy component that codes PLOVER events in an article."""

from __future__ import annotations

from spacy.language import Language

from ..nlp.extensions import register_extensions
from .coder import EventCoder
from .lexicon import load_lexicon


@Language.factory(
    "rashomon_events",
    default_config={"lexicon": None, "fallback": True},
    requires=["token.dep", "token.lemma", "doc.sents", "doc.ents"],
    assigns=["doc._.rashomon_events"],
)
def make_event_coder(
    nlp: Language, name: str, lexicon: str | None, fallback: bool
) -> EventCoder:
    """Build the event coder.

    Args:
        nlp: the pipeline (unused; spaCy passes it).
        name: the component's name in the pipeline.
        lexicon: a user lexicon file (``.tsv`` or ``.yaml``) that extends or overrides the
            built-in one (the pipeline passes the ``event_lexicon`` setting).
        fallback: whether clauses the lexicon misses go to the embedding classifier.
    """
    register_extensions()
    return EventCoder(load_lexicon(lexicon), fallback)
