"""Fixtures shared by the whole suite."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

# Under two pytest-xdist workers each core has its worker: one thread each for PyTorch and
# the numeric libraries (and the CLI processes the tests start), or their thread pools wait
# on each other's core.
if os.environ.get("PYTEST_XDIST_WORKER"):
    for _threads in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ.setdefault(_threads, "1")

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


# -- corpora and stores analysed once per session (tests/shared_corpora.py) ----------------
# Each is read by several tests, often in several modules: analysed here once, then only read.


@pytest.fixture(scope="session")
def fnc1_folder() -> Path:
    """The FNC-1 folder of ../shared/data (``bodies.jsonl``, ``pairs.jsonl``)."""
    return shared_file("data", "fnc1", "bodies.jsonl").parent


@pytest.fixture(scope="session")
def fnc1_results(nlp, fnc1_folder: Path) -> tuple[Any, ...]:  # type: ignore[no-untyped-def]
    """Every FNC-1 body through the full pipeline (article ids ``fnc-<body_id>``), in file order.

    The largest corpus of the suite: a second process analyses part of it at the same time.
    """
    from rashomon.evaluation.stories_crossval import fnc1_articles
    from shared_corpora import analyse_on_two_cores

    return analyse_on_two_cores(nlp, fnc1_articles(fnc1_folder))


@pytest.fixture(scope="session")
def polnear_gold() -> tuple[Path, list[dict[str, Any]]]:
    """The PolNeAR (dev) gold file and its records."""
    from rashomon.evaluation.events import read_gold

    path = shared_file("data", "polnear-dev.jsonl")
    return path, read_gold(path)


@pytest.fixture(scope="session")
def polnear_results(  # type: ignore[no-untyped-def]
    nlp, polnear_gold: tuple[Path, list[dict[str, Any]]]
) -> tuple[Any, ...]:
    """Every PolNeAR article through the full pipeline, in gold order."""
    from shared_corpora import analyse, polnear_articles

    return analyse(nlp, polnear_articles(polnear_gold[1]))


@pytest.fixture(scope="session")
def plover_rows() -> list[dict[str, Any]]:
    """The PLOVER gold sentences, in file order."""
    from rashomon.evaluation.events import read_gold

    return read_gold(shared_file("data", "plover-gsr-dev.jsonl"))


@pytest.fixture(scope="session")
def plover_parts(plover_rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The PLOVER sentences of the tuning folds and the held-out ones (``split_tuning``)."""
    from rashomon.evaluation.events import split_tuning

    tuning, held_out = split_tuning(plover_rows)
    return {"tuning": [plover_rows[i] for i in tuning],
            "held_out": [plover_rows[i] for i in held_out]}


@pytest.fixture(scope="session")
def plover_held_out_records(  # type: ignore[no-untyped-def]
    nlp, plover_parts: dict[str, list[dict[str, Any]]]
) -> list[Any]:
    """The held-out PLOVER sentences through the full pipeline (``analyse_rows``)."""
    from rashomon.evaluation.events import analyse_rows

    return analyse_rows(nlp, plover_parts["held_out"])


@pytest.fixture(scope="session")
def plover_actor_scores(  # type: ignore[no-untyped-def]
    nlp, plover_parts: dict[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    """Actor resolution scored on the held-out PLOVER sentences, the tuning ones, and all."""
    from rashomon.evaluation.actors import score_actors
    from rashomon.kb import default_kb
    from shared_corpora import merged_actor_scores

    held_out = score_actors(nlp, plover_parts["held_out"], default_kb())
    tuning = score_actors(nlp, plover_parts["tuning"], default_kb())
    return {"held_out": held_out, "tuning": tuning, "all": merged_actor_scores(held_out, tuning)}


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``rashomon analyze examples/`` into a store, by the real CLI, once per session.

    Shared: a test reads it, or works on a copy (``shared_corpora.copy_store``).
    """
    from shared_corpora import cli_store

    return cli_store(tmp_path_factory.mktemp("demo-store") / "news.db", EXAMPLES)


@pytest.fixture(scope="session")
def reliability_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``rashomon analyze tests/data/reliability/articles.jsonl`` into a store, by the real
    CLI, once per session: the uninterrupted run the reliability tests compare with.

    Shared: a test reads it, or works on a copy (``shared_corpora.copy_store``).
    """
    from reliability_helpers import RELIABILITY
    from shared_corpora import cli_store

    return cli_store(tmp_path_factory.mktemp("reliability-store") / "news.db",
                     RELIABILITY / "articles.jsonl")



# -- two workers (`make test` runs `pytest -n 2`) --------------------------------------------
# pytest-xdist sends work to each worker by scope. Here a scope is a test module, so a
# module's fixtures are built once, except that modules sharing a costly session fixture form
# one scope, so the corpus behind it is analysed by one worker only. The longest scopes are
# sent first, so neither worker is left with a long one at the end.
SHARED_FIXTURE_GROUPS = {
    "fnc1-corpus": ("test_statements", "test_stories_fnc1_gate"),
    "reliability-store": ("test_concurrency", "test_crash_safety", "test_doctor"),
    "demo-store": ("test_browser_web", "test_cli", "test_stories_cli"),
    "plover-corpus": ("test_events_gate", "test_actors_model"),
}
LONGEST_FIRST = ("fnc1-corpus", "test_stance_gate", "reliability-store", "demo-store",
                 "test_stories_crash", "plover-corpus")


def worker_group(module: str) -> str:
    """The scope a test module runs in: its shared-fixture group, or itself."""
    for group, modules in SHARED_FIXTURE_GROUPS.items():
        if module in modules:
            return group
    return module


def _module_of(nodeid: str) -> str:
    return Path(nodeid.split("::", 1)[0]).stem


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        group = worker_group(item.path.stem)
        return LONGEST_FIRST.index(group) if group in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: file order within a rank


if importlib.util.find_spec("xdist") is not None:

    def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
        """Scopes by ``worker_group``, sent in collection order (longest first)."""
        from xdist.scheduler import LoadScopeScheduling

        class GroupScheduling(LoadScopeScheduling):
            def _split_scope(self, nodeid: str) -> str:
                return worker_group(_module_of(nodeid))

        config.option.loadscopereorder = False
        return GroupScheduling(config, log)
