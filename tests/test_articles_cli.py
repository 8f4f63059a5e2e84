"""File stems as ids and ``rashomon articles``, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reliability_helpers import RELIABILITY, run_cli
from shared_corpora import cli_in_process

pytestmark = [pytest.mark.model, pytest.mark.slow]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, mt_article_path: Path) -> Path:
    path = tmp_path_factory.mktemp("articles") / "news.db"
    # `analyze` through the CLI in this process (the model loaded once): the listing commands
    # below each run in a process of their own.
    result = cli_in_process("analyze", str(mt_article_path),
                            str(RELIABILITY / "articles.jsonl"), "--db", str(path))
    assert result.returncode == 0, result.stderr
    return path


def test_a_text_file_is_shown_by_its_file_stem(db: Path, mt_article_path: Path) -> None:
    result = run_cli("show", mt_article_path.stem, "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert f"id {mt_article_path.stem}" in result.stdout


def test_articles_lists_ids_counts_and_stories(db: Path, mt_article_path: Path) -> None:
    result = run_cli("articles", "--db", str(db), "--format", "jsonl")
    rows = {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert set(rows) == {mt_article_path.stem, "hw-0412-port", "ed-0412-strike",
                         "nl-0413-talks", "hw-0420-flood", "ed-0420-rain", "nl-0421-dams"}
    assert all(r["story"] for r in rows.values()), "every analysed article is in a story"
    assert rows["hw-0412-port"]["statements"] >= 1
    assert rows["hw-0412-port"]["story"] == rows["ed-0412-strike"]["story"]
    # Newest first, then filters.
    dated = [r["published"] for r in rows.values() if r["published"]]
    assert dated == sorted(dated, reverse=True)
    harbour = run_cli("articles", "--db", str(db), "--outlet", "Harbour Wire", "-f", "jsonl")
    assert {json.loads(x)["id"] for x in harbour.stdout.splitlines()} == {
        "hw-0412-port", "hw-0420-flood"}
    april = run_cli("articles", "--db", str(db), "--from", "2025-04-20", "--to", "2025-04-20",
                    "-f", "jsonl")
    assert {json.loads(x)["id"] for x in april.stdout.splitlines()} == {
        "hw-0420-flood", "ed-0420-rain"}
    dams = run_cli("articles", "--db", str(db), "--search", "dams inspected", "-f", "jsonl")
    assert [json.loads(x)["id"] for x in dams.stdout.splitlines()] == ["nl-0421-dams"]
    table = run_cli("articles", "--db", str(db))
    assert "statements" in table.stdout and "nl-0421-dams" in table.stdout
