"""Analysis on Ray gives exactly the records the local pipeline gives, in input order."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from rashomon.config import load_settings
from rashomon.errors import DocumentFailure
from rashomon.records import AnalyzedArticle, Article
from rashomon.scale.engines import analyze

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


IDENTITY = Path(__file__).parent / "data" / "identity" / "articles.jsonl"


def _extract(path: Path, **overrides: object) -> list[dict[str, object]]:
    from rashomon.jobs import RunSummary, extract_records

    settings = load_settings(overrides={"batch_size": 2, **overrides})
    records = list(extract_records([str(path)], settings, RunSummary()))
    return sorted((r.to_dict() for r in records), key=lambda d: str(d["id"]))


def test_same_records_whatever_the_engine_and_the_order(tmp_path: Path) -> None:
    lines = [line for line in IDENTITY.read_text(encoding="utf8").splitlines() if line.strip()]
    given, reversed_ = tmp_path / "given.jsonl", tmp_path / "reversed.jsonl"
    given.write_text("\n".join(lines) + "\n", encoding="utf8")
    reversed_.write_text("\n".join(lines[::-1]) + "\n", encoding="utf8")
    expected = _extract(given, n_process=1)
    # The corpus pass joined persons across articles: one name for each spelling of Soylu.
    names = {str(a["name"]) for r in expected for a in r["actors"]}  # type: ignore[attr-defined]
    assert "Süleyman Soylu" in names and "Suleyman Soylu" not in names
    assert _extract(reversed_, n_process=1) == expected
    assert _extract(given, n_process=2) == expected
    assert _extract(reversed_, n_process=2, batch_size=3) == expected
    if importlib.util.find_spec("ray") is not None:
        assert _extract(reversed_, engine="ray", n_process=1) == expected
