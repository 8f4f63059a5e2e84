"""The words of claim and passage texts as the configured spaCy pipeline reads them.

Comparison and stance checking read claims and passages that were analysed long ago (or
typed in by a user), so their words are recomputed here rather than stored: only the
tokenizer, tagger and lemmatizer of the configured model run (no parser, no entities), the
texts of one comparison or check go through ``nlp.pipe`` in one batch (``parse_all``), and
each text's words are cached so that a claim compared with fifty others is read once.
"""

from __future__ import annotations

import json
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from .config import Settings
from .errors import Errors, RashomonError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

# What the lemmas need: the model's own tagger and lemmatizer, nothing that reads structure.
KEPT_PIPES = ("tok2vec", "tagger", "attribute_ruler", "lemmatizer")
CACHE_SIZE = 1 << 15
BATCH_SIZE = 64


class Word(NamedTuple):
    """One token: lower-cased ``text`` and ``lemma``, its character offset, its tags.

    A tuple rather than a dataclass: a check unpacks the stored words of hundreds of
    articles, and tuples are built several times faster.
    """

    text: str
    lemma: str
    start: int
    pos: str
    punct: bool
    # Capitalised where no sentence opens: a name, or a word made from one ("American").
    named: bool = False


@lru_cache(maxsize=2)
def lemma_pipeline(model: str) -> Language:
    """The configured model with only its tokenizer, tagger and lemmatizer enabled.

    Loaded here rather than through ``nlp.pipeline``: that module brings the stages, which
    a comparison does not need.

    Raises:
        RashomonError: E022 when the model is not installed.
    """
    import spacy  # noqa: PLC0415 - loads a model

    try:
        nlp = spacy.load(model)
    except (OSError, ImportError) as exc:
        raise RashomonError(Errors.E022, model=model, detail=str(exc)) from exc
    for name in nlp.pipe_names:
        if name not in KEPT_PIPES:
            nlp.disable_pipe(name)
    return nlp


class _Cache:
    """Parsed texts, least recently used first out."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[tuple[str, str], tuple[Word, ...]] = OrderedDict()

    def get(self, key: tuple[str, str]) -> tuple[Word, ...] | None:
        found = self.items.get(key)
        if found is not None:
            self.items.move_to_end(key)
        return found

    def put(self, key: tuple[str, str], value: tuple[Word, ...]) -> None:
        self.items[key] = value
        if len(self.items) > self.size:
            self.items.popitem(last=False)


_CACHE = _Cache(CACHE_SIZE)
_MODEL: list[str] = [Settings().model]


def use_model(model: str) -> None:
    """Read texts with ``model`` from now on (the ``model`` setting of the running command)."""
    _MODEL[0] = model


def current_model() -> str:
    """The model texts are read with."""
    return _MODEL[0]


def pack(words: Sequence[Word]) -> bytes:
    """``words`` as a compressed blob (for the store)."""
    return zlib.compress(json.dumps(list(words), separators=(",", ":")).encode("utf8"))


def unpack(blob: bytes) -> tuple[Word, ...]:
    """The words ``pack`` stored."""
    rows = json.loads(zlib.decompress(blob).decode("utf8"))
    return tuple(map(Word._make, rows))


def remember(text: str, words: tuple[Word, ...]) -> None:
    """Cache words read earlier (stored with the article) as the words of ``text``."""
    _CACHE.put((_MODEL[0], text), words)


def parse_all(texts: Iterable[str]) -> None:
    """Parse every text not yet cached, in batches through ``nlp.pipe``."""
    model = _MODEL[0]
    todo = list(dict.fromkeys(t for t in texts if _CACHE.get((model, t)) is None))
    if not todo:
        return
    nlp = lemma_pipeline(model)
    for text, doc in zip(todo, nlp.pipe(todo, batch_size=BATCH_SIZE), strict=True):
        _CACHE.put((model, text), _words(doc))


def parsed(text: str) -> tuple[Word, ...]:
    """The words of ``text`` (parsed now unless ``parse_all`` already read it)."""
    key = (_MODEL[0], text)
    found = _CACHE.get(key)
    if found is None:
        parse_all([text])
        found = _CACHE.get(key)
    return found or ()


def _opens(token: Token) -> bool:
    """Whether the token opens the text or follows the end of a sentence."""
    before = token.nbor(-1) if token.i > 0 else None
    while before is not None and (before.is_space or before.is_quote or before.text == "("):
        before = before.nbor(-1) if before.i > 0 else None
    return before is None or before.text in {".", "!", "?", ":"}


def _words(doc: Doc) -> tuple[Word, ...]:
    out: list[Word] = []
    for token in doc:
        if token.is_space:
            continue
        text = token.lower_.replace("’", "'")
        out.append(
            Word(
                text=text,
                lemma=token.lemma_.lower().replace("’", "'") or text,
                start=token.idx,
                pos=token.pos_,
                # "$" and "—" are no words either, as they were never content.
                punct=token.is_punct or not text[:1].isalnum(),
                named=token.text[:1].isupper() and not _opens(token),
            )
        )
    return tuple(out)
