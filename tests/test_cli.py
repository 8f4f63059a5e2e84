"""End-to-end through the real command line and a real database."""

from __future__ import annotations

import bz2
import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from conftest import EXAMPLES
from shared_corpora import cli_in_process, copy_store
from test_contract import check_offsets, schema

pytestmark = pytest.mark.model


def rashomon(*args: str, stdin: bytes | None = None, cwd: Path | None = None
             ) -> subprocess.CompletedProcess[str]:
    """Run the installed CLI as a user would.

    Every command is run so at least once here; a test that runs ``analyze`` or ``extract``
    again on what another test covers by subprocess calls the CLI in this process instead
    (``cli_in_process``), which reuses the loaded model.
    """
    return subprocess.run(
        [sys.executable, "-m", "rashomon", *args],
        input=stdin.decode("utf8") if stdin is not None else None,
        capture_output=True, text=True, cwd=cwd, timeout=600,
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, demo_store: Path) -> Path:
    # A copy of `rashomon analyze examples/` (run once per session by conftest.py).
    return copy_store(demo_store, tmp_path_factory.mktemp("cli") / "news.db")


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_analyze_stores_the_example_corpus(demo_db: Path) -> None:
    assert count(demo_db, "articles") >= 20
    assert count(demo_db, "statements") > 20
    assert count(demo_db, "events") > 5
    assert count(demo_db, "stories") >= 3


def test_analyze_again_changes_nothing(demo_db: Path) -> None:
    with sqlite3.connect(demo_db) as conn:
        before = conn.execute("SELECT id, record_hash FROM articles ORDER BY id").fetchall()
    result = cli_in_process("analyze", str(EXAMPLES), "--db", str(demo_db))
    assert result.returncode == 0, result.stderr
    read = re.search(r"documents read\s*│\s*(\d+)\b", result.stderr)
    assert read and int(read.group(1)) > 20, result.stderr
    assert re.search(rf"unchanged\s*│\s*{read.group(1)}\b", result.stderr), result.stderr
    assert re.search(r"analysed\s*│\s*0\b", result.stderr), result.stderr
    with sqlite3.connect(demo_db) as conn:
        after = conn.execute("SELECT id, record_hash FROM articles ORDER BY id").fetchall()
    assert before == after


def test_listings_read_the_store(demo_db: Path) -> None:
    for command in (["stories"], ["quotes"], ["events"], ["actors"]):
        result = rashomon(*command, "--db", str(demo_db), "--format", "jsonl")
        assert result.returncode == 0, result.stderr
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        assert rows, command


def test_story_and_compare_show_the_accounts(demo_db: Path) -> None:
    stories = [json.loads(line) for line in rashomon(
        "stories", "--db", str(demo_db), "--format", "jsonl").stdout.splitlines()]
    story = max(stories, key=lambda s: len(s["comparisons"]))
    shown = rashomon("story", story["id"], "--db", str(demo_db))
    assert shown.returncode == 0 and story["title"][:20] in shown.stdout
    compared = rashomon("compare", story["id"], "--db", str(demo_db), "--format", "jsonl")
    assert compared.returncode == 0
    assert [json.loads(line) for line in compared.stdout.splitlines()] == story["comparisons"]


def test_show_marks_an_article(demo_db: Path) -> None:
    result = rashomon("show", "ct-2025-03-11-geneva", "--db", str(demo_db))
    assert result.returncode == 0, result.stderr
    assert "Who said what" in result.stdout
    missing = rashomon("show", "no-such-article", "--db", str(demo_db))
    assert missing.returncode == 1 and "E031" in missing.stderr


def test_export_jsonl_equals_extract(tmp_path: Path) -> None:
    """The same documents give the same records with and without a store."""
    source = EXAMPLES / "articles.jsonl"
    db = tmp_path / "one.db"
    assert cli_in_process("analyze", str(source), "--db", str(db)).returncode == 0
    exported = rashomon("export", "--format", "jsonl", "--db", str(db))
    assert exported.returncode == 0
    stored = {r["id"]: r for r in map(json.loads, exported.stdout.splitlines())}
    extracted = cli_in_process("extract", str(source))
    assert extracted.returncode == 0, extracted.stderr
    lines = extracted.stdout.splitlines()
    assert len(lines) == len(stored)
    for line in lines:
        record = json.loads(line)
        jsonschema.validate(record, schema())
        check_offsets(record)
        assert stored[record["id"]] == record


def test_reanalyze_gives_the_stored_records_again(demo_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    with sqlite3.connect(demo_db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    result = cli_in_process("analyze", str(EXAMPLES / "articles.jsonl"), "--db", str(copy),
                            "--reanalyze")
    assert result.returncode == 0, result.stderr
    assert re.search(r"analysed\s*│\s*10\b", result.stderr), result.stderr


@pytest.mark.parametrize("fmt", ["csv", "parquet", "gdelt"])
def test_export_formats(demo_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    args = ["export", "--format", fmt, "--out", str(out), "--db", str(demo_db)]
    if fmt != "gdelt":
        args += ["--table", "events"]
    result = rashomon(*args)
    assert result.returncode == 0, result.stderr
    if fmt == "parquet":
        import pyarrow.parquet as pq

        assert pq.read_table(out).num_rows == count(demo_db, "events")
    else:
        lines = out.read_text(encoding="utf8").splitlines()
        assert len(lines) == count(demo_db, "events") + 1
    if fmt == "gdelt":
        header = lines[0].split("\t")
        rows = [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]
        assert len(header) == 61 + 9
        assert all(r["EventCode"] and r["QuadClass"] and r["PLOVER"] for r in rows)
        dated = [r for r in rows if r["SQLDATE"]]
        assert dated and all(len(r["SQLDATE"]) == 8 for r in dated)


def test_bad_inputs_fail_alone_and_the_rest_is_stored(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Ministers met in Oslo on Monday.\n\n\"We agreed on a plan,\" said "
                    "Foreign Minister Ida Berg of Norway after the talks.\n")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary\x00")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 talks ended.".encode("latin-1"))
    (tmp_path / "huge.txt").write_text("word " * 1_100_000)
    (tmp_path / "nothing.html").write_text("<html><body><nav>Home</nav></body></html>")
    (tmp_path / "lines.jsonl").write_text(
        '{"id": "ok-1", "text": "The talks in Vienna ended without a deal, officials said."}\n'
        "{not json\n"
    )
    (tmp_path / "feed.xml").write_text("<rss><channel><item><title>x</broken>")
    (tmp_path / "good2.txt.bz2").write_bytes(bz2.compress(
        b"Premier Lee Soo-jin met delegates in Seoul on Friday, officials said."))
    db = tmp_path / "bad.db"
    result = rashomon("analyze", str(tmp_path), str(tmp_path / "missing.txt"), "--db", str(db))
    assert result.returncode == 1, result.stderr
    for code in ("E001", "E002", "E003", "E004", "E005", "E006", "E007", "E009"):
        assert code in result.stderr, code
    assert count(db, "articles") == 3


def test_non_english_is_stored_unanalysed(tmp_path: Path) -> None:
    german = tmp_path / "de.txt"
    german.write_text("Die Außenminister trafen sich am Montag in Berlin, um über die "
                      "Sanktionen und den Waffenstillstand zu sprechen. Sie sagten wenig.")
    db = tmp_path / "de.db"
    result = rashomon("analyze", str(german), "--db", str(db))
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as conn:
        language, analyzed = conn.execute("SELECT language, analyzed FROM articles").fetchone()
    assert (language, analyzed) == ("de", 0)


def test_stdin_and_usage_errors(tmp_path: Path) -> None:
    line = json.dumps({"id": "s1", "text": "The minister said talks would resume."})
    result = rashomon("extract", "-", stdin=(line + "\n").encode())
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["id"] == "s1"
    assert rashomon("analyze", "--no-such-flag", "x").returncode == 2
    assert rashomon("stories", "--db", str(tmp_path / "none.db")).returncode == 2


def test_the_machine_translated_article_through_extract(mt_article_path: Path) -> None:
    result = rashomon("extract", str(mt_article_path))
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    names = {a["name"] for a in record["actors"] if a["type"] == "person"}
    assert {"Donald Trump", "Vladimir Putin", "Rex Tillerson", "Sergey Lavrov"} <= names


def test_demo_outside_the_project_says_where_the_examples_are(tmp_path: Path) -> None:
    result = rashomon("demo", cwd=tmp_path)
    assert result.returncode == 2
    assert "--examples" in result.stderr
    assert not (tmp_path / "rashomon-demo.db").exists()
