"""Commands that read documents or the whole corpus: analyze, extract, export, show, demo."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from ..errors import NotFoundError
from ..export import EXPORT_FORMATS, TABLES, export
from ..library import Store
from ..records import AnalyzedArticle
from . import app
from .common import (
    ConfigOption,
    DbOption,
    WaitOption,
    db_path,
    open_store_readonly,
    settings_for,
)

if TYPE_CHECKING:
    # The analysis stack (spaCy, and PyTorch through thinc where installed) takes seconds to
    # import; listings and exports never need it, so commands import it when they run.
    from ..jobs import RunSummary

err = Console(stderr=True)

PathsArgument = Annotated[
    list[str],
    typer.Argument(
        help="Files, directories, globs, or '-' for standard input. Formats: .txt, .html, .jsonl,"
        " .csv, RSS/Atom .xml, .warc (each also .gz/.bz2/.xz).",
        show_default=False,
    ),
]
ModelOption = Annotated[
    str | None,
    typer.Option("--model", help="spaCy pipeline to load (package name or path).",
                 show_default=False),
]
ProcessesOption = Annotated[
    int | None,
    typer.Option("--processes", "-j", help="Worker processes (with --engine ray: pipeline"
                 " actors) for analysis.", show_default=False),
]
EngineOption = Annotated[
    str | None,
    typer.Option("--engine", help="Where analysis runs: local, or ray (Ray Data; the 'scale'"
                 " extra).", show_default=False),
]
RayAddressOption = Annotated[
    str | None,
    typer.Option("--ray-address", help="With --engine ray: the cluster to join (auto,"
                 " ray://host:10001); default a local one.", show_default=False),
]


def _progress(label: str) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        TextColumn("{task.completed} documents"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def _with_progress(label: str, run: Callable[[Callable[[int], None]], RunSummary]) -> RunSummary:
    with _progress(label) as bar:
        task = bar.add_task(label, total=None)
        return run(lambda n: bar.advance(task, n))


def print_summary(summary: RunSummary, title: str) -> None:
    """The summary table at the end of a run, then each failure with its code and reason."""
    table = Table(title=title, show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    rows = [
        ("documents read", summary.read),
        ("analysed", summary.analyzed),
        ("stored without analysis (language)", summary.not_analyzed),
        ("duplicates skipped", summary.duplicates),
        ("added", summary.added),
        ("replaced", summary.replaced),
        ("unchanged", summary.unchanged),
        ("statements", summary.statements),
        ("events", summary.events),
        ("stories updated", summary.stories),
        ("failed", summary.failed),
    ]
    for name, value in rows:
        table.add_row(name, str(value))
    err.print(table)
    for failure in summary.failures:
        err.print(Text(f"failed: {failure}", style="red"))


@app.command()
def analyze(
    paths: PathsArgument,
    db: DbOption = None,
    config: ConfigOption = None,
    model: ModelOption = None,
    processes: ProcessesOption = None,
    engine: EngineOption = None,
    ray_address: RayAddressOption = None,
    reanalyze: Annotated[
        bool,
        typer.Option("--reanalyze", help="Analyse again articles stored before from the same"
                     " input (by default they are skipped as unchanged)."),
    ] = False,
    wait: WaitOption = 60.0,
) -> None:
    """Read, analyse and store documents, then bring the stories up to date.

    Re-running the same input changes nothing and skips the analysis of what is stored;
    a changed article replaces its old rows.
    """
    from ..jobs import analyze_into_store

    settings = settings_for(config, model=model, n_process=processes, engine=engine,
                            ray_address=ray_address)
    stdin = sys.stdin.buffer if "-" in paths else None
    summary = _with_progress(
        "analysing",
        lambda progress: analyze_into_store(
            paths, settings, db=db_path(db, settings), stdin=stdin, progress=progress,
            reanalyze=reanalyze, wait=wait,
        ),
    )
    print_summary(summary, f"rashomon analyze → {db_path(db, settings)}")
    raise typer.Exit(summary.exit_code)


@app.command()
def extract(
    paths: PathsArgument,
    config: ConfigOption = None,
    model: ModelOption = None,
    processes: ProcessesOption = None,
    engine: EngineOption = None,
    ray_address: RayAddressOption = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Analyse documents without a database: one analysed-article JSON object per line.

    The records follow the contract in docs/output.md (JSON Schema:
    src/rashomon/data/analyzed_article.schema.json).
    """
    settings = settings_for(config, model=model, n_process=processes, engine=engine,
                            ray_address=ray_address)
    stdin = sys.stdin.buffer if "-" in paths else None
    stream = open(out, "w", encoding="utf8") if out else sys.stdout

    from ..jobs import RunSummary, extract_records

    def run(progress: Callable[[int], None]) -> RunSummary:
        summary = RunSummary()
        for record in extract_records(paths, settings, summary, stdin=stdin, progress=progress):
            stream.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
            stream.flush()
        return summary

    try:
        summary = _with_progress("extracting", run)
    finally:
        if out:
            stream.close()
    print_summary(summary, "rashomon extract")
    raise typer.Exit(summary.exit_code)


@app.command("export")
def export_command(
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", help=f"One of: {', '.join(EXPORT_FORMATS)}."),
    ] = "jsonl",
    table: Annotated[
        str | None,
        typer.Option(
            "--table", "-t",
            help=f"Table for csv/parquet: {', '.join(TABLES)} (default statements).",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")
    ] = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Export the store: jsonl (analysed-article records), csv/parquet (a table), gdelt (TSV)."""
    if fmt not in EXPORT_FORMATS:
        err.print(f"Error: E040: Invalid request: unknown format {fmt!r}")
        raise typer.Exit(2)
    if table is not None and table not in TABLES:
        err.print(f"Error: E040: Invalid request: unknown table {table!r}")
        raise typer.Exit(2)
    settings = settings_for(config)
    with open_store_readonly(db, settings) as store:
        binary = fmt == "parquet"
        if out:
            if binary:
                with open(out, "wb") as f:
                    count = export(store, fmt, f, table)
            else:
                with open(out, "w", encoding="utf8", newline="") as f:
                    count = export(store, fmt, f, table)
        else:
            count = export(store, fmt, sys.stdout.buffer if binary else sys.stdout, table)
    err.print(f"exported {count} rows as {fmt}")


def _marked_text(record: AnalyzedArticle) -> Text:
    """The article text with statements underlined and speakers in bold."""
    text = Text(record.text)
    for statement in record.statements:
        text.stylize("italic green", statement.start, statement.end)
        if statement.speaker_start is not None and statement.speaker_end is not None:
            text.stylize("bold cyan", statement.speaker_start, statement.speaker_end)
    return text


def show_record(record: AnalyzedArticle, console: Console) -> None:
    """Print one analysed article: text with statements marked, who said what, events."""
    names = {a.id: a.name for a in record.actors}
    console.rule(f"[bold]{record.title or record.id}")
    console.print(f"id {record.id} · {record.outlet or 'unknown outlet'} · "
                  f"{record.published or 'no date'} · {record.url or ''}")
    console.print(_marked_text(record))
    actors = Table(title="Actors")
    for column in ("id", "name", "type", "code", "role"):
        actors.add_column(column)
    for a in record.actors:
        actors.add_row(a.id, a.name, a.type, a.code or "", a.role or "")
    console.print(actors)
    said = Table(title="Who said what", show_lines=True)
    for column in ("#", "speaker", "cue", "channel", "statement"):
        said.add_column(column, overflow="fold")
    for i, s in enumerate(record.statements):
        speaker = names.get(s.speaker or "", s.speaker_text or "—")
        via = f" (via {', '.join(names.get(v, v) for v in s.via)})" if s.via else ""
        quoted = f"“{s.content}”" if s.direct else s.content
        said.add_row(str(i), speaker + via, (("not " if s.negated else "") + (s.cue or "")),
                     s.channel or "", quoted)
    console.print(said)
    events = Table(title="Events", show_lines=True)
    for column in ("#", "type", "actor", "recipient", "date", "trigger", "note"):
        events.add_column(column, overflow="fold")
    for i, e in enumerate(record.events):
        note = ", ".join(
            x for x in (
                "negated" if e.negated else "", e.modality or "",
                f"claimed in statement {e.attributed_to}" if e.attributed_to is not None else "",
            ) if x
        )
        events.add_row(str(i), f"{e.type} ({e.cameo or '-'})", names.get(e.actor or "", ""),
                       names.get(e.recipient or "", ""), e.date or "", e.trigger, note)
    console.print(events)


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="The article's id.")],
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Show one stored article: its text with statements marked, actors, statements, events."""
    settings = settings_for(config)
    with open_store_readonly(db, settings) as store:
        try:
            record = store.article(article_id)
        except NotFoundError as exc:
            err.print(f"Error: {exc.message}")
            raise typer.Exit(1) from None
        show_record(record, Console())
        from ..store.queries import article_stories

        for story in article_stories(store.conn, article_id):
            Console().print(f"in story {story['id']}: {story['title']}")


@app.command()
def demo(
    examples: Annotated[
        Path, typer.Option("--examples", help="The example corpus to analyse.")
    ] = Path("examples"),
    db: Annotated[
        Path, typer.Option("--db", help="Database for the demo (recreated).")
    ] = Path("rashomon-demo.db"),
) -> None:
    """Analyse the bundled example corpus into a fresh database and show what was found."""
    from ..jobs import analyze_into_store
    from .listing import print_story_accounts

    settings = settings_for(None)
    if not examples.is_dir():
        # The corpus ships with the source tree, not with the installed package.
        typer.echo(f"Error: E001: File not found: {str(examples)!r} (run the demo from the "
                   "project's directory, or pass --examples DIR)", err=True)
        raise typer.Exit(2)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    summary = _with_progress(
        "analysing the examples",
        lambda progress: analyze_into_store([str(examples)], settings, db=str(db),
                                            progress=progress),
    )
    print_summary(summary, f"rashomon demo → {db}")
    console = Console()
    with Store(db, readonly=True, settings=settings) as store:
        stories = store.stories(limit=100)
        table = Table(title="Stories")
        for column in ("id", "title", "dates", "articles", "outlets", "conflicts", "agreements"):
            table.add_column(column, overflow="fold")
        for s in stories:
            table.add_row(s["id"], s["title"], f"{s['start']} … {s['end']}", str(s["n_articles"]),
                          str(s["n_outlets"]), str(s["n_conflicts"]), str(s["n_agreements"]))
        console.print(table)
        contested = sorted(stories, key=lambda s: (-s["n_conflicts"], -s["n_articles"]))
        if contested:
            print_story_accounts(store, contested[0]["id"], console)
    console.print(
        f"\nNext: rashomon stories --db {db} · rashomon story ID --db {db} · "
        f"rashomon serve --db {db}"
    )
    raise typer.Exit(summary.exit_code)
