"""One person, one actor: the corpus pass through the real CLI and store (model-marked)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest

from test_cli import rashomon

pytestmark = pytest.mark.model

ARTICLES = Path(__file__).parent / "data" / "identity" / "articles.jsonl"


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


@pytest.mark.parametrize(
    ("text", "surname", "country"),
    [
        ("Süleyman Soylu, Turkey's interior minister, said the United States had no say.",
         "Soylu", "TUR"),
        ("Nikolay Mladenov, the UN envoy to Iraq, told the council that 790 people died.",
         "Mladenov", "UNO"),
        ("Andrew Brunson, an American pastor held in Turkey, denies the charges.",
         "Brunson", "USA"),
        ("Steve Mnuchin, the U.S. Treasury Secretary, met Turkish officials in Washington.",
         "Mnuchin", "USA"),
        ("Turkish Interior Minister Süleyman Soylu said Ankara would not bow to Washington.",
         "Soylu", "TUR"),
    ],
)
def test_country_from_appositions_and_premodifiers(
    analyze_text: Any, text: str, surname: str, country: str
) -> None:
    record = analyze_text(text, published="2018-08-10")
    persons = [a for a in record.actors if a.type == "person"]
    assert [a.country for a in persons if surname in a.name] == [country]
    # The apposition is the person's, not a second actor holding the title.
    assert all(" of " not in a.name for a in persons)


@pytest.mark.parametrize(
    ("text", "surname"),
    [
        # Near another country's name, a former office holder, an envoy and a group's leader
        # take no country from it.
        ("Former senator Joe Lieberman, who met Russian officials in Moscow, said talks were "
         "useful.", "Lieberman"),
        ("The group's leader Abu Bakr al-Baghdadi was hurt in a US air strike, officials said.",
         "Baghdadi"),
        ("Envoy Tomas Berg said the talks in Iraq would resume in March.", "Berg"),
    ],
)
def test_no_country_from_mere_nearness(analyze_text: Any, text: str, surname: str) -> None:
    record = analyze_text(text, published="2018-08-10")
    assert [a.country for a in record.actors if surname in a.name] == [None]


def test_unnamed_office_holder_of_an_organisation_reads_its_name(analyze_text: Any) -> None:
    # An office of an organisation is shown with the organisation's name, not its code.
    record = analyze_text("A European Union official said the sanctions would stay.",
                          published="2018-08-10")
    names = [a.name for a in record.actors if a.type == "person"]
    assert names and all("EEC" not in n for n in names), names
