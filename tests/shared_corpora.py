"""The annotated corpora of ../shared/data and the CLI-built stores the suite reads in many places.

Analysing a corpus is most of what a quality gate costs, and several gates (in several
modules) score the same corpus: the session fixtures in ``conftest.py`` call these functions
once per test session and hand every test the same analysed records. The records are shared,
so tests only read them; a test that changes a store works on its own copy (``copy_store``).
"""

from __future__ import annotations

import io
import multiprocessing
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from spacy.language import Language

from rashomon.evaluation.actors import ActorScore
from rashomon.nlp.pipeline import AnalysisResult, analyze_batch
from rashomon.records import Article
from reliability_helpers import run_cli


def analyse(nlp: Language, articles: list[Article]) -> tuple[AnalysisResult, ...]:
    """Every article through the full pipeline in one batch, as the gates have always run it."""
    return tuple(analyze_batch(nlp, articles))


def cut_at_share(texts: list[str], share: float) -> int:
    """How many of ``texts``, from the first, hold ``share`` of their characters: where to
    cut a list of texts between this process and a second one."""
    sizes = np.cumsum([len(text) for text in texts])
    return min(int(np.searchsorted(sizes, share * sizes[-1])) + 1, len(texts)) if texts else 0


def _analysed_afresh(articles: list[Article]) -> tuple[AnalysisResult, ...]:
    """``analyse`` with the default pipeline loaded in this (spawned) process."""
    from rashomon.config import load_settings
    from rashomon.nlp.pipeline import settings_pipeline

    return analyse(settings_pipeline(load_settings()), articles)


def analyse_on_two_cores(
    nlp: Language, articles: list[Article], share: float = 0.45
) -> tuple[AnalysisResult, ...]:
    """``analyse(nlp, articles)``, the later articles (about ``share`` of the text) analysed
    by a second process at the same time, in the order given.

    An article's record depends on the article alone (no state passes from one document to
    the next), so the records are the same whichever process made them: checked over every
    FNC-1 body when this was written. ``nlp`` must be the default pipeline, the one the
    second process loads; it loads its own model first, so it is given less than half.
    """
    cut = cut_at_share([article.text for article in articles], 1 - share)
    here, there = articles[:cut], articles[cut:]
    if not there:
        return analyse(nlp, here)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        other = pool.submit(_analysed_afresh, there)
        return analyse(nlp, here) + other.result()


def polnear_articles(gold: list[dict[str, Any]]) -> list[Article]:
    """One article per PolNeAR record: its id and text."""
    return [Article(id=g["id"], text=g["text"]) for g in gold]


def merged_actor_scores(first: ActorScore, second: ActorScore) -> ActorScore:
    """The score of two disjoint sets of records: every count is a sum over the records.

    ``score_actors`` scores each sentence on its own document, so the PLOVER records scored
    as held-out and tuning parts add up to the score of all of them.
    """
    return replace(
        first,
        actors=first.actors + second.actors,
        country_ok=first.country_ok + second.country_ok,
        with_sector=first.with_sector + second.with_sector,
        sector_ok=first.sector_ok + second.sector_ok,
        not_found=first.not_found + second.not_found,
        misses=[*first.misses, *second.misses],
    )


def cli_store(db: Path, *inputs: Path) -> Path:
    """``rashomon analyze`` of ``inputs`` into a new store at ``db``, by the real CLI."""
    result = run_cli("analyze", *map(str, inputs), "--db", str(db), timeout=900)
    assert result.returncode == 0, result.stderr
    return db


def copy_store(source: Path, target: Path) -> Path:
    """A private copy of a store that no process has open (its write-ahead log, if any, too)."""
    shutil.copy(source, target)
    wal = source.with_name(source.name + "-wal")
    if wal.exists():
        shutil.copy(wal, target.with_name(target.name + "-wal"))
    return target


def cli_in_process(*args: str) -> subprocess.CompletedProcess[str]:
    """``rashomon ARGS`` through the CLI's entry point (``rashomon.cli.main``) in this process.

    The same path as ``run_cli`` (argument parsing, the command, its output and exit code)
    without a new interpreter: the pipeline this process loaded once (``cached_pipeline``) is
    reused, where a subprocess spends most of its time loading the model. A test that needs a
    process of its own (one killed, one holding a lock) runs it with ``run_cli``, and every
    command keeps at least one test through a real subprocess.
    """
    from rashomon.cli import main

    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = ["rashomon", *args]
    try:
        with redirect_stdout(out), redirect_stderr(err):
            main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    finally:
        sys.argv = argv
    return subprocess.CompletedProcess(["rashomon", *args], code, out.getvalue(), err.getvalue())
