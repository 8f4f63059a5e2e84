"""``rashomon check`` end to end: a real store, the real encoder and model, the CLI and the API."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from rashomon import lemmas
from rashomon.records import Actor, AnalyzedArticle, Mention, Statement, Story
from rashomon.stance.check import check_claims
from rashomon.stance.index import index_articles, index_sentences, load_indexed
from rashomon.store import Store
from test_compare_schema import story_schema

pytestmark = [pytest.mark.slow, pytest.mark.model]

CLAIM = "The Harbour Bridge will close for repairs in June"
TEXTS = {
    "coast-1": ("Coast Courier", "City officials confirmed on Monday that the Harbour Bridge will"
                " close for repairs in June. The closure will last six weeks and buses will be"
                " rerouted over the ring road. Drivers have been advised to plan for delays."),
    "bay-2": ("Bay Observer", "Transport chief Maria Lopez on Tuesday denied reports that the"
              " Harbour Bridge would close in June. \"There is no plan to close the bridge, and"
              " those reports are false,\" Lopez said. Repairs will be carried out at night while"
              " traffic continues to flow."),
    "metro-3": ("Metro Daily", "The national football team beat Norway 3-1 on Saturday in"
                " front of a sold-out crowd. The coach praised the defence and said the squad"
                " would rest before the next qualifier in Oslo."),
    "metro-4": ("Metro Daily", "A new bakery opened on Elm Street, selling sourdough and"
                " pastries. The owners said they had saved for ten years to open the shop."),
}


def _record(article_id: str, outlet: str, text: str) -> AnalyzedArticle:
    statements = []
    actors = []
    mentions = []
    if "Lopez said" in text:
        quote = "There is no plan to close the bridge, and those reports are false,"
        start = text.index(quote)
        at = text.index("Lopez said")
        actors = [Actor(id="a1", name="Maria Lopez", type="person", country=None,
                        sector="GOV", role="transport chief", code=None)]
        mentions = [Mention(actor="a1", start=at, end=at + 5, text="Lopez")]
        statements = [Statement(speaker="a1", speaker_text="Lopez", speaker_start=at,
                                speaker_end=at + 5, content=quote, start=start,
                                end=start + len(quote), direct=True, cue="say", channel=None,
                                via=[], negated=False)]
    return AnalyzedArticle(id=article_id, url=None, outlet=outlet, published="2026-05-02",
                           title=text.split(".")[0], language="en", text=text, actors=actors,
                           mentions=mentions, statements=statements, events=[])


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("check") / "news.db"
    with Store(path) as store:
        for article_id, (outlet, text) in TEXTS.items():
            store.save(_record(article_id, outlet, text))
        assert index_articles(store.conn, list(TEXTS)) == len(TEXTS)
        store.save_stories([Story(id="bridge", title="Bridge", start=None, end=None,
                                  articles=["coast-1", "bay-2"])])
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rashomon(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rashomon", *args], capture_output=True,
                          text=True, timeout=300)


def test_index_holds_every_sentence(db: Path) -> None:
    with Store(db, readonly=True) as store:
        indexed = load_indexed(store.conn, ["bay-2"])["bay-2"]
    text = TEXTS["bay-2"][1]
    assert [text[s:e][:9] for s, e in indexed.spans] == ["Transport", '"There is', "Repairs w"]
    assert indexed.vectors.shape == (3, 384)


def test_index_stores_the_words_check_reads(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = TEXTS["bay-2"][1]
    with Store(db, readonly=True) as store:
        blob = store.conn.execute(
            "SELECT words FROM passage_words WHERE article_id = 'bay-2'").fetchone()[0]
        assert lemmas.unpack(blob) == lemmas.parsed(text)
        # A check reads the stored words: it parses the claim, never a stored article.
        seen: list[str] = []
        nlp = lemmas.lemma_pipeline(lemmas.current_model())
        original = nlp.pipe
        monkeypatch.setattr(lemmas, "_CACHE", lemmas._Cache(lemmas.CACHE_SIZE))

        def pipe(texts: list[str], batch_size: int) -> object:
            seen.extend(texts)
            return original(texts, batch_size=batch_size)

        monkeypatch.setattr(nlp, "pipe", pipe)
        check_claims(store, [CLAIM])
    assert seen == [CLAIM]


def test_articles_indexed_without_words_get_them_on_the_next_run(tmp_path: Path) -> None:
    with Store(tmp_path / "old.db") as store:
        store.save(_record("coast-1", *TEXTS["coast-1"]))
        index_articles(store.conn, ["coast-1"])
        store.conn.execute("DELETE FROM passage_words")
        assert index_sentences(store, []) == 0
        (blob,) = store.conn.execute("SELECT words FROM passage_words").fetchone()
    assert lemmas.unpack(blob) == lemmas.parsed(TEXTS["coast-1"][1])


def test_check_labels_articles_and_finds_the_speaker(db: Path) -> None:
    with Store(db, readonly=True) as store:
        rows = {r.article: r for r in check_claims(store, [CLAIM])}
        every = check_claims(store, [CLAIM], include_unrelated=True)
    assert rows["coast-1"].stance == "supports"
    assert rows["bay-2"].stance == "disputes"
    assert "metro-3" not in rows and "metro-4" not in rows
    assert {r.article: r.stance for r in every}["metro-4"] == "unrelated"
    dispute = rows["bay-2"]
    text = TEXTS["bay-2"][1]
    assert dispute.outlet == "Bay Observer"
    assert all(0 <= s < e <= len(text) for s, e in dispute.evidence)
    quoted = [text[s:e] for s, e in dispute.evidence]
    assert any("Harbour Bridge" in q or "bridge" in q for q in quoted)
    assert rows["coast-1"].speaker is None  # the outlet's own voice
    assert dispute.speaker == "Maria Lopez"  # the quoted denial is evidence
    assert 0.0 < dispute.score <= 1.0


def test_cli_jsonl_rows_follow_the_contract(db: Path) -> None:
    before = digest(db)
    result = rashomon("check", CLAIM, "--db", str(db), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["article"] for r in rows} >= {"coast-1", "bay-2"}
    for row in rows:
        jsonschema.validate(row, story_schema()["$defs"]["check_row"])
        assert row["claim_id"] == "1" and row["claim"] == CLAIM
    assert digest(db) == before  # check never writes


def test_cli_claims_file_story_and_csv(db: Path, tmp_path: Path) -> None:
    claims = tmp_path / "claims.jsonl"
    claims.write_text(json.dumps({"id": "bridge", "claim": CLAIM}) + "\n"
                      + json.dumps({"id": "match", "claim": "Norway beat the national team"})
                      + "\n")
    result = rashomon("check", "--claims", str(claims), "--story", "bridge", "--db", str(db),
                      "--format", "csv")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("claim_id,claim,article,outlet,stance,score,speaker,evidence")
    assert all(",metro-" not in line for line in lines[1:])  # outside the story
    assert any(line.startswith("bridge,") for line in lines[1:])


@pytest.mark.parametrize(
    ("args", "code"),
    [(("",), "E027"), (("x " * 400,), "E027"),
     (("Le pont du port sera fermé pour travaux en juin prochain",), "E027"),
     ((CLAIM, "--story", "no-such-story"), "E031"),
     ((), "E040")],
)
def test_cli_bad_input_exits_2(db: Path, args: tuple[str, ...], code: str) -> None:
    before = digest(db)
    result = rashomon("check", *args, "--db", str(db))
    assert result.returncode == 2, result.stderr
    assert code in result.stderr
    assert digest(db) == before


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[object]:
    from fastapi.testclient import TestClient

    from rashomon.config import Settings
    from rashomon.web.app import create_app

    with TestClient(create_app(str(db), settings=Settings())) as test_client:
        yield test_client


def test_api_and_page(client: object, db: Path) -> None:
    from fastapi.testclient import TestClient

    assert isinstance(client, TestClient)
    answer = client.get("/api/check", params={"claim": CLAIM})
    assert answer.status_code == 200
    rows = answer.json()["rows"]
    assert {r["stance"] for r in rows if r["article"] == "bay-2"} == {"disputes"}
    page = client.get("/check", params={"claim": CLAIM})
    assert page.status_code == 200
    assert "disputes" in page.text and "Bay Observer" in page.text and "quoting" in page.text
    assert client.get("/check").status_code == 200
    bad = client.get("/api/check", params={"claim": "   "})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "E027"
    missing = client.get("/api/check", params={"claim": CLAIM, "story": "nope"})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "E031"
