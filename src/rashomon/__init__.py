"""Rashomon: a reconciled record of what happened and who says what, from news coverage.

The public API (``docs/python.md``)::

    import rashomon

    records = rashomon.extract(["Lavrov said talks would resume.", {"text": "…"}])
    with rashomon.open("news.db") as store:
        store.analyze(pathlib.Path("articles/"))
        store.stories()

Only the names in ``__all__`` are promised to stay. Importing ``rashomon`` is cheap: the
store, the records and the errors load at once; spaCy and the analysis stack only when
something is analysed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import (
    DocumentError,
    DocumentFailure,
    Errors,
    FetchError,
    ModelUnavailableError,
    NotFoundError,
    RashomonError,
    RequestError,
    SettingsError,
    StoreError,
    Warnings,
)
from .records import (
    Actor,
    AnalyzedArticle,
    Article,
    Claim,
    ClaimRef,
    Comparison,
    Event,
    Mention,
    Statement,
    Story,
)

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .config import Settings, load_settings
    from .jobs import RunSummary
    from .library import Records, Rows, Store, extract, extract_iter, open

# Public name → the module that defines it, imported on first use (PEP 562).
_LAZY: dict[str, str] = {
    "extract": "rashomon.library",
    "extract_iter": "rashomon.library",
    "open": "rashomon.library",
    "Store": "rashomon.library",
    "Rows": "rashomon.library",
    "Records": "rashomon.library",
    "RunSummary": "rashomon.jobs",
    "Settings": "rashomon.config",
    "load_settings": "rashomon.config",
}

__all__ = [
    "Actor",
    "AnalyzedArticle",
    "Article",
    "Claim",
    "ClaimRef",
    "Comparison",
    "DocumentError",
    "FetchError",
    "DocumentFailure",
    "Errors",
    "Event",
    "Mention",
    "ModelUnavailableError",
    "NotFoundError",
    "RashomonError",
    "Records",
    "RequestError",
    "Rows",
    "RunSummary",
    "Settings",
    "SettingsError",
    "Statement",
    "Store",
    "StoreError",
    "Story",
    "Warnings",
    "__version__",
    "extract",
    "extract_iter",
    "load_settings",
    "open",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'rashomon' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
