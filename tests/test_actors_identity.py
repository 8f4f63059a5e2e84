"""One person, one actor: the corpus pass through the real CLI and store (model-marked)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.model

ARTICLES = Path(__file__).parent / "data" / "identity" / "articles.jsonl"


def rashomon(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rashomon", *args],
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("identity") / "news.db"
    result = rashomon("analyze", str(ARTICLES), "--db", str(path))
    assert result.returncode == 0, result.stderr
    return path


def _jsonl(result: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_one_actor_per_person_with_every_spelling(db: Path) -> None:
    persons = _jsonl(rashomon("actors", "--type", "person", "--format", "jsonl", "--db", str(db)))
    names = [str(p["name"]) for p in persons]
    for surname in ("Brunson", "Soylu", "Mnuchin", "Hartley"):
        assert sum(surname in n for n in names) == 1, names
    # Two people who share a family name stay two actors.
    assert {"Kemal Demir", "Ayşe Demir"} <= set(names)
    soylu = _jsonl(rashomon("actor", "Suleyman Soylu", "--format", "jsonl", "--db", str(db)))[0]
    assert {"Süleyman Soylu", "Suleyman Soylu", "Soylu"} <= set(soylu["aliases"])  # type: ignore[arg-type]


def test_the_country_is_the_persons_in_every_article(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        codes = {
            (name, code)
            for name, code in conn.execute(
                "SELECT x.name, aa.code FROM article_actors aa JOIN actors x ON x.id = aa.actor_id"
                " WHERE x.name LIKE '%Soylu' OR x.name LIKE '%Mnuchin'"
            )
        }
    assert codes == {("Süleyman Soylu", "TURGOV"), ("Steven Mnuchin", "USAGOV")}


def test_merge_report_says_what_was_joined_and_why(db: Path) -> None:
    rows = _jsonl(rashomon("actors", "--merge-report", "--format", "jsonl", "--db", str(db)))
    found = {(r["actor"], r["merged"]): r["reason"] for r in rows}
    assert found[("Steven Mnuchin", "Steve Mnuchin")] == "given-name variant"
    assert found[("William Hartley", "Bill Hartley")] == "given-name variant"
    assert "diacritics" in str(found[("Süleyman Soylu", "Suleyman Soylu")])
    assert "family name alone" in str(found[("Steven Mnuchin", "Mnuchin")])
    assert not any("Demir" in str(merged) and actor == "Kemal Demir" for actor, merged in found)
    table = rashomon("actors", "--merge-report", "--db", str(db))
    assert table.returncode == 0 and "Merges" in table.stdout
