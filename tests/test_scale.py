"""Analysis on Ray gives exactly the records the local pipeline gives, in input order."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rashomon.config import load_settings
from rashomon.errors import DocumentFailure
from rashomon.nlp.pipeline import analyze
from rashomon.records import AnalyzedArticle, Article

pytestmark = [pytest.mark.model, pytest.mark.slow]

ARTICLES = [
    Article(id="r1", text="Foreign Minister Ida Berg of Norway met her Swedish counterpart in "
            "Oslo on Monday. \"We agreed on a plan,\" Berg said.", published="2026-02-02"),
    Article(id="r2", text="Die Minister trafen sich am Montag in Berlin und sprachen über "
            "Sanktionen gegen das Land.", language="de"),
    Article(id="r3", text="Rebels attacked a convoy near the border, the army said in a "
            "statement on Tuesday.", published="2026-02-03"),
]


def test_ray_engine_matches_the_local_pipeline() -> None:
    pytest.importorskip("ray", reason="the 'scale' extra (ray[data]) is not installed")
    local = list(analyze(ARTICLES, load_settings(overrides={"batch_size": 2})))
    settings = load_settings(overrides={"engine": "ray", "n_process": 1, "batch_size": 2})
    distributed = list(analyze(ARTICLES, settings))
    assert [type(r) for r in distributed] == [AnalyzedArticle] * 3
    assert distributed == local
    assert not any(isinstance(r, DocumentFailure) for r in distributed)


def test_extract_with_the_ray_engine_through_the_cli(tmp_path: Path) -> None:
    pytest.importorskip("ray", reason="the 'scale' extra (ray[data]) is not installed")
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": a.id, "text": a.text}) + "\n"
                              for a in ARTICLES[::2]))
    result = subprocess.run(
        [sys.executable, "-m", "rashomon", "extract", str(source), "--engine", "ray", "-j", "1"],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["r1", "r3"]
