"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLES = REPO / "examples"


def shared_file(*parts: str) -> Path:
    """A file under ../shared, or skip the test with the reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared lies beside the repository in dev and CI)")
    return path


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    """The full Rashomon pipeline on the default model, loaded once per test session."""
    from rashomon.config import load_settings
    from rashomon.nlp.pipeline import settings_pipeline

    return settings_pipeline(load_settings())


@pytest.fixture(scope="session")
def analyze_text(nlp) -> Callable[..., object]:  # type: ignore[no-untyped-def]
    """Analyse one text through the real pipeline and return its ``AnalyzedArticle``."""
    from rashomon.nlp.pipeline import analyze_batch
    from rashomon.records import Article

    def run(text: str, published: str | None = None, id: str = "t1") -> object:
        (result,) = analyze_batch(nlp, [Article(id=id, text=text, published=published)])
        return result

    return run


@pytest.fixture(scope="session")
def mt_article_path() -> Path:
    """The machine-translated article the project started from (read in place)."""
    return shared_file("examples", "000_a027c763cef97306.txt")
