"""Notebook display: records, stories, listings and claim checks as HTML (``_repr_html_``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import rashomon
from rashomon.display import SCOPE, scoped_css
from test_web_data import CT, EVIL, STORY, XSS, build_db


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> rashomon.Store:
    path = build_db(tmp_path_factory.mktemp("display") / "display.db")
    return rashomon.open(path, readonly=True)


def test_record_marks_its_statements_in_the_text(store: rashomon.Store) -> None:
    record = store.article(CT)
    html = record._repr_html_()
    first = record.statements[0]
    marked = re.search(r'<span class="st[^"]*" id="s0"[^>]*>(.*?)</span>', html, re.S)
    assert marked and first.content.split()[0] in marked.group(1)
    assert f'class="{SCOPE}"' in html and "<style>" in html
    for statement in record.statements:
        assert statement.content in html  # the statements table
    assert "Daniel Harlow" in html and "CONSULT" in html
    assert 'href="/' not in html  # no web pages to link to from a notebook


def test_story_shows_its_disputes_and_accounts(store: rashomon.Store) -> None:
    story = store.story(STORY)
    html = story._repr_html_()
    assert story.title in html
    assert html.count('class="cmp cmp-contradiction"') == 2
    assert 'class="cmp cmp-agreement"' in html
    for claim in story.claims:
        if claim.statement is not None:
            assert claim.text in html
    assert 'href="/' not in html


def test_rows_are_a_table_with_the_display_columns(store: rashomon.Store) -> None:
    rows = store.statements()
    html = rows._repr_html_()
    headers = re.findall(r"<th>(.*?)</th>", html)
    assert headers == [c.replace("_", " ") for c in rows.columns or []]
    assert html.count("<tr") == len(rows) + 1


def test_html_escapes_what_articles_contain(store: rashomon.Store) -> None:
    for html in (store.article(XSS)._repr_html_(), store.statements()._repr_html_(),
                 rashomon.Records([store.article(XSS), store.article(CT)])._repr_html_()):
        assert EVIL not in html and "&lt;script&gt;" in html


def test_records_list_their_failures() -> None:
    failure = rashomon.DocumentFailure("notes.txt", "E002", "Empty document: no text after reading")
    html = rashomon.Records([], [failure])._repr_html_()
    assert "E002" in html and "notes.txt" in html


def test_check_rows_mark_the_evidence(store: rashomon.Store) -> None:
    record = store.article(CT)
    statement = record.statements[0]
    rows = rashomon.Rows(
        [{"claim_id": 0, "claim": "Harlow raised interference", "article": CT,
          "outlet": record.outlet, "stance": "supports", "score": 0.91,
          "speaker": "Daniel Harlow", "evidence": [{"start": statement.start,
                                                    "end": statement.end}]},
         {"claim_id": 0, "claim": "Harlow raised interference", "article": "elsewhere",
          "outlet": None, "stance": "disputes", "score": 0.4, "speaker": None,
          "evidence": []}],
        name="claim check", columns=["claim", "stance", "score", "outlet", "evidence"],
        texts={CT: record.text},
    )
    html = rows._repr_html_()
    assert f'<mark class="st">{statement.content}</mark>' in html
    assert "pill-agree" in html and "pill-conflict" in html


def test_the_web_stylesheet_is_scoped_to_the_output() -> None:
    css = scoped_css(":root { --ink: #111; }\nbody { margin: 0; }\nhtml { x: 1; }\n"
                     "/* note */ .st, a:hover { color: red; }\n"
                     "@media (min-width: 700px) { .columns { display: grid; } }\n"
                     "@media print { .top { display: none; } }", ".nb")
    assert css.splitlines() == [
        ".nb {--ink: #111;}", ".nb {margin: 0;}", ".nb .st, .nb a:hover {color: red;}",
        "@media (min-width: 700px){.nb .columns {display: grid;}}",
    ]


def test_web_pages_and_notebook_share_the_templates() -> None:
    templates = Path(rashomon.__file__).parent / "web" / "templates"
    for page, notebook in (("story.html", "notebook_story.html"),
                           ("article.html", "notebook_article.html")):
        used = set(re.findall(r"from \"macros.html\" import ([\w, ]+) %}",
                              (templates / page).read_text())[0].split(", "))
        shared = set(re.findall(r"from \"macros.html\" import ([\w, ]+) %}",
                                (templates / notebook).read_text())[0].split(", "))
        assert shared and shared <= used, (page, shared, used)
